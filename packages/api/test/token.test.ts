// Tokens against the real emulator, with a recording fetch in front of it to see which token
// each call carried and what each token call asked for.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinApiError, WeixinClient, type WeixinClientOptions } from '../src/index.js';
import { article, clientFor, otherSystemToken, pictures, start } from './helpers/emulator.js';
import { recorder } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';

let emulator: Emulator;
let net: ReturnType<typeof recorder>;
let dir: string;
beforeEach(async () => {
  emulator = await start();
  net = recorder();
  dir = await mkdtemp(path.join(os.tmpdir(), 'weixin-api-token-'));
});
afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const make = (extra: Partial<WeixinClientOptions> = {}) => clientFor(emulator, { fetch: net.fetch, ...extra });
const forceFlags = () => net.calls('stable_token').map((r) => r.json?.['force_refresh']);
const tokensSent = (call = 'draft/count') => net.calls(call).map((r) => r.query['access_token']);
const stableNow = () =>
  emulator.state().tokens.findLast((t) => t.kind === 'stable' && t.status === 'valid')!.access_token;

describe('stable token', () => {
  it('is fetched once with a JSON body (force_refresh false) and cached', async () => {
    const client = make();
    for (let i = 0; i < 3; i += 1) await client.countDrafts();
    const tokens = net.calls('stable_token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.method).toBe('POST');
    expect(tokens[0]!.query).toEqual({});
    expect(tokens[0]!.json).toEqual({ grant_type: 'client_credential', ...TEST_APP, force_refresh: false });
    expect(new Set(tokensSent())).toEqual(new Set([stableNow()]));
  });

  it('is refreshed once the safety margin before expiry is reached', async () => {
    await emulator.close();
    emulator = await start({ clock: Date.parse('2026-03-01T00:00:00Z') });
    const client = make({ now: () => emulator.clock.now(), tokenMarginMs: 300_000 });
    await client.countDrafts();
    emulator.clock.advance((7200 - 301) * 1000); // still outside the margin
    await client.countDrafts();
    expect(net.calls('stable_token')).toHaveLength(1);
    emulator.clock.advance(2000); // now inside the last 300 s
    await client.countDrafts();
    expect(forceFlags()).toEqual([false, false]);
  });

  it('concurrent callers share one refresh', async () => {
    const client = make();
    await Promise.all(Array.from({ length: 10 }, () => client.countDrafts()));
    expect(net.calls('stable_token')).toHaveLength(1);
    expect(new Set(tokensSent()).size).toBe(1);
  });

  for (const errcode of [40001, 42001, 40014]) {
    it(`after ${errcode}, asks again, forces a refresh when normal mode hands back the rejected token, and replays once`, async () => {
      const client = make();
      await client.countDrafts();
      const first = stableNow();
      // The emulator still hands out `first` in normal mode, yet rejects it for this call.
      emulator.faults.add({ kind: 'error', call: 'draft/count', errcode, count: 1 });
      await expect(client.countDrafts()).resolves.toEqual({ total_count: 0 });
      expect(forceFlags()).toEqual([false, false, true]);
      expect(tokensSent()).toEqual([first, first, stableNow()]);
      expect(stableNow()).not.toBe(first);
    });
  }

  it('after a rejection, a newer token from normal mode is used without force_refresh (another system already forced one)', async () => {
    const client = make();
    await client.countDrafts();
    const first = stableNow();
    const newer = await otherSystemToken(emulator, true); // `first` is dead now
    await client.countDrafts();
    expect(forceFlags()).toEqual([false, false]);
    expect(tokensSent()).toEqual([first, first, newer]);
  });

  it('replays only once: a second rejection is thrown with a hint', async () => {
    const client = make();
    emulator.faults.add({ kind: 'error', call: 'draft/count', errcode: 40001, count: 2 });
    const error = await client.countDrafts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinApiError);
    expect((error as WeixinApiError).errcode).toBe(40001);
    expect((error as WeixinApiError).hint).toMatch(/classic cgi-bin\/token/);
    expect(net.calls('draft/count')).toHaveLength(2);
    expect(forceFlags()).toEqual([false, false, true]);
  });

  it('ten concurrent rejections cause one refresh (the failing token is compared with the held one)', async () => {
    // Calls carrying the first token are refused (answered here, so the order of arrival does not
    // matter), though the emulator's normal-mode stable_token still hands that token out.
    let first: string | undefined;
    net = recorder((sent) =>
      sent.call === 'draft/count' && first !== undefined && sent.query['access_token'] === first
        ? { errcode: 40001, errmsg: 'invalid credential rid: 6a1b-7' }
        : undefined,
    );
    const client = make();
    await client.countDrafts();
    first = stableNow();
    await Promise.all(Array.from({ length: 10 }, () => client.countDrafts()));
    // One refresh cycle: normal mode returns the rejected token, so one force_refresh.
    expect(forceFlags()).toEqual([false, false, true]);
    expect(net.calls('draft/count')).toHaveLength(1 + 10 + 10);
  });

  it('ten concurrent rejections of an expired token cause one refresh', async () => {
    const client = make();
    await client.countDrafts();
    emulator.faults.add({ kind: 'token-expired', call: 'draft/count', count: 1 }); // expired: normal mode issues a new one
    await Promise.all(Array.from({ length: 10 }, () => client.countDrafts()));
    expect(forceFlags()).toEqual([false, false]);
    expect(net.calls('draft/count')).toHaveLength(1 + 10 + 10);
  });

  it('a rejection that arrives after another caller refreshed reuses the newer token', async () => {
    // The first rejection is held back until the second caller has refreshed and replayed; the
    // slow caller then replays with that newer token instead of refreshing again.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let old: string | undefined;
    let held = false;
    net = recorder(async (sent) => {
      if (sent.call !== 'draft/count' || old === undefined) return undefined;
      if (sent.query['access_token'] !== old) release();
      else if (!held) {
        held = true;
        await gate;
      }
      return undefined;
    });
    const client = make();
    await client.countDrafts();
    old = stableNow();
    const newer = await otherSystemToken(emulator, true);
    await Promise.all([client.countDrafts(), client.countDrafts()]);
    expect(net.calls('stable_token')).toHaveLength(2);
    expect(tokensSent().filter((t) => t === old)).toHaveLength(3);
    expect(tokensSent().filter((t) => t === newer)).toHaveLength(2);
  });

  it('uploadnews is replayed after a token rejection (a refused call created nothing)', async () => {
    const client = make();
    const { thumb } = await pictures();
    const { thumb_media_id } = await client.uploadThumb(thumb);
    await otherSystemToken(emulator, true);
    await expect(client.uploadNews([article(thumb_media_id)])).resolves.toHaveProperty('media_id');
    expect(net.calls('media/uploadnews')).toHaveLength(2);
    expect(emulator.state().news).toHaveLength(1);
  });

  it('40001 from the token call itself means a wrong secret', async () => {
    emulator.faults.add({ kind: 'error', call: 'stable_token', errcode: 40001 });
    const error = (await make()
      .getAccessToken()
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error.hint).toMatch(/AppSecret does not match/);
  });
});

