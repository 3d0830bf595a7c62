import { describePublishStatus } from '@astro-weixin/api';
import { AstroError } from 'astro/errors';
import { irreversible, recordDelivery, type MessageRef } from '../account/intents.js';
import type { LockedDelivery } from '../account/lockfile.js';
import type { DeliveryOutcome } from '../account/lockfile.js';
import { type DeliveryContext, isoNow } from './context.js';

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
      at: isoNow(context),
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
        at: isoNow(context),
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
      return { kind: 'publish', status: 'publishing', publish_id: publishId, at: isoNow(context), when: 'waiting' };
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
    at: isoNow(context),
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

/** A publication the account lists, as the lockfile records it: the batch's article addresses and when. */
export async function foundPublication(
  context: DeliveryContext,
  message: MessageRef,
  first: { article_id: string; updateTime: number },
  publishId: string,
): Promise<Extract<LockedDelivery, { kind: 'publish' }> & { urls: string[] }> {
  const urls: string[] = [];
  for (const key of message.keys) urls.push((await context.view.findPublished(key))?.articleUrl ?? '');
  return {
    kind: 'publish',
    status: 'published',
    publish_id: publishId,
    article_id: first.article_id,
    urls,
    at: new Date(first.updateTime * 1000 || context.now()).toISOString(),
  };
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
      const delivery = await foundPublication(context, message, found, 'unknown: the answer was lost');
      await recordDelivery(context, message, delivery, { ended: 'freepublish/submit', reached: true });
      context.log.info(
        `batch ${message.name} was already published (its answer was lost): ${delivery.urls.join(', ')}`,
      );
      return { ...delivery, when: 'earlier' };
    }
    if (context.now() + wait - startedAt > context.options.deliveryTimeoutMs) return undefined;
    await context.sleep(wait);
  }
}
