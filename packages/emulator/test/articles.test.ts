// Every validation of graphic messages, with the errcode the platform gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { RID, call, classicToken, jpeg, upload } from './helpers.js';

let emu: Emulator;
let token: string;
let thumb: string;
let permanentThumb: string;
let bodyImage: string;

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    apps: [TEST_APP],
    clock: Date.UTC(2026, 0, 5),
    limits: { publishDelayMs: 60_000 },
  });
  token = await classicToken(emu);
  thumb = (await upload(emu, 'media/upload?type=thumb', token, await jpeg(100, 100, '#933'))).body.thumb_media_id;
  permanentThumb = (await upload(emu, 'material/add_material?type=thumb', token, await jpeg(100, 100, '#393'))).body
    .media_id;
  bodyImage = (await upload(emu, 'media/uploadimg', token, await jpeg(300, 200, '#339'))).body.url;
});
afterAll(() => emu.close());

const article = (overrides: Record<string, unknown> = {}) => ({
  title: 'Title',
  author: 'Me',
  content: '<p>Hello</p>',
  thumb_media_id: thumb,
  ...overrides,
});
const news = (articles: unknown) => call(emu, 'media/uploadnews', token, { articles });

async function expectError(promise: Promise<{ body: Record<string, unknown> }>, errcode: number, text: string) {
  const { body } = await promise;
  expect(body.errcode).toBe(errcode);
  expect(body.errmsg).toMatch(new RegExp(`^${text} rid: `));
  expect(body.errmsg).toMatch(RID);
  expect(Object.keys(body)).toEqual(['errcode', 'errmsg']);
}

describe('uploadnews validation', () => {
  it('44003 without articles, 45008 for 0 or 9 articles', async () => {
    await expectError(call(emu, 'media/uploadnews', token, {}), 44003, 'empty news data');
    await expectError(news([]), 45008, 'article size out of limit');
    await expectError(news(Array.from({ length: 9 }, () => article())), 45008, 'article size out of limit');
    expect((await news(Array.from({ length: 8 }, () => article()))).body.type).toBe('news');
  });

  it('44003 without a title, 44004 without content', async () => {
    await expectError(news([article({ title: '' })]), 44003, 'empty news data');
    await expectError(news([article({ title: undefined })]), 44003, 'empty news data');
    await expectError(news([article({ content: '   ' })]), 44004, 'empty content');
  });

  it('40007 for a missing, unknown or expired thumb', async () => {
    await expectError(news([article({ thumb_media_id: undefined })]), 40007, 'invalid media_id');
    await expectError(
      news([article({ thumb_media_id: 'qI6_Ze_6PtV7svjolgs-rN6stStuHIjs9_DidOHaj0Q-mwvBelOXCFZiq2OsIU-p' })]),
      40007,
      'invalid media_id',
    );
    // A permanent thumb is fine for uploadnews too.
    expect((await news([article({ thumb_media_id: permanentThumb })])).body.type).toBe('news');
  });

  it('45003/45110/45004 for title, author and digest over 32/8/120 characters, counted as characters', async () => {
    expect(
      (await news([article({ title: '很'.repeat(32), author: '作'.repeat(8), digest: '摘'.repeat(120) })])).body.type,
    ).toBe('news');
    await expectError(news([article({ title: '很'.repeat(33) })]), 45003, 'title size out of limit');
    await expectError(news([article({ author: 'abcdefghi' })]), 45110, 'author size out of limit');
    await expectError(news([article({ digest: 'd'.repeat(121) })]), 45004, 'description size out of limit');
    const last = emu.requests.at(-1)!;
    expect(last.detail).toBe('articles[0].digest is 121 characters, over the limit of 120');
  });

  it('45002 for content of 20,000 text characters or more, or 1,000,000 bytes or more', async () => {
    const styled = (n: number) => `<p style="color:#333;font-size:15px">${'x'.repeat(n)}</p>`;
    expect((await news([article({ content: styled(19_999) })])).body.type).toBe('news');
    await expectError(news([article({ content: styled(20_000) })]), 45002, 'content size out of limit');
    expect(emu.requests.at(-1)!.detail).toBe('articles[0].content is 20000 text characters, must be fewer than 20000');
    // Little text, lots of markup: the byte limit catches it.
    const markup = '<span style="color:#333"></span>'.repeat(Math.ceil(1_000_000 / 32));
    await expectError(news([article({ content: `<p>x</p>${markup}` })]), 45002, 'content size out of limit');
    expect(emu.requests.at(-1)!.detail).toMatch(/bytes, must be under 1000000$/);
  });

  it('names the article at fault when the second one is wrong, and stores nothing', async () => {
    const before = emu.state().news.length;
    await expectError(news([article(), article({ title: 'x'.repeat(40) })]), 45003, 'title size out of limit');
    expect(emu.requests.at(-1)!.detail).toBe('articles[1].title is 40 characters, over the limit of 32');
    expect(emu.state().news.length).toBe(before);
  });

  it('47001 for malformed JSON, wrong types and flags that are not 0/1', async () => {
    await expectError(call(emu, 'media/uploadnews', token, '{"articles": ['), 47001, 'data format error');
    await expectError(call(emu, 'media/uploadnews', token, '[1]'), 47001, 'data format error');
    await expectError(news([article({ title: 5 })]), 47001, 'data format error');
    await expectError(news([article({ need_open_comment: 'yes' })]), 47001, 'data format error');
    await expectError(news([article({ show_cover_pic: 2 })]), 47001, 'data format error');
    await expectError(call(emu, 'media/uploadnews', token, ''), 44002, 'empty post data');
  });

  it('43002 for GET on a POST call', async () => {
    const { body } = await (await fetch(`${emu.url}/cgi-bin/media/uploadnews?access_token=${token}`))
      .json()
      .then((b) => ({ body: b }));
    expect(body.errcode).toBe(43002);
    expect(body.errmsg).toMatch(/^require POST method rid: /);
  });
});

