import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinClient } from '../src/index.js';
import { article, clientFor, closedUrl, otherSystemToken, pictures, start } from './helpers/emulator.js';
import { TEST_APP } from '../../../test/helpers/app.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(() => emulator.close());

describe('checkCredentials', () => {
  it('ok: fetches a token, reads the draft box, and says so', async () => {
    const setup = clientFor(emulator);
    const { thumb } = await pictures();
    const { media_id } = await setup.addMaterial('thumb', thumb);
    await setup.addDraft([article(media_id)]);
    await setup.addDraft([article(media_id)]);
    const before = emulator.requests.filter((r) => r.call === 'stable_token').length;

    const verdict = await clientFor(emulator).checkCredentials();
    expect(verdict.ok).toBe(true);
    expect(verdict).toMatchObject({
      appid: TEST_APP.appid,
      baseUrl: emulator.url,
      tokenMode: 'stable',
      expiresIn: 7200,
    });
    expect(verdict.checks.map((c) => [c.name, c.ok])).toEqual([
      ['appid', true],
      ['secret', true],
      ['route', true],
      ['token', true],
      ['permissions', true],
    ]);
    expect(verdict.checks[2]!.message).toBe(`${emulator.url}, direct`);
    expect(verdict.checks[3]!.message).toBe('obtained from stable_token, valid for 7200 s');
    expect(verdict.checks[4]!.message).toBe('draft box reachable (2 drafts)');
    expect(emulator.requests.filter((r) => r.call === 'stable_token').length - before).toBe(1);
  });

  it('48001: the account may not use the API, and the hint says why', async () => {
    emulator.faults.add({ kind: 'error', call: 'draft/count', errcode: 48001 });
    const verdict = await clientFor(emulator).checkCredentials();
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'permissions')).toMatchObject({
      ok: false,
      errcode: 48001,
      hint: expect.stringMatching(/API permissions/),
    });
  });

  it('bypasses a cached token so a changed secret is noticed', async () => {
    const client = clientFor(emulator);
    await client.getAccessToken();
    emulator.faults.add({ kind: 'error', call: 'stable_token', errcode: 40125 });
    const verdict = await client.checkCredentials();
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'token')).toMatchObject({ ok: false, errcode: 40125 });
  });

  it('40164: says which IP to whitelist', async () => {
    await emulator.close();
    emulator = await start({ whitelist: ['198.51.100.1'] });
    const verdict = await clientFor(emulator).checkCredentials();
    const token = verdict.checks.find((c) => c.name === 'token')!;
    expect(verdict.ok).toBe(false);
    expect(token.errcode).toBe(40164);
    expect(token.message).toMatch(/127\.0\.0\.1 is not on the account's IP whitelist/);
    expect(token.hint).toMatch(/proxy/);
  });

  it('no secret: fails without calling, and says what to set', async () => {
    const verdict = await new WeixinClient({ appid: TEST_APP.appid, baseUrl: emulator.url }).checkCredentials();
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'secret')!.message).toMatch(/WEIXIN_APPSECRET/);
    expect(verdict.checks.find((c) => c.name === 'token')).toMatchObject({
      ok: false,
      message: 'not tried: no AppSecret',
    });
    expect(emulator.requests).toHaveLength(0);
  });

  it('a malformed appid is flagged; an unreachable server is explained', async () => {
    const verdict = await new WeixinClient({
      appid: 'wx-not-an-appid',
      secret: TEST_APP.secret,
      baseUrl: await closedUrl(),
      retries: 0,
    }).checkCredentials();
    expect(verdict.checks.find((c) => c.name === 'appid')).toMatchObject({ ok: false });
    expect(verdict.checks.find((c) => c.name === 'token')!.message).toMatch(
      /could not connect .*ECONNREFUSED.*Check the network/,
    );
  });

  it('a token function needs no secret', async () => {
    const token = await otherSystemToken(emulator, false);
    const verdict = await new WeixinClient({
      appid: TEST_APP.appid,
      baseUrl: emulator.url,
      token: async () => token,
    }).checkCredentials();
    expect(verdict.ok).toBe(true);
    expect(verdict.tokenMode).toBe('function');
    expect(verdict.checks.find((c) => c.name === 'secret')!.message).toMatch(/not needed/);
    expect(verdict.checks.find((c) => c.name === 'token')!.message).toBe('obtained from your token function');
  });

  it('classic mode warns that each call replaces the token', async () => {
    const verdict = await clientFor(emulator, { token: 'classic' }).checkCredentials();
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.find((c) => c.name === 'token')!.message).toMatch(/invalidates the previous token/);
    expect(emulator.requests.filter((r) => r.call === 'token')).toHaveLength(1);
  });
});
