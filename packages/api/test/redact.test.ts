import { inspect } from 'node:util';
import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redact, type WeixinApiError, WeixinClient, WeixinError } from '../src/index.js';
import { clientFor, start } from './helpers/emulator.js';
import { canned, dropped, hang, TOKEN } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { capturingLogger } from '../../../test/helpers/logger.js';

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
  expect(text).not.toContain(TEST_APP.secret);
  for (const token of tokens) if (token) expect(text).not.toContain(token);
}

describe('no secret or token in errors, causes, stacks or logs', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await start();
  });
  afterEach(() => emulator.close());

  it('API errors whose errmsg echoes the token or the secret, and the answer they carry', async () => {
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    const client = clientFor(emulator, { logger });
    const token = await client.getAccessToken();
    emulator.faults.add({
      kind: 'error',
      call: 'draft/count',
      errcode: 40005,
      errmsg: `invalid file type for access_token=${token} and ${token} secret ${TEST_APP.secret}`,
    });
    const error = (await client.countDrafts().catch((e: unknown) => e)) as WeixinApiError;
    expect(error).toBeInstanceOf(WeixinError);
    expect(error.answer['errmsg']).toMatch(/^invalid file type for access_token=\*\*\* and \*\*\* secret \*\*\*/);
    const text = printed(error);
    expectClean(text, [token]);
    expect(text).toContain('access_token=***');
    expectClean(lines.join('\n'), [token]);
    // The logger saw the calls, with their URLs masked.
    expect(lines.some((l) => l.includes('/cgi-bin/draft/count?access_token=***'))).toBe(true);
  });

  it('network failures of the classic token call (secret in the URL) and the logs of it', async () => {
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    emulator.faults.add({ kind: 'drop', call: 'token' });
    const client = clientFor(emulator, { token: 'classic', logger });
    const error = await client.countDrafts().catch((e: unknown) => e);
    expect((error as { kind?: string }).kind).toBe('network');
    expectClean(printed(error), []);
    expect(lines.some((l) => l.includes('secret=***'))).toBe(true);
    expectClean(lines.join('\n'), []);
  });

  it('checkCredentials output', async () => {
    emulator.faults.add({
      kind: 'error',
      call: 'stable_token',
      errcode: 40125,
      errmsg: `invalid appsecret ${TEST_APP.secret}`,
    });
    const verdict = await clientFor(emulator).checkCredentials();
    expect(verdict.checks.find((c) => c.name === 'token')).toMatchObject({ ok: false, errcode: 40125 });
    expectClean(JSON.stringify(verdict), []);
  });

  it('the client object prints without its secret or tokens', async () => {
    const client = clientFor(emulator);
    const token = await client.getAccessToken();
    const text = [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), String(client)].join('\n');
    expect(text).toContain(TEST_APP.appid);
    expectClean(text, [token]);
  });
});

describe('failures the emulator cannot stage', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('HTTP 5xx bodies that echo the request', async () => {
    const net = canned({
      'media/uploadnews': (sent) =>
        new Response(`upstream failed for ${sent.url} {"secret":"${TEST_APP.secret}"}`, {
          status: 500,
          headers: { 'content-type': 'text/plain' },
        }),
    });
    const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch, token: 'classic' });
    const error = await client.uploadNews([{ title: 't', content: 'c', thumb_media_id: 'm' }]).catch((e: unknown) => e);
    expect((error as { body?: string }).body).toContain('access_token=***');
    expectClean(printed(error), [TOKEN]);
  });

  it('timeouts and dropped connections whose causes name the URL (function tokens too)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const token = 'TOKEN-from-a-function-0123456789';
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    const net = canned({
      'draft/add': hang,
      'media/uploadimg': (sent) => {
        throw dropped(`other side closed while sending ${sent.url}`);
      },
    });
    const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch, token: async () => token, timeoutMs: 30, logger });
    const timeout = client.addDraft([{ title: 't', content: 'c', thumb_media_id: 'm' }]).catch((e: unknown) => e);
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(30);
    const dropping = client
      .uploadImage({ data: new Uint8Array([1]), filename: 'a.png', contentType: 'image/png' })
      .catch((e: unknown) => e);
    for (let i = 0; i < 5; i += 1) await vi.advanceTimersByTimeAsync(10_000);
    const [timedOut, drop] = await Promise.all([timeout, dropping]);
    expect(timedOut).toMatchObject({ kind: 'timeout' });
    expect(drop).toMatchObject({ kind: 'network', code: 'UND_ERR_SOCKET' });
    expect((drop as Error).message).toContain('access_token=***');
    expectClean(printed(timedOut) + printed(drop) + lines.join('\n'), [token]);
  });

  it('a proxy password never shows in the route description', () => {
    const client = new WeixinClient({ ...TEST_APP, proxy: 'http://user:hunter2-password@127.0.0.1:9' });
    expect(client.routeDescription).toBe('via proxy http://user:***@127.0.0.1:9');
  });
});
