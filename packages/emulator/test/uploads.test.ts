// Uploads: multipart rules, formats judged from the bytes, sizes, answers, expiry, serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { makeAnimatedGif, makeImage } from '../../../test/helpers/images.js';
import { RID, call, classicToken, jpeg, noisy, png, upload } from './helpers.js';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP], clock: Date.UTC(2026, 2, 1) });
  token = await classicToken(emu);
});
afterAll(() => emu.close());

describe('media/uploadimg', () => {
  it('answers {url} on the emulator origin, mmbiz-shaped, and serves the bytes there', async () => {
    const image = await png(120, 80, '#28a');
    const { body } = await upload(emu, 'media/uploadimg', token, image);
    expect(Object.keys(body)).toEqual(['url']);
    expect(body.url).toMatch(new RegExp(`^${emu.url}/mmbiz_png/[\\w-]+/0\\?wx_fmt=png$`));
    const served = await fetch(body.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(image.bytes))).toBe(true);
    const jpg = await upload(emu, 'media/uploadimg', token, await jpeg(10, 10, '#fff'));
    expect(jpg.body.url).toMatch(/\/mmbiz_jpg\/[\w-]+\/0\?wx_fmt=jpeg$/);
    expect(emu.state().images.at(-1)).toMatchObject({ format: 'jpeg', width: 10, height: 10, filename: 'image.jpg' });
  });

  it('41005 when the file is not in the field named media, or the body is not multipart', async () => {
    const wrongField = await upload(emu, 'media/uploadimg', token, { ...(await png(4, 4, '#000')), field: 'file' });
    expect(wrongField.body.errcode).toBe(41005);
    expect(wrongField.body.errmsg).toMatch(/^media data missing rid: /);
    expect(emu.requests.at(-1)!.detail).toMatch(/fields sent: file/);
    const form = new FormData();
    form.append('media', 'just text');
    const textField = await fetch(`${emu.url}/cgi-bin/media/uploadimg?access_token=${token}`, {
      method: 'POST',
      body: form,
    }).then((r) => r.json());
    expect(textField.errcode).toBe(41005);
    expect((await call(emu, 'media/uploadimg', token, { media: 'x' })).body.errcode).toBe(41005);
  });

  it('44001 for an empty file', async () => {
    const { body } = await upload(emu, 'media/uploadimg', token, {
      bytes: new Uint8Array(0),
      filename: 'a.png',
      contentType: 'image/png',
    });
    expect(body.errcode).toBe(44001);
    expect(body.errmsg).toMatch(/^empty media data rid: /);
  });

  it('40005 for GIF, WebP, non-images and names without a jpg/png extension', async () => {
    const gif = await makeImage(4, 4, 'gif', { color: '#f00' });
    const webp = await makeImage(4, 4, 'webp', { color: '#f00' });
    expect(
      (await upload(emu, 'media/uploadimg', token, { bytes: gif, filename: 'a.gif', contentType: 'image/gif' })).body
        .errcode,
    ).toBe(40005);
    expect(
      (await upload(emu, 'media/uploadimg', token, { bytes: webp, filename: 'a.png', contentType: 'image/png' })).body
        .errcode,
    ).toBe(40005);
    expect(emu.requests.at(-1)!.detail).toMatch(/the bytes are webp/);
    expect(
      (
        await upload(emu, 'media/uploadimg', token, {
          bytes: Buffer.from('hello'),
          filename: 'a.png',
          contentType: 'image/png',
        })
      ).body.errcode,
    ).toBe(40005);
    const blob = await upload(emu, 'media/uploadimg', token, { ...(await png(4, 4, '#000')), filename: 'blob' });
    expect(blob.body.errcode).toBe(40005);
    expect(blob.body.errmsg).toMatch(/^invalid file type rid: /);
  });

  it('40006 at 1 MB and over', async () => {
    const big = await noisy(700, 700, 'png');
    expect(big.bytes.length).toBeGreaterThan(1024 * 1024);
    const { body } = await upload(emu, 'media/uploadimg', token, big);
    expect(body.errcode).toBe(40006);
    expect(body.errmsg).toMatch(RID);
  });
});

