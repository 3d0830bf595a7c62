import { describe, expect, it } from 'vitest';
import { planBatches } from '../src/messages/batches.js';
import { ProblemList } from '../src/utils/problems.js';
import type { PreparedArticle } from '../src/render/article.js';

function article(
  slug: string,
  settings: { batch?: string; order?: number } = {},
  date = '2026-01-01',
): PreparedArticle {
  return {
    post: {
      file: `src/content/blog/${slug}.md`,
      slug,
      collection: 'blog',
      frontmatter: {},
      settings,
      date: new Date(date),
      parsed: { lines: new Map([['weixin.batch', 4]]) },
    },
    title: slug,
    contentHash: `hash-${slug}`,
  } as unknown as PreparedArticle;
}

describe('planBatches', () => {
  it('fills messages of at most N articles, newest first', () => {
    const problems = new ProblemList();
    const articles = Array.from({ length: 10 }, (_, i) =>
      article(`p${i}`, {}, `2026-01-${String(i + 1).padStart(2, '0')}`),
    );
    const batches = planBatches(articles, { articlesPerMessage: 8, target: 'news' }, problems);
    expect(batches.map((b) => b.articles.length)).toEqual([8, 2]);
    expect(batches[0]!.articles[0]!.post.slug).toBe('p9');
    expect(problems.items).toEqual([]);
  });

  it('groups named batches and orders them by `order`, then date', () => {
    const problems = new ProblemList();
    const batches = planBatches(
      [
        article('b', { batch: 'x', order: 2 }),
        article('a', { batch: 'x', order: 1 }),
        article('c', { batch: 'x' }),
        article('solo'),
      ],
      { articlesPerMessage: 8, target: 'news' },
      problems,
    );
    expect(batches.map((b) => [b.name, b.articles.map((a) => a.post.slug)])).toEqual([
      ['x', ['a', 'b', 'c']],
      ['solo', ['solo']],
    ]);
  });

  it("reports a named batch over the limit at each post's `weixin.batch` line", () => {
    const problems = new ProblemList();
    const batches = planBatches(
      Array.from({ length: 3 }, (_, i) => article(`p${i}`, { batch: 'big' })),
      { articlesPerMessage: 2, target: 'news' },
      problems,
    );
    expect(batches).toEqual([]);
    expect(problems.errors).toHaveLength(3);
    expect(problems.errors[0]).toMatchObject({ file: 'src/content/blog/p0.md', line: 4 });
    expect(problems.errors[0]!.message).toMatch(/batch "big" has 3 posts.*at most 2/);
  });

  it('gives the same hash to the same content and a new one when anything changes', () => {
    const problems = new ProblemList();
    const one = planBatches([article('a')], { articlesPerMessage: 8, target: 'news' }, problems)[0]!;
    const same = planBatches([article('a')], { articlesPerMessage: 8, target: 'news' }, problems)[0]!;
    const draft = planBatches([article('a')], { articlesPerMessage: 8, target: 'draft' }, problems)[0]!;
    const changed = article('a');
    changed.contentHash = 'other';
    const edited = planBatches([changed], { articlesPerMessage: 8, target: 'news' }, problems)[0]!;
    expect(same.hash).toBe(one.hash);
    expect(draft.hash).not.toBe(one.hash);
    expect(edited.hash).not.toBe(one.hash);
  });
});
