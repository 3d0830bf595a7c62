// Posts with no image get a cover drawn from their title: published, reused, previewed, or refused when turned off.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { THUMB_MAX_BYTES } from '@astro-weixin/rules';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@astro-weixin/emulator';
import { resolveOptions, type WeixinOptions } from '../src/index.js';
import { runWeixin } from '../src/run.js';
import { makeProject } from './helpers.js';
import { capturingLogger } from '../../../test/helpers/logger.js';
import { TEST_APP } from '../../../test/helpers/app.js';

let emulator: Emulator;
let project: { root: string; cleanup: () => Promise<void> };
let logged: string[];

beforeEach(async () => {
  logged = [];
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  project = await makeProject({
    'src/content/blog/notes.md': '---\ntitle: 没有图片的随笔\npubDate: 2026-02-01\nweixin: true\n---\n\n只有文字。\n',
    'src/content/blog/more.md': '---\ntitle: Words only\npubDate: 2026-01-01\nweixin: true\n---\n\nNo picture here.\n',
  });
});
afterEach(async () => {
  await emulator.close();
  await project.cleanup();
});

function run(options: WeixinOptions = {}, publish = true) {
  return runWeixin({
    root: project.root,
    srcDir: path.join(project.root, 'src'),
    publicDir: path.join(project.root, 'public'),
    site: 'https://blog.example.com/',
    outDir: path.join(project.root, 'dist/weixin'),
    options: resolveOptions(options),
    logger: capturingLogger(logged),
    env: {
      WEIXIN_APPID: TEST_APP.appid,
      WEIXIN_APPSECRET: TEST_APP.secret,
      WEIXIN_API_BASE: emulator.url,
      WEIXIN_PUBLISH: publish ? '1' : '',
    },
  });
}

async function fetchBytes(url: string): Promise<Buffer> {
  const response = await fetch(new URL(url, emulator.url));
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('generated covers', () => {
  it('publishes posts without images with a 2.35:1 thumb drawn from each title, shown on the phone page', async () => {
    const result = await run();
    expect(result.mode).toBe('published');
    const [news] = emulator.state().news;
    expect(news!.articles.map((a) => a.title)).toEqual(['没有图片的随笔', 'Words only']);
    const thumbs = news!.articles.map((a) => a.thumb_media_id);
    expect(new Set(thumbs).size).toBe(2);
    expect(emulator.requests.filter((r) => r.call === 'media/upload')).toHaveLength(2);
    expect(logged.some((l) => l.includes('uploaded cover drawn from the title (src/content/blog/notes.md)'))).toBe(
      true,
    );

    const page = await (await fetch(new URL('/__emulator/', emulator.url))).text();
    for (const thumb of thumbs) {
      const src = `/__emulator/media/${encodeURIComponent(thumb)}`;
      expect(page).toContain(`src="${src}"`);
      const bytes = await fetchBytes(src);
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 900, 383]);
      expect(bytes.byteLength).toBeLessThanOrEqual(THUMB_MAX_BYTES);
    }
  });

  it('uploads a drawn cover once and reuses it while the title stays', async () => {
    await run();
    const file = path.join(project.root, 'src/content/blog/notes.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('只有文字。', '只有文字，改过了。'));
    const before = emulator.requests.length;
    await run();
    const calls = emulator.requests.slice(before).map((r) => r.call);
    expect(calls.filter((c) => c === 'media/upload')).toHaveLength(0);
    expect(calls.filter((c) => c === 'media/uploadnews')).toHaveLength(1);
  });

  it('draws the host name of the site, or the `siteName` option, under the title', async () => {
    await run();
    const thumbOf = () => emulator.state().news.at(-1)!.articles[0]!.thumb_media_id;
    const withHost = await fetchBytes(`/__emulator/media/${encodeURIComponent(thumbOf())}`);
    const band = await sharp(withHost).extract({ left: 258, top: 34, width: 383, height: 24 }).raw().toBuffer();
    expect(band.filter((value) => value > 200).length).toBeGreaterThan(100);

    const before = emulator.requests.length;
    await run({ siteName: '小北的书店' });
    expect(emulator.requests.slice(before).filter((r) => r.call === 'media/upload')).toHaveLength(2);
    const withName = await fetchBytes(`/__emulator/media/${encodeURIComponent(thumbOf())}`);
    expect(withName.equals(withHost)).toBe(false);
  });

  it('writes the cover and its square crop in a dry run; rows of the preview show the square', async () => {
    const result = await run({}, false);
    expect(result.mode).toBe('dry-run');
    const index = await readFile(result.dryRunIndex!, 'utf8');
    const covers = [...index.matchAll(/<img src="(images\/[^"]+)"/g)].map((match) => match[1]!);
    expect(covers).toHaveLength(2);
    expect(covers[0]).toMatch(/-cover\.jpg$/);
    expect(covers[1]).toMatch(/-cover-1x1\.jpg$/);
    const lead = await sharp(path.join(project.root, 'dist/weixin', covers[0]!)).metadata();
    const row = await sharp(path.join(project.root, 'dist/weixin', covers[1]!)).metadata();
    expect([lead.width, lead.height]).toEqual([900, 383]);
    expect([row.width, row.height]).toEqual([383, 383]);
  });

  it('with `generatedCover: false`, a post without a cover is an error as before', async () => {
    await expect(run({ generatedCover: false })).rejects.toThrow(/the post has no cover: WeChat needs one/);
    expect(emulator.requests).toHaveLength(0);
  });
});
