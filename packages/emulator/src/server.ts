import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROUTES, isIssuedImage, settlePublishes, type ApiEnv, type CallContext } from './api.js';
import { createClock, type ClockOption, type EmulatorClock } from './clock.js';
import { ApiError, errorBody } from './errors.js';
import { Faults, callName, type Fault, type FaultSpec } from './faults.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { renderArticle, renderIndex, type PageMessage } from './page.js';
import { CONTENT_TYPES } from './sniff.js';
import { Store, type App, type RequestRecord, type StoredArticle } from './store.js';
import { TokenService } from './tokens.js';
import { buildState, type EmulatorState } from './state.js';

/** The documented test account used when no `apps` are given. Not a real account. */
export const DEFAULT_APP: Readonly<App> = Object.freeze({
  appid: 'wx0123456789abcdef',
  secret: 'emulator-test-secret-00000000000',
});

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accounts that may get tokens. Default: [DEFAULT_APP]. */
  apps?: App[];
  /** See ClockOption: real time by default, a number or Date freezes it. */
  clock?: ClockOption;
  /** Overrides for any limit (see DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** IP addresses allowed to get tokens (as `127.0.0.1` or `::ffff:127.0.0.1`). Default: any. */
  whitelist?: string[];
  /** Token lifetime, default 7200. */
  tokenTtlSeconds?: number;
  /** Seed for fault rates, default 1. */
  seed?: number;
  /** The origin written into issued image URLs, when clients reach the emulator by another name. */
  publicUrl?: string;
  /** Keep uploads, tokens and messages in this JSON file across restarts. */
  stateFile?: string;
}

