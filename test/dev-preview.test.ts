// While writing: `astro dev` serves the WeChat preview at /__weixin/ and a dev toolbar app, and uploads nothing.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroDev, type DevServer, makeSite, publishEnv } from './helpers/fixture.js';
import { TEST_APP } from './helpers/app.js';
import { makeImage } from './helpers/images.js';

const FIRST = `---\ntitle: 第一篇\npubDate: 2026-01-02\nweixin: true\n---\n\n正文在这里，时间 10:30。\n\n![图一](./one.png)\n`;
const BROKEN = `---\ntitle: Broken card\nweixin:\n  cover: ./two.png\n---\n\n::miniprogram{target=nowhere}\n`;
const page = (title: string) =>
  `---\n---\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;

let site: { root: string; cleanup: () => Promise<void> };
let emulator: Emulator;
let server: DevServer;
let browser: Browser;
let context: BrowserContext;
const opened = () => path.join(site.root, 'opened-in-editor.txt');

beforeAll(async () => {
  site = await makeSite({
    'src/content/blog/first.md': FIRST,
    'src/content/blog/second.md': `---\ntitle: Second post\npubDate: 2026-01-01\nweixin:\n  cover: ./two.png\n---\n\nHello from the second post.\n`,
    'src/content/blog/broken.md': BROKEN,
    'src/content/blog/one.png': await makeImage(320, 180, 'png', { seed: 1 }),
    'src/content/blog/two.png': await makeImage(320, 180, 'png', { seed: 2 }),
    'src/pages/blog/first.astro': page('First on the site'),
    'src/pages/about.astro': page('About'),
    // Stands in for the author's editor: records what Vite asked it to open.
    'editor.sh': '#!/bin/sh\necho "$@" > "$(dirname "$0")/opened-in-editor.txt"\n',
  });
  await chmod(path.join(site.root, 'editor.sh'), 0o755);
  // Credentials and publishing switched on: the dev server must still never call the API.
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  server = await astroDev(site.root, {
    ...publishEnv(emulator.url),
    LAUNCH_EDITOR: path.join(site.root, 'editor.sh'),
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await emulator?.close();
  await site?.cleanup();
});

async function open(pathname: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${server.url}${pathname}`);
  return tab;
}

const loaded = (tab: Page, selector: string) =>
  tab
    .locator(selector)
    .evaluateAll((images: HTMLImageElement[]) => images.map((img) => img.complete && img.naturalWidth > 0));

