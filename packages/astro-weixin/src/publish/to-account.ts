import path from 'node:path';
import { AccountView } from '../account/view.js';
import type { ConversionCache } from '../images/cache.js';
import { ApiSink } from './api-sink.js';
import { planBatches, type Batch } from '../messages/batches.js';
import { type DeliveryContext, messageOf } from '../deliver/context.js';
import { publishDraft } from '../deliver/publish-draft.js';
import { sendProof, sendToFollowers, unprovenSendError } from '../deliver/send-all.js';
import { settleEarlierWork } from '../deliver/lost-calls.js';
import { Lockfile } from '../account/lockfile.js';
import type { Deliver, ResolvedOptions } from '../config/options.js';
import type { PreparedArticle } from '../render/article.js';
import { ProblemList } from '../utils/problems.js';
import { type MessageOutcome, type PublishEvents, publishBatches } from '../messages/publish-batches.js';
import type { Logger } from '../utils/logger.js';

/** How long a second build on the same machine waits for the first to let go of the lockfile. */
const LOCK_WAIT_MS = 10 * 60 * 1000;

export interface AccountRunInput {
  root: string;
  conversions: ConversionCache;
  options: ResolvedOptions;
  client: DeliveryContext['client'];
  lockfile: string;
  /** The lockfile's key for this account. */
  account: string;
  deliver: Deliver;
  confirmNeverSent: boolean;
  articles: PreparedArticle[];
  events: PublishEvents;
  logger: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Makes and delivers the messages, with the account as the source of truth: what an earlier build
 * left unfinished is settled first, posts that already reached readers are left out (unless the
 * author asks again), and only then is anything new made.
 */
export async function publishToAccount(input: AccountRunInput): Promise<MessageOutcome[]> {
  const { options, logger } = input;
  const publishLog = logger.fork('astro-weixin:publish');
  const release = await Lockfile.acquire(path.resolve(input.root, input.lockfile), {
    waitMs: LOCK_WAIT_MS,
    onWait: () => publishLog.warn(`another build is publishing with ${input.lockfile}; waiting for it to finish`),
  });
  try {
    const lock = await Lockfile.open(path.resolve(input.root, input.lockfile));
    const knownPosts = new Set(Object.keys(lock.account(input.account).posts));
    const view = new AccountView(input.client, (m) => publishLog.warn(m));
    const context: DeliveryContext = {
      client: input.client,
      lock,
      account: input.account,
      view,
      options: { ...options, confirmNeverSent: input.confirmNeverSent },
      log: publishLog,
      now: input.now,
      sleep: input.sleep,
    };
    await settleEarlierWork(context, options.target);

    const republish = (article: PreparedArticle) => options.republish || article.post.settings.republish === true;
    let articles = leaveOutDelivered(input.articles, lock.account(input.account).posts, republish, publishLog);
    let batches = planBatches(articles, options, new ProblemList());
    const isNew = (batch: Batch) => !lock.account(input.account).messages[batch.hash];
    if (options.target === 'draft' && batches.some(isNew)) {
      // A missing or outdated lockfile does not know what was published: the account does.
      const before = articles.length;
      articles = await adoptPublished(articles, batches.filter(isNew), context, republish);
      if (articles.length !== before) batches = planBatches(articles, options, new ProblemList());
    }
    const sink = new ApiSink({
      ...context,
      target: options.target,
      sendsNews: input.deliver === 'sendall',
      conversions: input.conversions,
    });
    const deliverOne = async (batch: Batch, mediaId: string) => {
      if (input.deliver === 'publish') return publishDraft(context, messageOf(batch), mediaId);
      if (input.deliver === 'sendall') {
        return sendToFollowers(context, messageOf(batch), mediaId, {
          ...sendProof(batch.articles, knownPosts, input.now()),
          republish: batch.articles.some(republish),
        });
      }
      return undefined;
    };
    return await publishBatches(
      batches,
      sink,
      input.events,
      input.deliver === 'none' ? undefined : deliverOne,
      options.concurrency,
    );
  } finally {
    await release();
  }
}

/**
 * Whether publishing will call the API, as far as the lockfile tells (read without taking it): an
 * earlier call to settle, or a message to make from posts that have not reached readers. Errs on
 * the side of no: it only decides whether the token is fetched ahead.
 */
export async function hasApiWork(
  lockfile: string,
  account: string,
  batches: Batch[],
  options: ResolvedOptions,
): Promise<boolean> {
  const ahead = await batchesAhead(lockfile, account, batches, options);
  if (!ahead) return false;
  return ahead.pending || ahead.batches.some((batch) => !ahead.state.messages[batch.hash]);
}

/**
 * Refuses, before anything is uploaded, a mass send that nothing proves new (the same proof the
 * send itself asks for): a build that would be refused at the send must not upload covers and a
 * message first.
 */
export async function refuseUnprovenSends(
  lockfile: string,
  account: string,
  batches: Batch[],
  options: ResolvedOptions,
  now: number,
): Promise<void> {
  const ahead = await batchesAhead(lockfile, account, batches, options);
  if (!ahead) return;
  const knownPosts = new Set(Object.keys(ahead.state.posts));
  for (const batch of ahead.batches) {
    if (ahead.state.messages[batch.hash]?.delivery?.kind === 'sendall') continue;
    const proof = sendProof(batch.articles, knownPosts, now);
    if (!proof.knownBefore && !proof.newerThan24h) throw unprovenSendError(messageOf(batch), lockfile);
  }
}

/** The batches a publish would make, as the lockfile tells (read without taking it); undefined when it cannot be read. */
async function batchesAhead(lockfile: string, account: string, batches: Batch[], options: ResolvedOptions) {
  const lock = await Lockfile.open(lockfile).catch(() => undefined);
  if (!lock) return undefined;
  const state = lock.account(account);
  const republish = (article: PreparedArticle) => options.republish || article.post.settings.republish === true;
  const quiet: Logger = { info() {}, warn() {}, error() {}, debug() {}, fork: () => quiet };
  const articles = leaveOutDelivered(
    batches.flatMap((batch) => batch.articles),
    state.posts,
    republish,
    quiet,
  );
  return {
    state,
    pending: Object.keys(state.pending ?? {}).length > 0,
    batches: planBatches(articles, options, new ProblemList()),
  };
}

/** Posts that already reached readers are not made into a new message when they change, unless asked. */
function leaveOutDelivered(
  articles: PreparedArticle[],
  posts: Record<string, { contentHash: string; delivered?: { kind: string; at: string } }>,
  republish: (article: PreparedArticle) => boolean,
  log: Logger,
): PreparedArticle[] {
  return articles.filter((article) => {
    const known = posts[article.post.file];
    if (!known?.delivered) return true;
    const changed = known.contentHash !== article.contentHash;
    if (changed && republish(article)) return true;
    if (changed) {
      const verb = known.delivered.kind === 'publish' ? 'published' : 'sent';
      log.warn(
        `${article.post.file} was ${verb} on ${known.delivered.at.slice(0, 10)} and has changed since: the change is not delivered again (set \`weixin.republish: true\` in its front matter to deliver it again)`,
      );
    }
    return false;
  });
}

/** Posts the account shows as published are recorded as delivered and left out, as the lockfile would have done. */
async function adoptPublished(
  articles: PreparedArticle[],
  newBatches: Batch[],
  context: DeliveryContext,
  republish: (article: PreparedArticle) => boolean,
): Promise<PreparedArticle[]> {
  const adopted = new Set<string>();
  for (const article of newBatches.flatMap((b) => b.articles)) {
    if (republish(article)) continue;
    const found = await context.view.findPublished({ url: article.post.url, title: article.title });
    if (!found) continue;
    adopted.add(article.post.file);
    await context.lock.update(context.account, (account) => {
      account.posts[article.post.file] = {
        contentHash: article.contentHash,
        messageHash: '',
        media_id: '',
        index: 0,
        publishedAt: new Date(found.updateTime * 1000).toISOString(),
        delivered: { kind: 'publish', at: new Date(found.updateTime * 1000).toISOString(), url: found.articleUrl },
      };
    });
    context.log.info(
      `${article.post.file} is already published on the account (${found.articleUrl}); not making it again`,
    );
  }
  return articles.filter((article) => !adopted.has(article.post.file));
}
