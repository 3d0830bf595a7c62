import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinClient } from '../src/index.js';
import { APP, FAST, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
  server.on('GET /cgi-bin/draft/count', { json: { total_count: 2 } });
});
afterEach(() => server.close());

describe('checkCredentials', () => {
  it('ok: fetches a token and says so', async () => {
    const verdict = await new WeixinClient({ ...APP, baseUrl: server.url, ...FAST }).checkCredentials();
    expect(verdict.ok).toBe(true);
    expect(verdict).toMatchObject({ appid: APP.appid, baseUrl: server.url, tokenMode: 'stable', expiresIn: 7200 });
    expect(verdict.checks.map((c) => [c.name, c.ok])).toEqual([
      ['appid', true],
      ['secret', true],
      ['route', true],
      ['token', true],
      ['permissions', true],
    ]);
    expect(verdict.checks[3]!.message).toBe('obtained from stable_token, valid for 7200 s');
    expect(verdict.checks[4]!.message).toBe('draft box reachable (2 drafts)');
    expect(server.calls('stable_token')).toHaveLength(1);
  });

  it('48001: the account may not use the API, and the hint says why', async () => {
    server.on('GET /cgi-bin/draft/count', { json: { errcode: 48001, errmsg: 'api unauthorized rid: 9-9' } });
    const verdict = await new WeixinClient({ ...APP, baseUrl: server.url, ...FAST }).checkCredentials();
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'permissions')).toMatchObject({
      ok: false,
      errcode: 48001,
      hint: expect.any(String),
    });
  });

  it('bypasses a cached token so a changed secret is noticed', async () => {
    const client = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST });
    await client.getAccessToken();
    server.on('POST /cgi-bin/stable_token', { json: { errcode: 40125, errmsg: 'invalid appsecret rid: 1-1' } });
    const verdict = await client.checkCredentials();
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'token')).toMatchObject({ ok: false, errcode: 40125 });
  });

  it('40164: says which IP to whitelist', async () => {
    server.on('POST /cgi-bin/stable_token', {
      json: { errcode: 40164, errmsg: 'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 5-5' },
    });
    const verdict = await new WeixinClient({ ...APP, baseUrl: server.url, ...FAST }).checkCredentials();
    const token = verdict.checks.find((c) => c.name === 'token')!;
    expect(verdict.ok).toBe(false);
    expect(token.errcode).toBe(40164);
    expect(token.message).toMatch(/203\.0\.113\.9 is not on the account's IP whitelist/);
    expect(token.hint).toMatch(/proxy/);
  });

  it('no secret: fails without calling, and says what to set', async () => {
    const verdict = await new WeixinClient({ appid: APP.appid, baseUrl: server.url, ...FAST }).checkCredentials();
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'secret')!.message).toMatch(/WEIXIN_APPSECRET/);
    expect(verdict.checks.find((c) => c.name === 'token')!.ok).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it('a malformed appid is flagged; an unreachable server is explained', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const verdict = await new WeixinClient({
      appid: 'wx-not-an-appid',
      secret: APP.secret,
      baseUrl: url,
      ...FAST,
      retries: 0,
    }).checkCredentials();
    expect(verdict.checks.find((c) => c.name === 'appid')).toMatchObject({ ok: false });
    expect(verdict.checks.find((c) => c.name === 'token')!.message).toMatch(
      /could not connect .*ECONNREFUSED.*Check the network/,
    );
  });

  it('a token function needs no secret', async () => {
    const token = server.issueToken();
    const verdict = await new WeixinClient({
      appid: APP.appid,
      baseUrl: server.url,
      token: async () => token,
    }).checkCredentials();
    expect(verdict.ok).toBe(true);
    expect(verdict.tokenMode).toBe('function');
    expect(verdict.checks.find((c) => c.name === 'secret')!.message).toMatch(/not needed/);
  });

  it('classic mode warns that each call replaces the token', async () => {
    const verdict = await new WeixinClient({ ...APP, baseUrl: server.url, token: 'classic' }).checkCredentials();
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.find((c) => c.name === 'token')!.message).toMatch(/invalidates the previous token/);
    expect(server.calls('token')).toHaveLength(1);
  });
});
