// Token rules: classic rotation with a grace period, stable token sharing and force_refresh limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { RID, call, classicToken, get, postJson } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP], clock: Date.UTC(2026, 0, 10, 4, 0, 0) });
});
afterEach(() => emu.close());

const draftCount = (token: string) =>
  fetch(`${emu.url}/cgi-bin/draft/count?access_token=${token}`).then((r) => r.json());
const stable = (force?: unknown) =>
  postJson(emu, '/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: TEST_APP.appid,
    secret: TEST_APP.secret,
    ...(force === undefined ? {} : { force_refresh: force }),
  });

describe('cgi-bin/token (classic)', () => {
  it('issues a new token on each call; the previous one works 5 more minutes, then 40001', async () => {
    const first = await get(
      emu,
      `/cgi-bin/token?grant_type=client_credential&appid=${TEST_APP.appid}&secret=${TEST_APP.secret}`,
    );
    expect(first.body).toEqual({ access_token: expect.stringMatching(/^\d+_[\w-]+$/), expires_in: 7200 });
    const old = first.body.access_token as string;
    const fresh = await classicToken(emu);
    expect(fresh).not.toBe(old);
    emu.clock.advance(299_000);
    expect(await draftCount(old)).toEqual({ total_count: 0 });
    emu.clock.advance(1_000);
    const refused = await draftCount(old);
    expect(refused.errcode).toBe(40001);
    expect(refused.errmsg).toMatch(
      /^invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken rid: /,
    );
    expect(await draftCount(fresh)).toEqual({ total_count: 0 });
  });

  it('expires after expires_in with 42001', async () => {
    const token = await classicToken(emu);
    emu.clock.advance(7_199_000);
    expect((await draftCount(token)).total_count).toBe(0);
    emu.clock.advance(1_000);
    const expired = await draftCount(token);
    expect(expired.errcode).toBe(42001);
    expect(expired.errmsg).toMatch(/^access_token expired rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });

  it('41001 without a token, 40014 for a malformed one, 40001 for one it never issued', async () => {
    expect((await postJson(emu, '/cgi-bin/draft/add', { articles: [] })).body.errcode).toBe(41001);
    expect((await postJson(emu, '/cgi-bin/draft/add?access_token=', { articles: [] })).body.errcode).toBe(41001);
    expect((await call(emu, 'draft/add', 'not a token', { articles: [] })).body.errcode).toBe(40014);
    expect((await call(emu, 'draft/add', `12_${'A'.repeat(100)}`, { articles: [] })).body.errcode).toBe(40001);
  });

  it('checks grant_type, appid and secret', async () => {
    const base = '/cgi-bin/token?grant_type=client_credential';
    expect(
      (await get(emu, `/cgi-bin/token?grant_type=password&appid=${TEST_APP.appid}&secret=${TEST_APP.secret}`)).body
        .errcode,
    ).toBe(40002);
    expect((await get(emu, `${base}&appid=wxffffffffffffffff&secret=${TEST_APP.secret}`)).body.errcode).toBe(40013);
    const wrong = await get(emu, `${base}&appid=${TEST_APP.appid}&secret=wrong`);
    expect(wrong.body.errcode).toBe(40125);
    expect(wrong.body.errmsg).toMatch(RID);
  });

  it('is limited to 2000 calls a day (45009), reset at midnight Beijing time', async () => {
    const limited = await startEmulator({
      port: 0,
      apps: [TEST_APP],
      clock: Date.UTC(2026, 0, 10, 15, 0, 0),
      limits: { classicTokenPerDay: 2 },
    });
    try {
      await classicToken(limited);
      await classicToken(limited);
      expect(
        (
          await get(
            limited,
            `/cgi-bin/token?grant_type=client_credential&appid=${TEST_APP.appid}&secret=${TEST_APP.secret}`,
          )
        ).body.errcode,
      ).toBe(45009);
      limited.clock.advance(3600_000); // 16:00 UTC is midnight in Beijing
      expect(await classicToken(limited)).toMatch(/_/);
    } finally {
      await limited.close();
    }
  });
});

describe('cgi-bin/stable_token', () => {
  it('shares the still-valid token, with what remains of its lifetime', async () => {
    const first = await stable();
    expect(first.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    emu.clock.advance(1000 * 1000);
    const again = await stable(false);
    expect(again.body).toEqual({ access_token: first.body.access_token, expires_in: 6200 });
    emu.clock.advance(6200 * 1000);
    const renewed = await stable();
    expect(renewed.body.access_token).not.toBe(first.body.access_token);
    expect(renewed.body.expires_in).toBe(7200);
  });

  it('force_refresh issues a new token and invalidates the old one at once', async () => {
    const old = (await stable()).body.access_token;
    const forced = await stable(true);
    expect(forced.body.access_token).not.toBe(old);
    expect((await draftCount(old)).errcode).toBe(40001);
    expect((await draftCount(forced.body.access_token)).total_count).toBe(0);
  });

  it('limits force_refresh to one per 30 s (45011) and 20 a day (45009)', async () => {
    await stable(true);
    emu.clock.advance(29_000);
    const tooSoon = await stable(true);
    expect(tooSoon.body.errcode).toBe(45011);
    expect(tooSoon.body.errmsg).toMatch(RID);
    for (let i = 1; i < 20; i += 1) {
      emu.clock.advance(30_000);
      expect((await stable(true)).body.access_token).toBeTruthy();
    }
    emu.clock.advance(30_000);
    expect((await stable(true)).body.errcode).toBe(45009);
    // Normal mode still hands out the current token.
    expect((await stable(false)).body.access_token).toBeTruthy();
  });

  it('is independent of the classic token', async () => {
    const s = (await stable()).body.access_token;
    const c = await classicToken(emu);
    emu.clock.advance(10 * 60_000);
    await classicToken(emu);
    expect((await draftCount(s)).total_count).toBe(0);
    expect((await stable()).body.access_token).toBe(s);
    expect((await draftCount(c)).total_count).toBe(0); // still in its grace period
  });

  it('47001 for a body that is not JSON, 40125 for a wrong secret', async () => {
    expect((await postJson(emu, '/cgi-bin/stable_token', 'grant_type=client_credential')).body.errcode).toBe(47001);
    expect(
      (
        await postJson(emu, '/cgi-bin/stable_token', {
          grant_type: 'client_credential',
          appid: TEST_APP.appid,
          secret: 'x',
        })
      ).body.errcode,
    ).toBe(40125);
  });
});

describe('IP whitelist', () => {
  it('refuses tokens to callers outside it with 40164 naming the IP', async () => {
    const strict = await startEmulator({ port: 0, apps: [TEST_APP], whitelist: ['203.0.113.7'] });
    try {
      const answer = await get(
        strict,
        `/cgi-bin/token?grant_type=client_credential&appid=${TEST_APP.appid}&secret=${TEST_APP.secret}`,
      );
      expect(answer.body.errcode).toBe(40164);
      expect(answer.body.errmsg).toMatch(
        /^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/,
      );
      const viaStable = await postJson(strict, '/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: TEST_APP.appid,
        secret: TEST_APP.secret,
      });
      expect(viaStable.body.errcode).toBe(40164);
    } finally {
      await strict.close();
    }
    const allowed = await startEmulator({ port: 0, apps: [TEST_APP], whitelist: ['127.0.0.1'] });
    try {
      expect(await classicToken(allowed)).toBeTruthy();
    } finally {
      await allowed.close();
    }
  });
});
