// Each fault kind as a plain fetch client sees it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { RID, addDraft, call, classicToken, get, png, postJson, until, upload } from './helpers.js';

let emu: Emulator;
let token: string;
beforeEach(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP] });
  token = await classicToken(emu);
});
afterEach(async () => {
  vi.useRealTimers();
  await emu.close();
});

const count = () => fetch(`${emu.url}/cgi-bin/draft/count?access_token=${token}`);

describe('faults', () => {
  it('latency holds the call back by ms before doing it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    emu.faults.add({ call: 'draft/count', kind: 'latency', ms: 300, count: 1 });
    let answered = false;
    const pending = count().then((response) => {
      answered = true;
      return response.json();
    });
    await until(() => emu.requests.at(-1)?.fault === 'latency');
    await vi.advanceTimersByTimeAsync(299);
    expect(answered).toBe(false);
    // Not carried out yet: nothing answered, nothing logged as done.
    expect(emu.requests.at(-1)?.errcode).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual({ total_count: 0 });
    // count: 1, so the next call is not delayed (no timer to advance).
    expect(await (await count()).json()).toEqual({ total_count: 0 });
  });

  it('latency with commitFirst carries the call out, then holds the answer back', async () => {
    const mediaId = await addDraft(emu, token, [{ title: 'Kept' }]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    emu.faults.add({ call: 'freepublish/submit', kind: 'latency', ms: 5000, commitFirst: true, count: 1 });
    let answered = false;
    const pending = call(emu, 'freepublish/submit', token, { media_id: mediaId }).then((answer) => {
      answered = true;
      return answer;
    });
    const submitDone = () => emu.requests.some((r) => r.call === 'freepublish/submit' && r.errcode === 0);
    await until(submitDone);
    expect(emu.requests.at(-1)).toMatchObject({ call: 'freepublish/submit', fault: 'latency' });
    expect(emu.state().publishes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).body.publish_id).toBe(emu.state().publishes[0]!.publish_id);
  });

  it('lost carries the call out, then closes the connection without an answer', async () => {
    emu.faults.add({ call: 'media/uploadimg', kind: 'lost', count: 1 });
    await expect(upload(emu, 'media/uploadimg', token, await png(8, 8, '#123'))).rejects.toThrow(/fetch failed/);
    expect(emu.state().images).toHaveLength(1);
    expect(emu.requests.at(-1)).toMatchObject({ call: 'media/uploadimg', fault: 'lost', errcode: 0 });
    expect((await upload(emu, 'media/uploadimg', token, await png(8, 8, '#123'))).body.url).toBeTruthy();
    expect(emu.state().images).toHaveLength(2);
  });

  it('lost and latency with commitFirst can be added over HTTP', async () => {
    const added = await postJson(emu, '/__emulator/faults', [
      { call: 'draft/add', kind: 'lost', count: 1 },
      { call: 'draft/add', kind: 'latency', ms: 10, commitFirst: true, count: 1 },
    ]);
    expect(added.body.faults).toEqual([
      expect.objectContaining({ call: 'draft/add', kind: 'lost', count: 1 }),
      expect.objectContaining({ call: 'draft/add', kind: 'latency', ms: 10, commitFirst: true }),
    ]);
    await expect(addDraft(emu, token, [{ title: 'Lost' }])).rejects.toThrow(/fetch failed/);
    expect(emu.state().drafts.map((d) => d.articles[0]!.title)).toEqual(['Lost']);
    expect(emu.requests.at(-1)).toMatchObject({ call: 'draft/add', fault: 'lost+latency', errcode: 0 });
  });

  it('busy answers -1 system error', async () => {
    emu.faults.add({ call: 'draft/count', kind: 'busy', count: 1 });
    const body = await (await count()).json();
    expect(body.errcode).toBe(-1);
    expect(body.errmsg).toMatch(/^system error rid: /);
    expect(await (await count()).json()).toEqual({ total_count: 0 });
  });

  it("token-expired makes the caller's token expire now (42001 from then on)", async () => {
    emu.faults.add({ call: 'draft/count', kind: 'token-expired', count: 1 });
    expect((await (await count()).json()).errcode).toBe(42001);
    expect((await (await count()).json()).errcode).toBe(42001);
    token = await classicToken(emu);
    expect(await (await count()).json()).toEqual({ total_count: 0 });
  });

  it('quota answers 45009', async () => {
    emu.faults.add({ call: 'token', kind: 'quota', count: 1 });
    const { body } = await get(
      emu,
      `/cgi-bin/token?grant_type=client_credential&appid=${TEST_APP.appid}&secret=${TEST_APP.secret}`,
    );
    expect(body.errcode).toBe(45009);
    expect(body.errmsg).toMatch(/^reach max api daily quota limit rid: /);
  });

  it('drop destroys the connection without doing the work', async () => {
    emu.faults.add({ call: 'media/uploadimg', kind: 'drop', count: 1 });
    await expect(upload(emu, 'media/uploadimg', token, await png(8, 8, '#123'))).rejects.toThrow(/fetch failed/);
    expect(emu.state().images).toHaveLength(0);
    expect(emu.requests.at(-1)).toMatchObject({ call: 'media/uploadimg', fault: 'drop', errcode: undefined });
    expect((await upload(emu, 'media/uploadimg', token, await png(8, 8, '#123'))).body.url).toBeTruthy();
  });

  it('http answers a 5xx page', async () => {
    emu.faults.add({ call: 'draft/count', kind: 'http', status: 503, count: 1 });
    const response = await count();
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('503 Service Unavailable');
    emu.faults.add({ call: 'draft/count', kind: 'http', count: 1 });
    expect((await count()).status).toBe(502);
  });

  it('malformed does the work but cuts the JSON answer', async () => {
    emu.faults.add({ call: 'media/uploadimg', kind: 'malformed', count: 1 });
    const form = new FormData();
    const image = await png(8, 8, '#456');
    form.append('media', new Blob([new Uint8Array(image.bytes)], { type: 'image/png' }), 'a.png');
    const response = await fetch(`${emu.url}/cgi-bin/media/uploadimg?access_token=${token}`, {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; encoding=utf-8');
    const text = await response.text();
    expect(text.startsWith('{"url":"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(emu.state().images).toHaveLength(1);
  });

  it('error answers any errcode', async () => {
    emu.faults.add({
      call: 'freepublish/submit',
      kind: 'error',
      errcode: 53503,
      errmsg: 'draft publish check failed',
      count: 1,
    });
    const { body } = await call(emu, 'freepublish/submit', token, { media_id: 'x' });
    expect(body.errcode).toBe(53503);
    expect(body.errmsg).toMatch(/^draft publish check failed rid: /);
    expect(body.errmsg).toMatch(RID);
  });

  it('after lets calls through first, and without count keeps firing until cleared', async () => {
    emu.faults.add({ call: 'draft/count', kind: 'busy', after: 2 });
    const codes = [];
    for (let i = 0; i < 5; i += 1) codes.push((await (await count()).json()).errcode ?? 0);
    expect(codes).toEqual([0, 0, -1, -1, -1]);
    emu.faults.clear();
    expect(await (await count()).json()).toEqual({ total_count: 0 });
  });

  it('rate fires with the seeded generator: the same pattern in two emulators', async () => {
    const pattern = async (target: Emulator) => {
      const t = await classicToken(target);
      target.faults.add({ kind: 'busy', rate: 0.5, call: 'cgi-bin/draft/count' });
      const out: number[] = [];
      for (let i = 0; i < 20; i += 1)
        out.push((await (await fetch(`${target.url}/cgi-bin/draft/count?access_token=${t}`)).json()).errcode ?? 0);
      return out;
    };
    const other = await startEmulator({ port: 0, apps: [TEST_APP] });
    try {
      const a = await pattern(emu);
      const b = await pattern(other);
      expect(a).toEqual(b);
      expect(a).toContain(-1);
      expect(a).toContain(0);
    } finally {
      await other.close();
    }
  });

  it('can be added, listed and cleared over HTTP', async () => {
    const added = await postJson(emu, '/__emulator/faults', { call: 'draft/count', kind: 'busy', count: 2 });
    expect(added.body.faults).toEqual([
      expect.objectContaining({ id: expect.any(Number), call: 'draft/count', kind: 'busy', count: 2 }),
    ]);
    expect((await (await count()).json()).errcode).toBe(-1);
    const bad = await postJson(emu, '/__emulator/faults', { kind: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/fault kind must be one of/);
    await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
    expect(emu.faults.list()).toEqual([]);
    expect(await (await count()).json()).toEqual({ total_count: 0 });
  });
});
