import { describe, expect, it } from 'vitest';
import { WeixinClient, WeixinValidationError, findArticleProblems, validateArticles } from '../src/index.js';
import { visibleText } from '@astro-weixin/rules';
import { canned } from './helpers/fetch.js';
import { TEST_APP } from '../../../test/helpers/app.js';

const good = { title: '一个标题', content: '<p>正文</p>', thumb_media_id: 'THUMB' };

function problemsOf(run: () => unknown): WeixinValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WeixinValidationError);
    return error as WeixinValidationError;
  }
  throw new Error('expected a WeixinValidationError');
}

describe('validateArticles', () => {
  it('accepts 1 to 8 good articles, with numeric-string flags', () => {
    expect(() =>
      validateArticles([{ ...good, show_cover_pic: '1', need_open_comment: 0, only_fans_can_comment: '0' }], {
        kind: 'news',
      }),
    ).not.toThrow();
    expect(() =>
      validateArticles(
        Array.from({ length: 8 }, () => good),
        { kind: 'draft' },
      ),
    ).not.toThrow();
  });

  it('refuses no articles and more than 8', () => {
    expect(problemsOf(() => validateArticles([], { kind: 'news' })).problems).toEqual([
      expect.objectContaining({ index: -1, field: 'articles', length: 0, limit: 8 }),
    ]);
    expect(
      problemsOf(() =>
        validateArticles(
          Array.from({ length: 9 }, () => good),
          { kind: 'news' },
        ),
      ).message,
    ).toMatch(/1 to 8 articles, not 9/);
  });

  it('lists every problem, naming the article, the field and its length', () => {
    const articles = [
      good,
      {
        title: '这是一个非常非常长的标题，它远远超过了微信所允许的三十二个字符的限制，真的',
        content: '',
        thumb_media_id: 'T',
        author: '一位名字很长的作者先生',
        need_open_comment: 2 as unknown as 0,
      },
      { title: 'Third', content: '<p>x</p>', digest: 'd'.repeat(121) } as unknown as typeof good,
    ];
    const error = problemsOf(() => validateArticles(articles, { kind: 'news' }));
    const byField = error.problems.map((p) => `${p.index}:${p.field}`);
    expect(byField).toEqual([
      '1:content',
      '1:title',
      '1:author',
      '1:need_open_comment',
      '2:thumb_media_id',
      '2:digest',
    ]);
    const title = error.problems.find((p) => p.field === 'title')!;
    expect(title.length).toBe(37);
    expect(title.limit).toBe(32);
    expect(title.message).toMatch(/^article 2 "这是一个非常非常长/);
    expect(title.message).toMatch(/title is 37 characters, over the limit of 32/);
    expect(error.problems.find((p) => p.field === 'author')!.message).toMatch(
      /author is 11 characters, over the limit of 8/,
    );
    expect(error.problems.find((p) => p.field === 'digest')!.message).toMatch(
      /article 3 "Third": digest is 121 characters, over the limit of 120/,
    );
    expect(error.problems.find((p) => p.field === 'thumb_media_id')!.message).toMatch(/thumb_media_id is missing/);
    expect(error.message).toMatch(/^6 problems in the articles for media\/uploadnews:\n- article 2/);
  });

  it('refuses control and bidirectional characters in title, author and digest, naming each', () => {
    const problems = findArticleProblems([{ ...good, title: 'ab\u0000c', author: '\u202Eevil', digest: 'fine 👩‍💻' }], {
      kind: 'draft',
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      'article 1 "ab\u0000c": title holds U+0000 NULL at column 3: remove it',
      'article 1 "ab\u0000c": author holds U+202E RIGHT-TO-LEFT OVERRIDE at column 1: remove it',
    ]);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(() => validateArticles([{ ...good, title: '字'.repeat(32) }], { kind: 'news' })).not.toThrow();
    expect(() => validateArticles([{ ...good, title: '😀'.repeat(32) }], { kind: 'news' })).not.toThrow();
    expect(() => validateArticles([{ ...good, title: '字'.repeat(33) }], { kind: 'news' })).toThrow(
      WeixinValidationError,
    );
  });

  it('limits are configurable', () => {
    const long = { ...good, title: 't'.repeat(60), author: 'a'.repeat(16), digest: 'd'.repeat(128) };
    expect(findArticleProblems([long], { kind: 'draft' })).toHaveLength(3);
    expect(findArticleProblems([long], { kind: 'draft', limits: { title: 64, author: 16, digest: 128 } })).toEqual([]);
  });

  it('content: fewer than 20,000 characters of text by default, of HTML when asked, and under 1 MB', () => {
    const styled = `<p style="color:#333;font-size:15px;line-height:1.75">${'字'.repeat(100)}</p>`;
    const content = styled.repeat(150); // 15,000 visible characters, about 23,000 of HTML
    expect(visibleText(content)).toHaveLength(15_000);
    expect(findArticleProblems([{ ...good, content }], { kind: 'news' })).toEqual([]);
    const html = findArticleProblems([{ ...good, content }], { kind: 'news', limits: { contentCount: 'html' } });
    expect(html).toEqual([expect.objectContaining({ field: 'content', limit: 20_000 })]);
    expect(html[0]!.message).toMatch(/content has \d+ characters of HTML; WeChat takes fewer than 20000/);
    const text = findArticleProblems([{ ...good, content: `<p>${'字'.repeat(20_000)}</p>` }], { kind: 'news' });
    expect(text[0]!.message).toMatch(/content has 20000 characters of text/);
    const heavy = findArticleProblems([{ ...good, content: `<img src="x">`.repeat(80_000) }], { kind: 'news' });
    expect(heavy).toEqual([expect.objectContaining({ field: 'content', limit: 1_000_000, length: 1_040_000 })]);
  });

  it('a newspic draft needs no thumb, but 1 to 20 pictures and plain text', () => {
    const imagePost = (count: number, content = 'c') => ({
      article_type: 'newspic' as const,
      title: 't',
      content,
      image_info: { image_list: Array.from({ length: count }, (_, i) => ({ image_media_id: `id${i}` })) },
    });
    expect(findArticleProblems([imagePost(20)], { kind: 'draft' })).toEqual([]);
    expect(findArticleProblems([imagePost(0)], { kind: 'draft' })[0]!.message).toMatch(/image_info needs image_list/);
    expect(findArticleProblems([imagePost(21)], { kind: 'draft' })).toEqual([
      expect.objectContaining({ field: 'image_info', length: 21, limit: 20 }),
    ]);
    expect(findArticleProblems([imagePost(1, '<p>c</p>')], { kind: 'draft' })[0]!.message).toMatch(
      /content must be plain text/,
    );
    expect(findArticleProblems([imagePost(1, 'x'.repeat(45_167))], { kind: 'draft' })).toEqual([
      expect.objectContaining({ field: 'content', length: 45_167, limit: 45_166 }),
    ]);
  });
});

describe('the client validates before sending', () => {
  it('uploadNews, addDraft and updateDraft throw before any request', async () => {
    const net = canned();
    const client = new WeixinClient({ ...TEST_APP, fetch: net.fetch });
    const bad = { ...good, title: '' };
    await expect(client.uploadNews([bad])).rejects.toBeInstanceOf(WeixinValidationError);
    await expect(client.addDraft([bad])).rejects.toThrow(/article 1: title must be a non-empty string/);
    await expect(client.updateDraft('D', 0, bad)).rejects.toBeInstanceOf(WeixinValidationError);
    expect(net.requests).toHaveLength(0);
  });

  it('uses the client limits, and validate: false sends as is', async () => {
    const title = 't'.repeat(40);
    const net = canned({ 'media/uploadnews': { media_id: 'N1' }, 'draft/add': { media_id: 'D1' } });
    const strict = new WeixinClient({ ...TEST_APP, fetch: net.fetch });
    await expect(strict.uploadNews([{ ...good, title }])).rejects.toThrow(
      /title is 40 characters, over the limit of 32/,
    );
    const relaxed = new WeixinClient({ ...TEST_APP, fetch: net.fetch, limits: { title: 64 } });
    await expect(relaxed.uploadNews([{ ...good, title }])).resolves.toMatchObject({ media_id: 'N1' });
    const unchecked = new WeixinClient({ ...TEST_APP, fetch: net.fetch, validate: false });
    await expect(unchecked.addDraft([{ ...good, title }])).resolves.toMatchObject({ media_id: 'D1' });
    expect(net.calls('draft/add')[0]!.json).toEqual({ articles: [{ ...good, title }] });
  });
});
