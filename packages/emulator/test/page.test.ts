// The preview page in a real browser (Debian's chromium through playwright-core).
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { call, classicToken, jpeg, png, upload } from './helpers.js';

let emu: Emulator;
let browser: Browser;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP], clock: Date.UTC(2026, 3, 18, 2, 30) });
  browser = await launchChromium();
  token = await classicToken(emu);
  const cover = (await upload(emu, 'media/upload?type=thumb', token, await jpeg(470, 200, '#2f7d5b'))).body
    .thumb_media_id;
  const second = (await upload(emu, 'media/upload?type=thumb', token, await jpeg(120, 120, '#c2572b'))).body
    .thumb_media_id;
  const body = (await upload(emu, 'media/uploadimg', token, await png(600, 300, '#3b6fb6'))).body.url;
  const card = (await upload(emu, 'media/uploadimg', token, await png(1080, 864, '#e2b33c'))).body.url;
  await call(emu, 'media/uploadnews', token, {
    articles: [
      {
        title: '用 Astro 写博客，一键发到公众号',
        author: '小北',
        thumb_media_id: cover,
        content_source_url: 'https://blog.example.com/astro/',
        content: `<section style="font-size:16px"><p>第一段正文，会议在 <strong>10:30</strong> 开始。</p><p><img src="${body}" alt="diagram"></p><p><img src="https://example.com/foreign.png"></p><mp-common-miniprogram data-miniprogram-appid="wxfedcba9876543210" data-miniprogram-path="pages/shop/index" data-miniprogram-title="小北的书店" data-miniprogram-imageurl="${card}" data-miniprogram-type="card"></mp-common-miniprogram><script>document.title='hacked'</script></section>`,
        need_open_comment: 1,
      },
      { title: '春日书单：五本值得慢读的书', thumb_media_id: second, content: '<p>第二篇文章。</p>' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

describe('the preview page', () => {
  it('shows the message as a card list and opens each article at phone width', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(`${emu.url}/__emulator/`);
    const card = page.locator('section.card');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator('.lead .title').textContent()).toBe('用 Astro 写博客，一键发到公众号');
    expect(await card.locator('.row .title').allTextContents()).toEqual(['春日书单：五本值得慢读的书']);
    // Cover and row thumb are served by the emulator and really load.
    const loaded = await page.$$eval('img', (images) => images.map((img) => (img as HTMLImageElement).naturalWidth));
    expect(loaded).toEqual([470, 120]);
    const listShot = path.join(os.tmpdir(), 'weixin-emulator-list.png');
    await page.screenshot({ path: listShot, fullPage: true });

    await card.locator('.lead').click();
    await page.waitForSelector('h1');
    expect(await page.locator('h1').textContent()).toBe('用 Astro 写博客，一键发到公众号');
    expect(await page.locator('.meta .author').textContent()).toBe('小北');
    expect(await page.locator('.meta .date').textContent()).toBe('2026-04-18 10:30');
    expect(await page.title()).toBe('用 Astro 写博客，一键发到公众号');
    expect(await page.locator('.content strong').textContent()).toBe('10:30');
    expect(await page.locator('.mp-card .mp-title').textContent()).toBe('小北的书店');
    const contentImages = await page.$$eval('.content img', (images) =>
      images.map((img) => [(img as HTMLImageElement).naturalWidth, img.getBoundingClientRect().width]),
    );
    expect(contentImages.map(([natural]) => natural)).toEqual([600, 1080]); // the foreign image was filtered out
    for (const [, shown] of contentImages) expect(shown).toBeLessThanOrEqual(390);
    expect(await page.locator('a.source').textContent()).toBe('阅读原文');
    expect(await page.locator('a.source').getAttribute('href')).toBe('https://blog.example.com/astro/');
    const articleShot = path.join(os.tmpdir(), 'weixin-emulator-article.png');
    await page.screenshot({ path: articleShot, fullPage: true });

    await page.goBack();
    await page.locator('.row').click();
    await page.waitForSelector('h1');
    expect(await page.locator('h1').textContent()).toBe('春日书单：五本值得慢读的书');
    expect(await page.locator('a.source').count()).toBe(0);
    console.log(`screenshots: ${listShot} ${articleShot}`);
  }, 60_000);
});