describe('token errors that are not retried', () => {
  const cases: [number, Partial<WeixinClientOptions>, (() => Promise<void>) | undefined][] = [
    [40013, { appid: 'wxffffffffffffffff' }, undefined],
    [40125, { secret: 'wrong-secret-0123456789' }, undefined],
    [
      40164,
      {},
      async () => {
        await emulator.close();
        emulator = await start({ whitelist: ['198.51.100.1'] });
      },
    ],
    [
      40001,
      {},
      async () => {
        emulator.faults.add({ kind: 'error', call: 'stable_token', errcode: 40001 });
      },
    ],
  ];
  for (const [errcode, options, prepare] of cases) {
    it(`token errcode ${errcode}`, async () => {
      await prepare?.();
      const error = (await make(options)
        .countDrafts()
        .catch((e: unknown) => e)) as WeixinApiError;
      expect(error).toBeInstanceOf(WeixinApiError);
      expect(error).toMatchObject({ errcode, call: 'stable_token', hint: expect.any(String) });
      expect(net.calls('stable_token')).toHaveLength(1);
      expect(net.calls('draft/count')).toHaveLength(0);
    });
  }
});

describe('classic token', () => {
  it('GET cgi-bin/token with grant_type, appid and secret', async () => {
    const client = make({ token: 'classic' });
    await client.countDrafts();
    await client.countDrafts();
    const tokens = net.calls('token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.method).toBe('GET');
    expect(tokens[0]!.query).toEqual({ grant_type: 'client_credential', ...TEST_APP });
    expect(net.calls('stable_token')).toHaveLength(0);
    const classic = emulator.state().tokens.find((t) => t.kind === 'classic')!.access_token;
    expect(tokensSent()).toEqual([classic, classic]);
  });

  it('after a rejection fetches a new one and replays', async () => {
    const client = make({ token: 'classic' });
    await client.getAccessToken();
    emulator.faults.add({ kind: 'token-expired', call: 'draft/count', count: 1 });
    await client.countDrafts();
    expect(net.calls('token')).toHaveLength(2);
    expect(net.calls('draft/count')).toHaveLength(2);
  });
});

describe('token function', () => {
  it('is used instead of any token call, with a string answer', async () => {
    const token = await otherSystemToken(emulator, false);
    const asked: boolean[] = [];
    const client = make({
      secret: '',
      token: async ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return token;
      },
    });
    await client.countDrafts();
    await client.countDrafts();
    expect(asked).toEqual([false]);
    expect(net.calls('stable_token')).toHaveLength(0);
    expect(tokensSent()).toEqual([token, token]);
  });

  it('honours expires_in and is asked again (forceRefresh) after a rejection', async () => {
    const asked: boolean[] = [];
    let now = 5_000_000;
    const client = make({
      secret: '',
      now: () => now,
      token: async ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return { access_token: await otherSystemToken(emulator, false), expires_in: 600 };
      },
    });
    await client.countDrafts();
    now += 200_000;
    await client.countDrafts();
    expect(asked).toEqual([false]);
    now += 150_000; // past 600 s minus the 300 s margin
    await client.countDrafts();
    expect(asked).toEqual([false, false]);
    emulator.faults.add({ kind: 'token-expired', call: 'draft/count', count: 1 });
    await client.countDrafts();
    expect(asked).toEqual([false, false, true]);
  });

  it('a bad answer from the function is a clear error', async () => {
    const client = new WeixinClient({ appid: TEST_APP.appid, token: async () => '' });
    await expect(client.countDrafts()).rejects.toThrow(/token function must return/);
  });
});

