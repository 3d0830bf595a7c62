import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinApiError, WeixinClient } from '../src/index.js';
import { APP, FAST, startTestServer, withToken, type TestServer, PNG } from './helpers/server.js';

let server: TestServer;
let dir: string;
beforeEach(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'weixin-api-token-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function make(extra: Partial<ConstructorParameters<typeof WeixinClient>[0]> = {}) {
  return new WeixinClient({ ...APP, baseUrl: server.url, ...FAST, ...extra });
}

describe('stable token', () => {
  it('is fetched once with a JSON body (force_refresh false) and cached', async () => {
    const client = make();
    await client.uploadImage(PNG);
    await client.uploadImage(PNG);
    await client.uploadImage(PNG);
    const tokens = server.calls('stable_token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.method).toBe('POST');
    expect(tokens[0]!.query).toEqual({});
    expect(tokens[0]!.json).toEqual({
      grant_type: 'client_credential',
      appid: APP.appid,
      secret: APP.secret,
      force_refresh: false,
    });
  });

  it('is refreshed once the safety margin before expiry is reached', async () => {
    let now = 1_000_000;
    const client = make({ now: () => now, tokenMarginMs: 300_000 });
    await client.uploadImage(PNG);
    now += (7200 - 301) * 1000; // still outside the margin
    await client.uploadImage(PNG);
    expect(server.calls('stable_token')).toHaveLength(1);
    now += 2000; // now inside the last 300 s
    await client.uploadImage(PNG);
    expect(server.calls('stable_token')).toHaveLength(2);
    expect(server.calls('stable_token')[1]!.json?.['force_refresh']).toBe(false);
  });

  it('concurrent callers share one refresh', async () => {
    server.on('POST /cgi-bin/stable_token', (_r, s) => ({
      delayMs: 30,
      json: { access_token: s.issueToken(), expires_in: 7200 },
    }));
    const client = make();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.uploadImage(PNG)));
    expect(results).toHaveLength(10);
    expect(server.calls('stable_token')).toHaveLength(1);
    expect(new Set(server.calls('media/uploadimg').map((r) => r.query['access_token'])).size).toBe(1);
  });

  for (const errcode of [40001, 42001, 40014]) {
    it(`after ${errcode}, asks again, forces a refresh when normal mode hands back the rejected token, and replays once`, async () => {
      const client = make();
      await client.uploadImage(PNG);
      const first = server.currentToken!;
      // The server still hands out `first` in normal mode, yet rejects it for this call.
      server.on(
        'POST /cgi-bin/media/uploadimg',
        { json: { errcode, errmsg: `token problem rid: 6a1b2c3d-0000${errcode}-00000000` } },
        withToken({ json: { url: 'http://mmbiz.qpic.cn/replayed' } }),
      );
      await expect(client.uploadImage(PNG)).resolves.toEqual({ url: 'http://mmbiz.qpic.cn/replayed' });
      expect(server.calls('stable_token').map((r) => r.json?.['force_refresh'])).toEqual([false, false, true]);
      const uploads = server.calls('media/uploadimg');
      expect(uploads).toHaveLength(3);
      expect(uploads[1]!.query['access_token']).toBe(first);
      expect(uploads[2]!.query['access_token']).toBe(server.currentToken);
      expect(server.currentToken).not.toBe(first);
    });
  }

  it('after a rejection, a newer token from normal mode is used without force_refresh (another system already forced one)', async () => {
    const client = make();
    await client.uploadImage(PNG);
    const first = server.currentToken!;
    server.issueToken(); // someone else forced a refresh: `first` is dead, normal mode returns the new one
    await client.uploadImage(PNG);
    expect(server.calls('stable_token').map((r) => r.json?.['force_refresh'])).toEqual([false, false]);
    expect(server.calls('media/uploadimg').map((r) => r.query['access_token'])).toEqual([
      first,
      first,
      server.currentToken,
    ]);
  });

  it('replays only once: a second rejection is thrown with a hint', async () => {
    const client = make();
    server.on('POST /cgi-bin/media/uploadimg', { json: { errcode: 40001, errmsg: 'invalid credential rid: 6a1b-1' } });
    const error = await client.uploadImage(PNG).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinApiError);
    expect((error as WeixinApiError).errcode).toBe(40001);
    expect((error as WeixinApiError).hint).toMatch(/classic cgi-bin\/token/);
    expect(server.calls('media/uploadimg')).toHaveLength(2);
    expect(server.calls('stable_token').map((r) => r.json?.['force_refresh'])).toEqual([false, false, true]);
  });

  it('ten concurrent rejections cause one refresh (the failing token is compared with the held one)', async () => {
    const client = make();
    await client.uploadImage(PNG);
    const first = server.currentToken!;
    // `first` is refused for calls, though normal-mode stable_token still hands it out.
    server.on('POST /cgi-bin/media/uploadimg', (r) =>
      r.query['access_token'] === first
        ? { json: { errcode: 40001, errmsg: 'invalid credential rid: 6a1b-7' } }
        : { json: { url: 'http://mmbiz.qpic.cn/ok' } },
    );
    const results = await Promise.all(Array.from({ length: 10 }, () => client.uploadImage(PNG)));
    expect(results.every((r) => r.url === 'http://mmbiz.qpic.cn/ok')).toBe(true);
    // One refresh cycle: normal mode returns the rejected token, so one force_refresh.
    expect(server.calls('stable_token').map((r) => r.json?.['force_refresh'])).toEqual([false, false, true]);
    expect(server.calls('media/uploadimg')).toHaveLength(1 + 10 + 10);
  });

  it('ten concurrent rejections of an expired token cause one refresh', async () => {
    const client = make();
    await client.uploadImage(PNG);
    server.invalidateTokens(); // expired: normal mode hands out a new token
    await Promise.all(Array.from({ length: 10 }, () => client.uploadImage(PNG)));
    expect(server.calls('stable_token').map((r) => r.json?.['force_refresh'])).toEqual([false, false]);
    expect(server.calls('media/uploadimg')).toHaveLength(1 + 10 + 10);
  });

  it('a rejection that arrives after another caller refreshed reuses the newer token', async () => {
    const client = make();
    await client.uploadImage(PNG);
    const old = server.currentToken!;
    server.invalidateTokens();
    const rejected = { json: { errcode: 40001, errmsg: 'invalid credential rid: 6a1b-9' } };
    // The first rejection is slow; the second comes at once and its caller refreshes. The slow
    // caller then replays with that newer token instead of refreshing again.
    let seen = 0;
    server.on('POST /cgi-bin/media/uploadimg', (r) => {
      if (r.query['access_token'] !== old) return { json: { url: 'u' } };
      seen += 1;
      return seen === 1 ? { ...rejected, delayMs: 80 } : rejected;
    });
    const [a, b] = await Promise.all([client.uploadImage(PNG), client.uploadImage(PNG)]);
    expect([a.url, b.url]).toEqual(['u', 'u']);
    expect(server.calls('stable_token')).toHaveLength(2);
    const uploads = server.calls('media/uploadimg');
    expect(uploads.slice(1, 3).map((r) => r.query['access_token'])).toEqual([old, old]);
    expect(uploads.slice(3).map((r) => r.query['access_token'])).toEqual([server.currentToken, server.currentToken]);
  });

  it('uploadnews is replayed after a token rejection (a refused call created nothing)', async () => {
    const client = make();
    await client.getAccessToken();
    server.invalidateTokens();
    await expect(client.uploadNews([{ title: 't', content: '<p>c</p>', thumb_media_id: 'm' }])).resolves.toMatchObject({
      media_id: 'NEWS_MEDIA_1',
    });
    expect(server.calls('media/uploadnews')).toHaveLength(2);
  });

  for (const [errcode, errmsg] of [
    [40013, 'invalid appid rid: 6a1b-2'],
    [40125, 'invalid appsecret rid: 6a1b-3'],
    [40164, 'invalid ip 120.244.112.8 ipv6 ::ffff:120.244.112.8, not in whitelist rid: 6a1b-4'],
    [40001, 'invalid credential, access_token is invalid or not latest rid: 6a1b-5'],
  ] as const) {
    it(`token errcode ${errcode} is not retried`, async () => {
      server.on('POST /cgi-bin/stable_token', { json: { errcode, errmsg } });
      const error = (await make()
        .uploadImage(PNG)
        .catch((e: unknown) => e)) as WeixinApiError;
      expect(error).toBeInstanceOf(WeixinApiError);
      expect(error.errcode).toBe(errcode);
      expect(error.call).toBe('stable_token');
      expect(error.hint).toBeTruthy();
      expect(server.calls('stable_token')).toHaveLength(1);
      expect(server.calls('media/uploadimg')).toHaveLength(0);
    });
  }

  it('40001 from the token call itself means a wrong secret', async () => {
    server.on('POST /cgi-bin/stable_token', { json: { errcode: 40001, errmsg: 'invalid credential' } });
    const error = (await make()
      .getAccessToken()
      .catch((e: unknown) => e)) as WeixinApiError;
    expect(error.hint).toMatch(/AppSecret does not match/);
  });
});

