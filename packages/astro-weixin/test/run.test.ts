// runWeixin end to end against the emulator over HTTP, without an Astro build in between.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { checkPosts } from '../src/checks/check-posts.js';
import { uploadPosts } from '../src/run.js';
import { makeProject, runProject } from './helpers.js';
import { makeImage } from '../../../test/helpers/images.js';
import { capturingLogger } from '../../../test/helpers/logger.js';
import { TEST_APP } from '../../../test/helpers/app.js';

let emulator: Emulator;
let project: { root: string; cleanup: () => Promise<void> };
let logged: string[];

beforeEach(async () => {
  logged = [];
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  project = await makeProject({
    'src/content/blog/a.md':
      '---\ntitle: Post A\npubDate: 2026-02-01\nweixin:\n  author: 作者\n---\n\nHello ![x](./x.png)\n',
    'src/content/blog/b.md':
      '---\ntitle: Post B\npubDate: 2026-01-01\nweixin: true\n---\n\nWorld ![y](./y.png) ![x](./x.png)\n',
    'src/content/blog/x.png': await makeImage(64, 48, 'png'),
    'src/content/blog/y.png': await makeImage(80, 40, 'webp'),
  });
});
afterEach(async () => {
  await emulator.close();
  await project.cleanup();
});

function run(options: WeixinOptions = {}, extra: { now?: () => number; env?: Record<string, string> } = {}) {
  return runProject({ root: project.root, apiBase: emulator.url, app: TEST_APP, lines: logged }, options, extra);
}