describe('token cache file', () => {
  it('is written atomically with mode 0600, keyed by appid and baseUrl, and read by the next client', async () => {
    const file = path.join(dir, 'nested', 'tokens.json');
    await make({ tokenCacheFile: file }).countDrafts();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    const key = `${TEST_APP.appid}@${emulator.url}`;
    expect(Object.keys(content.tokens)).toEqual([key]);
    expect(content.tokens[key].access_token).toBe(stableNow());
    expect(content.tokens[key].expires_at).toBeGreaterThan(Date.now());

    // A second client (a second build) takes the token from the file: no token call.
    await make({ tokenCacheFile: file }).countDrafts();
    expect(net.calls('stable_token')).toHaveLength(1);
    expect(tokensSent()).toEqual([stableNow(), stableNow()]);
  });

  it('keeps other accounts, replaces a loose file mode, and ignores an entry for another baseUrl', async () => {
    const file = path.join(dir, 'tokens.json');
    const other = { access_token: 'OTHER-TOKEN-abcdefgh', expires_at: Date.now() + 3_600_000 };
    const sameAppElsewhere = { access_token: 'ELSEWHERE-abcdefgh', expires_at: Date.now() + 3_600_000 };
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        tokens: {
          'wxffffffffffffffff@https://api.weixin.qq.com': other,
          [`${TEST_APP.appid}@https://api.weixin.qq.com`]: sameAppElsewhere,
        },
      }),
      { mode: 0o644 },
    );
    await make({ tokenCacheFile: file }).countDrafts();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content.tokens['wxffffffffffffffff@https://api.weixin.qq.com']).toEqual(other);
    expect(net.calls('stable_token')).toHaveLength(1);
    expect(tokensSent()).toEqual([stableNow()]);
  });

  it('a rejected token in the file is replaced and the file updated', async () => {
    const file = path.join(dir, 'tokens.json');
    await make({ tokenCacheFile: file }).countDrafts();
    const stale = stableNow();
    await otherSystemToken(emulator, true);
    await make({ tokenCacheFile: file }).countDrafts();
    expect(net.calls('stable_token')).toHaveLength(2);
    const entry = JSON.parse(await readFile(file, 'utf8')).tokens[`${TEST_APP.appid}@${emulator.url}`];
    expect(entry.access_token).not.toBe(stale);
    expect(entry.access_token).toBe(stableNow());
  });

  it('a corrupt file is only a cache miss', async () => {
    const file = path.join(dir, 'tokens.json');
    await writeFile(file, '{ not json');
    await make({ tokenCacheFile: file }).countDrafts();
    expect(net.calls('stable_token')).toHaveLength(1);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
  });
});
