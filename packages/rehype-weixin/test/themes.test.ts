// Every built-in theme against what the WeChat editor keeps and what reads well on a phone.
import { readFile } from 'node:fs/promises';
import styleToObject from 'style-to-object';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import { rejectedBecause } from '../src/css/editor-rules.js';
import type { Options } from '../src/index.js';
import { themeNames, weixinThemes } from '../src/themes/index.js';

const fixture = await readFile(new URL('fixtures/phone-post.md', import.meta.url), 'utf8');
/** The phone sample, plus what it lacks: a quote, a footnote, keys, a rule and a formula. */
const POST = `${fixture}\n> 引用里的一段话，English words mixed in。\n\n按 <kbd>Ctrl</kbd> 保存[^1]。\n\n---\n\n$$\na^2 + b^2 = c^2\n$$\n\n[^1]: 脚注。\n`;

function render(options: Options) {
  return renderMarkdown(POST, options);
}

/** The declarations of the first element matching `tag` (and `having`, when given). */
function styleOf(html: string, tag: string, having = ''): Record<string, string> {
  const match = new RegExp(`<${tag} style="([^"]*${having}[^"]*)"`).exec(html);
  const style: Record<string, string> = {};
  styleToObject(match?.[1]?.replaceAll('&#x26;', '&') ?? '', (name, value) => {
    style[name] = value;
  });
  return style;
}

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const full = hex.length === 4 ? `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}` : hex;
    const [r, g, bl] = [1, 3, 5].map((at) => {
      const c = Number.parseInt(full.slice(at, at + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe.each(themeNames)('the %s theme', (name) => {
  it('has only what the editor keeps', async () => {
    const { html, file } = await render({ theme: { name } });
    // The only message is about the sample's deliberately broken SVG: nothing in the theme is dropped.
    expect(file.messages.map((m) => m.ruleId)).toEqual(['svg-removed']);
    expect(html).not.toMatch(/ class=| id=|<style|<script|<defs|<foreignObject|data-weixin|data-footnote/);
    const styles = [...html.matchAll(/ style="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&#x26;', '&'));
    expect(styles.length).toBeGreaterThan(50);
    for (const style of styles) {
      styleToObject(style, (property, value) => {
        expect(rejectedBecause(property, value), `${property}: ${value}`).toBeUndefined();
      });
    }
  });

  it('keeps the forms the editor needs: text markers, sideways code, wrapped tables, sized images', async () => {
    const { html } = await render({ theme: { name } });
    expect(html.match(/list-style-type:(\w+)/g)?.every((m) => m.endsWith('none'))).toBe(true);
    expect(html).toMatch(/>•<\/span>第一层的第一项/);
    expect(html).toMatch(/<code style="[^"]*display:-webkit-box;overflow-x:auto;white-space:nowrap"/);
    expect(html).toMatch(/<section style="overflow-x:auto[^"]*"><table/);
    expect(html).toMatch(/<img src="weixin-asset:0:\w+" alt="横幅" style="[^"]*width:100%;max-width:100%;height:auto/);
    expect(html).toMatch(/<section style="[^"]*text-align:center;overflow-x:auto[^"]*"><svg/);
    // Five GFM alerts and three containers, each with a coloured left border and a bold title.
    expect(html.match(/<section style="[^"]*border-left:[^"]*"><p style="[^"]*font-weight:bold/g)).toHaveLength(8);
  });

  it('reads well on a phone: 16px text, airy lines, small code, contrast for Chinese and Latin', async () => {
    const { html } = await render({ theme: { name } });
    const paragraph = styleOf(html, 'p');
    expect(paragraph['font-size']).toBe('16px');
    expect(Number(paragraph['line-height'])).toBeGreaterThanOrEqual(1.7);
    expect(contrast(paragraph['color']!, '#ffffff')).toBeGreaterThanOrEqual(7);
    expect(styleOf(html, 'li', 'font-size')['font-size'] ?? styleOf(html, 'section', 'line-height')['font-size']).toBe(
      '16px',
    );
    const pre = styleOf(html, 'pre');
    expect(Number.parseInt(pre['font-size']!, 10)).toBeLessThanOrEqual(14);
    // The code's first coloured token is legible on the block's own background.
    const token = /<code style="[^"]*"><span style="color:(#[0-9A-Fa-f]{6})/.exec(html)![1]!;
    const background = (pre['background'] ?? '#ffffff').slice(0, 7);
    expect(contrast(token, background), `${token} on ${background}`).toBeGreaterThanOrEqual(4.5);
    const quote = styleOf(html, 'blockquote');
    expect(
      contrast(styleOf(html, 'p', '引用')['color'] ?? quote['color']!, quote['background'] ?? '#ffffff'),
    ).toBeGreaterThanOrEqual(4.5);
    expect(styleOf(html, 'table')['font-size']).toBe('14px');
    expect(styleOf(html, 'td')['padding']).toBeDefined();
  });

  it('puts your CSS on top of it', async () => {
    const { html } = await render({ theme: { name, css: 'p { color: #101010; }\nh2 { font-size: 20px; }' } });
    expect(styleOf(html, 'p')['color']).toBe('#101010');
    expect(styleOf(html, 'h2')['font-size']).toBe('20px');
    // Everything else in the heading is still the theme's.
    const themed = styleOf((await render({ theme: { name } })).html, 'h2');
    expect({ ...themed, 'font-size': '20px' }).toEqual(styleOf(html, 'h2'));
  });
});

describe('choosing a theme by name', () => {
  it('gives each theme its own look', async () => {
    const looks = await Promise.all(
      themeNames.map(async (name) => {
        const { html } = await render({ theme: { name } });
        return ['p', 'h2', 'blockquote', 'pre', 'th'].map((tag) => JSON.stringify(styleOf(html, tag))).join('\n');
      }),
    );
    expect(new Set(looks).size).toBe(themeNames.length);
    expect(themeNames).toEqual(['default', 'elegant', 'tech', 'orange', 'minimal']);
  });

  it('colours code to suit the theme: dark blocks, readable in dark mode too, unless a shiki theme is given', async () => {
    const tech = (await render({ theme: { name: 'tech' } })).html;
    expect(styleOf(tech, 'pre')['background']).toBe('#0d1117');
    expect(tech).toContain('<span style="color:#FF9492">const</span>');
    const light = (await render({ theme: { name: 'tech' }, code: { shikiTheme: 'github-light' } })).html;
    expect(light).toContain('<span style="color:#D73A49">const</span>');
    expect(themeNames.map((name) => weixinThemes[name].shikiTheme)).toEqual(
      themeNames.map(() => 'github-dark-high-contrast'),
    );
  });

  it('reports a name that is no theme, with the names there are', async () => {
    const { file } = await render({ theme: { name: 'pink' as never } });
    const message = file.messages.find((m) => m.ruleId === 'unknown-theme');
    expect([message?.fatal, message?.reason]).toEqual([
      true,
      'there is no theme `pink`: choose one of default, elegant, tech, orange, minimal',
    ]);
  });
});
