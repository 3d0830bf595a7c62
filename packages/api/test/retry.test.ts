import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinApiError, WeixinClient, WeixinHttpError } from '../src/index.js';
import {
  APP,
  FAST,
  captureLogger,
  startTestServer,
  type Handler,
  type TestServer,
  ARTICLES,
  PNG,
} from './helpers/server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

function make(extra: Partial<ConstructorParameters<typeof WeixinClient>[0]> = {}) {
  return new WeixinClient({ ...APP, baseUrl: server.url, ...FAST, ...extra });
}

const BUSY: Handler = { json: { errcode: -1, errmsg: 'system error rid: 6a1b-busy' } };
const DROP: Handler = { drop: true };
const BAD_GATEWAY: Handler = { status: 502, text: '<html>502 Bad Gateway</html>', contentType: 'text/html' };
const GARBLED: Handler = { text: '{"url": "http://mmbiz', contentType: 'text/plain' };
const OK_IMAGE: Handler = { json: { url: 'http://mmbiz.qpic.cn/ok' } };

const transient: [string, Handler][] = [
  ['errcode -1', BUSY],
  ['a dropped connection', DROP],
  ['HTTP 502', BAD_GATEWAY],
  ['malformed JSON', GARBLED],
];

describe('safe calls are retried with backoff', () => {
  for (const [what, failure] of transient) {
    it(`uploadimg after ${what}`, async () => {
      const { lines, logger } = captureLogger();
      server.on('POST /cgi-bin/media/uploadimg', failure, failure, OK_IMAGE);
      await expect(make({ logger }).uploadImage(PNG)).resolves.toEqual({ url: 'http://mmbiz.qpic.cn/ok' });
      expect(server.calls('media/uploadimg')).toHaveLength(3);
      expect(lines.filter((l) => l.startsWith('warn') && l.includes('retrying'))).toHaveLength(2);
    });
  }

  it('the token call after a dropped connection', async () => {
    server.on('POST /cgi-bin/stable_token', DROP, (_r, s) => ({
      json: { access_token: s.issueToken(), expires_in: 7200 },
    }));
    await make().uploadImage(PNG);
    expect(server.calls('stable_token')).toHaveLength(2);
  });

  it('draft/get and freepublish/get', async () => {
    server.on('POST /cgi-bin/draft/get', BUSY, { json: { news_item: [] } });
    server.on('POST /cgi-bin/freepublish/get', DROP, { json: { publish_id: '100', publish_status: 1 } });
    const client = make();
    await expect(client.getDraft('D')).resolves.toEqual({ news_item: [] });
    await expect(client.getPublish('100')).resolves.toEqual({ publish_id: '100', publish_status: 1 });
  });

  it('gives up after the bounded attempts with the last error, not maybeCommitted', async () => {
    server.on('POST /cgi-bin/media/uploadimg', BUSY);
    const error = (await make()
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error).toBeInstanceOf(WeixinApiError);
    expect(error.errcode).toBe(-1);
    expect(error.maybeCommitted).toBe(false);
    expect(error.hint).toMatch(/busy/);
    expect(server.calls('media/uploadimg')).toHaveLength(3);
  });

  it('retries: 0 turns retrying off', async () => {
    server.on('POST /cgi-bin/media/uploadimg', BUSY, OK_IMAGE);
    await expect(make({ retries: 0 }).uploadImage(PNG)).rejects.toBeInstanceOf(WeixinApiError);
    expect(server.calls('media/uploadimg')).toHaveLength(1);
  });

  it('a permanent error (45166, 40007) is not retried', async () => {
    server.on('POST /cgi-bin/media/uploadimg', { json: { errcode: 40005, errmsg: 'invalid file type hint: [Ab12]' } });
    await expect(make().uploadImage(PNG)).rejects.toMatchObject({ errcode: 40005, rid: 'Ab12' });
    expect(server.calls('media/uploadimg')).toHaveLength(1);
  });
});

