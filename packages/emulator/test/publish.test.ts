// Publishing as a client that must publish exactly once sees it: outcomes, and the list of what was published.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { addDraft, call, classicToken, postJson } from './helpers.js';

const START = Date.UTC(2026, 0, 5, 2, 0, 0);
let emu: Emulator;
let token: string;
beforeEach(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP], clock: START });
  token = await classicToken(emu);
});
afterEach(() => emu.close());

const submit = async (mediaId: string) => (await call(emu, 'freepublish/submit', token, { media_id: mediaId })).body;
const status = async (publishId: number) => (await call(emu, 'freepublish/get', token, { publish_id: publishId })).body;
const published = async (body: Record<string, unknown>) => (await call(emu, 'freepublish/batchget', token, body)).body;

describe('freepublish/batchget', () => {
  it('lists finished publishes newest first, with every field of every article', async () => {
    const first = await addDraft(emu, token, [
      { title: 'First', author: 'Me', digest: 'About', content_source_url: 'https://example.com/first' },
      { title: 'First, part two', need_open_comment: 1 },
    ]);
    const firstPublish = await submit(first);
    // Still publishing: not listed yet.
    expect(await published({ offset: 0, count: 20 })).toEqual({ total_count: 0, item_count: 0, item: [] });
    emu.clock.advance(1000);
    const second = await addDraft(emu, token, [{ title: 'Second' }]);
    await submit(second);
    emu.clock.advance(1000);

    const list = await published({ offset: 0, count: 20, no_content: 0 });
    expect(list.total_count).toBe(2);
    expect(list.item_count).toBe(2);
    expect(
      list.item.map((i: { content: { news_item: { title: string }[] } }) => i.content.news_item[0]!.title),
    ).toEqual(['Second', 'First']);
    const detail = await status(firstPublish.publish_id);
    const [entry] = list.item.slice(1);
    const thumbUrl = emu.state().materials[0]!.url;
    expect(entry).toEqual({
      article_id: detail.article_id,
      content: {
        news_item: [
          {
            title: 'First',
            author: 'Me',
            digest: 'About',
            content: '<p>Hello</p>',
            content_source_url: 'https://example.com/first',
            thumb_media_id: emu.state().materials[0]!.media_id,
            thumb_url: thumbUrl,
            url: detail.article_detail.item[0].article_url,
            show_cover_pic: 0,
            need_open_comment: 0,
            only_fans_can_comment: 0,
            is_deleted: false,
          },
          expect.objectContaining({
            title: 'First, part two',
            author: '',
            content_source_url: '',
            need_open_comment: 1,
            url: detail.article_detail.item[1].article_url,
          }),
        ],
        create_time: START / 1000,
        update_time: START / 1000 + 1,
      },
      update_time: START / 1000 + 1,
    });
  });

  it('pages with offset and count, leaves content out with no_content=1, and refuses a count outside 1..20', async () => {
    for (const title of ['A', 'B', 'C']) {
      await submit(await addDraft(emu, token, [{ title }]));
      emu.clock.advance(1000);
    }
    const page = await published({ offset: 1, count: 1, no_content: 1 });
    expect(page.total_count).toBe(3);
    expect(page.item_count).toBe(1);
    expect(page.item[0].content.news_item[0].title).toBe('B');
    expect(Object.keys(page.item[0].content.news_item[0])).not.toContain('content');
    for (const count of [0, 21]) expect((await published({ offset: 0, count })).errcode).toBe(40097);
  });
});

describe('draft/batchget', () => {
  it('answers content_source_url in every news_item, "" when none was given', async () => {
    await addDraft(emu, token, [{ title: 'Linked', content_source_url: 'https://example.com/x' }, { title: 'Plain' }]);
    const list = (await call(emu, 'draft/batchget', token, { offset: 0, count: 20 })).body;
    expect(list.item[0].content.news_item.map((a: { content_source_url: string }) => a.content_source_url)).toEqual([
      'https://example.com/x',
      '',
    ]);
  });
});

