import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/index.js';
import { frontmatterCover, selectPosts } from '../src/posts.js';
import { ProblemList } from '../src/problems.js';
import { makeProject } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function select(files: Record<string, string>, options = {}) {
  const project = await makeProject(files);
  cleanup = project.cleanup;
  const problems = new ProblemList();
  const posts = await selectPosts(project.root, resolveOptions(options), 'https://blog.example.com/base/', problems);
  return { posts, problems };
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

  it('reports unknown and mistyped weixin keys with their line', async () => {
    const { posts, problems } = await select({
      'src/content/blog/a.md': '---\ntitle: A\nweixin:\n  batch: 3\n  cover_image: x.png\n---\nA',
    });
    expect(posts).toEqual([]);
    const messages = problems.errors.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^src\/content\/blog\/a\.md:4: `weixin\.batch`/));
    expect(messages).toContainEqual(expect.stringMatching(/^src\/content\/blog\/a\.md:3: .*unknown key `cover_image`/));
  });

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
