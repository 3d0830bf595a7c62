import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hintFor, nextBeijingMidnight, parseIp, parseRid } from '../src/hints.js';
import { WeixinApiError, WeixinClient, WeixinHttpError } from '../src/index.js';
import { clientFor, start } from './helpers/emulator.js';
import { canned } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';

const PNG = { data: new Uint8Array([1, 2, 3]), filename: 'a.png', contentType: 'image/png' };

function cannedClient(answers: Parameters<typeof canned>[0]) {
  const net = canned(answers);
  return { net, client: new WeixinClient({ ...TEST_APP, fetch: net.fetch, retries: 0 }) };
}

const text = (body: string, init: ResponseInit) =>
  new Response(body, { ...init, headers: { 'content-type': 'text/plain', ...init.headers } });

describe('answers are parsed as JSON whatever the content type says', () => {
  it('application/json; encoding=utf-8 and text/plain', async () => {
    let n = 0;
    const { client } = cannedClient({
      'media/uploadimg': () => (n++ === 0 ? { url: 'a' } : text('{"url":"b"}', {})),
    });
    await expect(client.uploadImage(PNG)).resolves.toEqual({ url: 'a' });
    await expect(client.uploadImage(PNG)).resolves.toEqual({ url: 'b' });
  });

  it('an errcode in a text/plain body is still a WeixinApiError', async () => {
    const { client } = cannedClient({
      'media/uploadimg': () => text('{"errcode":40009,"errmsg":"invalid image size hint: [q1w2e3]"}', {}),
    });
    await expect(client.uploadImage(PNG)).rejects.toMatchObject({
      name: 'WeixinApiError',
      errcode: 40009,
      rid: 'q1w2e3',
      call: 'media/uploadimg',
    });
  });

  it('a non-JSON 4xx is a WeixinHttpError naming the status, not retried', async () => {
    const net = canned({ 'media/uploadimg': () => text('Not Found', { status: 404 }) });
    const error = (await new WeixinClient({ ...TEST_APP, fetch: net.fetch })
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinHttpError;
    expect(error).toBeInstanceOf(WeixinHttpError);
    expect(error).toMatchObject({ kind: 'status', status: 404, body: 'Not Found', call: 'media/uploadimg' });
    expect(error.hint).toMatch(/check baseUrl/);
    expect(net.calls('media/uploadimg')).toHaveLength(1);
  });

  it('a token answer without access_token is a WeixinHttpError', async () => {
    const { client } = cannedClient({ stable_token: { expires_in: 7200 } });
    await expect(client.getAccessToken()).rejects.toMatchObject({
      name: 'WeixinHttpError',
      kind: 'malformed',
      call: 'stable_token',
    });
  });

  it('an unknown errcode (even as a string) is still a WeixinApiError, without a hint', async () => {
    const { client } = cannedClient({ 'media/uploadimg': { errcode: '61451', errmsg: 'invalid parameter' } });
    const error = (await client.uploadImage(PNG).catch((e: unknown) => e)) as WeixinApiError;
    expect(error.errcode).toBe(61451);
    expect(error.hint).toBeUndefined();
  });

  it('errcode 0 with a payload is a success', async () => {
    const answer = { errcode: 0, errmsg: 'ok', publish_id: '2247483647', msg_data_id: 1 };
    const { client } = cannedClient({ 'freepublish/submit': answer });
    await expect(client.submitPublish('D')).resolves.toEqual(answer);
  });
});

describe('WeixinApiError fields, from the emulator', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await start({ whitelist: ['198.51.100.1'] });
  });
  afterEach(() => emulator.close());

  it('40164 names the IP to add to the whitelist, and the trace id', async () => {
    const error = (await clientFor(emulator)
      .countDrafts()
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error).toBeInstanceOf(WeixinApiError);
    expect(error).toMatchObject({ errcode: 40164, ip: '127.0.0.1', call: 'stable_token' });
    expect(error.message).toBe(
      `errcode 40164: invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist rid: ${error.rid}`,
    );
    expect(error.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(error.hint).toContain('127.0.0.1');
    expect(error.hint).toMatch(/IP whitelist/);
    expect(error.hint).toMatch(/proxy/);
    expect(error.answer).toEqual({ errcode: 40164, errmsg: error.errmsg });
  });
});

