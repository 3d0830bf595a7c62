import path from 'node:path';
import { stringify } from 'devalue';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/index.js';
import { frontmatterCover, selectPosts } from '../src/select/posts.js';
import { ProblemList } from '../src/utils/problems.js';
import { makeProject } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function select(files: Record<string, string>, options = {}, extra: { cacheDir?: string } = {}) {
  const project = await makeProject(files);
  cleanup = project.cleanup;
  const problems = new ProblemList();
  const warnings: string[] = [];
  const posts = await selectPosts(
    {
      root: project.root,
      options: resolveOptions(options),
      site: 'https://blog.example.com/base/',
      ...(extra.cacheDir ? { cacheDir: path.join(project.root, extra.cacheDir) } : {}),
      logger: { warn: (message) => warnings.push(message) },
    },
    problems,
  );
  return { posts, problems, warnings };
}

describe('selectPosts', () => {
  it('selects `weixin: true` and `weixin:` objects, never drafts or unmarked posts', async () => {
    const { posts, problems } = await select({
      'src/content/blog/a.md': '---\ntitle: A\nweixin: true\n---\nA',
      'src/content/blog/b.md': '---\ntitle: B\nweixin:\n  batch: x\n---\nB',
      'src/content/blog/c.md': '---\ntitle: C\n---\nC',
      'src/content/blog/d.md': '---\ntitle: D\nweixin: true\ndraft: true\n---\nD',
      'src/content/blog/e.md': '---\ntitle: E\nweixin: false\n---\nE',
    });
    expect(problems.items).toEqual([]);
    expect(posts.map((p) => p.file)).toEqual(['src/content/blog/a.md', 'src/content/blog/b.md']);
    expect(posts[1]!.settings).toEqual({ batch: 'x' });
  });

  it('derives collection, slug and the post URL on the site with its base', async () => {
    const { posts } = await select({ 'src/content/blog/2026/My Post.md': '---\ntitle: A\nweixin: true\n---\nA' });
    expect(posts[0]).toMatchObject({
      collection: 'blog',
      slug: '2026/my-post',
      url: 'https://blog.example.com/base/blog/2026/my-post/',
    });
  });

  it('lets content_source_url and a postUrl function decide the address', async () => {
    const files = {
      'src/content/notes/x.md': '---\ntitle: X\nweixin:\n  content_source_url: https://elsewhere.example/x\n---\nX',
      'src/content/notes/y.md': '---\ntitle: Y\nweixin: true\n---\nY',
    };
    const { posts } = await select(files, { postUrl: (post: { slug: string }) => `/n/${post.slug}.html` });
    expect(posts.map((p) => p.url)).toEqual(['https://elsewhere.example/x', 'https://blog.example.com/base/n/y.html']);
  });

  it('applies the filter option after the front matter selection', async () => {
    const { posts } = await select(
      {
        'src/content/blog/a.md': '---\nweixin: true\ntags: [wx]\n---\n',
        'src/content/blog/b.md': '---\nweixin: true\n---\n',
      },
      { filter: (post: { frontmatter: Record<string, unknown> }) => Array.isArray(post.frontmatter['tags']) },
    );
    expect(posts.map((p) => p.slug)).toEqual(['a']);
  });

  it('reports unknown and mistyped weixin keys with their line, and keeps the post for the other checks', async () => {
    const { posts, problems } = await select({
      'src/content/blog/a.md': '---\ntitle: A\nweixin:\n  batch: 3\n  cover_image: x.png\n  author: Me\n---\nA',
    });
    expect(posts.map((p) => p.settings)).toEqual([{ author: 'Me' }]);
    const messages = problems.errors.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^src\/content\/blog\/a\.md:4: `weixin\.batch`/));
    expect(messages).toContainEqual(expect.stringMatching(/^src\/content\/blog\/a\.md:5: .*unknown key `cover_image`/));
  });

  it('refuses a content_source_url or post address that is not an absolute http(s) URL', async () => {
    const { posts, problems } = await select(
      {
        'src/content/blog/a.md': '---\ntitle: A\nweixin:\n  content_source_url: blog/a\n---\nA',
        'src/content/blog/b.md': '---\ntitle: B\nweixin: true\n---\nB',
      },
      { postUrl: (post: { slug: string }) => (post.slug === 'b' ? 'javascript:alert(1)' : '/x/') },
    );
    expect(posts).toHaveLength(2);
    expect(problems.errors.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'src/content/blog/a.md:4: `weixin.content_source_url` is "blog/a", not an absolute http(s) address: write it as https://…',
      'src/content/blog/b.md:1: the post\'s address "javascript:alert(1)" (from the `postUrl` option) is not an absolute http(s) address: make `postUrl` give a path on the site or an https://… address',
    ]);
  });
});