export interface EmulatorFaults {
  add(spec: FaultSpec): Fault;
  remove(id: number): void;
  clear(): void;
  list(): Fault[];
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:40123`: use it as the API base in place of https://api.weixin.qq.com. */
  url: string;
  close(): Promise<void>;
  state(): EmulatorState;
  /** Forgets everything uploaded, every token, quota, request and fault (apps and clock stay). */
  reset(): void;
  /** Every API call, in order (not the `/__emulator` routes or image downloads). */
  readonly requests: RequestRecord[];
  faults: EmulatorFaults;
  clock: EmulatorClock;
  limits: Limits;
}

const JSON_TYPE = 'application/json; encoding=utf-8';
/** Bigger bodies are not kept in memory: far above every upload limit. */
const MAX_BODY = 64 * 1024 * 1024;

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

const sendJson = (res: ServerResponse, body: unknown, status = 200) =>
  send(res, status, JSON_TYPE, JSON.stringify(body));

function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooBig: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooBig: size > MAX_BODY }));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const apps = new Map((options.apps?.length ? options.apps : [DEFAULT_APP]).map((app) => [app.appid, { ...app }]));
  const clock = createClock(options.clock);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = new Store();
  const faults = new Faults(options.seed ?? 1);
  const tokens = new TokenService(store, clock, limits, options.tokenTtlSeconds ?? 7200, apps, options.whitelist);
  let origin = '';
  const env: ApiEnv = { store, clock, limits, tokens, baseUrl: () => options.publicUrl?.replace(/\/+$/, '') ?? origin };

  const stateFile = options.stateFile;
  if (stateFile && existsSync(stateFile)) store.load(JSON.parse(readFileSync(stateFile, 'utf8')));
  const save = () => {
    if (!stateFile) return;
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(store));
    renameSync(`${stateFile}.tmp`, stateFile);
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, call: string): Promise<void> {
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      call,
      time: clock.now(),
      errcode: undefined,
    };
    store.requests.push(record);
    const route = ROUTES[call];
    const { body, tooBig } = await readBody(req);
    const fired = faults.take(call);
    if (fired.length) record.fault = fired.map((f) => f.kind).join('+');
    for (const fault of fired) if (fault.kind === 'latency') await sleep(fault.ms ?? 0);
    const fault = fired.find((f) => f.kind !== 'latency' && f.kind !== 'token-expired');
    const answerError = (error: ApiError) => {
      record.errcode = error.errcode;
      if (error.detail) record.detail = error.detail;
      sendJson(res, errorBody(error.errcode, clock.now(), error.text));
    };

    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'http') {
      const status = fault.status ?? 502;
      send(
        res,
        status,
        'text/html',
        `<html>\r\n<head><title>${status} ${http.STATUS_CODES[status] ?? ''}</title></head>\r\n<body>\r\n<center><h1>${status} ${http.STATUS_CODES[status] ?? ''}</h1></center>\r\n</body>\r\n</html>\r\n`,
      );
      return;
    }
    if (fault?.kind === 'busy') return answerError(new ApiError(-1, undefined, 'injected fault: busy'));
    if (fault?.kind === 'quota') return answerError(new ApiError(45009, undefined, 'injected fault: quota'));
    if (fault?.kind === 'error')
      return answerError(new ApiError(fault.errcode!, fault.errmsg, 'injected fault: error'));
    if (!route) {
      record.detail = 'no such route in the emulator';
      send(res, 404, 'text/plain', `the emulator does not implement ${url.pathname}\n`);
      return;
    }
    if (fired.some((f) => f.kind === 'token-expired')) tokens.expire(url.searchParams.get('access_token'));

    let answer: unknown;
    try {
      if (req.method !== route.method)
        throw new ApiError(
          route.method === 'POST' ? 43002 : 43001,
          undefined,
          `${req.method} instead of ${route.method}`,
        );
      const token = route.auth ? tokens.check(url.searchParams.get('access_token')) : undefined;
      if (token) record.appid = token.appid;
      if (tooBig) throw new ApiError(45001, undefined, `request body over ${MAX_BODY} bytes`);
      const ctx: CallContext = {
        query: url.searchParams,
        body,
        contentType: req.headers['content-type'],
        ip: req.socket.remoteAddress ?? '',
        token,
      };
      settlePublishes(env);
      answer = await route.handler(ctx, env);
      save();
    } catch (error) {
      if (error instanceof ApiError) return answerError(error);
      throw error;
    }
    record.errcode = 0;
    if (fault?.kind === 'malformed') {
      // The work is done, but the answer arrives cut off: the client must not trust it blindly.
      const text = JSON.stringify(answer);
      send(res, 200, JSON_TYPE, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return;
    }
    sendJson(res, answer);
  }

  function state(): EmulatorState {
    settlePublishes(env);
    return buildState(store, [...apps.values()], faults.all(), clock.now(), emulator.url, limits.publishDelayMs);
  }

  function reset(): void {
    store.reset();
    faults.clear();
    save();
  }

  /** Serves uploaded bytes: mmbiz-shaped image URLs and `/__emulator/media/<media_id>`. */
  function serveFile(
    res: ServerResponse,
    file: { format: keyof typeof CONTENT_TYPES; bytes: Buffer } | undefined,
  ): void {
    if (!file) {
      send(res, 404, 'text/plain', 'no such media\n');
      return;
    }
    send(res, 200, CONTENT_TYPES[file.format], file.bytes, { 'cache-control': 'public, max-age=31536000, immutable' });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/^\/__emulator/, '') || '/';
    const method = req.method ?? 'GET';
    const readJson = async (): Promise<unknown> => {
      const text = (await readBody(req)).body.toString('utf8');
      return text.trim() ? JSON.parse(text) : {};
    };
    try {
      if (method === 'GET' && path === '/') {
        settlePublishes(env);
        return send(res, 200, 'text/html; charset=utf-8', renderIndex(pageMessages()));
      }
      const view = /^\/view\/(news|draft|publish)\/([^/]+)\/(\d+)$/.exec(path);
      if (method === 'GET' && view) {
        const message = pageMessages().find((m) => m.kind === view[1] && m.id === decodeURIComponent(view[2]!));
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
      if (method === 'GET' && path === '/state') return sendJson(res, state());
      if (method === 'POST' && path === '/reset') {
        await readBody(req);
        reset();
        return sendJson(res, { ok: true });
      }
      if (path === '/clock' && (method === 'GET' || method === 'POST')) {
        if (method === 'POST') {
          const body = (await readJson()) as { advanceMs?: unknown };
          if (typeof body.advanceMs !== 'number')
            return sendJson(res, { error: 'body must be {"advanceMs": <number>}' }, 400);
          clock.advance(body.advanceMs);
        }
        return sendJson(res, { now: clock.now(), iso: new Date(clock.now()).toISOString() });
      }
      if (path === '/faults') {
        if (method === 'DELETE') faults.clear();
        if (method === 'POST') {
          const body = (await readJson()) as { clear?: boolean; faults?: FaultSpec[] } | FaultSpec | FaultSpec[];
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
        return sendJson(res, { faults: faults.all() });
      }
      send(res, 404, 'text/plain', `no emulator route ${method} ${url.pathname}\n`);
    } catch (error) {
      sendJson(res, { error: (error as Error).message }, 400);
    }
  }

  function pageMessages(): PageMessage[] {
    const thumbUrl = (mediaId: string) => {
      const material = store.materials.find((m) => m.media_id === mediaId);
      if (material?.url) return material.url;
      return store.media.some((m) => m.media_id === mediaId)
        ? `/__emulator/media/${encodeURIComponent(mediaId)}`
        : undefined;
    };
    const withThumbs = (articles: StoredArticle[]): PageMessage['articles'] =>
      articles.map((a) => ({ ...a, thumbUrl: thumbUrl(a.thumb_media_id) }));
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

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const route = async () => {
      if (url.pathname.startsWith('/cgi-bin/')) return api(req, res, url, callName(url.pathname));
      if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) return admin(req, res, url);
      const image = /^\/mmbiz\w*\/([^/]+)/.exec(url.pathname);
      if (image && req.method === 'GET') {
        const id = image[1]!;
        return serveFile(res, store.images.find((i) => i.id === id) ?? store.materials.find((m) => m.id === id));
      }
      if (url.pathname === '/') return send(res, 302, 'text/plain', 'see /__emulator/\n', { location: '/__emulator/' });
      send(res, 404, 'text/plain', 'not found\n');
    };
    route().catch((error: unknown) => {
      // A bug in the emulator, not a simulated failure: say so plainly.
      if (!res.headersSent) send(res, 500, 'text/plain', `emulator error: ${(error as Error).stack ?? error}\n`);
      else res.destroy();
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `http://${shownHost}:${port}`;

  const emulator: Emulator = {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        save();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    state,
    reset,
    get requests() {
      return store.requests;
    },
    faults: {
      add: (spec) => faults.add(spec),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.all(),
    },
    clock,
    limits,
  };
  return emulator;
}

export { isIssuedImage };
