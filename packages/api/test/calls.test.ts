import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeixinClient, WeixinConfigError, isSafeToRetry, CALL_SAFETY } from '../src/index.js';
import { APP, FAST, startTestServer, type TestServer } from './helpers/server.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const article = {
  title: '标题',
  content: '<p>正文</p>',
  thumb_media_id: 'THUMB_MEDIA_1',
  need_open_comment: 1 as const,
  only_fans_can_comment: '0' as const,
};

let server: TestServer;
let client: WeixinClient;
beforeEach(async () => {
  server = await startTestServer();
  client = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST });
});
afterEach(() => server.close());

/** The one request to `call`, with its token checked. */
function only(call: string) {
  const requests = server.calls(call);
  expect(requests).toHaveLength(1);
  const request = requests[0]!;
  expect(request.query['access_token']).toBe(server.currentToken);
  return request;
}

describe('uploads send one multipart file in the field media', () => {
  it('uploadImage -> POST media/uploadimg', async () => {
    await expect(client.uploadImage({ data: PNG, filename: 'a.png', contentType: 'image/png' })).resolves.toEqual({
      url: 'http://mmbiz.qpic.cn/mmbiz_png/abc/0',
    });
    const request = only('media/uploadimg');
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/cgi-bin/media/uploadimg');
    expect(Object.keys(request.query)).toEqual(['access_token']);
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.headers['content-length']).toBe(String(request.body.length));
    expect(request.parts).toHaveLength(1);
    const part = request.parts![0]!;
    expect(part).toMatchObject({ name: 'media', filename: 'a.png', contentType: 'image/png' });
    expect(new Uint8Array(part.data)).toEqual(PNG);
  });

  it('uploadThumb -> POST media/upload?type=thumb and the thumb_media_id shape', async () => {
    const blob = new Blob([PNG], { type: 'image/jpeg' });
    await expect(client.uploadThumb({ data: blob, filename: 'cover.jpg', contentType: 'image/jpeg' })).resolves.toEqual(
      {
        type: 'thumb',
        thumb_media_id: 'THUMB_MEDIA_1',
        created_at: 1391857799,
      },
    );
    const request = only('media/upload');
    expect(request.query['type']).toBe('thumb');
    expect(request.parts![0]).toMatchObject({ name: 'media', filename: 'cover.jpg', contentType: 'image/jpeg' });
    expect(new Uint8Array(request.parts![0]!.data)).toEqual(PNG);
  });

  it('uploadMedia(image) -> media/upload?type=image', async () => {
    await expect(
      client.uploadMedia('image', { data: Buffer.from(PNG), filename: 'x.png', contentType: 'image/png' }),
    ).resolves.toMatchObject({ type: 'image', media_id: 'MEDIA_1' });
    expect(only('media/upload').query['type']).toBe('image');
  });

  it('addMaterial -> POST material/add_material?type=…', async () => {
    await expect(
      client.addMaterial('thumb', { data: PNG, filename: 't.jpg', contentType: 'image/jpeg' }),
    ).resolves.toEqual({ media_id: 'MATERIAL_THUMB_1' });
    await expect(
      client.addMaterial('image', { data: PNG, filename: 'i.png', contentType: 'image/png' }),
    ).resolves.toEqual({
      media_id: 'MATERIAL_1',
      url: 'http://mmbiz.qpic.cn/mmbiz_jpg/m/0',
    });
    const [thumb, image] = server.calls('material/add_material');
    expect(thumb!.query['type']).toBe('thumb');
    expect(image!.query['type']).toBe('image');
    expect(image!.parts![0]).toMatchObject({ name: 'media', filename: 'i.png', contentType: 'image/png' });
  });

  it('quotes and line breaks in a filename cannot break the part header', async () => {
    await client.uploadImage({ data: PNG, filename: 'a"b\r\nc.png', contentType: 'image/png' });
    const request = only('media/uploadimg');
    expect(request.parts).toHaveLength(1);
    expect(request.parts![0]!.filename).toBe('a%22b%0D%0Ac.png');
  });
});

