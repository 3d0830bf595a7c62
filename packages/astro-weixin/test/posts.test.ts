import path from 'node:path';
import { stringify } from 'devalue';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/index.js';
import { reportSelection } from '../src/select/left-out.js';
import { frontmatterCover, type LeftOutPost, selectPosts } from '../src/select/posts.js';
import { ProblemList } from '../src/utils/problems.js';
import { capturingLogger } from '../../../test/helpers/logger.js';
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

describe('selectPosts on files as editors save them', () => {
  const post = '---\ntitle: 春日\nweixin: true\n---\n\n正文\n';
  // 春日 and 正文 as GBK (GB18030) writes them.
  const gbk = (frontmatter: string) =>
    Buffer.concat([
      Buffer.from(`---\ntitle: `),
      Buffer.from('b4bac8d5', 'hex'),
      Buffer.from(`\n${frontmatter}---\n\n`),
      Buffer.from('d5fdcec4', 'hex'),
      Buffer.from('\n'),
    ]);

  it('selects a post saved with a byte-order mark, or with CRLF, exactly as the same post in plain UTF-8', async () => {
    const { posts, problems } = await select({
      'src/content/blog/plain.md': post,
      'src/content/blog/bom.md': `\uFEFF${post}`,
      'src/content/blog/crlf.md': `\uFEFF${post.replaceAll('\n', '\r\n')}`,
    });
    expect(problems.items).toEqual([]);
    expect(posts.map((p) => [p.file, p.frontmatter, p.parsed.lines.get('weixin')])).toEqual([
      ['src/content/blog/bom.md', { title: '春日', weixin: true }, 3],
      ['src/content/blog/crlf.md', { title: '春日', weixin: true }, 3],
      ['src/content/blog/plain.md', { title: '春日', weixin: true }, 3],
    ]);
  });

  it('stops at a post meant for WeChat that is not UTF-8, naming the line, the encoding and the fix', async () => {
    const { posts, problems } = await select({ 'src/content/blog/gbk.md': gbk('weixin: true\n') });
    expect(posts).toEqual([]);
    expect(problems.errors).toEqual([
      {
        file: 'src/content/blog/gbk.md',
        line: 2,
        column: 8,
        severity: 'error',
        message: expect.stringMatching(/^the file is not UTF-8 \(it looks like GB18030\).*iconv -f GB18030 -t UTF-8/),
      },
    ]);
  });

  it('warns of a post not meant for WeChat that is not UTF-8, and leaves it out', async () => {
    const leftOut: LeftOutPost[] = [];
    const project = await makeProject({ 'src/content/blog/gbk.md': gbk('') });
    cleanup = project.cleanup;
    const problems = new ProblemList();
    const posts = await selectPosts({ root: project.root, options: resolveOptions({}), leftOut }, problems);
    expect(posts).toEqual([]);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings.map((w) => [w.file, w.line])).toEqual([['src/content/blog/gbk.md', 2]]);
    expect(leftOut).toEqual([{ file: 'src/content/blog/gbk.md', reason: 'not UTF-8' }]);
  });

  it('finds posts under every ending Astro reads as Markdown', async () => {
    const files = Object.fromEntries(
      ['md', 'markdown', 'mdown', 'mkdn', 'mkd', 'mdwn'].map((ending) => [
        `src/content/blog/${ending}.${ending}`,
        post,
      ]),
    );
    const { posts } = await select(files);
    expect(posts).toHaveLength(6);
  });

  it('gives every post it leaves out a reason, and the log accounts for each', async () => {
    const leftOut: LeftOutPost[] = [];
    const project = await makeProject({
      'src/content/blog/a.md': post,
      'src/content/blog/b.md': '---\ntitle: B\n---\nB',
      'src/content/blog/c.md': '---\ntitle: C\nweixin: false\n---\nC',
      'src/content/blog/d.md': '---\ntitle: D\nweixin: true\ndraft: true\n---\nD',
      'src/content/blog/e.md': '---\ntitle: [E\n---\nE',
      'src/content/blog/f.md': '---\ntitle: F\nweixin: true\n---\nF',
      'src/content/blog/g.md': 'No front matter at all.',
    });
    cleanup = project.cleanup;
    const options = resolveOptions({ filter: (info: { slug: string }) => info.slug !== 'f' });
    const posts = await selectPosts({ root: project.root, options, leftOut }, new ProblemList());
    expect(posts.map((p) => p.file)).toEqual(['src/content/blog/a.md']);
    expect(leftOut).toEqual([
      { file: 'src/content/blog/b.md', reason: 'no `weixin:`' },
      { file: 'src/content/blog/c.md', reason: '`weixin: false`' },
      { file: 'src/content/blog/d.md', reason: '`draft: true`' },
      { file: 'src/content/blog/e.md', reason: 'invalid front matter' },
      { file: 'src/content/blog/f.md', reason: 'the `filter` option' },
      { file: 'src/content/blog/g.md', reason: 'no `weixin:`' },
    ]);
    const lines: string[] = [];
    reportSelection(capturingLogger(lines), posts.length, leftOut);
    expect(lines.filter((line) => line.startsWith('info'))).toEqual([
      'info 1 post of 7 selected for WeChat; left out: 2 without `weixin:`, 1 with `weixin: false`, 1 with `draft: true`, 1 with front matter that is not valid YAML, 1 left out by the `filter` option.',
    ]);
    expect(lines).toContain('debug left out: src/content/blog/d.md (`draft: true`)');
    const none: string[] = [];
    reportSelection(capturingLogger(none), 0, leftOut.slice(0, 1));
    expect(none.filter((line) => line.startsWith('info'))).toEqual([
      "info No post is selected for WeChat: add `weixin: true` to a post's front matter. Of the 1 post seen, 1 without `weixin:`.",
    ]);
  });
});