describe('configurable limits', () => {
  it('takes looser field limits, and counts the HTML when told', async () => {
    const custom = await startEmulator({
      port: 0,
      apps: [TEST_APP],
      limits: { titleMaxChars: 64, authorMaxChars: 16, digestMaxChars: 128, contentCount: 'html' },
    });
    try {
      const t = await classicToken(custom);
      const th = (await upload(custom, 'media/upload?type=thumb', t, await jpeg(50, 50, '#999'))).body.thumb_media_id;
      const ok = await call(custom, 'media/uploadnews', t, {
        articles: [
          {
            title: 't'.repeat(64),
            author: 'a'.repeat(16),
            digest: 'd'.repeat(128),
            content: '<p>x</p>',
            thumb_media_id: th,
          },
        ],
      });
      expect(ok.body.type).toBe('news');
      // 15,000 characters of text inside more than 20,000 characters of styled HTML.
      const content = Array.from({ length: 750 }, () => `<span style="color:#333">${'字'.repeat(20)}</span>`).join('');
      expect(content.length).toBeGreaterThan(20_000);
      expect(
        (await call(custom, 'media/uploadnews', t, { articles: [{ title: 't', content, thumb_media_id: th }] })).body
          .errcode,
      ).toBe(45002);
      // The default counts visible text, so the same content passes there.
      expect((await news([article({ content })])).body.type).toBe('news');
    } finally {
      await custom.close();
    }
  });
});

describe('content filtering', () => {
  it('removes scripts, styles, handlers, class and id, and images it did not issue; records each', async () => {
    const content = [
      '<style>p{color:red}</style>',
      '<p class="lead" id="top" style="color:#333" onclick="steal()">Hi<script>alert(1)</script></p>',
      `<p><img src="${bodyImage}" alt="ours" onerror="x()"></p>`,
      '<p><img src="https://example.com/hotlink.png" alt="theirs"></p>',
      '<a href="javascript:alert(1)">bad link</a>',
      '<section data-miniprogram-appid="wx1234567890abcdef" style="margin:0">kept</section>',
    ].join('');
    const result = await news([article({ content })]);
    const stored = emu.state().news.find((n) => n.media_id === result.body.media_id)!.articles[0]!.content;
    expect(stored).toBe(
      `<p style="color:#333">Hi</p><p><img src="${bodyImage}" alt="ours"></p><p></p><a>bad link</a><section data-miniprogram-appid="wx1234567890abcdef" style="margin:0">kept</section>`,
    );
    const filtered = emu.state().filtered.filter((f) => f.media_id === result.body.media_id);
    expect(filtered.map((f) => f.kind).sort()).toEqual(
      ['class', 'handler', 'handler', 'id', 'img', 'javascript-url', 'script', 'style'].sort(),
    );
    expect(filtered.find((f) => f.kind === 'img')).toMatchObject({
      detail: 'https://example.com/hotlink.png',
      call: 'media/uploadnews',
      index: 0,
    });
  });

  it('derives an empty digest from the text: 64 characters for uploadnews, 54 for drafts', async () => {
    const text = '一二三四五六七八九十'.repeat(10);
    const n = await news([article({ content: `<p>${text}</p>` })]);
    expect(emu.state().news.find((x) => x.media_id === n.body.media_id)!.articles[0]!.digest).toBe(text.slice(0, 64));
    const d = await call(emu, 'draft/add', token, {
      articles: [article({ content: `<p>${text}</p>`, thumb_media_id: permanentThumb })],
    });
    expect(emu.state().drafts.find((x) => x.media_id === d.body.media_id)!.articles[0]!.digest).toBe(text.slice(0, 54));
  });
});

