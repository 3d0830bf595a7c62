import { articleList, defaultDigest, flag, validateArticle, type ThumbKind } from './articles.js';
import { quotaDay, type EmulatorClock } from './clock.js';
import { filterContent } from './content.js';
import { ApiError } from './errors.js';
import type { Limits } from './limits.js';
import { parseUpload, type UploadedFile, type UploadForm } from './multipart.js';
import { randomId } from './random.js';
import { mmbizFormat, sniff, type MediaFormat, type Sniffed } from './sniff.js';
import type {
  App,
  DraftRecord,
  MaterialRecord,
  MediaRecord,
  NewsRecord,
  StoredArticle,
  Store,
  TokenRecord,
} from './store.js';
import type { TokenService } from './tokens.js';

/** What a handler gets: the request, already read, and the caller's token for protected calls. */
export interface CallContext {
  query: URLSearchParams;
  body: Buffer;
  contentType: string | undefined;
  ip: string;
  token: TokenRecord | undefined;
}

export interface ApiEnv {
  store: Store;
  clock: EmulatorClock;
  limits: Limits;
  tokens: TokenService;
  /** The origin that issued image URLs point at (the emulator itself, so previews load them). */
  baseUrl(): string;
}

type Handler = (ctx: CallContext, env: ApiEnv) => unknown | Promise<unknown>;

export interface Route {
  method: 'GET' | 'POST';
  /** Needs `access_token` (everything except the token calls). */
  auth: boolean;
  handler: Handler;
}

const seconds = (env: ApiEnv) => Math.floor(env.clock.now() / 1000);
const appid = (ctx: CallContext) => ctx.token!.appid;

