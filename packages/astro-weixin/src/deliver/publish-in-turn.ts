import { WeixinApiError } from '@astro-weixin/api';
import { type MessageRef, recordDelivery } from '../account/intents.js';
import type { DeliveryOutcome } from '../account/lockfile.js';
import type { DeliveryContext } from './context.js';
import { foundPublication, pollPublish, publishDraft } from './publish-draft.js';
import { inTurn, type LeaseContext, leaseKey } from './lease.js';

/**
 * Publishes a draft once across deploys that share no lockfile: a submit still to be made waits for
 * this deploy's turn (see lease.ts). A deploy whose turn it was not records the winner's publish and
 * removes its own draft, so the draft box keeps none behind.
 */
export async function publishInTurn(
  context: DeliveryContext,
  lease: LeaseContext,
  message: MessageRef,
  mediaId: string,
): Promise<DeliveryOutcome> {
  // Recorded already: nothing irreversible is left to do, publishDraft polls or reports it.
  if (context.lock.account(context.account).messages[message.hash]?.delivery) {
    return publishDraft(context, message, mediaId);
  }
  const draft = await context.client.getDraft(mediaId);
  const subject = {
    key: leaseKey(context.account, message.keys),
    name: message.name,
    mediaId,
    thumbMediaId: markerThumb(draft.news_item[0]),
  };
  return inTurn(lease, subject, {
    settle: async (since) => {
      const found = await publishedAlready(context, message, since);
      if (found) await removeOwnDraft(context, mediaId);
      return found;
    },
    act: async () => {
      const result = await publishDraft(context, message, mediaId);
      return { result, id: result.kind === 'publish' ? result.publish_id : undefined };
    },
    adopt: async (outcome) => {
      context.log.info(
        `batch ${message.name} was published by the deploy that started first (publish_id ${outcome.id}); recording its outcome instead of publishing again`,
      );
      const result = await pollPublish(context, message, outcome.id);
      if (outcome.mediaId !== mediaId) await removeOwnDraft(context, mediaId);
      return { ...result, when: 'earlier' };
    },
  });
}

/**
 * The batch as the account lists it among the articles published since `since` (seconds), recorded;
 * undefined when it is not there, or when the lockfile knows it (an earlier publish of posts the
 * author asked to publish again). Older publications were left out at the start of the build.
 */
async function publishedAlready(
  context: DeliveryContext,
  message: MessageRef,
  since: number,
): Promise<DeliveryOutcome | undefined> {
  const first = await context.view.findPublished(message.keys[0]!, true);
  if (!first || first.updateTime < since || knownArticles(context).has(first.article_id)) return undefined;
  const delivery = await foundPublication(context, message, first, 'unknown: published by another deploy');
  await recordDelivery(context, message, delivery, { reached: true });
  context.log.info(`batch ${message.name} was published by another deploy: ${delivery.urls.join(', ')}`);
  return { ...delivery, when: 'earlier' };
}

/** Publications this checkout's lockfile already records: an earlier publish, not one of this moment. */
function knownArticles(context: DeliveryContext): Set<string> {
  const known = new Set<string>();
  for (const message of Object.values(context.lock.account(context.account).messages)) {
    if (message.delivery?.kind === 'publish' && message.delivery.article_id) known.add(message.delivery.article_id);
  }
  return known;
}

/** This deploy's draft, once another deploy published the posts: gone already (40007) when it was the one published. */
async function removeOwnDraft(context: DeliveryContext, mediaId: string): Promise<void> {
  try {
    await context.client.deleteDraft(mediaId);
    context.log.info(`removed this deploy's own draft ${mediaId}: another deploy published the same posts`);
  } catch (error) {
    if (!(error instanceof WeixinApiError && error.errcode === 40007)) throw error;
  }
}

/** A permanent picture of the batch for the marker: the article's cover, or an image post's first picture. */
function markerThumb(article: { thumb_media_id?: string | undefined; image_info?: unknown } | undefined): string {
  if (article?.thumb_media_id) return article.thumb_media_id;
  const pictures = (article?.image_info as { image_list?: { image_media_id?: string }[] } | undefined)?.image_list;
  return pictures?.[0]?.image_media_id ?? '';
}
