// Formulas as WeChat's reader would draw them: the article HTML alone in Chromium, at phone width.
import os from 'node:os';
import path from 'node:path';
import { chromiumForFile } from '../../../test/helpers/browser.js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';

const PHONE = 375;
const POST = '勾股定理：$a^2 + b^2 = c^2$，其中 $c$ 是斜边。\n\n$$\nx = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}\n$$\n';

const browser = chromiumForFile();

describe('formulas in Chromium at phone width', () => {
  it('draws each formula in the line of text, the display one centred, ink and all', async () => {
    const { html } = await renderMarkdown(POST, {}, { gfm: false, html: false });
    const page = await browser().newPage({ viewport: { width: PHONE, height: 400 }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0;padding:0 16px">${html}</body>`);
    const target = path.join(os.tmpdir(), 'rehype-weixin-math.png');
    await page.screenshot({ path: target, fullPage: true });
    console.log(`screenshot: ${target}`);
    const boxes = await page.$$eval('svg', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return {
          left: box.left,
          right: box.right,
          width: box.width,
          height: box.height,
          top: box.top,
          bottom: box.bottom,
        };
      }),
    );
    expect(boxes).toHaveLength(3);
    const [pythagoras, c, quadratic] = boxes;
    // Inline formulas share the first line (`c` within the squares' height), `c` after them.
    expect(c!.top).toBeGreaterThan(pythagoras!.top);
    expect(c!.bottom).toBeLessThanOrEqual(pythagoras!.bottom + 1);
    expect(c!.left).toBeGreaterThan(pythagoras!.right);
    expect(pythagoras!.height).toBeLessThan(30);
    // The fraction stands on its own, centred in the 343px column, over twice an inline formula's height.
    expect(Math.abs(quadratic!.left - 16 - (PHONE - 32 - quadratic!.right + 16))).toBeLessThan(2);
    expect(quadratic!.height).toBeGreaterThan(2 * c!.height);
    expect(quadratic!.top).toBeGreaterThan(pythagoras!.bottom);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE);
    for (const [at, box] of boxes.entries()) {
      const shot = await page.screenshot({ clip: { x: box.left, y: box.top, width: box.width, height: box.height } });
      const { channels } = await sharp(shot).stats();
      // Dark glyphs drawn on the white page.
      expect(channels[0]!.min, `formula ${at}`).toBeLessThan(90);
      expect(channels[0]!.max, `formula ${at}`).toBe(255);
    }
    await page.close();
  });
});
