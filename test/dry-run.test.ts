// Without credentials a build is a dry run: it writes the dry run outside the site's output and calls nothing.
import { access, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, dryRunOut, makeSite, writeAstroConfig } from './helpers/fixture.js';
import { makeImage } from './helpers/images.js';

let site: { root: string; cleanup: () => Promise<void> };
let output = '';
let code = 1;

beforeAll(async () => {
  site = await makeSite({
    'src/content/blog/first.md': `---\ntitle: 第一篇\npubDate: 2026-01-02\nweixin: true\n---\n\n正文在这里，时间 10:30。\n\n![图一](./one.png)\n\n\`\`\`js\nif (a) {\n\treturn 1;\n}\n\`\`\`\n`,
    'src/content/blog/second.md': `---\ntitle: Second post\npubDate: 2026-01-01\nweixin:\n  cover: ./two.png\n---\n\nHello from the second post.\n`,
    'src/content/blog/one.png': await makeImage(320, 180, 'png', { seed: 1 }),
    'src/content/blog/two.png': await makeImage(320, 180, 'png', { seed: 2 }),
  });
  ({ code, output } = await astroBuild(site.root));
});
afterAll(async () => site?.cleanup());

describe('dry run', () => {
  it('says it is a dry run and why, and where it is', () => {
    expect(code, output).toBe(0);
    expect(output).toMatch(/Dry run, no credentials/);
    expect(output).toMatch(
      /written to node_modules\/\.astro\/astro-weixin\/dry-run; open node_modules\/\.astro\/astro-weixin\/dry-run\/index\.html/,
    );
  });

  it('keeps the dry run out of the site, which every host would serve at /weixin/', async () => {
    await expect(access(path.join(site.root, 'dist/weixin'))).rejects.toThrow(/ENOENT/);
    await expect(access(path.join(site.root, 'dist/index.html'))).resolves.toBeUndefined();
  });

  it('writes each message body, each article and the converted images', async () => {
    const dir = dryRunOut(site.root);
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'message-1.json', 'articles', 'images']));
    const message = JSON.parse(await readFile(path.join(dir, 'message-1.json'), 'utf8'));
    expect(message.endpoint).toBe('cgi-bin/media/uploadnews');
    expect(message.body.articles.map((a: { title: string }) => a.title)).toEqual(['第一篇', 'Second post']);
    const [first] = message.body.articles;
    expect(first.content).toMatch(/<img[^>]+src="images\/[0-9a-f]{16}\.png"/);
    expect(first.content).toContain('10:30');
    expect(first.content).toContain('<br>');
    expect(first.content_source_url).toBe('https://blog.example.com/blog/first/');
    expect(await readdir(path.join(dir, 'articles'))).toEqual([
      'first.dark.html',
      'first.html',
      'first.weixin.html',
      'second.dark.html',
      'second.html',
      'second.weixin.html',
    ]);
    const images = await readdir(path.join(dir, 'images'));
    expect(images.filter((f) => f.endsWith('-cover.jpg'))).toHaveLength(2);
  });

  it('previews the message at phone width in a real browser', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`file://${dryRunOut(site.root, 'index.html')}`);
      await expect(page.locator('.lead span').textContent()).resolves.toBe('第一篇');
      await expect(page.locator('.row span').allTextContents()).resolves.toEqual(['Second post']);
      const coverLoaded = await page
        .locator('.lead img')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      expect(coverLoaded).toBe(true);
      await page.screenshot({ path: path.join(os.tmpdir(), 'astro-weixin-dry-run.png') });
      await page.locator('.lead').click();
      await expect(page.locator('article h1').textContent()).resolves.toBe('第一篇');
      const bodyImageLoaded = await page
        .locator('article img')
        .first()
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      expect(bodyImageLoaded).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

describe('dry run published with the site (dryRunInSite)', () => {
  it('copies it into dist/weixin/ and says so; a named dryRunDir is where it is written', async () => {
    await writeAstroConfig(site.root, "{ dryRunDir: 'weixin-dry-run', dryRunInSite: true }");
    const built = await astroBuild(site.root);
    expect(built.code, built.output).toBe(0);
    expect(built.output).toMatch(/written to weixin-dry-run; open weixin-dry-run\/index\.html/);
    expect(built.output).toMatch(/the dry run is copied into the site \(dist\/weixin\), which serves it at \/weixin\//);
    const inSite = await readdir(path.join(site.root, 'dist/weixin'));
    expect(inSite).toEqual(expect.arrayContaining(['index.html', 'message-1.json', 'articles', 'images']));
    expect(await readFile(path.join(site.root, 'dist/weixin/message-1.json'), 'utf8')).toBe(
      await readFile(path.join(site.root, 'weixin-dry-run/message-1.json'), 'utf8'),
    );
  });
});