describe('runWeixin', () => {
  it('publishes one message with shared images uploaded once and logs progress and a summary', async () => {
    const result = await run();
    expect(result.mode).toBe('published');
    expect(result.outcomes).toHaveLength(1);
    const [news] = emulator.state().news;
    expect(news!.articles.map((a) => [a.title, a.author])).toEqual([
      ['Post A', '作者'],
      ['Post B', undefined],
    ]);
    expect(emulator.requests.filter((r) => r.call === 'media/uploadimg')).toHaveLength(2);
    expect(logged.some((l) => l.includes('reused') && l.includes('./x.png'))).toBe(true);
    const summary = logged.find((l) => /post\s+message\s+images \(new\/reused\)\s+media_id/.test(l));
    // Two body images new and one reused, and both covers new: the whole message on its lead row.
    expect(summary).toMatch(/src\/content\/blog\/a\.md\s+1\.1 \(lead\)\s+4\/1\s/);
    expect(logged.join('\n')).not.toContain(TEST_APP.secret);
  });

  it('does not publish without the switch: a dry run, and no request at all', async () => {
    const result = await run({}, { env: { WEIXIN_PUBLISH: '' } });
    expect(result.mode).toBe('dry-run');
    expect(emulator.requests).toHaveLength(0);
    expect(logged.join('\n')).toMatch(/publishing is off \(set WEIXIN_PUBLISH=1/);
  });

  it('publishes a changed post again and reuses unchanged images and covers', async () => {
    await run();
    const file = path.join(project.root, 'src/content/blog/b.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('World', 'World, edited'));
    const before = emulator.requests.length;
    await run();
    const calls = emulator.requests.slice(before).map((r) => r.call);
    expect(calls.filter((c) => c === 'media/uploadimg')).toHaveLength(0);
    expect(calls.filter((c) => c === 'media/upload')).toHaveLength(0);
    expect(calls.filter((c) => c === 'media/uploadnews')).toHaveLength(1);
    expect(emulator.state().news).toHaveLength(2);
  });

  it('uploads a temporary cover again once it is near its 3-day expiry', async () => {
    await run();
    const file = path.join(project.root, 'src/content/blog/a.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Hello', 'Hello again'));
    const threeDays = 3 * 24 * 3600 * 1000;
    emulator.clock.advance(threeDays);
    const before = emulator.requests.length;
    await run({}, { now: () => Date.now() + threeDays });
    const calls = emulator.requests.slice(before).map((r) => r.call);
    expect(calls.filter((c) => c === 'media/upload')).toHaveLength(2);
    expect(calls.filter((c) => c === 'media/uploadnews')).toHaveLength(1);
  });

  it('turns an API refusal into an error with the hint and the way to resume', async () => {
    emulator.faults.add({ call: 'media/uploadnews', kind: 'quota', count: 1 });
    await expect(run()).rejects.toMatchObject({
      message: expect.stringMatching(/media\/uploadnews.*45009/),
      hint: expect.stringMatching(/resume/),
    });
    const lock = JSON.parse(await readFile(path.join(project.root, 'weixin.lock.json'), 'utf8'));
    const account = Object.values(lock.accounts)[0] as { images: object; thumbs: object };
    expect(Object.keys(account.images)).toHaveLength(2);
    expect(Object.keys(account.thumbs)).toHaveLength(2);
  });
});

describe('failures while publishing', () => {
  it('names the articles and their posts when WeChat refuses the content (45002)', async () => {
    await emulator.close();
    // An account whose editor counts the HTML: the long inline-styled post passes our text count only.
    emulator = await startEmulator({ port: 0, apps: [TEST_APP], limits: { contentCount: 'html' } });
    const paragraphs = Array.from({ length: 400 }, (_, i) => `第 ${i} 段。`).join('\n\n');
    await writeFile(
      path.join(project.root, 'src/content/blog/c.md'),
      `---\ntitle: Long post\npubDate: 2026-03-01\nweixin:\n  cover: ./x.png\n---\n\n${paragraphs}\n`,
    );
    await expect(run()).rejects.toMatchObject({
      message: expect.stringMatching(
        /^WeChat refused media\/uploadnews \(in the message of "Long post" \(src\/content\/blog\/c\.md, \d{5} characters of HTML\), "Post [AB]" \(src\/content\/blog\/[ab]\.md, \d+ characters of HTML\)/,
      ),
    });
    expect(logged.join('\n')).toMatch(/warn src\/content\/blog\/c\.md:8:1 {2}the article's HTML is \d{5} characters/);
  });

  it('does not claim that uploads were recorded when nothing was uploaded', async () => {
    emulator.faults.add({ call: 'media/uploadimg', kind: 'quota', count: 1 });
    // One upload at a time, so the failing one is the first and nothing else went up.
    await expect(run({ concurrency: 1 })).rejects.toMatchObject({
      message: expect.stringMatching(/media\/uploadimg.*45009/),
      hint: expect.stringMatching(
        /This build had uploaded nothing before the failure; run it again once this is fixed\.$/,
      ),
    });
  });
});

describe('draft target', () => {
  it('edits the same draft in place when a post changes, and adds a new one if it was deleted', async () => {
    await run({ target: 'draft' });
    const [draft] = emulator.state().drafts;
    expect(draft!.articles.map((a) => a.title)).toEqual(['Post A', 'Post B']);
    const file = path.join(project.root, 'src/content/blog/b.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('World', 'World, edited'));
    const before = emulator.requests.length;
    const result = await run({ target: 'draft' });
    expect(result.outcomes[0]).toMatchObject({ status: 'updated', media_id: draft!.media_id });
    const calls = emulator.requests.slice(before).map((r) => r.call);
    // Only the article that changed is sent again.
    expect(calls.filter((c) => c === 'draft/update')).toHaveLength(1);
    expect(calls).not.toContain('draft/add');
    const drafts = emulator.state().drafts;
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.articles[1]!.content).toContain('World, edited');
    expect(logged.some((l) => l.includes('draft/update: 2 articles'))).toBe(true);

    // Deleted in the WeChat console meanwhile: a new draft is made instead.
    const { WeixinClient } = await import('@astro-weixin/api');
    await new WeixinClient({ ...TEST_APP, baseUrl: emulator.url }).deleteDraft(draft!.media_id);
    await writeFile(file, (await readFile(file, 'utf8')).replace('edited', 'edited twice'));
    const again = await run({ target: 'draft' });
    expect(again.outcomes[0]!.status).toBe('published');
    expect(emulator.state().drafts).toHaveLength(1);
    expect(emulator.state().drafts[0]!.media_id).not.toBe(draft!.media_id);
  });
});

describe('token cache file', () => {
  it('lets a second run reuse the token instead of asking for one', async () => {
    const tokenCacheFile = path.join(project.root, '.weixin-token.json');
    await run({ tokenCacheFile });
    const { stat } = await import('node:fs/promises');
    expect((await stat(tokenCacheFile)).mode & 0o777).toBe(0o600);
    const file = path.join(project.root, 'src/content/blog/a.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Hello', 'Hello again'));
    const before = emulator.requests.length;
    await run({ tokenCacheFile });
    expect(emulator.requests.slice(before).map((r) => r.call)).not.toContain('stable_token');
  });
});

describe('the token fetched ahead', () => {
  const context = () => ({
    root: project.root,
    srcDir: path.join(project.root, 'src'),
    publicDir: path.join(project.root, 'public'),
    site: 'https://blog.example.com/',
    options: resolveOptions({}),
    logger: capturingLogger(logged),
    env: {
      WEIXIN_APPID: TEST_APP.appid,
      WEIXIN_APPSECRET: TEST_APP.secret,
      WEIXIN_API_BASE: emulator.url,
      WEIXIN_PUBLISH: '1',
    },
  });

  it('is on its way once the checks pass, so the site build overlaps it, and serves the uploads', async () => {
    const checked = await checkPosts(context());
    await vi.waitFor(() => expect(emulator.requests.map((r) => r.call)).toEqual(['stable_token']));
    await uploadPosts({ ...context(), outDir: path.join(project.root, 'dist/weixin') }, checked!);
    expect(emulator.requests.filter((r) => r.call === 'stable_token')).toHaveLength(1);
    expect(emulator.state().news).toHaveLength(1);
  });

  it('is not fetched when the lockfile shows nothing new to make', async () => {
    await run();
    const before = emulator.requests.length;
    const checked = await checkPosts(context());
    expect(checked!.accounts[0]!.client).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.requests).toHaveLength(before);
  });
});

describe('progress lines', () => {
  it('names each post rendered now, and counts those taken unchanged from the render cache in one line', async () => {
    const check = () =>
      checkPosts({
        root: project.root,
        srcDir: path.join(project.root, 'src'),
        publicDir: path.join(project.root, 'public'),
        cacheDir: path.join(project.root, 'node_modules/.astro'),
        options: resolveOptions({}),
        logger: capturingLogger(logged),
        env: {},
      });
    await check();
    expect(logged.filter((line) => /\[\d\/2\] src\/content\/blog\/[ab]\.md — /.test(line))).toHaveLength(2);
    const file = path.join(project.root, 'src/content/blog/b.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('World', 'World, edited'));
    logged.length = 0;
    await check();
    expect(logged.filter((line) => /\[\d\/2\]/.test(line))).toEqual([
      expect.stringMatching(/\[2\/2\] src\/content\/blog\/b\.md — /),
    ]);
    expect(logged).toContainEqual(expect.stringMatching(/1 of 2 posts unchanged since the last build/));
  });
});

describe('dry run with previewThemes', () => {
  it('writes every message in each other built-in theme, with a switcher between the indexes', async () => {
    const result = await run(
      { previewThemes: true, render: { theme: { name: 'elegant' } } },
      { env: { WEIXIN_PUBLISH: '' } },
    );
    expect(result.mode).toBe('dry-run');
    const out = path.join(project.root, 'dist/weixin');
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toMatch(
      /Theme: <b>elegant<\/b> · <a href="index-default.html">default<\/a> · <a href="index-tech.html">tech<\/a>/,
    );
    const tech = await readFile(path.join(out, 'index-tech.html'), 'utf8');
    expect(tech).toContain('<b>tech</b>');
    expect(tech).toContain('href="articles/a.tech.html"');
    const [elegant, orange] = await Promise.all(
      ['a.html', 'a.orange.html'].map((name) => readFile(path.join(out, 'articles', name), 'utf8')),
    );
    expect(orange).not.toBe(elegant);
    // The same converted images serve every theme.
    const images = (page: string) => [...page.matchAll(/<img[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(images(orange)).toEqual(images(elegant));
    expect(images(orange).every((src) => src!.startsWith('../images/'))).toBe(true);
    expect(emulator.requests).toHaveLength(0);
  });
});
