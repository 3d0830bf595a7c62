// A rebuild with nothing changed reuses the last checks; any change to what they read runs them again.
import { mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'devalue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/utils/hash.js';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { checkPosts } from '../src/checks/check-posts.js';
import { makeProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';
import { capturingLogger } from '../../../test/helpers/logger.js';

const REUSED = /(\d+) of \1 posts? unchanged since the last build \(the checks of then still hold\)/;

let project: { root: string; cleanup: () => Promise<void> };
let x: Uint8Array;

beforeEach(async () => {
  x = await makeImage(64, 48, 'png');
  project = await makeProject({
    'src/content/blog/a.md': '---\ntitle: Post A\nweixin: true\n---\n\nHello ![x](./x.png)\n',
    // Long enough for the HTML-length warning, which a reused run must give again.
    'src/content/blog/b.md': `---\ntitle: Post B\nweixin: true\n---\n\nWorld ![x](./x.png) ![r](/r.png)\n\n${'- item\n'.repeat(400)}`,
    'src/content/blog/x.png': x,
    // `/r.png` is looked for in public/ first, then at the project root, where it is.
    'r.png': await makeImage(40, 30, 'png'),
  });
});
afterEach(() => project.cleanup());

const file = (name: string) => path.join(project.root, name);
const realpathOf = (name: string) => realpath(file(name));

async function check(options: WeixinOptions = {}) {
  const lines: string[] = [];
  const checked = await checkPosts({
    root: project.root,
    srcDir: file('src'),
    publicDir: file('public'),
    cacheDir: file('node_modules/.astro'),
    site: 'https://blog.example.com/',
    options: resolveOptions(options),
    logger: capturingLogger(lines),
    env: {},
  });
  return { checked: checked!.accounts[0]!, lines, reused: lines.some((line) => REUSED.test(line)) };
}

/** The articles with each image source reduced to its hash, to compare two runs. */
function comparable(articles: Awaited<ReturnType<typeof check>>['checked']['articles']) {
  return articles.map(({ images, cover, ...article }) => ({
    ...article,
    images: images.map(({ source, ...image }) => ({ ...image, origin: source.origin, source: source.hash })),
    cover: { ...cover, origin: cover.source.origin, source: cover.source.hash },
  }));
}

describe('checks snapshot', () => {
  it('reuses the checks of an unchanged project: the same articles and warnings, and images still readable', async () => {
    const first = await check();
    expect(first.reused).toBe(false);
    expect(first.lines.filter((line) => line.startsWith('warn '))).toEqual([
      expect.stringMatching(/src\/content\/blog\/b\.md:\d+:1 {2}the article's HTML is \d+ characters/),
    ]);
    const second = await check();
    expect(second.reused).toBe(true);
    expect(second.lines.filter((line) => /\[\d\/2\]/.test(line))).toEqual([]);
    expect(second.lines.filter((line) => line.startsWith('warn '))).toEqual(
      first.lines.filter((line) => line.startsWith('warn ')),
    );
    expect(comparable(second.checked.articles)).toEqual(comparable(first.checked.articles));
    expect(second.checked.batches.map((batch) => batch.hash)).toEqual(first.checked.batches.map((batch) => batch.hash));
    // One image shared by both posts stays one source, read once.
    const [a, b] = second.checked.articles;
    expect(b!.images[0]!.source).toBe(a!.images[0]!.source);
    expect(Buffer.from(await a!.images[0]!.source.bytes()).equals(Buffer.from(x))).toBe(true);
  });

  const changes: [string, () => Promise<unknown>, (checked: Awaited<ReturnType<typeof check>>) => void][] = [
    [
      'a post edited',
      async () =>
        writeFile(file('src/content/blog/a.md'), '---\ntitle: Post A\nweixin: true\n---\n\nEdited ![x](./x.png)\n'),
      ({ checked }) => expect(checked.articles[0]!.html).toContain('Edited'),
    ],
    [
      'an image rewritten in place',
      async () => writeFile(file('src/content/blog/x.png'), await makeImage(50, 50, 'png')),
      ({ checked }) => expect(checked.articles[0]!.images[0]!.hash).not.toBe(sha256(x)),
    ],
    [
      'a new post',
      () => writeFile(file('src/content/blog/c.md'), '---\ntitle: Post C\nweixin: true\n---\n\nNew ![x](./x.png)\n'),
      ({ checked }) => expect(checked.articles.map((article) => article.title)).toContain('Post C'),
    ],
    [
      'an image now found in public/ before the one at the root',
      async () => {
        await mkdir(file('public'), { recursive: true });
        await writeFile(file('public/r.png'), await makeImage(20, 20, 'png'));
      },
      ({ checked }) => expect(checked.articles[1]!.images[1]!.source.origin).toBe(file('public/r.png')),
    ],
  ];

  it.each(changes)('checks again after %s', async (_name, change, expectFresh) => {
    await check();
    expect((await check()).reused).toBe(true);
    await change();
    const again = await check();
    expect(again.reused).toBe(false);
    expectFresh(again);
    // And the fresh checks are kept in turn.
    expect((await check()).reused).toBe(true);
  });

  it('follows an image reached through a symbolic link, and checks again when the link points elsewhere', async () => {
    await mkdir(file('shared'));
    await writeFile(file('shared/one.png'), await makeImage(30, 30, 'png'));
    await writeFile(file('shared/two.png'), await makeImage(31, 30, 'png'));
    await symlink(file('shared/one.png'), file('src/content/blog/linked.png'));
    await writeFile(
      file('src/content/blog/a.md'),
      '---\ntitle: Post A\nweixin: true\n---\n\nHello ![l](./linked.png)\n',
    );
    await check();
    expect((await check()).reused).toBe(true);
    await rm(file('src/content/blog/linked.png'));
    await symlink(file('shared/two.png'), file('src/content/blog/linked.png'));
    const again = await check();
    expect(again.reused).toBe(false);
    expect(again.checked.articles[0]!.images[0]!.source.origin).toBe(await realpathOf('shared/two.png'));
  });

  it('checks again when the options change, or when `filter` answers otherwise', async () => {
    const allowed = new Set(['a', 'b']);
    const options = { filter: (post: { slug: string }) => allowed.has(post.slug) };
    await check(options);
    expect((await check(options)).reused).toBe(true);
    expect((await check({ ...options, articlesPerMessage: 1 })).reused).toBe(false);
    await check(options);
    allowed.delete('b');
    const filtered = await check(options);
    expect(filtered.reused).toBe(false);
    expect(filtered.checked.articles.map((article) => article.title)).toEqual(['Post A']);
  });

  it("checks again when Astro's data store changes", async () => {
    const store = (ids: string[]) =>
      stringify(
        new Map([
          [
            'blog',
            new Map(
              ids.map((id) => [id, { id, data: { title: id }, filePath: `src/content/blog/${id}.md`, body: '' }]),
            ),
          ],
        ]),
      );
    await mkdir(file('node_modules/.astro'), { recursive: true });
    await writeFile(file('node_modules/.astro/data-store.json'), store(['a', 'b']));
    await check();
    expect((await check()).reused).toBe(true);
    await writeFile(file('node_modules/.astro/data-store.json'), store(['a']));
    const again = await check();
    expect(again.reused).toBe(false);
    expect(again.checked.articles.map((article) => article.title)).toEqual(['Post A']);
  });

  it('runs the checks when the snapshot is damaged, and keeps a whole one again', async () => {
    await check();
    const snapshot = file('node_modules/.astro/astro-weixin/checks-v1.bin');
    await writeFile(snapshot, (await readFile(snapshot)).subarray(0, 100));
    expect((await check()).reused).toBe(false);
    expect((await check()).reused).toBe(true);
  });
});
