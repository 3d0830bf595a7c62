// State, reset, clock, independence of instances, and the state file.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP, startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { call, classicToken, get, jpeg, png, postJson, upload } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP] });
});
afterAll(() => emu.close());

async function publishOne(target: Emulator): Promise<string> {
  const token = await classicToken(target);
  const image = (await upload(target, 'media/uploadimg', token, await png(20, 20, '#a00'))).body.url;
  const thumb = (await upload(target, 'media/upload?type=thumb', token, await jpeg(20, 20, '#0a0'))).body
    .thumb_media_id;
  const news = await call(target, 'media/uploadnews', token, {
    articles: [{ title: 'T', content: `<p><img src="${image}"></p><img src="http://x/y.png">`, thumb_media_id: thumb }],
  });
  return news.body.media_id;
}

describe('state', () => {
  it('shows apps without secrets, tokens, uploads without bytes, messages, filtered items and requests', async () => {
    const mediaId = await publishOne(emu);
    const over = await get(emu, '/__emulator/state');
    expect(over.contentType).toBe('application/json; encoding=utf-8');
    const state = over.body;
    expect(JSON.stringify(state)).not.toContain(TEST_APP.secret);
    expect(state.apps).toEqual([{ appid: TEST_APP.appid }]);
    expect(state.tokens[0]).toMatchObject({
      appid: TEST_APP.appid,
      kind: 'classic',
      status: 'valid',
      access_token: expect.any(String),
    });
    expect(state.images[0]).toMatchObject({
      format: 'png',
      width: 20,
      height: 20,
      url: expect.stringContaining('/mmbiz_png/'),
    });
    expect(state.images[0].bytes).toBeUndefined();
    expect(state.media[0]).toMatchObject({
      type: 'thumb',
      expired: false,
      preview: expect.stringContaining('/__emulator/media/'),
    });
    expect(state.news[0].media_id).toBe(mediaId);
    expect(state.filtered).toEqual([
      expect.objectContaining({ kind: 'img', detail: 'http://x/y.png', media_id: mediaId }),
    ]);
    expect(state.requests.map((r: { call: string }) => r.call)).toEqual([
      'token',
      'media/uploadimg',
      'media/upload',
      'media/uploadnews',
    ]);
    expect(state.requests[3]).toMatchObject({
      method: 'POST',
      path: '/cgi-bin/media/uploadnews',
      errcode: 0,
      time: expect.any(Number),
    });
    expect(emu.state().news[0]!.media_id).toBe(mediaId);
  });

  it('does not log emulator routes or image downloads as API calls', async () => {
    const before = emu.requests.length;
    await fetch(`${emu.url}/__emulator/state`);
    await fetch(emu.state().images[0]!.url);
    await fetch(`${emu.url}/__emulator/`);
    expect(emu.requests.length).toBe(before);
  });

  it('resets over HTTP and through the API, keeping apps', async () => {
    const token = await classicToken(emu);
    expect((await postJson(emu, '/__emulator/reset', {})).body).toEqual({ ok: true });
    const state = emu.state();
    expect([state.news, state.images, state.tokens, state.requests]).toEqual([[], [], [], []]);
    expect((await call(emu, 'draft/add', token, {})).body.errcode).toBe(40001);
    await publishOne(emu);
    emu.reset();
    expect(emu.state().news).toEqual([]);
    expect(emu.requests).toEqual([]);
  });

  it('moves the clock over HTTP', async () => {
    const before = emu.clock.now();
    const { body } = await postJson(emu, '/__emulator/clock', { advanceMs: 86_400_000 });
    expect(body.now - before).toBeGreaterThanOrEqual(86_400_000);
    expect(body.now - before).toBeLessThan(86_400_000 + 5000);
    expect((await postJson(emu, '/__emulator/clock', { advance: 1 })).status).toBe(400);
  });
});

describe('instances', () => {
  it('two emulators in one process share nothing', async () => {
    const a = await startEmulator({ port: 0, apps: [TEST_APP] });
    const b = await startEmulator({ port: 0, apps: [TEST_APP] });
    try {
      await publishOne(a);
      expect(a.state().news).toHaveLength(1);
      expect(b.state().news).toHaveLength(0);
      expect(b.requests).toHaveLength(0);
      const tokenA = await classicToken(a);
      expect((await call(b, 'draft/add', tokenA, {})).body.errcode).toBe(40001);
      a.faults.add({ kind: 'busy' });
      expect(b.faults.list()).toEqual([]);
      a.clock.advance(1e9);
      expect(Math.abs(b.clock.now() - Date.now())).toBeLessThan(5000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('uses the documented test account when no apps are given', async () => {
    expect(DEFAULT_APP.appid).toMatch(/^wx[0-9a-f]{16}$/);
    const plain = await startEmulator();
    try {
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await classicToken(plain, DEFAULT_APP)).toBeTruthy();
    } finally {
      await plain.close();
    }
  });

  it('keeps uploads and tokens in a state file across restarts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'weixin-emulator-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startEmulator({ port: 0, apps: [TEST_APP], stateFile });
      const token = await classicToken(first);
      const url = (await upload(first, 'media/uploadimg', token, await png(9, 9, '#00f'))).body.url as string;
      await first.close();
      const second = await startEmulator({ port: 0, apps: [TEST_APP], stateFile });
      try {
        expect(second.state().images).toHaveLength(1);
        expect((await call(second, 'draft/batchget', token, { offset: 0, count: 1 })).body.total_count).toBe(0);
        const id = url.split('/')[4]!;
        const served = await fetch(`${second.url}/mmbiz_png/${id}/0?wx_fmt=png`);
        expect(served.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
