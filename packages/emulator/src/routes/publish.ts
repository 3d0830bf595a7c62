import { flag } from '../article-validation.js';
import { ApiError } from '../errors.js';
import { randomId } from '../random.js';
import type { PublishOutcome, PublishRecord } from '../store.js';
import {
  appid,
  batchRange,
  integer,
  jsonBody,
  nextNumber,
  quota,
  type ApiEnv,
  type CallContext,
  type Route,
} from './context.js';
import { findDraft, newsItem } from './stored-articles.js';

export type PublishStatus = 0 | 1 | PublishOutcome['status'];

/** 1 (publishing) until the publish delay has passed, then 0 or what a publish-status fault set. */
export function publishStatus(
  publish: PublishRecord,
  now: number,
  delayMs: number,
): { publish_status: PublishStatus; fail_idx: number[] } {
  if (now - publish.submittedAt < delayMs) return { publish_status: 1, fail_idx: [] };
  return { publish_status: publish.outcome?.status ?? 0, fail_idx: publish.outcome?.fail_idx ?? [] };
}

/** Statuses after which the draft has left the draft box: published, then maybe deleted or banned. */
const LEAVES_DRAFT_BOX: ReadonlySet<PublishStatus> = new Set([0, 5, 6]);

/** Publishes settle after the configured delay; a published draft then leaves the draft box. */
export function settlePublishes(env: ApiEnv): void {
  for (const publish of env.store.publishes) {
    const { publish_status } = publishStatus(publish, env.clock.now(), env.limits.publishDelayMs);
    if (LEAVES_DRAFT_BOX.has(publish_status)) {
      env.store.drafts = env.store.drafts.filter(
        (d) => !(d.appid === publish.appid && d.media_id === publish.media_id),
      );
    }
  }
}

/** What a `publish-status` fault on this submit says the publish ends in. */
function faultOutcome(ctx: CallContext): PublishOutcome | undefined {
  const fault = ctx.faults.find((f) => f.kind === 'publish-status');
  if (!fault) return undefined;
  const status = fault.status as PublishOutcome['status'];
  const failIdx = status === 2 || status === 4 ? (fault.failIdx ?? [1]) : [];
  return { status, fail_idx: [...failIdx] };
}

const articleUrl = (env: ApiEnv, publishId: number, index: number) =>
  `${env.baseUrl()}/__emulator/view/publish/${publishId}/${index}`;

/** A news_item of freepublish/batchget: every field, `content` only when asked for. */
function publishedItem(item: ReturnType<typeof newsItem>, withContent: boolean) {
  return {
    title: item.title,
    author: item.author,
    digest: item.digest,
    ...(withContent ? { content: item.content } : {}),
    content_source_url: item.content_source_url,
    thumb_media_id: item.thumb_media_id,
    thumb_url: item.thumb_url,
    url: item.url,
    show_cover_pic: item.show_cover_pic,
    need_open_comment: item.need_open_comment,
    only_fans_can_comment: item.only_fans_can_comment,
    is_deleted: false,
  };
}

export const publishRoutes: Record<string, Route> = {
  'freepublish/submit': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const draft = findDraft(ctx, env, jsonBody(ctx).media_id);
      quota(ctx, env, 'freepublish/submit', env.limits.publishPerDay, 45009);
      const outcome = faultOutcome(ctx);
      const publish: PublishRecord = {
        publish_id: nextNumber(env, 2_247_480_000),
        msg_data_id: nextNumber(env, 2_247_490_000),
        article_id: randomId(43),
        appid: draft.appid,
        media_id: draft.media_id,
        submittedAt: env.clock.now(),
        articles: draft.articles.map((a) => ({ ...a })),
        ...(outcome ? { outcome } : {}),
      };
      env.store.publishes.push(publish);
      return { errcode: 0, errmsg: 'ok', publish_id: publish.publish_id, msg_data_id: publish.msg_data_id };
    },
  },

  'freepublish/get': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const publishId = integer(jsonBody(ctx).publish_id, 'publish_id');
      const publish = env.store.publishes.find((p) => p.appid === appid(ctx) && p.publish_id === publishId);
      if (!publish) throw new ApiError(40007, undefined, `no publish with publish_id ${publishId}`);
      const { publish_status, fail_idx } = publishStatus(publish, env.clock.now(), env.limits.publishDelayMs);
      if (publish_status !== 0) return { publish_id: publishId, publish_status, fail_idx };
      return {
        publish_id: publishId,
        publish_status,
        article_id: publish.article_id,
        article_detail: {
          count: publish.articles.length,
          item: publish.articles.map((_, i) => ({ idx: i + 1, article_url: articleUrl(env, publishId, i) })),
        },
        fail_idx,
      };
    },
  },

  'freepublish/batchget': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const { offset, count } = batchRange(body);
      const noContent = flag(body.no_content, 'no_content');
      const delay = env.limits.publishDelayMs;
      const published = env.store.publishes
        .filter((p) => p.appid === appid(ctx) && publishStatus(p, env.clock.now(), delay).publish_status === 0)
        .sort((a, b) => b.submittedAt - a.submittedAt || b.publish_id - a.publish_id);
      const item = published.slice(offset, offset + count).map((publish) => {
        const time = Math.floor((publish.submittedAt + delay) / 1000);
        return {
          article_id: publish.article_id,
          content: {
            news_item: publish.articles.map((article, i) =>
              publishedItem(newsItem(env, article, articleUrl(env, publish.publish_id, i)), !noContent),
            ),
            create_time: Math.floor(publish.submittedAt / 1000),
            update_time: time,
          },
          update_time: time,
        };
      });
      return { total_count: published.length, item_count: item.length, item };
    },
  },
};
