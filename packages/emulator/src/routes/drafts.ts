import { articleList, flag } from '../article-validation.js';
import { ApiError } from '../errors.js';
import { randomId } from '../random.js';
import type { DraftRecord, NewsRecord, StoredArticle } from '../store.js';
import { appid, batchRange, integer, jsonBody, seconds, type ApiEnv, type Route } from './context.js';
import { findDraft, newsItem, storeArticles } from './stored-articles.js';

function draftItem(env: ApiEnv, draft: DraftRecord, index: number, article: StoredArticle) {
  return newsItem(
    env,
    article,
    `${env.baseUrl()}/__emulator/view/draft/${encodeURIComponent(draft.media_id)}/${index}`,
  );
}

/** media/uploadnews (graphic messages for mass sends) and the draft box. */
export const draftRoutes: Record<string, Route> = {
  'media/uploadnews': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const raw = articleList(jsonBody(ctx), env.limits);
      const mediaId = randomId(64);
      const news: NewsRecord = {
        media_id: mediaId,
        appid: appid(ctx),
        created_at: seconds(env),
        articles: storeArticles(ctx, env, 'media/uploadnews', mediaId, raw, 'news'),
      };
      env.store.news.push(news);
      return { type: 'news', media_id: news.media_id, created_at: news.created_at };
    },
  },

  'draft/add': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const raw = articleList(jsonBody(ctx), env.limits);
      const mediaId = randomId(43);
      const articles = storeArticles(ctx, env, 'draft/add', mediaId, raw, 'draft');
      env.store.drafts.push({
        media_id: mediaId,
        appid: appid(ctx),
        create_time: seconds(env),
        update_time: seconds(env),
        articles,
      });
      return { media_id: mediaId };
    },
  },

  'draft/update': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const draft = findDraft(ctx, env, body.media_id);
      const index = integer(body.index, 'index');
      if (index >= draft.articles.length)
        throw new ApiError(40007, undefined, `index ${index}: the draft has ${draft.articles.length} articles`);
      if (!body.articles || typeof body.articles !== 'object')
        throw new ApiError(44003, undefined, 'articles (one article object) is missing');
      const [article] = storeArticles(ctx, env, 'draft/update', draft.media_id, [body.articles], 'draft', index);
      draft.articles[index] = article!;
      draft.update_time = seconds(env);
      return { errcode: 0, errmsg: 'ok' };
    },
  },

  'draft/get': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const draft = findDraft(ctx, env, jsonBody(ctx).media_id);
      return {
        news_item: draft.articles.map((a, i) => draftItem(env, draft, i, a)),
        create_time: draft.create_time,
        update_time: draft.update_time,
      };
    },
  },

  'draft/batchget': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const { offset, count } = batchRange(body);
      const noContent = flag(body.no_content, 'no_content');
      const mine = env.store.drafts.filter((d) => d.appid === appid(ctx)).sort((a, b) => b.update_time - a.update_time);
      const item = mine.slice(offset, offset + count).map((draft) => ({
        media_id: draft.media_id,
        content: {
          news_item: draft.articles.map((a, i) => {
            const full = draftItem(env, draft, i, a);
            if (noContent) return { ...full, content: '' };
            return full;
          }),
          create_time: draft.create_time,
          update_time: draft.update_time,
        },
        update_time: draft.update_time,
      }));
      return { total_count: mine.length, item_count: item.length, item };
    },
  },

  'draft/count': {
    method: 'GET',
    auth: true,
    handler(ctx, env) {
      return { total_count: env.store.drafts.filter((d) => d.appid === appid(ctx)).length };
    },
  },

  'draft/delete': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const draft = findDraft(ctx, env, jsonBody(ctx).media_id);
      env.store.drafts = env.store.drafts.filter((d) => d !== draft);
      return { errcode: 0, errmsg: 'ok' };
    },
  },
};