/** JSON body as the platform reads it: empty is 44002, unparsable or not an object is 47001. */
export function jsonBody(ctx: CallContext): Record<string, unknown> {
  const text = ctx.body.toString('utf8');
  if (text.trim() === '') throw new ApiError(44002, 'empty post data', 'the request body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(47001, undefined, `the body is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(47001, undefined, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

// ---- uploads ----

interface FileRule {
  formats: MediaFormat[];
  extensions: string[];
  maxBytes: number;
  /** Errcode when too big: uploadimg says "invalid file size", media calls "media size out of limit". */
  sizeErrcode: number;
}

async function mediaFile(
  ctx: CallContext,
  rule: FileRule,
): Promise<{ file: UploadedFile; sniffed: Sniffed; form: UploadForm }> {
  const form = await parseUpload(ctx.body, ctx.contentType);
  if (!form.media) {
    const seen = [...form.otherFileFields, ...form.fields.keys()];
    throw new ApiError(
      41005,
      undefined,
      `no file in the field named "media"${seen.length ? ` (fields sent: ${seen.join(', ')})` : ''}`,
    );
  }
  const file = form.media;
  if (file.bytes.length === 0) throw new ApiError(44001, undefined, `${file.filename || 'the file'} is empty`);
  // The platform goes by the file name's extension as well as the bytes (a Blob named "blob" fails).
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase();
  if (!extension || !rule.extensions.includes(extension)) {
    throw new ApiError(
      40005,
      undefined,
      `file name ${JSON.stringify(file.filename)}: the extension must be one of ${rule.extensions.join(', ')}`,
    );
  }
  const sniffed = sniff(file.bytes);
  if (!sniffed || !rule.formats.includes(sniffed.format)) {
    throw new ApiError(
      40005,
      undefined,
      `the bytes are ${sniffed?.format ?? 'not a known format'}; allowed: ${rule.formats.join(', ')}`,
    );
  }
  if (file.bytes.length > rule.maxBytes) {
    throw new ApiError(rule.sizeErrcode, undefined, `${file.bytes.length} bytes, over the limit of ${rule.maxBytes}`);
  }
  return { file, sniffed, form };
}

type MediaType = 'image' | 'thumb' | 'voice' | 'video';

function mediaRule(type: MediaType, limits: Limits, permanent: boolean): FileRule {
  switch (type) {
    case 'image':
      return {
        formats: ['jpeg', 'png', 'gif', 'bmp'],
        extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp'],
        maxBytes: permanent ? limits.materialImageMaxBytes : limits.tempImageMaxBytes,
        sizeErrcode: 45001,
      };
    case 'thumb':
      return { formats: ['jpeg'], extensions: ['jpg', 'jpeg'], maxBytes: limits.thumbMaxBytes, sizeErrcode: 45001 };
    case 'voice':
      return {
        formats: ['mp3', 'amr'],
        extensions: ['mp3', 'amr'],
        maxBytes: limits.voiceMaxBytes,
        sizeErrcode: 45001,
      };
    case 'video':
      return { formats: ['mp4'], extensions: ['mp4'], maxBytes: limits.videoMaxBytes, sizeErrcode: 45001 };
  }
}

function mediaType(ctx: CallContext): MediaType {
  const type = ctx.query.get('type');
  if (type === 'image' || type === 'thumb' || type === 'voice' || type === 'video') return type;
  throw new ApiError(40004, undefined, `type=${JSON.stringify(type)}; expected image, thumb, voice or video`);
}

/** An mmbiz-shaped URL on the emulator's own origin, so pages can load what was uploaded. */
function imageUrl(env: ApiEnv, format: MediaFormat): { id: string; url: string } {
  const id = randomId(54);
  const { dir, fmt } = mmbizFormat(format);
  return { id, url: `${env.baseUrl()}/${dir}/${id}/0?wx_fmt=${fmt}` };
}

function fileFields(ctx: CallContext, env: ApiEnv, file: UploadedFile, sniffed: Sniffed) {
  return {
    appid: appid(ctx),
    format: sniffed.format,
    size: file.bytes.length,
    filename: file.filename,
    contentType: file.contentType,
    ...(sniffed.width !== undefined ? { width: sniffed.width, height: sniffed.height! } : {}),
    created_at: seconds(env),
    bytes: Buffer.from(file.bytes),
  };
}

// ---- graphic messages ----

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
export function isIssuedImage(store: Store, src: string): boolean {
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

function storeArticles(
  ctx: CallContext,
  env: ApiEnv,
  call: string,
  mediaId: string,
  raw: unknown[],
  target: 'news' | 'draft',
  offset = 0,
): StoredArticle[] {
  const app = appid(ctx);
  const rules = { target, limits: env.limits, thumb: (id: string) => thumbKind(env, app, id) };
  // Validate every article before storing anything: a rejected call leaves no trace.
  const articles = raw.map((article, i) => validateArticle(article, i + offset, rules));
  return articles.map((article, i) => {
    const { html, filtered } = filterContent(article.content, (src) => isIssuedImage(env.store, src));
    for (const item of filtered)
      env.store.filtered.push({ ...item, call, media_id: mediaId, index: i + offset, time: env.clock.now() });
    const stored = { ...article, content: html };
    return { ...stored, digest: defaultDigest(stored, target === 'news' ? 64 : 54) };
  });
}

function findDraft(ctx: CallContext, env: ApiEnv, mediaId: unknown): DraftRecord {
  const draft = env.store.drafts.find((d) => d.appid === appid(ctx) && d.media_id === mediaId);
  if (!draft) throw new ApiError(40007, undefined, `no draft with media_id ${JSON.stringify(mediaId)}`);
  return draft;
}

function draftItem(env: ApiEnv, draft: DraftRecord, index: number, article: StoredArticle) {
  const thumb = env.store.materials.find((m) => m.media_id === article.thumb_media_id);
  return {
    ...article,
    // The platform answers every field, empty ones as "".
    author: article.author ?? '',
    content_source_url: article.content_source_url ?? '',
    url: `${env.baseUrl()}/__emulator/view/draft/${encodeURIComponent(draft.media_id)}/${index}`,
    thumb_url: thumb?.url ?? '',
  };
}

function integer(value: unknown, field: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0)
    throw new ApiError(47001, undefined, `${field} must be a non-negative integer`);
  return number;
}

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

function sendable(
  ctx: CallContext,
  env: ApiEnv,
  body: Record<string, unknown>,
): { msgtype: string; media_id?: string } {
  const msgtype = body.msgtype;
  if (msgtype === 'text') {
    const content = (body.text as { content?: unknown } | undefined)?.content;
    if (typeof content !== 'string' || content === '') throw new ApiError(44004, undefined, 'text.content is empty');
    return { msgtype };
  }
  if (msgtype !== 'mpnews')
    throw new ApiError(40008, undefined, `msgtype ${JSON.stringify(msgtype)}: the emulator sends mpnews and text`);
  const mediaId = (body.mpnews as { media_id?: unknown } | undefined)?.media_id;
  const app = appid(ctx);
  const known =
    env.store.news.some((n) => n.appid === app && n.media_id === mediaId) ||
    env.store.drafts.some((d) => d.appid === app && d.media_id === mediaId);
  if (typeof mediaId !== 'string' || !known)
    throw new ApiError(
      40007,
      undefined,
      `mpnews.media_id ${JSON.stringify(mediaId)} is not an uploaded graphic message`,
    );
  return { msgtype, media_id: mediaId };
}

function quota(ctx: CallContext, env: ApiEnv, name: string, max: number, errcode: number): void {
  if (!env.store.take(`${appid(ctx)}|${name}|${quotaDay(env.clock.now())}`, max)) {
    throw new ApiError(errcode, undefined, `${name} is limited to ${max} a day on the emulator`);
  }
}

const number = (env: ApiEnv, base: number) => base + env.store.nextNumber++;

// ---- the routes ----

export const ROUTES: Record<string, Route> = {
  token: {
    method: 'GET',
    auth: false,
    handler(ctx, env) {
      const q = ctx.query;
      const app: App = env.tokens.authenticate(q.get('grant_type'), q.get('appid'), q.get('secret'), ctx.ip);
      return env.tokens.classic(app);
    },
  },

  stable_token: {
    method: 'POST',
    auth: false,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const app = env.tokens.authenticate(body.grant_type, body.appid, body.secret, ctx.ip);
      const force = body.force_refresh;
      if (
        force !== undefined &&
        typeof force !== 'boolean' &&
        !['0', '1', 0, 1, 'true', 'false'].includes(force as string)
      ) {
        throw new ApiError(47001, undefined, 'force_refresh must be a boolean');
      }
      return env.tokens.stable(app, force === true || force === 1 || force === '1' || force === 'true');
    },
  },

  'media/uploadimg': {
    method: 'POST',
    auth: true,
    async handler(ctx, env) {
      const { file, sniffed } = await mediaFile(ctx, {
        formats: ['jpeg', 'png'],
        extensions: ['jpg', 'jpeg', 'png'],
        maxBytes: env.limits.uploadImgMaxBytes,
        sizeErrcode: 40006,
      });
      const { id, url } = imageUrl(env, sniffed.format);
      env.store.images.push({ id, url, ...fileFields(ctx, env, file, sniffed) });
      return { url };
    },
  },

  'media/upload': {
    method: 'POST',
    auth: true,
    async handler(ctx, env) {
      const type = mediaType(ctx);
      const { file, sniffed } = await mediaFile(ctx, mediaRule(type, env.limits, false));
      const record: MediaRecord = {
        media_id: randomId(64),
        type,
        ...fileFields(ctx, env, file, sniffed),
        expires_at: seconds(env) + env.limits.mediaTtlSeconds,
      };
      env.store.media.push(record);
      // The platform names the id field thumb_media_id for thumbs.
      return type === 'thumb'
        ? { type, thumb_media_id: record.media_id, created_at: record.created_at }
        : { type, media_id: record.media_id, created_at: record.created_at };
    },
  },

  'material/add_material': {
    method: 'POST',
    auth: true,
    async handler(ctx, env) {
      const type = mediaType(ctx);
      const { file, sniffed, form } = await mediaFile(ctx, mediaRule(type, env.limits, true));
      const record: MaterialRecord = { media_id: randomId(43), type, ...fileFields(ctx, env, file, sniffed) };
      if (type === 'image' || type === 'thumb') Object.assign(record, imageUrl(env, sniffed.format));
      if (type === 'video') {
        // Some SDKs send the description as a form field, others as a query parameter.
        const text = form.fields.get('description') ?? ctx.query.get('description');
        if (!text) throw new ApiError(40097, undefined, 'a video needs a description {"title","introduction"}');
        try {
          record.description = JSON.parse(text);
        } catch {
          throw new ApiError(47001, undefined, 'description is not JSON');
        }
      }
      env.store.materials.push(record);
      return record.url ? { media_id: record.media_id, url: record.url } : { media_id: record.media_id };
    },
  },

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
      const offset = integer(body.offset ?? 0, 'offset');
      const count = integer(body.count, 'count');
      if (count < 1 || count > 20) throw new ApiError(40097, undefined, `count ${count}: must be 1 to 20`);
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

  'freepublish/submit': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const draft = findDraft(ctx, env, jsonBody(ctx).media_id);
      quota(ctx, env, 'freepublish/submit', env.limits.publishPerDay, 45009);
      const publish = {
        publish_id: number(env, 2_247_480_000),
        msg_data_id: number(env, 2_247_490_000),
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

  'message/mass/preview': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const touser = typeof body.touser === 'string' && body.touser ? body.touser : undefined;
      const towxname = typeof body.towxname === 'string' && body.towxname ? body.towxname : undefined;
      if (!touser && !towxname) throw new ApiError(40003, undefined, 'touser (an openid) or towxname is required');
      const message = sendable(ctx, env, body);
      quota(ctx, env, 'message/mass/preview', env.limits.previewPerDay, 45009);
      const msg_id = number(env, 3_147_480_000);
      env.store.messages.push({
        kind: 'preview',
        appid: appid(ctx),
        msg_id,
        ...message,
        ...(touser ? { touser } : {}),
        ...(towxname ? { towxname } : {}),
        created_at: seconds(env),
      });
      return { errcode: 0, errmsg: 'preview success', msg_id };
    },
  },

  'message/mass/sendall': {
    method: 'POST',
    auth: true,
    handler(ctx, env) {
      const body = jsonBody(ctx);
      const filter = body.filter as { is_to_all?: unknown; tag_id?: unknown } | undefined;
      if (!filter || typeof filter !== 'object')
        throw new ApiError(47001, undefined, 'filter {is_to_all, tag_id} is required');
      const isToAll = filter.is_to_all === true || filter.is_to_all === 1 || filter.is_to_all === 'true';
      if (!isToAll && filter.tag_id === undefined)
        throw new ApiError(47001, undefined, 'filter needs is_to_all: true or a tag_id');
      const message = sendable(ctx, env, body);
      flag(body.send_ignore_reprint, 'send_ignore_reprint');
      quota(ctx, env, 'message/mass/sendall', env.limits.massSendPerDay, 45028);
      const msg_id = number(env, 3_147_480_000);
      const msg_data_id = number(env, 2_247_490_000);
      env.store.messages.push({
        kind: 'sendall',
        appid: appid(ctx),
        msg_id,
        msg_data_id,
        ...message,
        is_to_all: isToAll,
        ...(typeof filter.tag_id === 'number' ? { tag_id: filter.tag_id } : {}),
        created_at: seconds(env),
      });
      return { errcode: 0, errmsg: 'send job submission success', msg_id, msg_data_id };
    },
  },
};
