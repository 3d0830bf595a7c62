// The exact request each call sends, checked on an injected fetch with canned answers.
import { describe, expect, it } from 'vitest';
import { CALL_SAFETY, isSafeToRetry, WeixinClient, WeixinConfigError, type WeixinClientOptions } from '../src/index.js';
import { canned, type Sent, TOKEN } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const article = {
  title: '标题',
  content: '<p>正文</p>',
  thumb_media_id: 'THUMB_MEDIA_1',
  need_open_comment: 1 as const,
  only_fans_can_comment: '0' as const,
};

function setup(answers: Parameters<typeof canned>[0] = {}, extra: Partial<WeixinClientOptions> = {}) {
  const net = canned(answers);
  const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch, retries: 0, ...extra });
  /** The one request to `call`, with its token checked. */
  const only = (call: string): Sent => {
    const requests = net.calls(call);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.query['access_token']).toBe(TOKEN);
    return requests[0]!;
  };
  return { net, client, only };
}

async function partOf(request: Sent): Promise<File> {
  expect([...request.form!.keys()]).toEqual(['media']);
  return request.form!.get('media') as File;
}

describe('uploads send one multipart file in the field media', () => {
  it('uploadImage -> POST media/uploadimg', async () => {
    const { client, only } = setup({ 'media/uploadimg': { url: 'http://mmbiz.qpic.cn/mmbiz_png/abc/0' } });
    await expect(client.uploadImage({ data: PNG, filename: 'a.png', contentType: 'image/png' })).resolves.toEqual({
      url: 'http://mmbiz.qpic.cn/mmbiz_png/abc/0',
    });
    const request = only('media/uploadimg');
    expect(request.method).toBe('POST');
    expect(request.url.origin + request.url.pathname).toBe('https://api.weixin.qq.com/cgi-bin/media/uploadimg');
    expect(Object.keys(request.query)).toEqual(['access_token']);
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const part = await partOf(request);
    expect([part.name, part.type]).toEqual(['a.png', 'image/png']);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(PNG);
  });

  it('uploadThumb -> POST media/upload?type=thumb, with the given content type over the Blob’s own', async () => {
    const { client, only } = setup({
      'media/upload': { type: 'thumb', thumb_media_id: 'THUMB_MEDIA_1', created_at: 1391857799 },
    });
    const blob = new Blob([PNG], { type: 'application/octet-stream' });
    await expect(client.uploadThumb({ data: blob, filename: 'cover.jpg', contentType: 'image/jpeg' })).resolves.toEqual(
      { type: 'thumb', thumb_media_id: 'THUMB_MEDIA_1', created_at: 1391857799 },
    );
    const request = only('media/upload');
    expect(request.query['type']).toBe('thumb');
    const part = await partOf(request);
    expect([part.name, part.type]).toEqual(['cover.jpg', 'image/jpeg']);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(PNG);
  });

  it('uploadMedia(image) -> media/upload?type=image', async () => {
    const { client, only } = setup({ 'media/upload': (r) => ({ type: r.query['type'], media_id: 'MEDIA_1' }) });
    await expect(
      client.uploadMedia('image', { data: Buffer.from(PNG), filename: 'x.png', contentType: 'image/png' }),
    ).resolves.toMatchObject({ type: 'image', media_id: 'MEDIA_1' });
    expect(only('media/upload').query['type']).toBe('image');
  });

  it('addMaterial -> POST material/add_material?type=…; other types are refused before sending', async () => {
    const { client, net } = setup({ 'material/add_material': (r) => ({ media_id: `M_${r.query['type']}` }) });
    await expect(
      client.addMaterial('thumb', { data: PNG, filename: 't.jpg', contentType: 'image/jpeg' }),
    ).resolves.toEqual({ media_id: 'M_thumb' });
    await expect(
      client.addMaterial('image', { data: PNG, filename: 'i.png', contentType: 'image/png' }),
    ).resolves.toEqual({ media_id: 'M_image' });
    const [thumb, image] = net.calls('material/add_material');
    expect(thumb!.query['type']).toBe('thumb');
    expect((await partOf(image!)).name).toBe('i.png');
    expect(() => client.addMaterial('voice' as 'image', { data: PNG, filename: 'v', contentType: 'a/b' })).toThrow(
      /'image' or 'thumb', not "voice"/,
    );
  });

  it('the body is built once: the token replay sends the very same bytes', async () => {
    let rejected = false;
    const { client, net } = setup({
      'media/uploadimg': () => {
        if (rejected) return { url: 'u' };
        rejected = true;
        return { errcode: 40001, errmsg: 'invalid credential' };
      },
    });
    await client.uploadImage({ data: PNG, filename: 'a.png', contentType: 'image/png' });
    const [first, replay] = net.calls('media/uploadimg');
    expect(replay!.headers.get('content-type')).toBe(first!.headers.get('content-type'));
    expect(replay!.body).toEqual(first!.body);
  });

  it('quotes and line breaks in a filename cannot break the part header', async () => {
    const { client, only } = setup({ 'media/uploadimg': { url: 'u' } });
    await client.uploadImage({ data: PNG, filename: 'a"b\r\nc.png', contentType: 'image/png' });
    const request = only('media/uploadimg');
    // One part whose header escapes the quote and the line break; a multipart parser reads the name back.
    expect((await partOf(request)).name).toBe('a"b\r\nc.png');
    expect(new TextDecoder().decode(request.body)).toContain('filename="a%22b%0D%0Ac.png"\r\nContent-Type: image/png');
  });

  it('a file without a filename or content type is refused before sending', async () => {
    const { client, net } = setup();
    await expect(client.uploadImage({ data: PNG, filename: '', contentType: 'image/png' })).rejects.toThrow(
      /filename is required/,
    );
    await expect(client.uploadImage({ data: PNG, filename: 'a.png', contentType: '' })).rejects.toThrow(
      /contentType is required/,
    );
    expect(net.calls('media/uploadimg')).toHaveLength(0);
  });
});