describe('classic token', () => {
  it('GET cgi-bin/token with grant_type, appid and secret', async () => {
    const client = make({ token: 'classic' });
    await client.uploadImage(PNG);
    await client.uploadImage(PNG);
    const tokens = server.calls('token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.method).toBe('GET');
    expect(tokens[0]!.query).toEqual({ grant_type: 'client_credential', appid: APP.appid, secret: APP.secret });
    expect(server.calls('stable_token')).toHaveLength(0);
    expect(server.calls('media/uploadimg')[1]!.query['access_token']).toBe(server.currentToken);
  });

  it('after a rejection fetches a new one and replays', async () => {
    const client = make({ token: 'classic' });
    await client.getAccessToken();
    server.invalidateTokens();
    await client.uploadImage(PNG);
    expect(server.calls('token')).toHaveLength(2);
    expect(server.calls('media/uploadimg')).toHaveLength(2);
  });
});

describe('token function', () => {
  it('is used instead of any token call, with a string answer', async () => {
    const token = server.issueToken();
    const asked: boolean[] = [];
    const client = make({
      secret: '',
      token: async ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return token;
      },
    });
    await client.uploadImage(PNG);
    await client.uploadImage(PNG);
    expect(asked).toEqual([false]);
    expect(server.calls('stable_token')).toHaveLength(0);
    expect(server.calls('media/uploadimg')[0]!.query['access_token']).toBe(token);
  });

  it('honours expires_in and is asked again (forceRefresh) after a rejection', async () => {
    const asked: boolean[] = [];
    let now = 5_000_000;
    const client = make({
      secret: '',
      now: () => now,
      token: async ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return { access_token: server.issueToken(), expires_in: 600 };
      },
    });
    await client.uploadImage(PNG);
    now += 200_000;
    await client.uploadImage(PNG);
    expect(asked).toEqual([false]);
    now += 150_000; // past 600 s minus the 300 s margin
    await client.uploadImage(PNG);
    expect(asked).toEqual([false, false]);
    server.invalidateTokens();
    await client.uploadImage(PNG);
    expect(asked).toEqual([false, false, true]);
  });

  it('a bad answer from the function is a clear error', async () => {
    const client = make({ secret: '', token: async () => '' });
    await expect(client.uploadImage(PNG)).rejects.toThrow(/token function must return/);
  });
});