describe('the live preview at /__weixin/', () => {
  it('shows the marked posts grouped into the message they would form, with their checks', async () => {
    const tab = await open('/__weixin/');
    await expect(tab.locator('.lead span').textContent()).resolves.toBe('第一篇');
    await expect(tab.locator('.row span').allTextContents()).resolves.toEqual(['Second post']);
    await expect(tab.locator('.delivery').textContent()).resolves.toBe(
      'would be uploaded for a mass send, not sent (no delivery)',
    );
    const first = tab.locator('.checks[data-file="src/content/blog/first.md"]');
    await expect(first.locator('[data-check="title"]').textContent()).resolves.toBe('3 / 32');
    await expect(first.locator('[data-check="text"]').textContent()).resolves.toMatch(/^\d+ \/ 20,000$/);
    await expect(first.locator('[data-check="html"]').textContent()).resolves.toMatch(/^[\d,]+ \/ 20,000$/);
    await expect(first.locator('[data-check="digest"]').textContent()).resolves.toMatch(/^\d+ \/ 120$/);
    // Covers come from the dev server, converted as they would be uploaded.
    await expect(loaded(tab, '.message img, .cover img')).resolves.toEqual([true, true, true, true]);
    await tab.screenshot({ path: path.join(os.tmpdir(), 'astro-weixin-dev-preview.png'), fullPage: true });
    await tab.close();
  });

  it("shows a post's article as it would be sent, its images served locally", async () => {
    const tab = await open('/__weixin/');
    await Promise.all([tab.waitForURL('**/__weixin/post/**', { waitUntil: 'load' }), tab.locator('.lead').click()]);
    await expect(tab.locator('article h1').textContent()).resolves.toBe('第一篇');
    await expect(tab.locator('article').textContent()).resolves.toContain('正文在这里，时间 10:30。');
    const src = await tab.locator('article img').first().getAttribute('src');
    expect(src).toMatch(/^\/__weixin\/images\/[0-9a-f]{16}\.png$/);
    await expect(loaded(tab, 'article img')).resolves.toEqual([true]);
    await tab.close();
  });

  it('updates the preview when the post is saved', async () => {
    const tab = await open('/__weixin/post/src/content/blog/first.md');
    await expect(tab.locator('article').textContent()).resolves.toContain('正文在这里');
    const file = path.join(site.root, 'src/content/blog/first.md');
    await writeFile(file, FIRST.replace('正文在这里', '改过的正文'));
    try {
      // The page reloads itself; this waits for the new text, not for a fixed time.
      await tab.locator('article', { hasText: '改过的正文' }).waitFor({ timeout: 30_000 });
    } finally {
      await writeFile(file, FIRST);
    }
    // Saved back: the preview follows again, so the tests below see the original post.
    await tab.locator('article', { hasText: '正文在这里' }).waitFor({ timeout: 30_000 });
    await tab.close();
  });

  it('switches the article between light and dark mode, as WeChat recomputes its colours, and remembers the choice', async () => {
    const tab = await open('/__weixin/post/src/content/blog/first.md');
    const colours = () =>
      tab
        .locator('article')
        .evaluate((article) => [
          getComputedStyle(article).backgroundColor,
          getComputedStyle(article.querySelector('p') as Element).color,
        ]);
    await expect(colours()).resolves.toEqual(['rgb(255, 255, 255)', 'rgb(51, 51, 51)']);
    await tab.screenshot({ path: path.join(os.tmpdir(), 'astro-weixin-light.png') });
    await tab.getByRole('button', { name: 'Dark' }).click();
    // The page turns WeChat's #191919, and the theme's #333 text its dark-mode #a3a3a3.
    await expect(colours()).resolves.toEqual(['rgb(25, 25, 25)', 'rgb(163, 163, 163)']);
    await expect(tab.getByRole('button', { name: 'Dark' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await tab.screenshot({ path: path.join(os.tmpdir(), 'astro-weixin-dark.png') });
    await tab.reload();
    await expect(colours()).resolves.toEqual(['rgb(25, 25, 25)', 'rgb(163, 163, 163)']);
    // Back to light, so the other tests see the page as it opens by default.
    await tab.getByRole('button', { name: 'Light' }).click();
    await expect(colours()).resolves.toEqual(['rgb(255, 255, 255)', 'rgb(51, 51, 51)']);
    await tab.close();
  });

  it('shows a broken directive as file:line with its message, and opens it in the editor', async () => {
    const tab = await open('/__weixin/');
    await expect(tab.locator('.problems h2').textContent()).resolves.toBe('The build would stop: 1 error');
    await expect(tab.locator('.problems li').allTextContents()).resolves.toEqual(['Broken card: 1 error']);
    const problem = tab.locator('.checks[data-file="src/content/blog/broken.md"] .problem');
    await expect(problem.locator('.place').textContent()).resolves.toBe('src/content/blog/broken.md:7:1');
    await expect(problem.textContent()).resolves.toContain('unknown target `nowhere`');
    await problem.locator('.place').click();
    await expect
      .poll(() => readFile(opened(), 'utf8').catch(() => ''), { timeout: 15_000 })
      .toBe(`${path.join(site.root, 'src/content/blog/broken.md')} 7 1\n`);
    // The click asked the editor; the preview itself stays where it was.
    expect(new URL(tab.url()).pathname).toBe('/__weixin/');
    await tab.close();
  });
});

describe('the dev toolbar app', () => {
  async function openApp(pathname: string): Promise<{ tab: Page; panel: ReturnType<Page['locator']> }> {
    const tab = await open(pathname);
    const button = tab.locator('astro-dev-toolbar button[data-app-id="astro-weixin"]');
    await button.waitFor({ state: 'attached' });
    await tab.locator('astro-dev-toolbar #dev-bar').hover();
    await button.click();
    const panel = tab.locator('astro-dev-toolbar-app-canvas[data-app-id="astro-weixin"] astro-dev-toolbar-window');
    await panel.locator('p').first().waitFor();
    return { tab, panel };
  }

  it("says on a post's page that it is marked and that its checks pass, and opens its preview", async () => {
    const { tab, panel } = await openApp('/blog/first/');
    await expect(panel.locator('p').first().textContent()).resolves.toBe(
      'Marked for WeChat: “第一篇” src/content/blog/first.md',
    );
    await expect(panel.locator('[data-status]').textContent()).resolves.toBe('Checks: ready: all checks pass.');
    const [preview] = await Promise.all([
      context.waitForEvent('page'),
      panel.locator('[data-action="preview"]').click(),
    ]);
    await preview.locator('article h1').waitFor();
    await expect(preview.locator('article h1').textContent()).resolves.toBe('第一篇');
    await preview.close();
    await tab.close();
  });

  it('says a page that is not a marked post is not one', async () => {
    const { tab, panel } = await openApp('/about/');
    await expect(panel.textContent()).resolves.toContain('This page is not a post marked for WeChat.');
    await expect(panel.locator('[data-action="copy"]').count()).resolves.toBe(0);
    await tab.close();
  });

  it('copies the article to the clipboard as rich text for the WeChat editor', async () => {
    const { tab, panel } = await openApp('/blog/first/');
    await panel.locator('[data-action="copy"]').click();
    await panel.locator('.copied', { hasText: 'Copied.' }).waitFor();
    const clipboard = await tab.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return { types: item!.types, html: await (await item!.getType('text/html')).text() };
    });
    expect(clipboard.types).toContain('text/html');
    expect(clipboard.html).toContain('正文在这里，时间 10:30。');
    // Styles are inline, as the API path sends them, and images point at the dev server.
    expect(clipboard.html).toMatch(/<p style="[^"]+">正文在这里/);
    expect(clipboard.html).toMatch(new RegExp(`<img[^>]+src="${server.url}/__weixin/images/[0-9a-f]{16}\\.png"`));
    await tab.close();
  });
});

it('never calls the WeChat API from dev, even with credentials and publishing on', () => {
  expect(emulator.requests).toEqual([]);
  expect(server.output()).not.toMatch(/astro-weixin:upload|draft\/add|uploadnews/);
});
