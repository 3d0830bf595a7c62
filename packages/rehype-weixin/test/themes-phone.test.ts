// Each built-in theme on the Chinese sample post, in Chromium at phone width.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromiumForFile } from '../../../test/helpers/browser.js';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import { replaceAssetPlaceholders } from '../src/passes/images.js';
import { themeNames } from '../src/themes/index.js';

const PHONE = 375;
const IMAGE = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="500"><rect width="100%" height="100%" fill="#3b6fb6"/></svg>')}`;

const browser = chromiumForFile();
const source = await readFile(new URL('fixtures/phone-post.md', import.meta.url), 'utf8');

describe.each(themeNames)('the %s theme at phone width', (name) => {
  it('fits the column, scrolls only code sideways, and shows every heading and table cell', async () => {
    const rendered = await renderMarkdown(source, { theme: { name } }, { math: false });
    const urls = new Map(rendered.file.data.weixin!.assets.map((asset) => [asset.placeholder, IMAGE]));
    const html = replaceAssetPlaceholders(rendered.html, urls);
    const page = await browser().newPage({ viewport: { width: PHONE, height: 812 }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0;padding:0 16px">${html}</body>`);
    const target = path.join(os.tmpdir(), `rehype-weixin-theme-${name}.png`);
    await page.screenshot({ path: target, fullPage: true });
    console.log(`screenshot: ${target}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE);
    const headings = await page.$$eval('h2', (elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { text: element.textContent, inside: box.left >= 16 && box.right <= 375 - 16 && box.height > 0 };
      }),
    );
    expect(headings).toEqual(
      ['嵌套列表', '图片', '代码', '提示块', '表格', '图形'].map((text) => ({ text, inside: true })),
    );
    const cells = await page.$$eval('td, th', (elements) => elements.map((element) => element.textContent));
    expect(cells).toEqual(['写法', '公众号里', '高亮', '背景色', '下划线', '下划线']);
    await page.close();
  });
});