describe('publish outcomes', () => {
  it('a published draft leaves the draft box: draft/get and draft/update answer 40007', async () => {
    const mediaId = await addDraft(emu, token, [{ title: 'Gone' }]);
    const { publish_id } = await submit(mediaId);
    expect(emu.state().publishes[0]).toMatchObject({ publish_id, publish_status: 1, fail_idx: [] });
    emu.clock.advance(1000);
    const done = await status(publish_id);
    expect(done.article_detail.item).toEqual([{ idx: 1, article_url: expect.stringContaining('/view/publish/') }]);
    expect((await call(emu, 'draft/get', token, { media_id: mediaId })).body.errcode).toBe(40007);
    const update = { media_id: mediaId, index: 0, articles: { title: 'x', content: 'y' } };
    expect((await call(emu, 'draft/update', token, update)).body.errcode).toBe(40007);
    expect(emu.state().publishes[0]).toMatchObject({ publish_status: 0, fail_idx: [], article_id: done.article_id });
  });

  it.each([
    { status: 2, failIdx: [2], fail_idx: [2], draftStays: true },
    { status: 3, failIdx: undefined, fail_idx: [], draftStays: true },
    { status: 4, failIdx: undefined, fail_idx: [1], draftStays: true },
    { status: 5, failIdx: undefined, fail_idx: [], draftStays: false },
    { status: 6, failIdx: undefined, fail_idx: [], draftStays: false },
  ])('a publish-status $status fault: the submit succeeds, the publish ends in $status', async (c) => {
    const fault = {
      kind: 'publish-status',
      call: 'freepublish/submit',
      status: c.status,
      failIdx: c.failIdx,
      count: 1,
    };
    expect((await postJson(emu, '/__emulator/faults', fault)).status).toBe(200);
    const mediaId = await addDraft(emu, token, [{ title: 'One' }, { title: 'Two' }]);
    const submitted = await submit(mediaId);
    expect(submitted).toEqual({
      errcode: 0,
      errmsg: 'ok',
      publish_id: expect.any(Number),
      msg_data_id: expect.any(Number),
    });
    expect((await status(submitted.publish_id)).publish_status).toBe(1);
    emu.clock.advance(1000);
    expect(await status(submitted.publish_id)).toEqual({
      publish_id: submitted.publish_id,
      publish_status: c.status,
      fail_idx: c.fail_idx,
    });
    expect(emu.state().publishes[0]).toMatchObject({ publish_status: c.status, fail_idx: c.fail_idx });
    expect(emu.state().publishes[0]!.article_id).toBeUndefined();
    expect((await published({ offset: 0, count: 20 })).total_count).toBe(0);
    expect((await call(emu, 'draft/get', token, { media_id: mediaId })).body.errcode ?? 0).toBe(
      c.draftStays ? 0 : 40007,
    );

    // The fault was for one submit: the next one publishes.
    const again = await submit(await addDraft(emu, token, [{ title: 'Next' }]));
    emu.clock.advance(1000);
    expect((await status(again.publish_id)).publish_status).toBe(0);
    expect((await published({ offset: 0, count: 20 })).total_count).toBe(1);
  });

  it('refuses publish-status faults it cannot honour', async () => {
    const bad = [
      { kind: 'publish-status', status: 1 },
      { kind: 'publish-status', status: 2, call: 'draft/add' },
      { kind: 'publish-status', status: 3, failIdx: [1] },
      { kind: 'publish-status', status: 4, failIdx: [0] },
    ];
    for (const fault of bad) expect((await postJson(emu, '/__emulator/faults', fault)).status).toBe(400);
    // Without call it is bound to freepublish/submit, so other calls do not use it up.
    expect(emu.faults.add({ kind: 'publish-status', status: 3 }).call).toBe('freepublish/submit');
  });
});
