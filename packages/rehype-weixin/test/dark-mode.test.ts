// WeChat's dark-mode conversion (wechatjs/mp-darkmode's published algorithm), colour by colour and on our themes.
import { readFile } from 'node:fs/promises';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import { formatColor, parseColor, perceivedBrightness, type Rgba, toHsl } from '../src/dark-mode/color.js';
import { computeColors } from '../src/dark-mode/colors.js';
import { convertBackground, convertText, darkModeSettings } from '../src/dark-mode/convert.js';
import { darkModeHtml } from '../src/dark-mode/index.js';
import { contrastRatio } from '../src/dark-mode/wcag.js';
import { themeNames } from '../src/themes/index.js';

const settings = darkModeSettings();
const color = (text: string): Rgba => parseColor(text) as Rgba;
const background = (text: string) => formatColor(convertBackground(color(text), settings));
const text = (value: string, on = '#191919') => formatColor(convertText(color(value), color(on), settings));

describe('background colours', () => {
  it('inverts white and light greys towards the page: #fff becomes the page #191919, #f5f5f5 #232323', () => {
    // Lightness 100 - 100 + 9.8 (the page's) = 9.8% = 25; 96.1% -> 13.7% = 35.
    expect([background('#ffffff'), background('#f5f5f5'), background('white')]).toEqual([
      '#191919',
      '#232323',
      '#191919',
    ]);
  });

  it('inverts a tint brighter than 250 as a grey, and dims a paler one to brightness 190', () => {
    // #fffbeb: brightness 250.3, lightness 96.1% -> grey at 13.7%.
    expect(background('#fffbeb')).toBe('#232323');
    const dimmed = convertBackground(color('#f1f6fe'), settings);
    expect(perceivedBrightness(dimmed)).toBeCloseTo(190, 0);
    expect(toHsl(dimmed).h).toBeCloseTo(toHsl(color('#f1f6fe')).h, -1);
  });

  it('lifts a very dark colour to lightness 22%, keeping its hue, and keeps a mid colour', () => {
    const lifted = toHsl(convertBackground(color('#0d1117'), settings));
    expect(lifted.l).toBeCloseTo(22, 0);
    expect(lifted.h).toBeCloseTo(toHsl(color('#0d1117')).h, -1);
    expect(background('#cb4e0a')).toBe('#cb4e0a');
  });
});

describe('text colours', () => {
  it('mirrors dark text on the dark page and dims it to the default text brightness: #333 and #191919 become #a3a3a3', () => {
    expect([text('#333'), text('#191919')]).toEqual(['#a3a3a3', '#a3a3a3']);
  });

  it('keeps near-white text, and text already far enough from a light background', () => {
    expect(text('#ffffff')).toBe('#ffffff');
    expect(text('#333333', '#bbbec5')).toBe('#333333');
  });
});

/** An element's dark style, after converting one snippet of HTML. */
function darkStyles(html: string): string[] {
  const tree = fromHtml(darkModeHtml(html), { fragment: true });
  return selectAll('[style]', tree).map((element) => String(element.properties['style']));
}

describe('inline styles', () => {
  it('gives a background without a text colour the inherited text colour, converted for it', () => {
    expect(darkStyles('<section style="background:#ffffff"><span>字</span></section>')).toEqual([
      'background:#191919;color:#a3a3a3',
    ]);
  });

  it('shows a gradient as the one colour its stops mix to, converted', () => {
    expect(darkStyles('<p style="background:linear-gradient(#ffffff, #f5f5f5)">字</p>')).toEqual([
      // #191919 on #232323 mirrors to #cdcdcd, far enough from a box brighter than the page to stay.
      'background:linear-gradient(#232323, #232323);color:#cdcdcd',
    ]);
  });

  it('paints the light background under a background image and keeps its text in light colours', () => {
    const image = 'url(data:image/png;base64,AAAA)';
    expect(darkStyles(`<p style="background-image:${image}"><span style="color:#333">字</span></p>`)).toEqual([
      `background-image:${image},linear-gradient(#ffffff,#ffffff);color:#191919`,
      'color:#333',
    ]);
  });

  it('converts border colours against the page, and leaves what has no colour alone', () => {
    const [style] = darkStyles('<p style="border:1px solid #e5e7eb;margin:0">字</p>');
    const border = /#[0-9a-f]{6}/.exec(style ?? '')?.[0] ?? '';
    expect(perceivedBrightness(color(border))).toBeCloseTo(163, 0);
    expect(style).toMatch(/^border:1px solid #[0-9a-f]{6};margin:0$/);
  });
});

const fixture = await readFile(new URL('fixtures/phone-post.md', import.meta.url), 'utf8');
const POST = `${fixture}\n> 引用[^1]，见 [另一篇](https://mp.weixin.qq.com/s/abc)。\n\n[^1]: 脚注。\n`;

async function renderTheme(name: (typeof themeNames)[number]) {
  return (await renderMarkdown(POST, { theme: { name } })).html;
}

describe.each(themeNames)('the %s theme in dark mode', (name) => {
  it('darkens every box (callouts, code, tables, quotes) and keeps callout titles, links and code readable', async () => {
    const html = await renderTheme(name);
    const tree = fromHtml(html, { fragment: true });
    const colors = computeColors(tree, settings);
    const of = (selector: string) => selectAll(selector, tree).map((element: Element) => colors.get(element));
    const boxes = of('section[style*=border-left], pre, th, blockquote');
    expect(boxes.length).toBeGreaterThan(8);
    for (const box of boxes) expect(perceivedBrightness(box?.dark.background as Rgba)).toBeLessThanOrEqual(190.5);
    const readable = selectAll('section[style*=border-left] > p, a, pre span, th, td', tree);
    expect(readable.length).toBeGreaterThan(20);
    for (const element of readable) {
      const run = colors.get(element);
      const pair = `${formatColor(run?.dark.text as Rgba)} on ${formatColor(run?.dark.background as Rgba)}`;
      const ratio = contrastRatio(run?.dark.text as Rgba, run?.dark.background as Rgba);
      expect(ratio, `<${element.tagName} style="${element.properties['style']}">: ${pair}`).toBeGreaterThanOrEqual(4.5);
    }
    // The dark HTML carries exactly the computed styles.
    const dark = fromHtml(darkModeHtml(html), { fragment: true });
    const titles = selectAll('section[style*=border-left] > p', dark).map((p) => String(p.properties['style']));
    const expected = selectAll('section[style*=border-left] > p', tree).map(
      (p) => colors.get(p)?.darkStyle ?? String(p.properties['style']),
    );
    expect(titles).toEqual(expected);
  });
});