describe('token cache file', () => {
  it('is written atomically with mode 0600, keyed by appid and baseUrl, and read by the next client', async () => {
    const file = path.join(dir, 'nested', 'tokens.json');
    await make({ tokenCacheFile: file }).uploadImage(PNG);
    const mode = (await stat(file)).mode & 0o777;
    expect(mode).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    const key = `${APP.appid}@${server.url}`;
    expect(Object.keys(content.tokens)).toEqual([key]);
    expect(content.tokens[key].access_token).toBe(server.currentToken);
    expect(content.tokens[key].expires_at).toBeGreaterThan(Date.now());

    // A second client (a second build) takes the token from the file: no token call.
    await make({ tokenCacheFile: file }).uploadImage(PNG);
    expect(server.calls('stable_token')).toHaveLength(1);
    expect(server.calls('media/uploadimg')[1]!.query['access_token']).toBe(server.currentToken);
  });

  it('keeps other accounts, replaces a loose file mode, and ignores an entry for another baseUrl', async () => {
    const file = path.join(dir, 'tokens.json');
    const other = { access_token: 'OTHER-TOKEN-abcdefgh', expires_at: Date.now() + 3_600_000 };
    await writeFile(
      file,
      JSON.stringify({ version: 1, tokens: { 'wxffffffffffffffff@https://api.weixin.qq.com': other } }),
      { mode: 0o644 },
    );
    await make({ tokenCacheFile: file }).uploadImage(PNG);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content.tokens['wxffffffffffffffff@https://api.weixin.qq.com']).toEqual(other);
    expect(server.calls('stable_token')).toHaveLength(1);
  });

  it('a rejected token in the file is replaced and the file updated', async () => {
    const file = path.join(dir, 'tokens.json');
    await make({ tokenCacheFile: file }).uploadImage(PNG);
    const stale = server.currentToken!;
    server.invalidateTokens();
    await make({ tokenCacheFile: file }).uploadImage(PNG);
    expect(server.calls('stable_token')).toHaveLength(2);
    const content = JSON.parse(await readFile(file, 'utf8'));
    const entry = content.tokens[`${APP.appid}@${server.url}`];
    expect(entry.access_token).not.toBe(stale);
    expect(entry.access_token).toBe(server.currentToken);
  });

  it('a corrupt file is only a cache miss', async () => {
    const file = path.join(dir, 'tokens.json');
    await writeFile(file, '{ not json');
    await make({ tokenCacheFile: file }).uploadImage(PNG);
    expect(server.calls('stable_token')).toHaveLength(1);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
  });
});