describe('JSON calls', () => {
  it('uploadNews -> POST media/uploadnews {articles}, Chinese as raw UTF-8', async () => {
    const { client, only } = setup({ 'media/uploadnews': { type: 'news', media_id: 'N1', created_at: 1391857799 } });
    await expect(client.uploadNews([article])).resolves.toEqual({
      type: 'news',
      media_id: 'N1',
      created_at: 1391857799,
    });
    const request = only('media/uploadnews');
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(request.json).toEqual({ articles: [article] });
    // Chinese travels as UTF-8, not \u escapes (WeChat would store the escapes literally).
    expect(new TextDecoder().decode(request.body)).toContain('标题');
  });

  it('addDraft -> POST draft/add {articles}', async () => {
    const { client, only } = setup({ 'draft/add': { media_id: 'D1' } });
    const draft = { ...article, article_type: 'news' as const, pic_crop_235_1: '0_0_1_0.5' };
    await expect(client.addDraft([draft, { ...draft, title: '第二篇' }])).resolves.toEqual({ media_id: 'D1' });
    expect(only('draft/add').json).toEqual({ articles: [draft, { ...draft, title: '第二篇' }] });
  });

  it('updateDraft -> draft/update {media_id, index, articles: one article}', async () => {
    const { client, only } = setup();
    await expect(client.updateDraft('D1', 1, article)).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    expect(only('draft/update').json).toEqual({ media_id: 'D1', index: 1, articles: article });
  });

  it('getDraft, countDrafts and deleteDraft', async () => {
    const { client, only } = setup({
      'draft/get': { news_item: [{ title: 'T', content: '<p>x</p>' }] },
      'draft/count': { total_count: 3 },
    });
    expect((await client.getDraft('D1')).news_item[0]?.title).toBe('T');
    expect(only('draft/get').json).toEqual({ media_id: 'D1' });
    expect(await client.countDrafts()).toEqual({ total_count: 3 });
    expect(only('draft/count').method).toBe('GET');
    await client.deleteDraft('D1');
    expect(only('draft/delete').json).toEqual({ media_id: 'D1' });
  });

  it('submitPublish and getPublish keep the answer as it comes', async () => {
    const { client, only } = setup({
      'freepublish/submit': { errcode: 0, errmsg: 'ok', publish_id: 100000001, msg_data_id: 2247483647 },
      'freepublish/get': {
        publish_id: 100000001,
        publish_status: 0,
        article_id: 'ARTICLE_1',
        article_detail: { count: 1, item: [{ idx: 1, article_url: 'http://mp.weixin.qq.com/s/x' }] },
      },
    });
    await expect(client.submitPublish('D1')).resolves.toEqual({
      errcode: 0,
      errmsg: 'ok',
      publish_id: 100000001,
      msg_data_id: 2247483647,
    });
    expect(only('freepublish/submit').json).toEqual({ media_id: 'D1' });
    const published = await client.getPublish(100000001);
    expect(published.article_detail?.item[0]?.article_url).toBe('http://mp.weixin.qq.com/s/x');
    expect(only('freepublish/get').json).toEqual({ publish_id: 100000001 });
  });

  it('previewNews -> message/mass/preview, by openid or by WeChat ID', async () => {
    const { client, net } = setup();
    await client.previewNews({ media_id: 'N1', touser: 'OPENID_1' });
    await client.previewNews({ media_id: 'N1', towxname: 'someone' });
    const [byOpenid, byName] = net.calls('message/mass/preview');
    expect(byOpenid!.json).toEqual({ touser: 'OPENID_1', mpnews: { media_id: 'N1' }, msgtype: 'mpnews' });
    expect(byName!.json).toEqual({ towxname: 'someone', mpnews: { media_id: 'N1' }, msgtype: 'mpnews' });
    await expect(client.previewNews({ media_id: 'N1' })).rejects.toThrow(/exactly one of touser/);
    await expect(client.previewNews({ media_id: '', touser: 'x' })).rejects.toThrow(/needs a media_id/);
  });

  it('sendAll is refused before any request unless allowMassSend is set', async () => {
    const { client, net } = setup();
    await expect(client.sendAll('N1')).rejects.toBeInstanceOf(WeixinConfigError);
    await expect(client.sendAll('N1')).rejects.toThrow(/allowMassSend: true/);
    expect(net.requests).toHaveLength(0); // not even a token

    const allowed = setup(
      { 'message/mass/sendall': { errcode: 0, msg_id: 34182, msg_data_id: 206227730 } },
      {
        allowMassSend: true,
      },
    );
    await expect(allowed.client.sendAll('N1', { clientmsgid: 'post-42' })).resolves.toMatchObject({
      msg_id: 34182,
      msg_data_id: 206227730,
    });
    await allowed.client.sendAll('N1', { is_to_all: false, tag_id: 7, send_ignore_reprint: 1 });
    expect(allowed.net.calls('message/mass/sendall').map((r) => r.json)).toEqual([
      {
        filter: { is_to_all: true },
        mpnews: { media_id: 'N1' },
        msgtype: 'mpnews',
        send_ignore_reprint: 0,
        clientmsgid: 'post-42',
      },
      {
        filter: { is_to_all: false, tag_id: 7 },
        mpnews: { media_id: 'N1' },
        msgtype: 'mpnews',
        send_ignore_reprint: 1,
      },
    ]);
  });

  it('getAccessToken shares the cached token', async () => {
    const { client, net } = setup({ 'media/uploadimg': { url: 'u' } });
    const token = await client.getAccessToken();
    await client.uploadImage({ data: PNG, filename: 'a.png', contentType: 'image/png' });
    expect(net.calls('media/uploadimg')[0]!.query['access_token']).toBe(token);
    expect(net.calls('stable_token')).toHaveLength(1);
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
      'draft/count',
      'draft/batchget',
      'freepublish/get',
      'freepublish/batchget',
      'message/mass/get',
    ]) {
      expect(isSafeToRetry(call), call).toBe(true);
    }
    for (const call of [
      'media/uploadnews',
      'draft/add',
      'draft/update',
      'draft/delete',
      'freepublish/submit',
      'message/mass/preview',
      'message/mass/sendall',
      'unknown/call',
    ]) {
      expect(isSafeToRetry(call), call).toBe(false);
    }
    expect(Object.keys(CALL_SAFETY)).toHaveLength(18);
  });
});