describe('JSON calls', () => {
  it('uploadNews -> POST media/uploadnews {articles}', async () => {
    await expect(client.uploadNews([article])).resolves.toEqual({
      type: 'news',
      media_id: 'NEWS_MEDIA_1',
      created_at: 1391857799,
    });
    const request = only('media/uploadnews');
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.json).toEqual({ articles: [article] });
    // Chinese travels as UTF-8, not \u escapes (WeChat would store the escapes literally).
    expect(request.body.toString('utf8')).toContain('标题');
  });

  it('addDraft -> POST draft/add {articles}', async () => {
    const draft = { ...article, article_type: 'news' as const, pic_crop_235_1: '0_0_1_0.5' };
    await expect(client.addDraft([draft, { ...draft, title: '第二篇' }])).resolves.toEqual({
      media_id: 'DRAFT_MEDIA_1',
    });
    expect(only('draft/add').json).toEqual({ articles: [draft, { ...draft, title: '第二篇' }] });
  });

  it('updateDraft -> draft/update {media_id, index, articles: one article}', async () => {
    await expect(client.updateDraft('DRAFT_MEDIA_1', 1, article)).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    expect(only('draft/update').json).toEqual({ media_id: 'DRAFT_MEDIA_1', index: 1, articles: article });
  });

  it('getDraft and deleteDraft', async () => {
    const draft = await client.getDraft('DRAFT_MEDIA_1');
    expect(draft.news_item[0]?.title).toBe('T');
    expect(only('draft/get').json).toEqual({ media_id: 'DRAFT_MEDIA_1' });
    await client.deleteDraft('DRAFT_MEDIA_1');
    expect(only('draft/delete').json).toEqual({ media_id: 'DRAFT_MEDIA_1' });
  });

  it('submitPublish and getPublish keep the answer as it comes', async () => {
    await expect(client.submitPublish('DRAFT_MEDIA_1')).resolves.toEqual({
      errcode: 0,
      errmsg: 'ok',
      publish_id: 100000001,
      msg_data_id: 2247483647,
    });
    expect(only('freepublish/submit').json).toEqual({ media_id: 'DRAFT_MEDIA_1' });
    const published = await client.getPublish(100000001);
    expect(published.publish_status).toBe(0);
    expect(published.article_detail?.item[0]?.article_url).toBe('http://mp.weixin.qq.com/s/x');
    expect(only('freepublish/get').json).toEqual({ publish_id: 100000001 });
  });

  it('previewNews -> message/mass/preview, by openid or by WeChat ID', async () => {
    await client.previewNews({ media_id: 'NEWS_MEDIA_1', touser: 'OPENID_1' });
    await client.previewNews({ media_id: 'NEWS_MEDIA_1', towxname: 'someone' });
    const [byOpenid, byName] = server.calls('message/mass/preview');
    expect(byOpenid!.json).toEqual({ touser: 'OPENID_1', mpnews: { media_id: 'NEWS_MEDIA_1' }, msgtype: 'mpnews' });
    expect(byName!.json).toEqual({ towxname: 'someone', mpnews: { media_id: 'NEWS_MEDIA_1' }, msgtype: 'mpnews' });
    await expect(client.previewNews({ media_id: 'NEWS_MEDIA_1' })).rejects.toThrow(/exactly one of touser/);
  });

  it('sendAll is refused before any request unless allowMassSend is set', async () => {
    await expect(client.sendAll('NEWS_MEDIA_1')).rejects.toBeInstanceOf(WeixinConfigError);
    await expect(client.sendAll('NEWS_MEDIA_1')).rejects.toThrow(/allowMassSend: true/);
    expect(server.requests).toHaveLength(0); // not even a token

    const allowed = new WeixinClient({ ...APP, baseUrl: server.url, ...FAST, allowMassSend: true });
    await expect(allowed.sendAll('NEWS_MEDIA_1', { clientmsgid: 'post-42' })).resolves.toMatchObject({
      msg_id: 34182,
      msg_data_id: 206227730,
    });
    expect(server.calls('message/mass/sendall')[0]!.json).toEqual({
      filter: { is_to_all: true },
      mpnews: { media_id: 'NEWS_MEDIA_1' },
      msgtype: 'mpnews',
      send_ignore_reprint: 0,
      clientmsgid: 'post-42',
    });
  });

  it('getAccessToken shares the cached token', async () => {
    const token = await client.getAccessToken();
    await client.uploadImage({ data: PNG, filename: 'a.png', contentType: 'image/png' });
    expect(server.calls('media/uploadimg')[0]!.query['access_token']).toBe(token);
    expect(server.calls('stable_token')).toHaveLength(1);
  });
});

describe('isSafeToRetry', () => {
  it('allows token calls, reads and image uploads; never message-creating calls', () => {
    for (const call of [
      'stable_token',
      'token',
      'media/uploadimg',
      'media/upload',
      'material/add_material',
      'draft/get',
      'freepublish/get',
    ]) {
      expect(isSafeToRetry(call), call).toBe(true);
    }
    for (const call of [
      'media/uploadnews',
      'draft/add',
      'freepublish/submit',
      'message/mass/preview',
      'message/mass/sendall',
      'unknown/call',
    ]) {
      expect(isSafeToRetry(call), call).toBe(false);
    }
    expect(Object.keys(CALL_SAFETY)).toContain('draft/update');
  });
});
