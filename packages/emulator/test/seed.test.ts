// The seed page's own request and answer (shared/reference/seed-uploadnews.md), with a real thumb.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { call, classicToken, jpeg, upload } from './helpers.js';

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', apps: [TEST_APP] });
  token = await classicToken(emu);
});
afterAll(() => emu.close());

/** The example request, with the page's placeholder thumb id swapped for a real one. */
function seedRequest(thumb: string) {
  const article = (showCover: number) => ({
    thumb_media_id: thumb,
    author: 'xxx',
    title: 'Happy Day',
    content_source_url: 'www.qq.com',
    content: 'content',
    digest: 'digest',
    show_cover_pic: showCover,
    need_open_comment: 1,
    only_fans_can_comment: 1,
  });
  return { articles: [article(1), article(0)] };
}

describe('media/uploadnews, the seed example', () => {
  it('answers {type, media_id, created_at} like the example answer', async () => {
    const thumb = await upload(emu, 'media/upload?type=thumb', token, await jpeg(200, 200, '#c33'));
    expect(thumb.body).toEqual({ type: 'thumb', thumb_media_id: expect.any(String), created_at: expect.any(Number) });

    const result = await call(emu, 'media/uploadnews', token, seedRequest(thumb.body.thumb_media_id));
    expect(result.status).toBe(200);
    expect(result.contentType).toBe('application/json; encoding=utf-8');
    expect(result.body).toEqual({
      type: 'news',
      media_id: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
      created_at: expect.any(Number),
    });
    expect(Object.keys(result.body)).toEqual(['type', 'media_id', 'created_at']);
    expect(Math.abs(result.body.created_at - Date.now() / 1000)).toBeLessThan(5);

    const stored = emu.state().news.find((n) => n.media_id === result.body.media_id)!;
    expect(stored.articles).toHaveLength(2);
    expect(stored.articles[0]).toMatchObject({
      title: 'Happy Day',
      author: 'xxx',
      content: 'content',
      digest: 'digest',
      content_source_url: 'www.qq.com',
      show_cover_pic: 1,
      need_open_comment: 1,
      only_fans_can_comment: 1,
    });
    expect(stored.articles[1]!.show_cover_pic).toBe(0);
    expect(emu.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/cgi-bin/media/uploadnews',
      call: 'media/uploadnews',
      errcode: 0,
      appid: TEST_APP.appid,
    });
  });

  it('accepts the 0/1 flags as numeric strings and stores numbers', async () => {
    const thumb = await upload(emu, 'media/upload?type=thumb', token, await jpeg(64, 64, '#36c'));
    const request = seedRequest(thumb.body.thumb_media_id);
    Object.assign(request.articles[0]!, { show_cover_pic: '1', need_open_comment: '0', only_fans_can_comment: '0' });
    const result = await call(emu, 'media/uploadnews', token, request);
    expect(result.body.type).toBe('news');
    const stored = emu.state().news.find((n) => n.media_id === result.body.media_id)!;
    expect(stored.articles[0]).toMatchObject({ show_cover_pic: 1, need_open_comment: 0, only_fans_can_comment: 0 });
  });

  it('leaves optional fields the client did not send absent in the state', async () => {
    const thumb = await upload(emu, 'media/upload?type=thumb', token, await jpeg(64, 64, '#999'));
    const result = await call(emu, 'media/uploadnews', token, {
      articles: [{ title: 'Bare', content: '<p>Only text here.</p>', thumb_media_id: thumb.body.thumb_media_id }],
    });
    const [stored] = emu.state().news.find((n) => n.media_id === result.body.media_id)!.articles;
    expect(stored!.author).toBeUndefined();
    expect(stored!.content_source_url).toBeUndefined();
    expect(stored).toMatchObject({
      digest: 'Only text here.',
      show_cover_pic: 0,
      need_open_comment: 0,
      only_fans_can_comment: 0,
    });
  });

  it("keeps the seed page's three mini-program forms untouched", async () => {
    const thumb = await upload(emu, 'media/upload?type=thumb', token, await jpeg(64, 64, '#3c6'));
    const card =
      '<mp-common-miniprogram data-miniprogram-appid="wx123123123" data-miniprogram-path="pages/index/index" data-miniprogram-title="小程序示例" data-miniprogram-imageurl="http://example.com/demo.jpg" data-miniprogram-type="card"></mp-common-miniprogram>';
    const text =
      '<p><a data-miniprogram-appid="wx123123123" data-miniprogram-path="pages/index" href="">点击文字跳转小程序</a></p>';
    const image =
      '<p><a data-miniprogram-appid="wx123123123" data-miniprogram-path="pages/index" href=""><img src="https://mmbiz.qpic.cn/mmbiz_jpg/demo/0?wx_fmt=jpg" alt="" data-width="null" data-ratio="NaN"></a></p>';
    const request = seedRequest(thumb.body.thumb_media_id);
    request.articles[0]!.content = card + text + image;
    const result = await call(emu, 'media/uploadnews', token, request);
    const stored = emu.state().news.find((n) => n.media_id === result.body.media_id)!;
    expect(stored.articles[0]!.content).toBe(card + text + image);
  });
});