describe('selectPosts from the content layer', () => {
  const store = stringify(
    new Map([
      [
        'articles',
        new Map([
          [
            'first-post',
            { id: 'first-post', data: { title: 'First' }, filePath: 'src/data/posts/first.md', body: 'x' },
          ],
          ['unmarked', { id: 'unmarked', data: { title: 'U' }, filePath: 'src/data/posts/unmarked.md', body: 'x' }],
        ]),
      ],
      [
        'notes',
        new Map([
          ['n1', { id: 'n1', data: { title: 'Note', weixin: true, body: 'Hi' }, filePath: 'src/data/notes.json' }],
        ]),
      ],
    ]),
  );

  it("takes the entries Astro loaded, with their collection and id, `weixin:` from the file's front matter", async () => {
    const { posts, problems } = await select(
      {
        'cache/data-store.json': store,
        // A schema may strip `weixin`: the raw front matter keeps it.
        'src/data/posts/first.md': '---\ntitle: First\nweixin: true\n---\nText',
        'src/data/posts/unmarked.md': '---\ntitle: U\n---\nText',
        'src/content/blog/ignored.md': '---\ntitle: I\nweixin: true\n---\nText',
      },
      {},
      { cacheDir: 'cache' },
    );
    expect(problems.items).toEqual([]);
    expect(posts.map((p) => [p.file, p.collection, p.slug, p.url, p.source])).toEqual([
      [
        'src/data/posts/first.md',
        'articles',
        'first-post',
        'https://blog.example.com/base/articles/first-post/',
        '---\ntitle: First\nweixin: true\n---\nText',
      ],
      ['src/data/notes.json#n1', 'notes', 'n1', 'https://blog.example.com/base/notes/n1/', 'Hi'],
    ]);
  });

  it('skips an entry whose file was deleted since the store was written', async () => {
    const { posts, problems } = await select(
      { 'cache/data-store.json': store, 'src/data/posts/first.md': '---\ntitle: First\nweixin: true\n---\nText' },
      {},
      { cacheDir: 'cache' },
    );
    expect(problems.items).toEqual([]);
    expect(posts.map((p) => p.file)).toEqual(['src/data/posts/first.md', 'src/data/notes.json#n1']);
  });

  it('lets `include` override the collections', async () => {
    const { posts } = await select(
      { 'cache/data-store.json': store, 'src/content/blog/only.md': '---\ntitle: O\nweixin: true\n---\nText' },
      { include: ['src/content/**/*.md'] },
      { cacheDir: 'cache' },
    );
    expect(posts.map((p) => p.file)).toEqual(['src/content/blog/only.md']);
  });

  it('falls back to the globs, with a warning, when the store is not in the expected format', async () => {
    const { posts, warnings } = await select(
      { 'cache/data-store.json': '{"collections":[]}', 'src/content/blog/a.md': '---\ntitle: A\nweixin: true\n---\nA' },
      {},
      { cacheDir: 'cache' },
    );
    expect(posts.map((p) => p.file)).toEqual(['src/content/blog/a.md']);
    expect(warnings).toEqual([expect.stringMatching(/^Astro's content layer could not be read \(.*data-store\.json/)]);
  });
});

describe('frontmatterCover', () => {
  it('finds the cover in weixin.cover, then cover/heroImage/image', async () => {
    const { posts } = await select({
      'src/content/blog/a.md': '---\nheroImage: /h.jpg\nweixin:\n  cover: ./c.jpg\n---\n',
      'src/content/blog/b.md': '---\nheroImage: /h.jpg\nweixin: true\n---\n',
      'src/content/blog/c.md': '---\nimage:\n  src: ./i.png\n  alt: x\nweixin: true\n---\n',
      'src/content/blog/d.md': '---\nweixin: true\n---\n',
    });
    expect(posts.map((p) => frontmatterCover(p))).toEqual([
      { src: './c.jpg', key: 'weixin.cover' },
      { src: '/h.jpg', key: 'heroImage' },
      { src: './i.png', key: 'image' },
      undefined,
    ]);
  });
});
