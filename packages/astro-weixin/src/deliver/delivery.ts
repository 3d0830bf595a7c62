import { createHash } from 'node:crypto';
import { describePublishStatus, WeixinApiError, type WeixinClient } from '@astro-weixin/api';
import { CLIENTMSGID_WINDOW_MS } from '@astro-weixin/rules';
import { AstroError } from 'astro/errors';
import type { AccountView, ArticleKey } from '../account/view.js';
import type { Batch } from '../messages/batches.js';
import { irreversible, recordDelivery, type MessageRef } from '../account/intents.js';
import type { LockedDelivery, Lockfile } from '../account/lockfile.js';
import { describeAudience, type ResolvedOptions } from '../config/options.js';
import type { Logger } from '../utils/logger.js';

export type DeliveryOutcome = LockedDelivery & {
  /** `earlier`: a previous build delivered it already; `now`: this build did; `waiting`: not finished yet. */
  when: 'earlier' | 'now' | 'waiting';
};

export interface DeliveryContext {
  client: WeixinClient;
  lock: Lockfile;
  /** The lockfile's key for this account. */
  account: string;
  view: AccountView;
  options: Pick<ResolvedOptions, 'sendTo' | 'sendIgnoreReprint' | 'deliveryTimeoutMs' | 'confirmNeverSent'>;
  log: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** 45066 asks for a minute's pause before the same clientmsgid is tried again. */
const RESEND_WAIT_MS = 60_000;

type SendDelivery = Extract<LockedDelivery, { kind: 'sendall' }>;

/** Publishes a draft once: a publish already recorded is polled or reported, never submitted again. */
export async function publishDraft(
  context: DeliveryContext,
  message: MessageRef,
  mediaId: string,
): Promise<DeliveryOutcome> {
  const recorded = context.lock.account(context.account).messages[message.hash]?.delivery;
  if (recorded?.kind === 'publish' && recorded.status === 'failed' && !reachedReaders(recorded.publish_status)) {
    throw new AstroError(
      `Publishing batch ${message.name} failed in an earlier build: ${recorded.failure}. It is not submitted again unchanged.`,
      'Change the posts named above (a changed batch is published again), or publish the draft from the web console.',
    );
  }
  if (recorded?.kind === 'publish' && recorded.status !== 'publishing') return { ...recorded, when: 'earlier' };
  let publishId = recorded?.kind === 'publish' ? recorded.publish_id : undefined;
  if (publishId === undefined) {
    const answer = await irreversible(context, 'freepublish/submit', message, { media_id: mediaId }, () =>
      context.client.submitPublish(mediaId),
    );
    publishId = String(answer.publish_id);
    const publishing: LockedDelivery = {
      kind: 'publish',
      status: 'publishing',
      publish_id: publishId,
      at: iso(context),
    };
    // From here on the posts count as delivered: a later edit must not publish them a second time.
    await recordDelivery(context, message, publishing, { ended: 'freepublish/submit', reached: true });
    context.log.info(`freepublish/submit: batch ${message.name} -> publish_id ${publishId}`);
  }
  return pollPublish(context, message, publishId);
}

/** Polls freepublish/get with backoff until the publish ends or the time limit passes. */
export async function pollPublish(
  context: DeliveryContext,
  message: MessageRef,
  publishId: string,
): Promise<DeliveryOutcome> {
  const deadline = context.now() + context.options.deliveryTimeoutMs;
  for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
    const answer = await context.client.getPublish(publishId);
    const status = Number(answer.publish_status);
    if (status === 0) {
      const urls = [...(answer.article_detail?.item ?? [])].sort((a, b) => a.idx - b.idx).map((i) => i.article_url);
      const delivery: LockedDelivery = {
        kind: 'publish',
        status: 'published',
        publish_id: publishId,
        publish_status: 0,
        ...(answer.article_id ? { article_id: answer.article_id } : {}),
        urls,
        at: iso(context),
      };
      await recordDelivery(context, message, delivery, { reached: true });
      for (const [i, file] of message.files.entries()) {
        context.log.info(`published: ${file} -> ${urls[i] ?? '(no address given)'}`);
      }
      return { ...delivery, when: 'now' };
    }
    if (status !== 1) return publishFailed(context, message, publishId, status, answer.fail_idx ?? []);
    if (context.now() + wait > deadline) {
      context.log.warn(
        `batch ${message.name} is still publishing after ${Math.round(context.options.deliveryTimeoutMs / 1000)} s; ` +
          `publish_id ${publishId} is recorded, and the next build checks it instead of submitting again`,
      );
      return { kind: 'publish', status: 'publishing', publish_id: publishId, at: iso(context), when: 'waiting' };
    }
    await context.sleep(wait);
  }
}

