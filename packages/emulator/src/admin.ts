import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorClock } from './clock.js';
import type { Faults, FaultSpec } from './faults.js';
import { readBody, readJson, send, sendJson } from './http.js';
import { renderArticle, renderIndex, type PageMessage } from './page.js';
import { CONTENT_TYPES } from './sniff.js';
import type { Store, StoredArticle } from './store.js';
import type { EmulatorState } from './state-snapshot.js';

/** What the `/__emulator` routes work on. */
export interface AdminCore {
  store: Store;
  clock: EmulatorClock;
  faults: Faults;
  state(): EmulatorState;
  reset(): void;
  /** Brings publishes up to date with the clock before the page shows them. */
  settle(): void;
}

/** Serves uploaded bytes: mmbiz-shaped image URLs and `/__emulator/media/<media_id>`. */
export function serveFile(
  res: ServerResponse,
  file: { format: keyof typeof CONTENT_TYPES; bytes: Buffer } | undefined,
): void {
  if (!file) {
    send(res, 404, 'text/plain', 'no such media\n');
    return;
  }
  send(res, 200, CONTENT_TYPES[file.format], file.bytes, { 'cache-control': 'public, max-age=31536000, immutable' });
}

/** `POST /__emulator/faults` takes one fault, an array, `{faults: [...]}` or `{clear: true}`. */
function addFaults(faults: Faults, body: { clear?: boolean; faults?: FaultSpec[] } | FaultSpec | FaultSpec[]): void {
  if (!Array.isArray(body) && 'clear' in body && body.clear) faults.clear();
  const specs = Array.isArray(body)
    ? body
    : 'faults' in body && Array.isArray(body.faults)
      ? body.faults
      : 'kind' in body
        ? [body]
        : [];
  for (const spec of specs) faults.add(spec);
}

/** The `/__emulator` routes: the page, article views, media, state, reset, clock and faults. */
export async function handleAdmin(core: AdminCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { store, clock, faults } = core;
  const path = url.pathname.replace(/^\/__emulator/, '') || '/';
  const method = req.method ?? 'GET';
  try {
    if (method === 'GET' && path === '/') {
      core.settle();
      return send(res, 200, 'text/html; charset=utf-8', renderIndex(pageMessages(store)));
    }
    const view = /^\/view\/(news|draft|publish)\/([^/]+)\/(\d+)$/.exec(path);
    if (method === 'GET' && view) {
      const message = pageMessages(store).find((m) => m.kind === view[1] && m.id === decodeURIComponent(view[2]!));
      const index = Number(view[3]);
      if (!message?.articles[index]) return send(res, 404, 'text/plain', 'no such article\n');
      return send(res, 200, 'text/html; charset=utf-8', renderArticle(message, index));
    }
    const media = /^\/media\/([^/]+)$/.exec(path);
    if (method === 'GET' && media) {
      const id = decodeURIComponent(media[1]!);
      return serveFile(
        res,
        store.media.find((m) => m.media_id === id) ?? store.materials.find((m) => m.media_id === id),
      );
    }
    if (method === 'GET' && path === '/state') return sendJson(res, core.state());
    if (method === 'POST' && path === '/reset') {
      await readBody(req);
      core.reset();
      return sendJson(res, { ok: true });
    }
    if (path === '/clock' && (method === 'GET' || method === 'POST')) {
      if (method === 'POST') {
        const body = (await readJson(req)) as { advanceMs?: unknown };
        if (typeof body.advanceMs !== 'number')
          return sendJson(res, { error: 'body must be {"advanceMs": <number>}' }, 400);
        clock.advance(body.advanceMs);
      }
      return sendJson(res, { now: clock.now(), iso: new Date(clock.now()).toISOString() });
    }
    if (path === '/faults') {
      if (method === 'DELETE') faults.clear();
      if (method === 'POST') addFaults(faults, (await readJson(req)) as FaultSpec);
      return sendJson(res, { faults: faults.all() });
    }
    send(res, 404, 'text/plain', `no emulator route ${method} ${url.pathname}\n`);
  } catch (error) {
    sendJson(res, { error: (error as Error).message }, 400);
  }
}

/** Every graphic message (uploadnews, drafts, publishes) as the page lists them, oldest first. */
function pageMessages(store: Store): PageMessage[] {
  const thumbUrl = (mediaId: string) => {
    const material = store.materials.find((m) => m.media_id === mediaId);
    if (material?.url) return material.url;
    return store.media.some((m) => m.media_id === mediaId)
      ? `/__emulator/media/${encodeURIComponent(mediaId)}`
      : undefined;
  };
  const withThumbs = (articles: StoredArticle[]): PageMessage['articles'] =>
    articles.map((a) => {
      // An image post has no thumb: its first picture stands for it in the list.
      const pictures = a.image_info?.image_list.map((picture) => thumbUrl(picture.image_media_id) ?? '');
      return pictures
        ? { ...a, thumbUrl: pictures[0], pictureUrls: pictures }
        : { ...a, thumbUrl: thumbUrl(a.thumb_media_id) };
    });
  return [
    ...store.news.map((n) => ({
      kind: 'news' as const,
      id: n.media_id,
      appid: n.appid,
      time: n.created_at,
      articles: withThumbs(n.articles),
    })),
    ...store.drafts.map((d) => ({
      kind: 'draft' as const,
      id: d.media_id,
      appid: d.appid,
      time: d.update_time,
      articles: withThumbs(d.articles),
    })),
    ...store.publishes.map((p) => ({
      kind: 'publish' as const,
      id: String(p.publish_id),
      appid: p.appid,
      time: Math.floor(p.submittedAt / 1000),
      articles: withThumbs(p.articles),
    })),
  ].sort((a, b) => a.time - b.time);
}
