// The client against the real emulator over HTTP: every call, token replay, every fault kind,
// validation codes from the server side, and redaction.
import { inspect } from 'node:util';
import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  describePublishStatus,
  WeixinApiError,
  WeixinConfigError,
  WeixinHttpError,
  type WeixinClientOptions,
} from '../src/index.js';
import { article, clientFor, pictures, start } from './helpers/emulator.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { capturingLogger } from '../../../test/helpers/logger.js';

let emulator: Emulator;
let png: Uint8Array;
let jpeg: Uint8Array;

beforeEach(async () => {
  emulator = await start();
  const { image, thumb } = await pictures();
  png = image.data;
  jpeg = thumb.data;
});
afterEach(() => emulator.close());

const client = (extra: Partial<WeixinClientOptions> = {}) => clientFor(emulator, extra);
const calls = (name: string) => emulator.requests.filter((r) => r.call === name).length;
const image = () => ({ data: png, filename: 'a.png', contentType: 'image/png' });
const thumb = () => ({ data: jpeg, filename: 't.jpg', contentType: 'image/jpeg' });

describe('every call', () => {
  it('uploads an image the emulator then serves byte for byte', async () => {
    const { url } = await client().uploadImage(image());
    const served = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(Buffer.from(served).equals(Buffer.from(png))).toBe(true);
  });

  it('uploads thumbs, temporary media and permanent material', async () => {
    const c = client();
    const temp = await c.uploadThumb(thumb());
    expect(temp).toMatchObject({ type: 'thumb', thumb_media_id: expect.any(String), created_at: expect.any(Number) });
    expect(await c.uploadMedia('image', image())).toMatchObject({ type: 'image', media_id: expect.any(String) });
    expect(await c.addMaterial('image', image())).toMatchObject({
      media_id: expect.any(String),
      url: expect.stringContaining(emulator.url),
    });
    expect(await c.addMaterial('thumb', thumb())).toMatchObject({ media_id: expect.any(String) });
  });

  it("uploads the seed page's graphic message", async () => {
    const c = client();
    const { thumb_media_id } = await c.uploadThumb(thumb());
    const answer = await c.uploadNews([article(thumb_media_id), { ...article(thumb_media_id), show_cover_pic: 0 }]);
    expect(answer).toMatchObject({ type: 'news', media_id: expect.any(String), created_at: expect.any(Number) });
    expect(emulator.state().news[0]!.articles).toHaveLength(2);
  });

  it('runs a draft through add, get, update, publish and delete', async () => {
    const c = client();
    const { media_id: thumbId } = await c.addMaterial('thumb', thumb());
    const { media_id } = await c.addDraft([article(thumbId, 'Draft')]);
    expect((await c.getDraft(media_id)).news_item[0]!.title).toBe('Draft');
    await c.updateDraft(media_id, 0, article(thumbId, 'Edited'));
    expect((await c.getDraft(media_id)).news_item[0]!.title).toBe('Edited');
    expect(await c.countDrafts()).toEqual({ total_count: 1 });
    const submitted = await c.submitPublish(media_id);
    expect(emulator.state().publishes.map((p) => p.publish_id)).toEqual([submitted.publish_id]);
    expect((await c.getPublish(submitted.publish_id)).publish_status).toBe(1);
    emulator.clock.advance(5_000);
    const published = await c.getPublish(submitted.publish_id);
    expect(published.publish_status).toBe(0);
    expect(describePublishStatus(published.publish_status, published.fail_idx)).toBe('published');
    const { media_id: other } = await c.addDraft([article(thumbId, 'Second')]);
    await c.deleteDraft(other);
    await expect(c.getDraft(other)).rejects.toMatchObject({ errcode: 40007 });
  });

  it('refuses a draft with a temporary thumb with 40007 and a hint', async () => {
    const c = client();
    const { thumb_media_id } = await c.uploadThumb(thumb());
    const error = await c.addDraft([article(thumb_media_id)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinApiError);
    expect(error).toMatchObject({ errcode: 40007, call: 'draft/add', hint: expect.stringMatching(/permanent/i) });
  });

  it('previews, and sends to everyone only when allowed', async () => {
    const { thumb_media_id } = await client().uploadThumb(thumb());
    const { media_id } = await client().uploadNews([article(thumb_media_id)]);
    await client().previewNews({ media_id, touser: 'oFollower' });
    expect(calls('message/mass/preview')).toBe(1);
    await expect(client().sendAll(media_id)).rejects.toBeInstanceOf(WeixinConfigError);
    expect(calls('message/mass/sendall')).toBe(0);
    const sent = await client({ allowMassSend: true }).sendAll(media_id, { is_to_all: true });
    expect(
      emulator
        .state()
        .messages.filter((m) => m.kind === 'sendall')
        .map((m) => m.msg_id),
    ).toEqual([sent.msg_id]);
  });
});

describe('tokens', () => {
  it('two clients share the stable token', async () => {
    await client().uploadImage(image());
    await client().uploadImage(image());
    const tokens = emulator.state().tokens.filter((t) => t.kind === 'stable');
    expect(tokens).toHaveLength(1);
  });

  it('replays once after the token expires under it', async () => {
    const c = client();
    await c.uploadImage(image());
    const before = calls('stable_token');
    emulator.faults.add({ call: 'media/uploadimg', kind: 'token-expired', count: 1 });
    await c.uploadImage(image());
    // The expired token is no longer handed out, so normal mode gives a new one: no force_refresh.
    expect(calls('stable_token') - before).toBe(1);
    expect(emulator.requests.filter((r) => r.call === 'media/uploadimg').map((r) => r.errcode)).toEqual([0, 42001, 0]);
  });

  it('gets a new token when the clock passes expiry, and classic mode works', async () => {
    const c = client({ token: 'classic' });
    await c.uploadImage(image());
    emulator.clock.advance(7300 * 1000);
    await c.uploadImage(image());
    expect(calls('token')).toBe(2);
  });

  it('names the IP to whitelist', async () => {
    await emulator.close();
    emulator = await start({ whitelist: ['198.51.100.1'] });
    const error = await client()
      .uploadImage(image())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errcode: 40164, hint: expect.stringContaining('127.0.0.1') });
  });
});