async function publishFailed(
  context: DeliveryContext,
  message: MessageRef,
  publishId: string,
  status: number,
  failIdx: number[],
): Promise<DeliveryOutcome> {
  const named = failIdx.map((i) => message.files[i - 1]).filter(Boolean);
  const failure = `${describePublishStatus(status, failIdx)}${named.length ? ` (${named.join(', ')})` : ''}`;
  const delivery: LockedDelivery = {
    kind: 'publish',
    status: 'failed',
    publish_id: publishId,
    publish_status: status,
    failure,
    at: iso(context),
  };
  const reached = reachedReaders(status);
  await recordDelivery(context, message, delivery, { reached, undeliver: !reached });
  if (reached) {
    context.log.warn(`batch ${message.name}: ${failure}`);
    return { ...delivery, when: 'now' };
  }
  throw new AstroError(
    `WeChat did not publish batch ${message.name}: ${failure}.`,
    'The draft stays in the draft box. Change the posts named above and build again (a changed post is published again), or publish it from the web console.',
  );
}

/** 5 (deleted) and 6 (banned) come after a successful publish: readers saw it, so it counts as delivered. */
function reachedReaders(status: number | undefined): boolean {
  return status === 5 || status === 6;
}

/**
 * After a lost submit answer: looks for the batch among the published articles, waiting while the
 * earlier submit could still be publishing, so a slow publish is never submitted a second time.
 * Undefined: it did not go through.
 */
export async function settleLostSubmit(
  context: DeliveryContext,
  message: MessageRef,
  startedAt: number,
): Promise<DeliveryOutcome | undefined> {
  for (let wait = 1000; ; wait = Math.min(wait * 2, 10_000)) {
    const found = await context.view.findPublished(message.keys[0]!, true);
    if (found) {
      const urls: string[] = [];
      for (const key of message.keys) urls.push((await context.view.findPublished(key))?.articleUrl ?? '');
      const delivery: LockedDelivery = {
        kind: 'publish',
        status: 'published',
        publish_id: 'unknown: the answer was lost',
        article_id: found.article_id,
        urls,
        at: new Date(found.updateTime * 1000 || context.now()).toISOString(),
      };
      await recordDelivery(context, message, delivery, { ended: 'freepublish/submit', reached: true });
      context.log.info(`batch ${message.name} was already published (its answer was lost): ${urls.join(', ')}`);
      return { ...delivery, when: 'earlier' };
    }
    if (context.now() + wait - startedAt > context.options.deliveryTimeoutMs) return undefined;
    await context.sleep(wait);
  }
}

/** A clientmsgid from the account and the batch's posts: the same posts give the same id, edits included. */
function clientMsgId(account: string, message: MessageRef, republish: boolean): string {
  const identity = [account, ...message.files, republish ? message.hash : ''].join('\n');
  return `aw-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
}

/** Sends a message to followers once: the lockfile and WeChat's clientmsgid check together rule out a second send. */
export async function sendToFollowers(
  context: DeliveryContext,
  message: MessageRef,
  mediaId: string,
  proof: { knownBefore: boolean; newerThan24h: boolean; republish: boolean },
): Promise<DeliveryOutcome> {
  const recorded = context.lock.account(context.account).messages[message.hash]?.delivery;
  if (recorded?.kind === 'sendall' && recorded.status !== 'sending') return { ...recorded, when: 'earlier' };
  let delivery = recorded?.kind === 'sendall' ? recorded : undefined;
  if (!delivery) {
    assertProvablyUnsent(context, message, proof);
    delivery = await sendOnce(context, message, mediaId, clientMsgId(context.account, message, proof.republish));
  }
  return pollSend(context, message, delivery);
}

/**
 * After a lost sendall answer: sends again with the same clientmsgid, which WeChat refuses with
 * 45065 (and the first send's msg_id) if the first went out. Past 24 hours that check is gone.
 */
export async function settleLostSend(
  context: DeliveryContext,
  message: MessageRef,
  lost: { media_id: string; clientmsgid: string; startedAt: string },
): Promise<DeliveryOutcome> {
  assertProvablyUnsent(context, message, { lostAt: Date.parse(lost.startedAt) });
  return pollSend(context, message, await sendOnce(context, message, lost.media_id, lost.clientmsgid));
}

function assertProvablyUnsent(
  context: DeliveryContext,
  message: MessageRef,
  proof: { lostAt: number } | { knownBefore: boolean; newerThan24h: boolean },
): void {
  // An earlier send can only be ruled out by the lockfile, or by WeChat's 24-hour clientmsgid check.
  if (
    'lostAt' in proof ? context.now() - proof.lostAt < CLIENTMSGID_WINDOW_MS : proof.knownBefore || proof.newerThan24h
  )
    return;
  if (context.options.confirmNeverSent) return;
  const files = message.files.join(', ');
  const lockfile = context.lock.file.split(/[\\/]/).pop();
  throw new AstroError(
    'lostAt' in proof
      ? `A mass send of batch ${message.name} (${files}) lost its answer more than 24 hours ago, so WeChat can no longer tell whether it went out. Nothing was sent.`
      : `Nothing proves that batch ${message.name} (${files}) was not mass-sent before: ${lockfile} has no record of it, and a send more than 24 hours ago is possible (WeChat's duplicate check covers 24 hours). Nothing was sent.`,
    'Commit weixin.lock.json after each deploy (see docs/deploy.md), or check with `astro-weixin status --remote` and the message history in the web console. ' +
      'If you are sure these posts were never sent, build once with WEIXIN_CONFIRM_NEVER_SENT=1 (or the confirmNeverSent option).',
  );
}