describe('drafts and publishing', () => {
  it('refuses a temporary thumb in a draft with 40007', async () => {
    await expectError(call(emu, 'draft/add', token, { articles: [article()] }), 40007, 'invalid media_id');
    expect(emu.requests.at(-1)!.detail).toMatch(/temporary media; drafts need permanent material/);
  });

  it('adds, gets, updates, lists, publishes and deletes', async () => {
    const draftArticle = article({
      thumb_media_id: permanentThumb,
      article_type: 'news',
      need_open_comment: '1',
      pic_crop_235_1: '0_0_1_0.5',
    });
    const added = await call(emu, 'draft/add', token, {
      articles: [draftArticle, article({ thumb_media_id: permanentThumb, title: 'Second' })],
    });
    expect(Object.keys(added.body)).toEqual(['media_id']);
    const mediaId = added.body.media_id as string;

    const got = await call(emu, 'draft/get', token, { media_id: mediaId });
    expect(got.body.news_item).toHaveLength(2);
    expect(got.body.news_item[0].content_source_url).toBe(''); // not sent: answered as an empty string
    expect(got.body.news_item[0]).toMatchObject({
      title: 'Title',
      need_open_comment: 1,
      thumb_media_id: permanentThumb,
      pic_crop_235_1: '0_0_1_0.5',
    });
    expect(got.body.news_item[0].thumb_url).toMatch(new RegExp(`^${emu.url}/mmbiz_jpg/`));

    const updated = await call(emu, 'draft/update', token, {
      media_id: mediaId,
      index: 1,
      articles: article({ thumb_media_id: permanentThumb, title: 'Second, edited' }),
    });
    expect(updated.body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(
      (
        await call(emu, 'draft/update', token, {
          media_id: mediaId,
          index: 2,
          articles: article({ thumb_media_id: permanentThumb }),
        })
      ).body.errcode,
    ).toBe(40007);
    expect(
      (await call(emu, 'draft/update', token, { media_id: 'nope', index: 0, articles: article() })).body.errcode,
    ).toBe(40007);

    const list = await call(emu, 'draft/batchget', token, { offset: 0, count: 20, no_content: 1 });
    const entry = list.body.item.find((i: { media_id: string }) => i.media_id === mediaId);
    expect(entry.content.news_item.map((a: { title: string }) => a.title)).toEqual(['Title', 'Second, edited']);
    expect(entry.content.news_item[0].content).toBe('');
    expect(list.body.total_count).toBe(list.body.item_count);
    expect((await call(emu, 'draft/batchget', token, { offset: 0, count: 21 })).body.errcode).toBe(40097);

    const submitted = await call(emu, 'freepublish/submit', token, { media_id: mediaId });
    expect(submitted.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      publish_id: expect.any(Number),
      msg_data_id: expect.any(Number),
    });
    const publishing = await call(emu, 'freepublish/get', token, { publish_id: submitted.body.publish_id });
    expect(publishing.body.publish_status).toBe(1);
    emu.clock.advance(60_000);
    const published = await call(emu, 'freepublish/get', token, { publish_id: String(submitted.body.publish_id) });
    expect(published.body).toMatchObject({
      publish_id: submitted.body.publish_id,
      publish_status: 0,
      article_id: expect.any(String),
      article_detail: { count: 2 },
    });
    // Published drafts leave the draft box, as on the platform.
    expect(emu.state().drafts.some((d) => d.media_id === mediaId)).toBe(false);
    expect((await call(emu, 'draft/get', token, { media_id: mediaId })).body.errcode).toBe(40007);

    const other = await call(emu, 'draft/add', token, { articles: [draftArticle] });
    expect((await call(emu, 'draft/delete', token, { media_id: other.body.media_id })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect((await call(emu, 'draft/delete', token, { media_id: other.body.media_id })).body.errcode).toBe(40007);
  });
});

describe('mass messages', () => {
  it('previews and sends an uploaded message, with quotas', async () => {
    const n = await news([article()]);
    const preview = await call(emu, 'message/mass/preview', token, {
      touser: 'oABC',
      mpnews: { media_id: n.body.media_id },
      msgtype: 'mpnews',
    });
    expect(preview.body).toEqual({ errcode: 0, errmsg: 'preview success', msg_id: expect.any(Number) });
    expect(
      (await call(emu, 'message/mass/preview', token, { mpnews: { media_id: n.body.media_id }, msgtype: 'mpnews' }))
        .body.errcode,
    ).toBe(40003);
    expect(
      (
        await call(emu, 'message/mass/preview', token, {
          touser: 'o',
          mpnews: { media_id: 'unknown' },
          msgtype: 'mpnews',
        })
      ).body.errcode,
    ).toBe(40007);

    const body = {
      filter: { is_to_all: true },
      mpnews: { media_id: n.body.media_id },
      msgtype: 'mpnews',
      send_ignore_reprint: 0,
    };
    const sent = await call(emu, 'message/mass/sendall', token, body);
    expect(sent.body).toEqual({
      errcode: 0,
      errmsg: 'send job submission success',
      msg_id: expect.any(Number),
      msg_data_id: expect.any(Number),
    });
    // A subscription account sends once a day.
    expect((await call(emu, 'message/mass/sendall', token, body)).body.errcode).toBe(45028);
    expect(emu.state().messages.map((m) => m.kind)).toEqual(['preview', 'sendall']);
  });
});

describe('draft/add with article_type newspic (image posts)', () => {
  const imagePost = (pictures: string[], overrides: Record<string, unknown> = {}) => ({
    article_type: 'newspic',
    title: '小绿书',
    content: '纯文字。',
    image_info: { image_list: pictures.map((id) => ({ image_media_id: id })) },
    need_open_comment: 1,
    ...overrides,
  });
  let picture: string;
  beforeAll(async () => {
    picture = (await upload(emu, 'material/add_material?type=image', token, await jpeg(300, 400, '#6a6'))).body
      .media_id;
  });

  it('is stored with its pictures, no thumb needed, and publishes', async () => {
    const draft = await call(emu, 'draft/add', token, { articles: [imagePost([picture, picture])] });
    expect(draft.body.media_id).toEqual(expect.any(String));
    const stored = emu.state().drafts.find((d) => d.media_id === draft.body.media_id)!.articles[0]!;
    expect(stored).toMatchObject({ article_type: 'newspic', content: '纯文字。', need_open_comment: 1 });
    expect(stored.image_info!.image_list).toHaveLength(2);
    const submitted = await call(emu, 'freepublish/submit', token, { media_id: draft.body.media_id });
    expect(submitted.body.publish_id).toBeDefined();
  });

  it.each([
    ['no pictures', () => imagePost([]), 47001],
    ['21 pictures (limit 20, unconfirmed)', () => imagePost(Array(21).fill(picture)), 45166],
    ['a temporary thumb as a picture', () => imagePost([thumb]), 40007],
    ['HTML in the text (unconfirmed)', () => imagePost([picture], { content: '<p>文字</p>' }), 45166],
    ['text over imagePostTextMaxChars', () => imagePost([picture], { content: 'x'.repeat(45_167) }), 45166],
  ])('refuses %s', async (_case, make, errcode) => {
    const before = emu.state().drafts.length;
    const answer = await call(emu, 'draft/add', token, { articles: [make()] });
    expect(answer.body.errcode).toBe(errcode);
    expect(emu.state().drafts).toHaveLength(before);
  });
});
