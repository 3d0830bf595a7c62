import { ApiError } from '../errors.js';
import { randomId } from '../random.js';
import { appid, integer, jsonBody, nextNumber, quota, type ApiEnv, type Route } from './context.js';
import { findDraft } from './stored-articles.js';

/** Publishes become "published" after the configured delay; the draft then leaves the draft box. */
export function settlePublishes(env: ApiEnv): void {
  for (const publish of env.store.publishes) {
    if (env.clock.now() - publish.submittedAt >= env.limits.publishDelayMs) {
      env.store.drafts = env.store.drafts.filter(
        (d) => !(d.appid === publish.appid && d.media_id === publish.media_id),
      );
    }
  }
}

export const publishRoutes: Record<string, Route> = {
  'freepublish/submit': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const draft = findDraft(ctx, env, jsonBody(ctx).media_id);
      quota(ctx, env, 'freepublish/submit', env.limits.publishPerDay, 45009);
      const publish = {
        publish_id: nextNumber(env, 2_247_480_000),
        msg_data_id: nextNumber(env, 2_247_490_000),
        article_id: randomId(43),
        appid: draft.appid,
        media_id: draft.media_id,
        submittedAt: env.clock.now(),
        articles: draft.articles.map((a) => ({ ...a })),
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
      if (env.clock.now() - publish.submittedAt < env.limits.publishDelayMs)
        return { publish_id: publishId, publish_status: 1, fail_idx: [] };
      return {
        publish_id: publishId,
        publish_status: 0,
        article_id: publish.article_id,
        article_detail: {
          count: publish.articles.length,
          item: publish.articles.map((_, i) => ({
            idx: i + 1,
            article_url: `${env.baseUrl()}/__emulator/view/publish/${publishId}/${i}`,
          })),
        },
        fail_idx: [],
      };
    },
  },
};