describe('the whole answer travels on the error', () => {
  it('45065 carries the msg_id of the send that already went out, and the hint names it', async () => {
    const net = canned({
      'message/mass/sendall': { errcode: 45065, errmsg: 'clientmsgid exist rid: 1-2-3', msg_id: 1000000001 },
    });
    const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch, allowMassSend: true });
    const error = (await client.sendAll('N', { clientmsgid: 'post-42' }).catch((e: unknown) => e)) as WeixinApiError;
    expect(error.errcode).toBe(45065);
    expect(error.answer).toEqual({ errcode: 45065, errmsg: 'clientmsgid exist rid: 1-2-3', msg_id: 1000000001 });
    expect(error.hint).toMatch(/already used .* \(msg_id 1000000001\)/);
    expect(error.hint).toMatch(/getMassStatus/);
    expect(error.maybeCommitted).toBe(false);
  });
});

describe('hints', () => {
  const hint = (errcode: number, call = 'media/uploadimg', now = 0) => hintFor(errcode, { call, errmsg: '', now });

  it('40007 on draft/add explains permanent thumbs', () => {
    expect(hint(40007, 'draft/add')).toMatch(/permanent thumb_media_id.*3 days/);
    expect(hint(40007, 'media/uploadnews')).toMatch(/Upload it again/);
  });

  it('45009 says when the quota resets (midnight Beijing time, UTC+8)', () => {
    const now = Date.parse('2026-03-01T10:00:00Z'); // 18:00 in Beijing
    expect(nextBeijingMidnight(now).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(nextBeijingMidnight(Date.parse('2026-03-01T17:00:00Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(hint(45009, 'media/uploadnews', now)).toMatch(
      /midnight Beijing time \(UTC\+8\), that is 2026-03-01T16:00:00Z/,
    );
  });

  it('45028 gives both mass-send quotas and when the daily one resets', () => {
    const now = Date.parse('2026-03-01T17:00:00Z');
    const text = hint(45028, 'message/mass/sendall', now);
    expect(text).toMatch(/Subscription accounts may send 1 a day/);
    expect(text).toMatch(/2026-03-02T16:00:00Z/);
    expect(text).toMatch(/service accounts 4 a month/);
  });

  it('every errcode the brief names has plain-words advice', () => {
    const expectations: [number, RegExp][] = [
      [-1, /busy/],
      [40001, /AppSecret|token/],
      [40125, /AppSecret is wrong/],
      [40013, /AppID/],
      [45011, /60 seconds/],
      [41005, /field named `media`/],
      [45166, /outside site|malformed HTML/],
      [48001, /verification/],
      [45002, /20,000 characters/],
      [45003, /32 characters/],
      [45004, /120 characters/],
      [44003, /empty/],
      [44004, /empty/],
      [40005, /JPG or PNG/],
      [40006, /too big/],
      [40009, /too big/],
      [43004, /follow/],
      [45065, /already used for a mass send/],
      [45066, /too quickly. Wait a minute/],
      [45067, /at most 64 bytes/],
      [53503, /failed the publish check/],
      [53504, /publish it from the web console/],
      [53505, /save it manually/],
    ];
    for (const [errcode, pattern] of expectations) expect(hint(errcode), String(errcode)).toMatch(pattern);
    expect(hint(99999)).toBeUndefined();
  });
});

describe('parsing errmsg', () => {
  it('rid and hint suffixes', () => {
    expect(parseRid('access_token expired rid: 68aeabxx-21ea79xx-3a4424xx')).toBe('68aeabxx-21ea79xx-3a4424xx');
    expect(parseRid('invalid media_id hint: [EHBWfA02911552]')).toBe('EHBWfA02911552');
    expect(parseRid('ok')).toBeUndefined();
  });

  it('the caller IP of 40164', () => {
    expect(parseIp('invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist')).toBe('1.2.3.4');
    expect(parseIp('invalid ip 240e:3b0::1, not in whitelist rid: x')).toBe('240e:3b0::1');
    expect(parseIp('something else')).toBeUndefined();
  });
});
