import { defaultDigest, validateArticle, type ThumbKind } from '../article-validation.js';
import { filterContent } from '../content.js';
import { ApiError } from '../errors.js';
import type { DraftRecord, Store, StoredArticle } from '../store.js';
import { appid, type ApiEnv, type CallContext } from './context.js';

/** What a thumb_media_id refers to, for this app, now. */
function thumbKind(env: ApiEnv, app: string, mediaId: string): ThumbKind {
  const material = env.store.materials.find(
    (m) => m.appid === app && m.media_id === mediaId && (m.type === 'thumb' || m.type === 'image'),
  );
  if (material) return 'permanent';
  const media = env.store.media.find(
    (m) => m.appid === app && m.media_id === mediaId && (m.type === 'thumb' || m.type === 'image'),
  );
  if (!media) return undefined;
  return media.expires_at * 1000 <= env.clock.now() ? 'expired' : 'temporary';
}

/** An image URL the platform would keep: one it issued, or one on its own CDN. */
function isIssuedImage(store: Store, src: string): boolean {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return false;
  }
  if (/^mmbiz\.(qpic|qlogo)\.cn$/i.test(url.hostname)) return true;
  const id = /^\/mmbiz\w*\/([^/]+)/.exec(url.pathname)?.[1];
  return id !== undefined && (store.images.some((i) => i.id === id) || store.materials.some((m) => m.id === id));
}

export function storeArticles(
  ctx: CallContext,
  env: ApiEnv,
  call: string,
  mediaId: string,
  raw: unknown[],
  target: 'news' | 'draft',
  offset = 0,
): StoredArticle[] {
  const app = appid(ctx);
  const rules = {
    target,
    limits: env.limits,
    thumb: (id: string) => thumbKind(env, app, id),
    permanentImage: (id: string) =>
      env.store.materials.some((m) => m.appid === app && m.media_id === id && m.type === 'image'),
  };
  // Validate every article before storing anything: a rejected call leaves no trace.
  const articles = raw.map((article, i) => validateArticle(article, i + offset, rules));
  return articles.map((article, i) => {
    // An image post's text is plain: nothing to filter.
    if (article.article_type === 'newspic') return { ...article, digest: defaultDigest(article, 54) };
    const { html, filtered } = filterContent(article.content, (src) => isIssuedImage(env.store, src));
    for (const item of filtered)
      env.store.filtered.push({ ...item, call, media_id: mediaId, index: i + offset, time: env.clock.now() });
    const stored = { ...article, content: html };
    return { ...stored, digest: defaultDigest(stored, target === 'news' ? 64 : 54) };
  });
}

export function findDraft(ctx: CallContext, env: ApiEnv, mediaId: unknown): DraftRecord {
  const draft = env.store.drafts.find((d) => d.appid === appid(ctx) && d.media_id === mediaId);
  if (!draft) throw new ApiError(40007, undefined, `no draft with media_id ${JSON.stringify(mediaId)}`);
  return draft;
}

/** An article as draft/get, draft/batchget and freepublish/batchget answer it: every field, empty ones as "". */
export function newsItem(env: ApiEnv, article: StoredArticle, url: string) {
  const thumb = env.store.materials.find((m) => m.media_id === article.thumb_media_id);
  return {
    ...article,
    author: article.author ?? '',
    content_source_url: article.content_source_url ?? '',
    url,
    thumb_url: thumb?.url ?? '',
  };
}