async function sendOnce(
  context: DeliveryContext,
  message: MessageRef,
  mediaId: string,
  clientmsgid: string,
): Promise<SendDelivery> {
  const sendTo = context.options.sendTo!;
  const filter = sendTo === 'all' ? { is_to_all: true } : { is_to_all: false, tag_id: sendTo.tagId };
  const deadline = context.now() + context.options.deliveryTimeoutMs;
  for (;;) {
    let msgId: string;
    let msgDataId: string | undefined;
    try {
      const answer = await irreversible(
        context,
        'message/mass/sendall',
        message,
        { media_id: mediaId, clientmsgid },
        () =>
          context.client.sendAll(mediaId, {
            ...filter,
            send_ignore_reprint: context.options.sendIgnoreReprint ? 1 : 0,
            clientmsgid,
          }),
      );
      msgId = String(answer.msg_id);
      if (answer.msg_data_id !== undefined) msgDataId = String(answer.msg_data_id);
      context.log.info(`sendall: batch ${message.name} -> msg_id ${msgId}`);
    } catch (error) {
      if (error instanceof WeixinApiError && error.errcode === 45065 && error.answer?.['msg_id'] !== undefined) {
        // WeChat already holds a send with this clientmsgid: that one is ours.
        msgId = String(error.answer['msg_id']);
        context.log.info(`batch ${message.name} was already sent (msg_id ${msgId}); not sending it again`);
      } else if (error instanceof WeixinApiError && error.errcode === 45066 && context.now() < deadline) {
        context.log.warn(
          `sendall of batch ${message.name}: WeChat asks for a pause before this send is tried again; waiting ${RESEND_WAIT_MS / 1000} s`,
        );
        await context.sleep(RESEND_WAIT_MS);
        continue;
      } else {
        throw error;
      }
    }
    const delivery: SendDelivery = {
      kind: 'sendall',
      status: 'sending',
      msg_id: msgId,
      ...(msgDataId ? { msg_data_id: msgDataId } : {}),
      clientmsgid,
      to: sendTo,
      at: iso(context),
    };
    await recordDelivery(context, message, delivery, { ended: 'message/mass/sendall', reached: true });
    return delivery;
  }
}

/** Polls message/mass/get until the send ends or the time limit passes. */
export async function pollSend(
  context: DeliveryContext,
  message: MessageRef,
  delivery: SendDelivery,
): Promise<DeliveryOutcome> {
  const deadline = context.now() + context.options.deliveryTimeoutMs;
  for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
    const { msg_status: status } = await context.client.getMassStatus(delivery.msg_id);
    if (status !== 'SENDING') {
      const ok = status === 'SEND_SUCCESS' || status === 'DELETE';
      const done: SendDelivery = {
        ...delivery,
        status: status === 'SEND_SUCCESS' ? 'sent' : status === 'DELETE' ? 'deleted' : 'failed',
        ...(ok ? {} : { failure: `WeChat reports ${status}` }),
        at: iso(context),
      };
      // A failed send may have reached some followers: it is not sent again automatically.
      await recordDelivery(context, message, done, { reached: true });
      if (!ok) {
        throw new AstroError(
          `The mass send of batch ${message.name} (msg_id ${delivery.msg_id}) did not succeed: WeChat reports ${status}.`,
          'Check the message in the web console; it is not sent again automatically (set weixin.republish: true on its posts to send them again).',
        );
      }
      context.log.info(`sent to ${describeAudience(delivery.to)}: batch ${message.name} (msg_id ${delivery.msg_id})`);
      return { ...done, when: 'now' };
    }
    if (context.now() + wait > deadline) {
      context.log.warn(
        `batch ${message.name} is still being sent (msg_id ${delivery.msg_id}); the next build checks it`,
      );
      return { ...delivery, when: 'waiting' };
    }
    await context.sleep(wait);
  }
}

/** A message as delivery needs it, from a batch of this build. */
export function messageOf(batch: Batch): MessageRef {
  return {
    hash: batch.hash,
    name: batch.name,
    files: batch.articles.map((a) => a.post.file),
    keys: batch.articles.map((a): ArticleKey => ({ url: a.post.url, title: a.title })),
  };
}

function iso(context: Pick<DeliveryContext, 'now'>): string {
  return new Date(context.now()).toISOString();
}