describe('calls that create something are not repeated after sending', () => {
  const unsafe: [string, string, (c: WeixinClient) => Promise<unknown>][] = [
    ['uploadNews', 'media/uploadnews', (c) => c.uploadNews(ARTICLES)],
    ['addDraft', 'draft/add', (c) => c.addDraft(ARTICLES)],
    ['submitPublish', 'freepublish/submit', (c) => c.submitPublish('D')],
    ['previewNews', 'message/mass/preview', (c) => c.previewNews({ media_id: 'N', touser: 'OPENID' })],
  ];
  for (const [method, call, run] of unsafe) {
    for (const [what, failure] of transient) {
      it(`${method} after ${what}: one request, maybeCommitted`, async () => {
        server.on(`POST /cgi-bin/${call}`, failure, { json: { media_id: 'SHOULD_NOT_BE_USED' } });
        const error = (await run(make()).catch((e: unknown) => e)) as WeixinApiError | WeixinHttpError;
        expect(error instanceof WeixinApiError || error instanceof WeixinHttpError).toBe(true);
        expect(error.call).toBe(call);
        expect(error.maybeCommitted).toBe(true);
        expect(error.message).toMatch(/may have taken effect/);
        expect(error.hint).toMatch(/check the draft box or the material list/);
        expect(server.calls(call)).toHaveLength(1);
      });
    }
  }

  it('sendAll after a dropped connection: one request, maybeCommitted', async () => {
    server.on('POST /cgi-bin/message/mass/sendall', DROP, { json: { msg_id: 1 } });
    const error = (await make({ allowMassSend: true })
      .sendAll('N')
      .catch((e: unknown) => e)) as WeixinHttpError;
    expect(error).toBeInstanceOf(WeixinHttpError);
    expect(error.maybeCommitted).toBe(true);
    expect(server.calls('message/mass/sendall')).toHaveLength(1);
  });

  it('a definite refusal (45166) is not maybeCommitted', async () => {
    server.on('POST /cgi-bin/media/uploadnews', { json: { errcode: 45166, errmsg: 'invalid content hint: [xyz]' } });
    const error = (await make()
      .uploadNews(ARTICLES)
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error.errcode).toBe(45166);
    expect(error.maybeCommitted).toBe(false);
    expect(error.hint).toMatch(/outside site/);
  });

  it('a connection that could not be made is retried even for uploadnews (nothing was sent)', async () => {
    // A port that was just closed refuses connections.
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const { lines, logger } = captureLogger();
    const client = new WeixinClient({
      ...APP,
      baseUrl: url,
      ...FAST,
      logger,
      token: async () => 'TOKEN-offline-abcdef',
    });
    const error = (await client.uploadNews(ARTICLES).catch((e: unknown) => e)) as WeixinHttpError;
    expect(error).toBeInstanceOf(WeixinHttpError);
    expect(error.kind).toBe('connect');
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.maybeCommitted).toBe(false);
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('a safe call that times out is retried, then fails as a timeout', async () => {
    server.on('POST /cgi-bin/media/uploadimg', { delayMs: 300, json: { url: 'late' } });
    const started = Date.now();
    const error = (await make({ uploadTimeoutMs: 50 })
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinHttpError;
    expect(error).toBeInstanceOf(WeixinHttpError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/within 50 ms/);
    expect(error.maybeCommitted).toBe(false);
    expect(server.calls('media/uploadimg')).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a slow answer within the timeout succeeds', async () => {
    server.on('POST /cgi-bin/media/uploadimg', { delayMs: 30, json: { url: 'ok' } });
    await expect(make({ uploadTimeoutMs: 1000 }).uploadImage(PNG)).resolves.toEqual({ url: 'ok' });
  });

  it('uploadnews that times out is not repeated and may have been committed', async () => {
    server.on('POST /cgi-bin/media/uploadnews', { delayMs: 300, json: { media_id: 'late' } });
    const error = (await make({ timeoutMs: 50 })
      .uploadNews(ARTICLES)
      .catch((e: unknown) => e)) as WeixinHttpError;
    expect(error.kind).toBe('timeout');
    expect(error.maybeCommitted).toBe(true);
    expect(server.calls('media/uploadnews')).toHaveLength(1);
  });
});

describe('45011 (minute quota)', () => {
  const TOO_OFTEN: Handler = {
    json: { errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute rid: 6a1b-q' },
  };

  it('is thrown at once when maxRetryWaitMs does not allow the wait', async () => {
    server.on('POST /cgi-bin/media/uploadimg', TOO_OFTEN, OK_IMAGE);
    const error = (await make()
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error.errcode).toBe(45011);
    expect(error.hint).toMatch(/at least 60 seconds/);
    expect(server.calls('media/uploadimg')).toHaveLength(1);
  });

  it('is waited out (at least rateLimitWaitMs) when maxRetryWaitMs allows it, even for uploadnews', async () => {
    server.on('POST /cgi-bin/media/uploadnews', TOO_OFTEN, {
      json: { type: 'news', media_id: 'N2', created_at: '1391857799' },
    });
    const started = Date.now();
    const answer = await make({ maxRetryWaitMs: 60_000 }).uploadNews(ARTICLES);
    expect(answer).toEqual({ type: 'news', media_id: 'N2', created_at: '1391857799' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(18); // FAST.rateLimitWaitMs is 20
    expect(server.calls('media/uploadnews')).toHaveLength(2);
  });
});
