// The reads that delivering exactly once relies on: what is in the draft box, what was
// published, how a mass send went; and the clientmsgid that makes a repeated send harmless.
import type { Emulator } from '@astro-weixin/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describePublishStatus, WeixinClient, WeixinConfigError } from '../src/index.js';
import { article, clientFor, pictures, start } from './helpers/emulator.js';
import { canned, dropped, recorder } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';

describe('listDrafts (draft/batchget) on the emulator', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await start();
  });
  afterEach(() => emulator.close());

  it('pages through the draft box, newest first, with or without content', async () => {
    const net = recorder();
    const client = clientFor(emulator, { fetch: net.fetch });
    const { thumb } = await pictures();
    const { media_id: thumbId } = await client.addMaterial('thumb', thumb);
    const ids: string[] = [];
    for (const title of ['One', 'Two', 'Three']) {
      ids.push((await client.addDraft([article(thumbId, title)])).media_id);
      emulator.clock.advance(1000); // distinct update times
    }

    const first = await client.listDrafts({ count: 2 });
    expect(first).toMatchObject({ total_count: 3, item_count: 2 });
    expect(first.item.map((i) => i.media_id)).toEqual([ids[2], ids[1]]);
    expect(first.item[0]!.content.news_item[0]).toMatchObject({ title: 'Three', content: 'content' });
    expect(typeof first.item[0]!.update_time).toBe('number');

    const rest = await client.listDrafts({ offset: 2, count: 2, noContent: true });
    expect(rest.item.map((i) => i.media_id)).toEqual([ids[0]]);
    expect(rest.item[0]!.content.news_item[0]).toMatchObject({ title: 'One', content: '' });

    expect(net.calls('draft/batchget').map((r) => r.json)).toEqual([
      { offset: 0, count: 2, no_content: 0 },
      { offset: 2, count: 2, no_content: 1 },
    ]);
  });

  it('asks for 20 from the start by default, and refuses a page WeChat would refuse before sending', async () => {
    const net = recorder();
    const client = clientFor(emulator, { fetch: net.fetch });
    await expect(client.listDrafts()).resolves.toEqual({ total_count: 0, item_count: 0, item: [] });
    expect(net.calls('draft/batchget')[0]!.json).toEqual({ offset: 0, count: 20, no_content: 0 });
    await expect(client.listDrafts({ count: 21 })).rejects.toThrow(/count must be 1 to 20, not 21/);
    await expect(client.listDrafts({ count: 0 })).rejects.toBeInstanceOf(WeixinConfigError);
    await expect(client.listDrafts({ offset: -1 })).rejects.toThrow(/offset must be a whole number/);
    expect(net.calls('draft/batchget')).toHaveLength(1);
  });
});

describe('listPublished (freepublish/batchget)', () => {
  const PUBLISHED = {
    total_count: 1,
    item_count: 1,
    item: [
      {
        article_id: 'ARTICLE_1',
        content: {
          news_item: [
            {
              title: '标题',
              author: '作者',
              digest: '摘要',
              content_source_url: '',
              thumb_media_id: 'THUMB',
              url: 'http://mp.weixin.qq.com/s/abc',
              is_deleted: false,
            },
          ],
        },
        update_time: 1700000000,
      },
    ],
  };

  it('sends the page, answers the typed list, and is retried as a safe read', async () => {
    let first = true;
    const net = canned({
      'freepublish/batchget': () => {
        if (!first) return PUBLISHED;
        first = false;
        throw dropped();
      },
    });
    const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch, retries: { baseDelayMs: 0 } });
    const page = await client.listPublished({ offset: 5, count: 10, noContent: true });
    expect(page.item[0]!.content.news_item[0]!.url).toBe('http://mp.weixin.qq.com/s/abc');
    expect(page).toEqual(PUBLISHED);
    expect(net.calls('freepublish/batchget').map((r) => r.json)).toEqual([
      { offset: 5, count: 10, no_content: 1 },
      { offset: 5, count: 10, no_content: 1 },
    ]);
  });
});

describe('getMassStatus (message/mass/get)', () => {
  it('sends the msg_id and answers its status; a busy answer is retried', async () => {
    let busy = true;
    const net = canned({
      'message/mass/get': (sent) => {
        if (busy) {
          busy = false;
          return { errcode: -1, errmsg: 'system error' };
        }
        return { msg_id: sent.json?.['msg_id'], msg_status: 'SEND_SUCCESS' };
      },
    });
    const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch, retries: { baseDelayMs: 0 } });
    await expect(client.getMassStatus(1000000001)).resolves.toEqual({ msg_id: 1000000001, msg_status: 'SEND_SUCCESS' });
    expect(net.calls('message/mass/get').map((r) => r.json)).toEqual([{ msg_id: 1000000001 }, { msg_id: 1000000001 }]);
  });
});

describe('sendAll checks clientmsgid before sending', () => {
  const setup = () => {
    const net = canned({ 'message/mass/sendall': { errcode: 0, msg_id: 1, msg_data_id: 2 } });
    return { net, client: new WeixinClient({ ...TEST_APP, fetch: net.fetch, allowMassSend: true }) };
  };

  it('64 UTF-8 bytes are sent', async () => {
    const { net, client } = setup();
    const id = `${'字'.repeat(21)}a`; // 63 + 1 bytes
    await client.sendAll('N', { clientmsgid: id });
    expect(net.calls('message/mass/sendall')[0]!.json?.['clientmsgid']).toBe(id);
  });

  it('more than 64 bytes, an empty string or a number are refused without a request', async () => {
    const { net, client } = setup();
    const error = await client.sendAll('N', { clientmsgid: '字'.repeat(22) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinConfigError);
    expect(error).toMatchObject({
      call: 'message/mass/sendall',
      message: 'sendAll: clientmsgid is 66 bytes (UTF-8), over the limit of 64',
    });
    await expect(client.sendAll('N', { clientmsgid: '' })).rejects.toThrow(/non-empty string/);
    await expect(client.sendAll('N', { clientmsgid: 42 as unknown as string })).rejects.toThrow(/non-empty string/);
    expect(net.requests).toHaveLength(0);
  });
});

describe('describePublishStatus', () => {
  it('says each publish_status in plain words', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((status) => describePublishStatus(status))).toEqual([
      'published',
      'publishing: not finished yet, ask again in a few seconds',
      'not published: the originality check failed (原创校验不通过)',
      'not published: publishing failed; try again, or publish the draft from the web console',
      'not published: rejected by the platform review',
      'deleted after it was published',
      'banned after it was published',
    ]);
    expect(describePublishStatus(9)).toBe('unknown publish_status 9');
  });

  it('names the failing articles from fail_idx (1-based)', () => {
    expect(describePublishStatus(2, [2])).toBe(
      'not published: the originality check failed (原创校验不通过) (article 2)',
    );
    expect(describePublishStatus(4, [1, 3])).toBe('not published: rejected by the platform review (articles 1, 3)');
    expect(describePublishStatus(0, [])).toBe('published');
  });
});
