// The Chinese sample post (every rule of issue 15) rendered and shown in Chromium at phone width.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test/helpers/browser.js';
import type { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import { replaceAssetPlaceholders } from '../src/passes/images.js';

const PHONE = 375;
/** Stand-ins for the uploaded images, at the sizes the post's images have. */
const IMAGES: Record<string, [number, number, string]> = {
  './banner.png': [1200, 500, '#3b6fb6'],
  './wide.png': [1200, 400, '#c2572b'],
  './icon.png': [64, 64, '#2f7d5b'],
};

let browser: Browser;
let page: Page;
let html: string;
let file: VFile;

beforeAll(async () => {
  const source = await readFile(new URL('fixtures/phone-post.md', import.meta.url), 'utf8');
  const rendered = await renderMarkdown(source, {}, { math: false });
  file = rendered.file;
  const urls = new Map(
    file.data.weixin!.assets.map((asset) => {
      const [width, height, fill] = IMAGES[asset.src]!;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${fill}"/></svg>`;
      return [asset.placeholder, `data:image/svg+xml,${encodeURIComponent(svg)}`];
    }),
  );
  html = replaceAssetPlaceholders(rendered.html, urls);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: PHONE, height: 812 }, deviceScaleFactor: 2 });
  // WeChat's article column: 16px on each side, no stylesheet of ours.
  await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0;padding:0 16px">${html}</body>`);
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The whole page, and each `##` part on its own, written to the temp directory to look at. */
async function shots(): Promise<void> {
  const parts = await page.$$eval('h2', (headings) =>
    headings.map((heading, at) => {
      const top = heading.getBoundingClientRect().top + window.scrollY;
      const next = headings[at + 1]?.getBoundingClientRect().top ?? document.body.scrollHeight;
      return { top, height: next + window.scrollY - top };
    }),
  );
  const names = ['lists', 'images', 'code', 'callouts', 'tables', 'svg'];
  const targets = [path.join(os.tmpdir(), 'rehype-weixin-phone.png')];
  await page.screenshot({ path: targets[0]!, fullPage: true });
  for (const [at, part] of parts.entries()) {
    const target = path.join(os.tmpdir(), `rehype-weixin-phone-${names[at] ?? at}.png`);
    await page.screenshot({
      path: target,
      fullPage: true,
      clip: { x: 0, y: part.top, width: PHONE, height: part.height },
    });
    targets.push(target);
  }
  console.log(`screenshots: ${targets.join(' ')}`);
}

describe('the sample post at phone width', () => {
  it('warns only about the SVG that the editor would break', () => {
    expect(file.messages.map((m) => [m.ruleId, m.line])).toEqual([['svg-removed', 83]]);
  });

  it('never scrolls the page sideways: wide code scrolls in its own box', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE);
    const code = await page.$eval('pre code', (element) => [element.scrollWidth, element.clientWidth]);
    expect(code[0]).toBeGreaterThan(code[1]!);
    expect(code[1]).toBeLessThanOrEqual(PHONE - 32);
    await shots();
  });

  it('shows each list marker once, as text, nested items further in, numbers from 3', async () => {
    const items = await page.$$eval('li, section[style*="display:block"]', (elements) =>
      elements.map((element) => ({
        marker: /^(\d+\.|[•◦▪☑☐])/.exec(element.textContent ?? '')?.[1],
        left: Math.round(element.getBoundingClientRect().left),
        display: getComputedStyle(element).display,
      })),
    );
    const lists = items.filter((item) => item.marker);
    expect(lists.map((item) => item.marker)).toEqual([
      '•',
      '◦',
      '▪',
      '◦',
      '•',
      '3.',
      '4.',
      '1.',
      '2.',
      '5.',
      '☑',
      '☐',
      '•',
    ]);
    // No item is a list-item box, so neither the browser nor the editor adds a marker of its own.
    expect(lists.every((item) => item.display === 'block')).toBe(true);
    const [first, second, third] = lists;
    expect(second!.left).toBeGreaterThan(first!.left);
    expect(third!.left).toBeGreaterThan(second!.left);
  });

  it('scales images to the column without distorting them, and leaves a small one small', async () => {
    const sizes = await page.$$eval('img', (images) =>
      images.map((image) => {
        const box = image.getBoundingClientRect();
        return [Math.round(box.width), Math.round(box.height)];
      }),
    );
    expect(sizes).toEqual([
      [PHONE - 32, Math.round(((PHONE - 32) * 500) / 1200)],
      [PHONE - 32, Math.round(((PHONE - 32) * 400) / 1200)],
      [64, 64],
    ]);
  });

  it('shows the eight callouts with their titles and coloured borders', async () => {
    const callouts = await page.$$eval('section[style*="border-left:4px"]', (sections) =>
      sections.map((section) => [section.firstElementChild?.textContent, getComputedStyle(section).borderLeftColor]),
    );
    expect(callouts).toEqual([
      ['说明', 'rgb(9, 105, 218)'],
      ['提示', 'rgb(26, 127, 55)'],
      ['重要', 'rgb(130, 80, 223)'],
      ['警告', 'rgb(191, 135, 0)'],
      ['小心', 'rgb(209, 36, 47)'],
      ['自定义标题', 'rgb(26, 127, 55)'],
      ['警告', 'rgb(191, 135, 0)'],
      ['危险', 'rgb(209, 36, 47)'],
    ]);
    expect(await page.evaluate(() => document.body.textContent)).not.toMatch(/\[!|:::/);
  });

  it('highlights and underlines marks, but not in code, and draws the kept SVG', async () => {
    const marks = await page.$$eval('span', (spans) =>
      spans
        .filter((span) => /background|underline/.test(span.getAttribute('style') ?? ''))
        .map((span) => span.textContent),
    );
    expect(marks).toEqual(['重点要高亮', '关键处加下划线', '高亮', '下划线']);
    expect(await page.$$eval('code', (codes) => codes.slice(0, 2).map((code) => code.textContent))).toEqual([
      'a == b',
      'x++ + y++',
    ]);
    const svg = await page.$eval('svg', (element) => [element.getBoundingClientRect().width, element.textContent]);
    expect(svg).toEqual([120, 'SVG 徽章']);
  });
});
