import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinClient, WeixinError, redact } from '../src/index.js';
import { APP, FAST, captureLogger, startTestServer, type TestServer, PNG } from './helpers/server.js';

describe('redact()', () => {
  it('masks credentials in URLs, query strings, JSON and proxy URLs', () => {
    expect(redact('https://api.weixin.qq.com/cgi-bin/media/uploadimg?access_token=ABC.def-123&type=thumb')).toBe(
      'https://api.weixin.qq.com/cgi-bin/media/uploadimg?access_token=***&type=thumb',
    );
    expect(redact('/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s3cr3t')).toBe(
      '/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=***',
    );
    expect(redact('{"appid":"wx1","secret": "s3cr3t","access_token":"tok"}')).toBe(
      '{"appid":"wx1","secret": "***","access_token":"***"}',
    );
    expect(redact('"{\\"authorizer_access_token\\":\\"tok\\"}"')).toBe('"{\\"authorizer_access_token\\":\\"***\\"}"');
    expect(redact('via http://user:p4ss@proxy.example:8080')).toBe('via http://user:***@proxy.example:8080');
  });

  it('masks known values wherever they appear', () => {
    expect(redact('token TOKEN-abcdef in prose', ['TOKEN-abcdef'])).toBe('token *** in prose');
  });
});

describe('no secret or token in errors, causes, stacks or logs', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  /** Every way an error gets printed. */
  function printed(error: unknown): string {
    const e = error as Error & { cause?: Error };
    return [
      inspect(error, { depth: 10 }),
      inspect(error, { depth: 10, showHidden: true }),
      String(error),
      JSON.stringify(error),
      e.stack,
      e.cause?.stack,
      inspect(e.cause, { depth: 10 }),
    ].join('\n');
  }

  function expectClean(text: string, tokens: (string | undefined)[]) {
    expect(text).not.toContain(APP.secret);
    for (const token of tokens) if (token) expect(text).not.toContain(token);
  }

  it('API errors whose errmsg echoes the token or the secret', async () => {
    const { lines, logger } = captureLogger();
    const client = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST, logger });
    await client.getAccessToken();
    const token = server.currentToken!;
    server.on('POST /cgi-bin/media/uploadimg', {
      json: {
        errcode: 40005,
        errmsg: `invalid file type for access_token=${token} and ${token} secret ${APP.secret} rid: 1-2-3`,
      },
    });
    const error = await client.uploadImage(PNG).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinError);
    const text = printed(error);
    expectClean(text, [token]);
    expect(text).toContain('access_token=***');
    expectClean(lines.join('\n'), [token]);
    // The logger saw the calls, with their URLs masked.
    expect(lines.some((l) => l.includes('/cgi-bin/media/uploadimg?access_token=***'))).toBe(true);
  });

  it('HTTP 5xx bodies that echo the request', async () => {
    const client = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST, token: 'classic' });
    await client.getAccessToken();
    const token = server.currentToken!;
    server.on('POST /cgi-bin/media/uploadnews', (r) => ({
      status: 500,
      text: `upstream failed for ${r.path}?${new URLSearchParams(r.query)} {"secret":"${APP.secret}"}`,
      contentType: 'text/plain',
    }));
    const error = await client.uploadNews([{ title: 't', content: 'c', thumb_media_id: 'm' }]).catch((e: unknown) => e);
    expect((error as { body?: string }).body).toContain('access_token=***');
    expectClean(printed(error), [token]);
  });

  it('network failures of the classic token call (secret in the URL) and the logs of it', async () => {
    const { lines, logger } = captureLogger();
    server.on('GET /cgi-bin/token', { drop: true });
    const client = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST, token: 'classic', logger });
    const error = await client.uploadImage(PNG).catch((e: unknown) => e);
    expect((error as { kind?: string }).kind).toBe('network');
    expectClean(printed(error), []);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('secret=***'))).toBe(true);
    expectClean(lines.join('\n'), []);
  });

  it('timeouts and dropped connections on calls carrying a token (function tokens too)', async () => {
    const token = server.issueToken();
    const { lines, logger } = captureLogger();
    const client = new WeixinClient({
      ...APP,
      secret: APP.secret,
      baseUrl: server.url,
      ...FAST,
      token: async () => token,
      timeoutMs: 30,
      logger,
    });
    server.on('POST /cgi-bin/draft/add', { delayMs: 200, json: {} });
    server.on('POST /cgi-bin/media/uploadimg', { drop: true });
    const timeout = await client.addDraft([{ title: 't', content: 'c', thumb_media_id: 'm' }]).catch((e: unknown) => e);
    const dropped = await client.uploadImage(PNG).catch((e: unknown) => e);
    expect((timeout as { kind?: string }).kind).toBe('timeout');
    expect((dropped as { kind?: string }).kind).toBe('network');
    expectClean(printed(timeout) + printed(dropped) + lines.join('\n'), [token]);
  });

  it('checkCredentials output', async () => {
    server.on('POST /cgi-bin/stable_token', {
      json: { errcode: 40125, errmsg: `invalid appsecret ${APP.secret} rid: 9-9` },
    });
    const verdict = await new WeixinClient({ ...APP, baseUrl: server.url, ...FAST }).checkCredentials();
    expectClean(JSON.stringify(verdict), []);
  });

  it('a proxy password never shows in the route description', () => {
    const client = new WeixinClient({ ...APP, proxy: 'http://user:hunter2-password@127.0.0.1:9' });
    expect(client.routeDescription).toBe('via proxy http://user:***@127.0.0.1:9');
  });
});

describe('the client object', () => {
  it('prints without its secret or tokens', async () => {
    const server = await startTestServer();
    try {
      const client = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST });
      const token = await client.getAccessToken();
      const text = [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), String(client)].join(
        '\n',
      );
      expect(text).toContain(APP.appid);
      expect(text).not.toContain(APP.secret);
      expect(text).not.toContain(token);
    } finally {
      await server.close();
    }
  });
});
