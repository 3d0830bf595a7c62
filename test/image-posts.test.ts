// Image posts (newspic, 小绿书) with real `astro build` runs against the emulator: made as a draft of
// their own, published, recorded; mistakes stop the build at file:line before any call; the dry run
// shows the pictures to swipe.
import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_APP } from './helpers/app.js';
import { astroBuild, dryRunOut, makeSite, publishEnv, workspaceRoot, writeAstroConfig } from './helpers/fixture.js';
import { makeAnimatedGif, makeImage } from './helpers/images.js';

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };
const lockfile = () => path.join(site.root, 'weixin.lock.json');
const blog = (file: string) => path.join(site.root, 'src/content/blog', file);
const config = (options: string) => writeAstroConfig(site.root, options);
const build = () => astroBuild(site.root, publishEnv(emulator.url, lockfile()));
const calls = () => emulator.requests.filter((r) => r.call !== 'stable_token' && r.call !== 'token').length;
const IMAGE_POST = `---\ntitle: 春天的花\npubDate: 2026-03-01\nweixin:\n  type: newspic\n  need_open_comment: true\n---\n\n![桃花](./a.png)\n\n![樱花](./b.gif)\n\n![梨花](./c.png)\n\n公园里的花**都开了**。\n\n明天再去 & 拍照。\n`;
const ARTICLE = `---\ntitle: 一篇文章\npubDate: 2026-03-02\nweixin: true\n---\n\n正文。\n\n![图](./a.png)\n`;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP], limits: { publishDelayMs: 200 } });
  site = await makeSite({
    'src/content/blog/flowers.md': IMAGE_POST,
    'src/content/blog/article.md': ARTICLE,
    'src/content/blog/a.png': await makeImage(300, 400, 'png', { seed: 1 }),
    'src/content/blog/b.gif': await makeAnimatedGif(30, 40, 3),
    'src/content/blog/c.png': await makeImage(300, 400, 'png', { seed: 2 }),
  });
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});
beforeEach(async () => {
  emulator.reset();
  await writeFile(lockfile(), '{"version":1,"accounts":{}}\n');
});

describe('an image post (weixin.type: newspic)', () => {
  it('becomes a draft of its own with its pictures as permanent material, its text plain, and is published', async () => {
    await config("{ target: 'draft', deliver: 'publish', deliveryTimeoutMs: 20000 }");
    const result = await build();
    expect(result.code, result.output).toBe(0);
    const publishes = emulator.state().publishes;
    expect(publishes.map((p) => p.publish_status)).toEqual([0, 0]);
    const posts = publishes.flatMap((p) => p.articles).filter((a) => a.article_type === 'newspic');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post!.title).toBe('春天的花');
    expect(post!.content).toBe('公园里的花都开了。\n\n明天再去 & 拍照。');
    expect(post!.need_open_comment).toBe(1);
    const ids = post!.image_info!.image_list.map((picture) => picture.image_media_id);
    const materials = emulator.state().materials;
    // In the post's order: the PNG, the GIF kept whole, the other PNG.
    expect(ids.map((id) => materials.find((m) => m.media_id === id)?.format)).toEqual(['png', 'gif', 'png']);
    const lock = JSON.parse(await readFile(lockfile(), 'utf8'));
    const [account] = Object.values(lock.accounts) as { messages: Record<string, { articleType?: string }> }[];
    expect(
      Object.values(account!.messages)
        .map((m) => m.articleType ?? 'news')
        .sort(),
    ).toEqual(['news', 'newspic']);
    const again = await build();
    expect(again.code, again.output).toBe(0);
    expect(emulator.state().publishes).toHaveLength(2);
    const status = await promisify(execFile)(
      process.execPath,
      [path.join(workspaceRoot, 'packages/astro-weixin/bin/cli.js'), 'status', '--root', site.root],
      { env: { ...process.env, WEIXIN_LOCKFILE: lockfile() } },
    );
    expect(status.stdout).toMatch(/src\/content\/blog\/flowers\.md \(image post\)\s+published/);
  });

  it('shows on the emulator phone page as pictures to swipe', async () => {
    await config("{ target: 'draft' }");
    expect((await build()).code).toBe(0);
    const draft = emulator.state().drafts.find((d) => d.articles[0]!.article_type === 'newspic')!;
    const page = await (await fetch(`${emulator.url}/__emulator/view/draft/${draft.media_id}/0`)).text();
    expect(page.match(/<div class="pictures">(.*?)<\/div>/)![1]!.match(/<img /g)).toHaveLength(3);
    expect(page).toContain('明天再去 &amp; 拍照。');
  });
});

describe('an image post with mistakes', () => {
  it('stops the build at file:line before any call: target news, no picture, more than 20', async () => {
    await config('{}');
    await writeFile(blog('empty.md'), '---\ntitle: 没有图\nweixin:\n  type: newspic\n---\n\n只有字。\n');
    const many = Array.from({ length: 21 }, (_, i) => `![${i}](./a.png)`).join('\n\n');
    await writeFile(blog('many.md'), `---\ntitle: 太多图\nweixin:\n  type: newspic\n---\n\n${many}\n\n字。\n`);
    try {
      const result = await build();
      expect(result.code).toBe(1);
      expect(result.output).toMatch(
        /src\/content\/blog\/flowers\.md:5(:\d+)? .*image post .*only in the draft box.*target: 'draft'/,
      );
      expect(result.output).toMatch(/src\/content\/blog\/empty\.md:4(:\d+)? .*needs at least one picture/);
      expect(result.output).toMatch(/src\/content\/blog\/many\.md:47(:\d+)? .*at most 20 pictures; this one has 21/);
      expect(calls()).toBe(0);
    } finally {
      await Promise.all(
        ['empty.md', 'many.md'].map((file) => writeFile(blog(file), '---\ntitle: x\nweixin: false\n---\n\nx\n')),
      );
    }
  });
});

describe('an image post in a dry run', () => {
  it('index.html lists it and its page shows the pictures to swipe, then the plain text, in every theme', async () => {
    await config("{ target: 'draft', previewThemes: true }");
    const result = await astroBuild(site.root);
    expect(result.code, result.output).toBe(0);
    const dir = dryRunOut(site.root);
    const page = await readFile(path.join(dir, 'articles', 'flowers.html'), 'utf8');
    const pictures = [...page.matchAll(/<img src="\.\.\/(images\/[^"]+)"/g)].map((m) => m[1]!);
    expect(pictures).toHaveLength(3);
    expect(pictures[1]).toMatch(/\.gif$/);
    const files = await readdir(path.join(dir, 'images'));
    for (const picture of pictures) expect(files).toContain(path.basename(picture));
    expect(page).toContain('<p class="text">公园里的花都开了。\n\n明天再去 &amp; 拍照。</p>');
    const themed = (await readdir(path.join(dir, 'articles'))).filter((file) => /^flowers\.\w+\.html$/.test(file));
    expect(themed.length).toBeGreaterThan(0);
    for (const file of themed.filter((name) => !name.endsWith('.weixin.html')))
      expect(await readFile(path.join(dir, 'articles', file), 'utf8')).toContain('<p class="text">公园里的花都开了。');
    const index = await readFile(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain(`<img src="${pictures[0]}"`);
  });
});
