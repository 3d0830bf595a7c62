import path from 'node:path';
import { AstroError } from 'astro/errors';
import { WeixinClient, WeixinApiError, WeixinError } from '@astro-weixin/api';
import type { Batch } from '../messages/batches.js';
import type { ConversionCache } from '../images/cache.js';
import type { ResolvedOptions } from '../config/options.js';
import type { PreparedArticle } from '../render/article.js';
import type { MessageOutcome } from '../messages/publish-batches.js';
import { hasApiWork, publishToAccount, refuseUnprovenSends as refuseUnproven } from './to-account.js';
import { summaryTable, type UploadTally } from '../messages/tally.js';
import type { AccountPosts, RunContext, RunResult } from '../context.js';
import type { Logger } from '../utils/logger.js';
import { accountKey, type PublishingSettings, type resolveDelivery } from '../config/settings.js';
import { plural } from '../utils/plural.js';

// The publishing half of a run, loaded only by builds that publish: a dry run or a rebuild with
// nothing to send does not pay for the API client.

export function createClient(
  options: ResolvedOptions,
  settings: PublishingSettings,
  logger?: Logger,
  allowMassSend = false,
): WeixinClient {
  return new WeixinClient({
    appid: settings.appid!,
    // The client refuses sendall unless asked: only `deliver: 'sendall'` asks.
    allowMassSend,
    secret: settings.secret ?? '',
    baseUrl: settings.apiBase,
    token: options.token,
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.tokenCacheFile ? { tokenCacheFile: options.tokenCacheFile } : {}),
    ...(logger
      ? {
          logger: {
            debug: (m: string) => logger.debug(m),
            info: (m: string) => logger.debug(m),
            warn: (m: string) => logger.warn(m),
          },
        }
      : {}),
  });
}

/**
 * The client for a build that will make a message, with its token already on the way: the token
 * round trip then overlaps the site build (or the lockfile and conversion work, from the CLI)
 * instead of delaying the first upload. Only when the lockfile shows work for the API: a build with
 * nothing new calls nothing. A failure here is ignored; the first real call fetches again and
 * reports it. Classic tokens are not fetched ahead, since each fetch invalidates the one before.
 */
export async function clientAhead(
  context: Omit<RunContext, 'outDir'>,
  settings: PublishingSettings,
  delivery: ReturnType<typeof resolveDelivery>,
  batches: Batch[],
): Promise<WeixinClient | undefined> {
  const { options, logger } = context;
  const lockfile = path.resolve(context.root, settings.lockfile);
  if (!(await hasApiWork(lockfile, accountKey(settings), batches, options))) return undefined;
  const client = createClient(options, settings, logger.fork('astro-weixin:api'), delivery.deliver === 'sendall');
  if (options.token !== 'classic') client.getAccessToken().catch(() => undefined);
  return client;
}

/** At the checks: a mass send that nothing proves new stops the build before anything is uploaded. */
export function refuseUnprovenSends(
  context: Omit<RunContext, 'outDir'>,
  settings: PublishingSettings,
  batches: Batch[],
): Promise<void> {
  const lockfile = path.resolve(context.root, settings.lockfile);
  return refuseUnproven(lockfile, accountKey(settings), batches, context.options, (context.now ?? Date.now)());
}

/** Publishes the checked posts to the account, then sends the previews asked for. */
export async function publishPosts(
  context: RunContext,
  checked: AccountPosts,
  run: { settings: PublishingSettings; conversions: ConversionCache; tally: UploadTally },
): Promise<RunResult> {
  const { options, logger } = context;
  const { articles, delivery } = checked;
  const { settings, conversions, tally } = run;
  const account = accountKey(settings);
  const client =
    checked.client ?? createClient(options, settings, logger.fork('astro-weixin:api'), delivery.deliver === 'sendall');
  const publishLog = logger.fork('astro-weixin:publish');
  let outcomes: MessageOutcome[];
  try {
    outcomes = await publishToAccount({
      root: context.root,
      conversions,
      options,
      client,
      lockfile: settings.lockfile,
      account,
      ...delivery,
      articles,
      logger,
      now: context.now ?? Date.now,
      sleep: context.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      events: {
        ...tally.events,
        message: (outcome) => {
          tally.messageDone();
          if (outcome.status !== 'reused') tally.uploads += 1;
          publishLog.info(messageLine(outcome, options.target));
        },
      },
    });
    let previews = 0;
    for (const outcome of outcomes) {
      if (outcome.status !== 'published' && outcome.status !== 'updated') continue;
      for (const recipient of options.previewTo) {
        const to = recipient.startsWith('wxname:') ? { towxname: recipient.slice(7) } : { touser: recipient };
        await client.previewNews({ media_id: outcome.media_id, ...to });
        publishLog.info(`preview of ${outcome.media_id} sent to ${recipient}`);
        previews += 1;
      }
    }
    if (options.previewTo.length > 0 && previews === 0)
      publishLog.info(
        'no preview sent: every message is unchanged since it was made, and previews go out only for new or changed messages',
      );
  } catch (error) {
    throw asAstroError(error, {
      lockfile: settings.lockfile,
      uploads: tally.uploads,
      failing: tally.pending,
    });
  }
  logger.info(await summaryTable(outcomes, tally.covers));
  return { mode: 'published', outcomes };
}

/** WeChat's answers that judge a message's content (45002 too long, 45166 invalid): name its articles. */
const CONTENT_REFUSALS = new Set([45002, 45166]);

function asAstroError(error: unknown, at: { lockfile: string; uploads: number; failing: PreparedArticle[] }): Error {
  const kept =
    at.uploads === 0
      ? 'This build had uploaded nothing before the failure; run it again once this is fixed.'
      : `Everything uploaded before the failure is recorded in ${at.lockfile}; run the build again to resume without uploading it twice.`;
  if (error instanceof WeixinApiError) {
    const which =
      at.failing.length > 0 && CONTENT_REFUSALS.has(error.errcode)
        ? ` (in the message of ${describeArticles(at.failing)})`
        : '';
    return new AstroError(
      `WeChat refused ${error.call}${which}: ${error.message}`,
      `${error.hint ? `${error.hint} ` : ''}${kept}`,
    );
  }
  if (error instanceof AstroError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Timeouts, dropped connections and 5xx carry the client's hint too (and whether the call may have gone through).
  const hint = error instanceof WeixinError && error.hint ? `${error.hint} ` : '';
  return new AstroError(`Publishing to WeChat failed: ${message}`, `${hint}${kept}`);
}

/** The articles of a message with their posts, longest HTML first: the likeliest cause of a length refusal. */
function describeArticles(articles: PreparedArticle[]): string {
  return [...articles]
    .sort((a, b) => b.html.length - a.html.length)
    .map((article) => `"${article.title}" (${article.post.file}, ${article.html.length} characters of HTML)`)
    .join(', ');
}

/** The log line for a message made, edited, or found already made. */
function messageLine(outcome: MessageOutcome, target: 'news' | 'draft'): string {
  const { articles } = outcome.batch;
  if (outcome.status === 'reused') {
    const more = articles.length > 1 ? ` and ${articles.length - 1} more` : '';
    return `unchanged: "${articles[0]!.title}"${more} already made as ${outcome.media_id}`;
  }
  return `${messageCall(outcome, target)}: ${plural(outcome.articles.length, 'article')} -> media_id ${outcome.media_id}`;
}

/** The API call that made the message. */
function messageCall(outcome: MessageOutcome, target: 'news' | 'draft'): string {
  if (outcome.status === 'updated') return 'draft/update';
  return target === 'draft' ? 'draft/add' : 'uploadnews';
}