describe('media/upload (temporary)', () => {
  it('40004 for a missing or unknown type', async () => {
    const image = await jpeg(10, 10, '#000');
    expect((await upload(emu, 'media/upload', token, image)).body.errcode).toBe(40004);
    const news = await upload(emu, 'media/upload?type=news', token, image);
    expect(news.body.errcode).toBe(40004);
    expect(news.body.errmsg).toMatch(/^invalid media type rid: /);
  });

  it('thumb: JPG only, at most 64 KB, answered as thumb_media_id', async () => {
    const ok = await upload(emu, 'media/upload?type=thumb', token, await jpeg(100, 100, '#abc'));
    expect(ok.body).toEqual({
      type: 'thumb',
      thumb_media_id: expect.any(String),
      created_at: Math.floor(emu.clock.now() / 1000),
    });
    expect((await upload(emu, 'media/upload?type=thumb', token, await png(10, 10, '#abc'))).body.errcode).toBe(40005);
    const heavy = await noisy(240, 240, 'jpeg');
    expect(heavy.bytes.length).toBeGreaterThan(64 * 1024);
    const tooBig = await upload(emu, 'media/upload?type=thumb', token, heavy);
    expect(tooBig.body.errcode).toBe(45001);
    expect(tooBig.body.errmsg).toMatch(/^media size out of limit rid: /);
  });

  it('image: answered as media_id; png, jpg, gif, bmp', async () => {
    const { body } = await upload(emu, 'media/upload?type=image', token, await png(10, 10, '#abc'));
    expect(body).toEqual({ type: 'image', media_id: expect.any(String), created_at: expect.any(Number) });
    const served = await fetch(`${emu.url}/__emulator/media/${body.media_id}`);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('expires after 3 days on the emulator clock: uploadnews then answers 40007', async () => {
    const { body } = await upload(emu, 'media/upload?type=thumb', token, await jpeg(100, 100, '#c90'));
    const article = { title: 'Cover test', content: '<p>x</p>', thumb_media_id: body.thumb_media_id };
    emu.clock.advance(3 * 24 * 3600_000 - 1000);
    const t = await classicToken(emu);
    expect((await call(emu, 'media/uploadnews', t, { articles: [article] })).body.type).toBe('news');
    emu.clock.advance(1000);
    const expired = await call(emu, 'media/uploadnews', t, { articles: [article] });
    expect(expired.body.errcode).toBe(40007);
    expect(emu.requests.at(-1)!.detail).toMatch(/expired/);
    expect(emu.state().media.find((m) => m.media_id === body.thumb_media_id)!.expired).toBe(true);
    token = t;
  });
});

describe('material/add_material (permanent)', () => {
  it('image and thumb answer {media_id, url}; the url serves the bytes; they never expire', async () => {
    const image = await upload(emu, 'material/add_material?type=image', token, await png(30, 30, '#0a0'));
    expect(image.body).toEqual({
      media_id: expect.any(String),
      url: expect.stringMatching(new RegExp(`^${emu.url}/mmbiz_png/`)),
    });
    expect((await fetch(image.body.url)).status).toBe(200);
    const thumb = await upload(emu, 'material/add_material?type=thumb', token, await jpeg(30, 30, '#0a0'));
    expect(thumb.body.url).toMatch(/wx_fmt=jpeg$/);
    emu.clock.advance(30 * 24 * 3600_000);
    const t = await classicToken(emu);
    const draft = await call(emu, 'draft/add', t, {
      articles: [{ title: 'Permanent', content: '<p>x</p>', thumb_media_id: thumb.body.media_id }],
    });
    expect(draft.body.media_id).toEqual(expect.any(String));
    token = t;
  });

  it('an animated GIF answers a url under mmbiz_gif served as image/gif; over materialImageMaxBytes (2 MB by default) is 45001', async () => {
    expect(emu.limits.materialImageMaxBytes).toBe(2 * 1024 * 1024);
    const bytes = Buffer.from(await makeAnimatedGif(8, 8, 2));
    const gif = { bytes, filename: 'moving.gif', contentType: 'image/gif' };
    const { body } = await upload(emu, 'material/add_material?type=image', token, gif);
    expect(body.url).toMatch(new RegExp(`^${emu.url}/mmbiz_gif/[\\w-]+/0\\?wx_fmt=gif$`));
    const served = await fetch(body.url);
    expect(served.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    emu.limits.materialImageMaxBytes = bytes.length - 1;
    try {
      const refused = await upload(emu, 'material/add_material?type=image', token, gif);
      expect(refused.body.errcode).toBe(45001);
    } finally {
      emu.limits.materialImageMaxBytes = 2 * 1024 * 1024;
    }
  });

  it('video takes its description from a form field or the query', async () => {
    const mp4 = {
      bytes: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(64)]),
      filename: 'clip.mp4',
      contentType: 'video/mp4',
    };
    const description = JSON.stringify({ title: 'Clip', introduction: 'A clip' });
    expect((await upload(emu, 'material/add_material?type=video', token, mp4, { description })).body).toEqual({
      media_id: expect.any(String),
    });
    expect(
      (await upload(emu, `material/add_material?type=video&description=${encodeURIComponent(description)}`, token, mp4))
        .body.media_id,
    ).toBeTruthy();
    expect(
      emu
        .state()
        .materials.filter((m) => m.type === 'video')
        .map((m) => m.description?.title),
    ).toEqual(['Clip', 'Clip']);
  });
});
