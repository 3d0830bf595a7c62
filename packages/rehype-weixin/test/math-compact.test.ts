// The compact formula SVG against MathJax's own (the `compactSvg: false` rendering): fewer
// characters, and the same pixels on a phone screen.
import { readFile } from 'node:fs/promises';
import { chromiumForFile } from '../../../test/helpers/browser.js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import type { MathOptions } from '../src/index.js';

const PHONE = 375;
const SCALE = 3;
/** A pixel differs when one of its channels is off by more than this (of 255): edge antialiasing. */
const TOLERANCE = 64;
/** At most this share of the formulas' pixels may differ. */
const DIFFERING_AT_MOST = 0.005;

/** The playground's math post and the bench's math-heavy one, without front matter. */
const POSTS = {
  'math-notes.md': new URL('../../../playground/src/content/blog/math-notes.md', import.meta.url),
  'math-heavy.md': new URL('../../../bench/posts/math-heavy.md', import.meta.url),
};

const browser = chromiumForFile();

async function render(source: string, math: MathOptions): Promise<string> {
  const withoutFrontMatter = source.replace(/^---\n[\s\S]*?\n---\n/, '');
  return (await renderMarkdown(withoutFrontMatter, { math }, { html: false })).html;
}

const svgCharacters = (html: string) => (html.match(/<svg[\s\S]*?<\/svg>/g) ?? []).join('').length;

interface Shot {
  png: Buffer;
  boxes: { x: number; y: number; width: number; height: number }[];
}

/** The article in WeChat's column at phone width, and where each formula is on the page. */
async function shoot(html: string): Promise<Shot> {
  const page = await browser().newPage({ viewport: { width: PHONE, height: 800 }, deviceScaleFactor: SCALE });
  await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0;padding:0 16px">${html}</body>`);
  const boxes = await page.$$eval('svg', (svgs) =>
    svgs.map((svg) => {
      const { x, y, width, height } = svg.getBoundingClientRect();
      return { x: x + window.scrollX, y: y + window.scrollY, width, height };
    }),
  );
  const png = await page.screenshot({ fullPage: true });
  await page.close();
  return { png, boxes };
}

/** How many pixels inside the formulas' boxes differ, of how many. */
async function compareFormulas(a: Shot, b: Shot): Promise<{ differing: number; total: number }> {
  const [first, second] = await Promise.all(
    [a.png, b.png].map((png) => sharp(png).raw().toBuffer({ resolveWithObject: true })),
  );
  expect(second!.info).toEqual(first!.info);
  const { width, height, channels } = first!.info;
  let differing = 0;
  let total = 0;
  for (const box of a.boxes) {
    const [left, top] = [Math.floor(box.x * SCALE), Math.floor(box.y * SCALE)];
    const [right, bottom] = [Math.ceil((box.x + box.width) * SCALE), Math.ceil((box.y + box.height) * SCALE)];
    for (let y = Math.max(top, 0); y < Math.min(bottom, height); y += 1) {
      for (let x = Math.max(left, 0); x < Math.min(right, width); x += 1) {
        const at = (y * width + x) * channels;
        let off = 0;
        for (let channel = 0; channel < 3; channel += 1)
          off = Math.max(off, Math.abs(first!.data[at + channel]! - second!.data[at + channel]!));
        total += 1;
        if (off > TOLERANCE) differing += 1;
      }
    }
  }
  return { differing, total };
}

/** Compact and reference renderings of a post, screenshot at phone width and compared formula by formula. */
async function drawnTheSame(name: string, compact: string, reference: string): Promise<void> {
  const formulas = (reference.match(/<svg/g) ?? []).length;
  const [after, before] = [await shoot(compact), await shoot(reference)];
  // Every formula where it was, as large as it was.
  expect(after.boxes).toHaveLength(formulas);
  expect(after.boxes).toEqual(before.boxes);
  const { differing, total } = await compareFormulas(after, before);
  const share = svgCharacters(compact) / svgCharacters(reference);
  console.log(
    `${name}: SVG ${svgCharacters(compact)} of ${svgCharacters(reference)} characters (${(share * 100).toFixed(1)}%); ${differing} of ${total} formula pixels differ by more than ${TOLERANCE}/255`,
  );
  expect(total).toBeGreaterThan(0);
  expect(differing / total).toBeLessThanOrEqual(DIFFERING_AT_MOST);
}

describe('compact formula SVG', () => {
  for (const [name, url] of Object.entries(POSTS)) {
    it(`${name}: at most 60% of MathJax's SVG characters, drawn the same at phone width`, async () => {
      const source = await readFile(url, 'utf8');
      const [compact, reference] = await Promise.all([render(source, {}), render(source, { compactSvg: false })]);
      expect((reference.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(10);
      expect(svgCharacters(compact)).toBeLessThanOrEqual(0.6 * svgCharacters(reference));
      await drawnTheSame(name, compact, reference);
    }, 60_000);
  }

  it('keeps text, strokes and colours as MathJax drew them', async () => {
    const source = [
      '$\\text{面积} = \\boxed{\\pi r^2}$，$\\cancel{x} \\ne \\color{red}{y}$。',
      '',
      '$$',
      '\\left( \\frac{a}{b} \\right) + \\sqrt{x} + \\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix} \\xrightarrow{f} \\overbrace{a + b}^{n}',
      '$$',
    ].join('\n');
    const [compact, reference] = await Promise.all([render(source, {}), render(source, { compactSvg: false })]);
    expect(compact).toMatch(/>面<\/text>[\s\S]*>积<\/text>/);
    expect(compact).toMatch(/<rect[^>]* stroke-width="67"/);
    expect(compact).toMatch(/<line[^>]* stroke-width="67"/);
    expect(compact).toMatch(/<path d="[^"]+" fill="red">/);
    expect(svgCharacters(compact)).toBeLessThan(svgCharacters(reference));
    await drawnTheSame('text, strokes and colours', compact, reference);
  }, 60_000);
});
