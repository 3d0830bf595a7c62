/**
 * A small WeChat stand-in for tests: real HTTP on 127.0.0.1 (port 0), canned answers per route,
 * every request recorded (method, path, query, headers, body, parsed JSON or multipart parts).
 * Tokens behave like the real stable_token: normal mode returns the live token, force_refresh
 * issues a new one and invalidates the old; API routes answer 40001 to a token that is not live.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface Recorded {
  method: string;
  path: string;
  /** Path under /cgi-bin/ (`media/uploadnews`). */
  call: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: Buffer;
  json?: Record<string, unknown>;
  parts?: Part[];
}

export interface Reply {
  status?: number;
  json?: unknown;
  /** Raw body (wins over json). */
  text?: string;
  contentType?: string;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Answer after this long (for timeouts). */
  delayMs?: number;
}

export type Handler = Reply | ((request: Recorded, server: TestServer) => Reply | Promise<Reply>);

export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerStart = afterDelimiter + 2; // CRLF
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    const next = body.indexOf(delimiter, headerEnd);
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const data = body.subarray(headerEnd + 4, next - 2); // minus CRLF before the delimiter
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const part: Part = { name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '', data: Buffer.from(data) };
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename !== undefined) part.filename = filename;
    const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1];
    if (type) part.contentType = type.trim();
    parts.push(part);
    start = next;
  }
  return parts;
}

export class TestServer {
  url = '';
  readonly requests: Recorded[] = [];
  /** Tokens the server accepts now. */
  readonly liveTokens = new Set<string>();
  /** The token stable_token hands out in normal mode. */
  currentToken: string | undefined;
  tokenLifetime = 7200;
  private issued = 0;
  private readonly routes = new Map<string, Handler[]>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  /** Queue answers for `METHOD /cgi-bin/call`; each request takes the next, the last one stays. */
  on(route: string, ...handlers: Handler[]): this {
    this.routes.set(route, handlers);
    return this;
  }

  /** Requests to one call (`media/uploadnews`), optionally only those with this method. */
  calls(call: string): Recorded[] {
    return this.requests.filter((r) => r.call === call);
  }

  issueToken(): string {
    this.issued += 1;
    const token = `TOKEN-${this.issued}-${'x'.repeat(20)}`;
    if (this.currentToken) this.liveTokens.delete(this.currentToken);
    this.currentToken = token;
    this.liveTokens.add(token);
    return token;
  }

  /** Every token stops working (as if it expired or another system replaced it). */
  invalidateTokens(): void {
    this.liveTokens.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      call: url.pathname.replace(/^\/cgi-bin\//, ''),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    };
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/json')) record.json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (type.startsWith('multipart/form-data')) record.parts = parseMultipart(body, type);
    this.requests.push(record);

    const key = `${record.method} ${record.path}`;
    const queue = this.routes.get(key);
    let handler: Handler | undefined;
    if (queue && queue.length > 0) handler = queue.length > 1 ? queue.shift() : queue[0];
    else handler = this.defaultHandler(record);
    const reply = typeof handler === 'function' ? await handler(record, this) : handler;
    if (!reply) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    const text = reply.text ?? JSON.stringify(reply.json ?? {});
    res
      .writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json; encoding=utf-8' })
      .end(text);
  }

  /** Tokens as WeChat hands them out; API calls check the token, then answer from `answers`. */
  private defaultHandler(record: Recorded): Handler | undefined {
    if (record.call === 'stable_token') {
      const force = record.json?.['force_refresh'] === true;
      const token =
        force || !this.currentToken || !this.liveTokens.has(this.currentToken) ? this.issueToken() : this.currentToken;
      return { json: { access_token: token, expires_in: this.tokenLifetime } };
    }
    if (record.call === 'token') return { json: { access_token: this.issueToken(), expires_in: this.tokenLifetime } };
    const answer = DEFAULT_ANSWERS[record.call];
    return answer ? withToken(answer) : undefined;
  }
}

/** An API route that first checks the token like WeChat does, then answers. */
export function withToken(answer: Handler): Handler {
  return (request, server) => {
    const token = request.query['access_token'];
    if (!token) return { json: { errcode: 41001, errmsg: 'access_token missing rid: 6a1b2c3d-00000001-00000002' } };
    if (!server.liveTokens.has(token)) {
      return {
        json: {
          errcode: 40001,
          errmsg:
            'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken rid: 6a1b2c3d-11111111-22222222',
        },
      };
    }
    return typeof answer === 'function' ? answer(request, server) : answer;
  };
}

/** What each call answers when a test sets nothing else (shapes from the reference). */
export const DEFAULT_ANSWERS: Record<string, Handler> = {
  'media/uploadimg': { json: { url: 'http://mmbiz.qpic.cn/mmbiz_png/abc/0' } },
  'media/upload': (r) => ({
    json:
      r.query['type'] === 'thumb'
        ? { type: 'thumb', thumb_media_id: 'THUMB_MEDIA_1', created_at: 1391857799 }
        : { type: r.query['type'], media_id: 'MEDIA_1', created_at: 1391857799 },
  }),
  'material/add_material': (r) => ({
    json:
      r.query['type'] === 'image'
        ? { media_id: 'MATERIAL_1', url: 'http://mmbiz.qpic.cn/mmbiz_jpg/m/0' }
        : { media_id: 'MATERIAL_THUMB_1' },
  }),
  'media/uploadnews': { json: { type: 'news', media_id: 'NEWS_MEDIA_1', created_at: 1391857799 } },
  'draft/add': { json: { media_id: 'DRAFT_MEDIA_1' } },
  'draft/update': { json: { errcode: 0, errmsg: 'ok' } },
  'draft/get': {
    json: {
      news_item: [
        { title: 'T', content: '<p>x</p>', thumb_media_id: 'MATERIAL_THUMB_1', url: 'http://mp.weixin.qq.com/s/x' },
      ],
    },
  },
  'draft/delete': { json: { errcode: 0, errmsg: 'ok' } },
  'freepublish/submit': { json: { errcode: 0, errmsg: 'ok', publish_id: 100000001, msg_data_id: 2247483647 } },
  'freepublish/get': {
    json: {
      publish_id: 100000001,
      publish_status: 0,
      article_id: 'ARTICLE_1',
      article_detail: { count: 1, item: [{ idx: 1, article_url: 'http://mp.weixin.qq.com/s/x' }] },
    },
  },
  'message/mass/preview': { json: { errcode: 0, errmsg: 'preview success', msg_id: 34182 } },
  'message/mass/sendall': {
    json: { errcode: 0, errmsg: 'send job submission success', msg_id: 34182, msg_data_id: 206227730 },
  },
};

export async function startTestServer(): Promise<TestServer> {
  return new TestServer().start();
}

/** Quiet, quick retries for tests. */
export const FAST = { retries: { retries: 2, baseDelayMs: 1, maxDelayMs: 4, rateLimitWaitMs: 20 } } as const;

export const APP = { appid: 'wx1234567890abcdef', secret: 'SECRET-0123456789abcdef0123456789' } as const;

export function captureLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (m: string) => lines.push(`debug ${m}`),
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
    },
  };
}

/** A tiny file and article for calls whose content the test does not look at. */
export const PNG = { data: new Uint8Array([1, 2, 3]), filename: 'a.png', contentType: 'image/png' };
export const ARTICLES = [{ title: 't', content: '<p>c</p>', thumb_media_id: 'm' }];
