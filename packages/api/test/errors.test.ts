import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinApiError, WeixinClient, WeixinHttpError } from '../src/index.js';
import { hintFor, nextBeijingMidnight, parseIp, parseRid } from '../src/hints.js';
import { APP, FAST, startTestServer, type TestServer, ARTICLES, PNG } from './helpers/server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

function make() {
  return new WeixinClient({ ...APP, baseUrl: server.url, ...FAST });
}

describe('answers are parsed as JSON whatever the content type says', () => {
  it('application/json; encoding=utf-8 and text/plain', async () => {
    server.on(
      'POST /cgi-bin/media/uploadimg',
      { json: { url: 'a' }, contentType: 'application/json; encoding=utf-8' },
      { text: '{"url":"b"}', contentType: 'text/plain' },
    );
    const client = make();
    await expect(client.uploadImage(PNG)).resolves.toEqual({ url: 'a' });
    await expect(client.uploadImage(PNG)).resolves.toEqual({ url: 'b' });
  });

  it('an errcode in a text/plain body is still a WeixinApiError', async () => {
    server.on('POST /cgi-bin/media/uploadimg', {
      text: '{"errcode":40009,"errmsg":"invalid image size hint: [q1w2e3]"}',
      contentType: 'text/plain',
    });
    await expect(make().uploadImage(PNG)).rejects.toMatchObject({
      name: 'WeixinApiError',
      errcode: 40009,
      rid: 'q1w2e3',
      call: 'media/uploadimg',
    });
  });

  it('a non-JSON 4xx is a WeixinHttpError naming the status, not retried', async () => {
    server.on('POST /cgi-bin/media/uploadimg', { status: 404, text: 'Not Found', contentType: 'text/html' });
    const error = (await make()
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinHttpError;
    expect(error).toBeInstanceOf(WeixinHttpError);
    expect(error).toMatchObject({ kind: 'status', status: 404, body: 'Not Found', call: 'media/uploadimg' });
    expect(error.hint).toMatch(/check baseUrl/);
    expect(server.calls('media/uploadimg')).toHaveLength(1);
  });

  it('a token answer without access_token is a WeixinHttpError', async () => {
    server.on('POST /cgi-bin/stable_token', { json: { expires_in: 7200 } });
    await expect(make().getAccessToken()).rejects.toMatchObject({
      name: 'WeixinHttpError',
      kind: 'malformed',
      call: 'stable_token',
    });
  });
});

describe('WeixinApiError fields and hints', () => {
  it('40164 names the IP to add to the whitelist', async () => {
    server.on('POST /cgi-bin/stable_token', {
      json: {
        errcode: 40164,
        errmsg: 'invalid ip 120.244.112.8 ipv6 ::ffff:120.244.112.8, not in whitelist rid: 68aeab12-21ea7934-3a442456',
      },
    });
    const error = (await make()
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error).toBeInstanceOf(WeixinApiError);
    expect(error.errcode).toBe(40164);
    expect(error.ip).toBe('120.244.112.8');
    expect(error.rid).toBe('68aeab12-21ea7934-3a442456');
    expect(error.call).toBe('stable_token');
    expect(error.hint).toContain('120.244.112.8');
    expect(error.hint).toMatch(/IP whitelist/);
    expect(error.hint).toMatch(/proxy/);
    expect(error.message).toBe(
      'errcode 40164: invalid ip 120.244.112.8 ipv6 ::ffff:120.244.112.8, not in whitelist rid: 68aeab12-21ea7934-3a442456',
    );
  });

  it('40007 on draft/add explains permanent thumbs', async () => {
    server.on('POST /cgi-bin/draft/add', {
      json: { errcode: 40007, errmsg: 'invalid media_id hint: [EHBWfA02911552]' },
    });
    const error = (await make()
      .addDraft(ARTICLES)
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error).toMatchObject({ errcode: 40007, call: 'draft/add', rid: 'EHBWfA02911552', maybeCommitted: false });
    expect(error.hint).toMatch(/permanent thumb_media_id/);
    expect(error.hint).toMatch(/3 days/);
  });

  it('45009 says when the quota resets (midnight Beijing time, UTC+8)', () => {
    const now = Date.parse('2026-03-01T10:00:00Z'); // 18:00 in Beijing
    expect(nextBeijingMidnight(now).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(nextBeijingMidnight(Date.parse('2026-03-01T17:00:00Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    const hint = hintFor(45009, { call: 'media/uploadnews', errmsg: 'reach max api daily quota limit', now });
    expect(hint).toMatch(/midnight Beijing time \(UTC\+8\)/);
    expect(hint).toContain('2026-03-01T16:00:00Z');
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
      [45028, /mass-send quota/],
      [43004, /follow/],
    ];
    for (const [errcode, pattern] of expectations) {
      expect(hintFor(errcode, { call: 'media/uploadimg', errmsg: '', now: 0 }), String(errcode)).toMatch(pattern);
    }
    expect(hintFor(99999, { call: 'x', errmsg: '', now: 0 })).toBeUndefined();
  });

  it('an unknown errcode is still a WeixinApiError, without a hint', async () => {
    server.on('POST /cgi-bin/media/uploadimg', { json: { errcode: '61451', errmsg: 'invalid parameter' } });
    const error = (await make()
      .uploadImage(PNG)
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error.errcode).toBe(61451);
    expect(error.hint).toBeUndefined();
  });

  it('errcode 0 with a payload is a success', async () => {
    server.on('POST /cgi-bin/freepublish/submit', {
      json: { errcode: 0, errmsg: 'ok', publish_id: '2247483647', msg_data_id: 1 },
    });
    await expect(make().submitPublish('D')).resolves.toEqual({
      errcode: 0,
      errmsg: 'ok',
      publish_id: '2247483647',
      msg_data_id: 1,
    });
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