describe('faults', () => {
  const unsafe = async () => {
    const { thumb_media_id } = await client().uploadThumb(thumb());
    emulator.requests.length = 0;
    return () => client().uploadNews([article(thumb_media_id)]);
  };

  for (const kind of ['busy', 'drop', 'http', 'malformed'] as const) {
    it(`${kind}: a safe call is retried and succeeds; an unsafe one is sent once and flagged`, async () => {
      emulator.faults.add({ call: 'media/uploadimg', kind, count: 1 });
      await client().uploadImage(image());
      expect(calls('media/uploadimg')).toBe(2);

      const send = await unsafe();
      emulator.faults.add({ call: 'media/uploadnews', kind, count: 1 });
      const error = await send().catch((e: unknown) => e);
      expect(calls('media/uploadnews')).toBe(1);
      expect(error).toMatchObject({ call: 'media/uploadnews', maybeCommitted: true });
    });
  }

  it('latency beyond the timeout is a timeout error', async () => {
    // The emulator's latency and the client's timeout both run on the faked clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      emulator.faults.add({ call: 'media/uploadimg', kind: 'latency', ms: 60_000 });
      const c = client({ uploadTimeoutMs: 50, retries: 0 });
      await c.getAccessToken();
      const pending = c.uploadImage(image()).catch((e: unknown) => e);
      while (calls('media/uploadimg') === 0) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(50);
      const error = await pending;
      expect(error).toBeInstanceOf(WeixinHttpError);
      expect(error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/within 50 ms/) });
    } finally {
      vi.useRealTimers();
    }
  });

  it('45009 stops at once and says when the quota resets', async () => {
    emulator.faults.add({ call: 'media/uploadimg', kind: 'quota', count: 1 });
    const error = await client()
      .uploadImage(image())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errcode: 45009, hint: expect.stringMatching(/midnight|reset/i) });
    expect(calls('media/uploadimg')).toBe(1);
  });
});

describe('server-side validation', () => {
  it('answers the real codes when the client does not check first', async () => {
    const c = client({ validate: false });
    const { thumb_media_id } = await c.uploadThumb(thumb());
    await expect(c.uploadNews(Array.from({ length: 9 }, () => article(thumb_media_id)))).rejects.toMatchObject({
      errcode: 45008,
    });
    await expect(c.uploadNews([article(thumb_media_id, '长'.repeat(40))])).rejects.toMatchObject({ errcode: 45003 });
    await expect(c.uploadNews([article('no-such-thumb')])).rejects.toMatchObject({ errcode: 40007 });
  });

  it('41005 for a wrong multipart field', async () => {
    const token = await client().getAccessToken();
    const form = new FormData();
    form.append('file', new Blob([png as BlobPart], { type: 'image/png' }), 'a.png');
    const answer = await (
      await fetch(`${emulator.url}/cgi-bin/media/uploadimg?access_token=${token}`, { method: 'POST', body: form })
    ).json();
    expect(answer.errcode).toBe(41005);
  });
});

describe('redaction', () => {
  it('never shows the secret or the token in errors or logs', async () => {
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    const c = client({ logger });
    const token = await c.getAccessToken();
    emulator.faults.add({ call: 'media/uploadnews', kind: 'malformed', count: 1 });
    const error = await c.uploadNews([article('x')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const shown = [
      inspect(error, { depth: 10 }),
      String(error),
      JSON.stringify(error),
      (error as Error).stack ?? '',
      ...lines,
    ].join('\n');
    expect(shown).not.toContain(TEST_APP.secret);
    expect(shown).not.toContain(token);
  });
});
