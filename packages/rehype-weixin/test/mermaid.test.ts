// ```mermaid blocks drawn by mermaid in Chromium, rewritten into SVG the WeChat editor keeps.
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../../test/helpers/browser.js';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from './helpers/render.js';
import type { Options } from '../src/index.js';

const FLOW = '```mermaid\ngraph LR\n  A[写文章] --> B{预览}\n  B -->|好| C[发布]\n  B -.->|改| A\n```';

function render(markdown: string, options: Options) {
  return renderMarkdown(markdown, options, { gfm: false, math: false, html: false });
}

beforeAll(() => {});

describe('mermaid', () => {
  it('draws a flowchart as SVG text and shapes, with nothing the editor drops', async () => {
    const { html, file } = await render(`流程：\n\n${FLOW}\n`, { mermaid: true });
    expect(file.messages).toEqual([]);
    expect(html).toMatch(/^<p[^>]*>流程：<\/p>\n<section style="[^"]*text-align:center;overflow-x:auto[^"]*"><svg /);
    expect(html).not.toMatch(/<style|<defs|<marker|<foreignObject|<use| id=| class=|url\(#|href="#|<pre|<code/);
    const labels = [...html.matchAll(/<(?:text|tspan)[^>]*>([^<]+)<\/(?:text|tspan)>/g)].map((m) => m[1]);
    expect(new Set(labels)).toEqual(new Set(['写文章', '预览', '发布', '好', '改']));
    expect(html).toMatch(/<svg [^>]*width="100%"[^>]*style="max-width:\d+px"/);
    // The dotted edge stays dotted: its class's dash pattern is now an attribute.
    const patterns = [...html.matchAll(/<path [^>]*stroke-dasharray="([^"]*)"/g)].map((m) =>
      m[1]!.split(/[\s,]+/).map((length) => Number.parseFloat(length)),
    );
    // A pattern with a gap (one length repeats as dash and gap) draws a broken line.
    const broken = patterns.filter((lengths) =>
      lengths.length === 1 ? lengths[0]! > 0 : lengths.some((l, at) => at % 2 === 1 && l > 0),
    );
    expect(broken).toEqual([[2]]);
    // Arrowheads were markers in <defs>: now shapes of their own, one per arrow.
    expect(html.match(/<g transform="[^"]*rotate\(/g)).toHaveLength(3);
  }, 60_000);

  it('shows the drawing in Chromium, arrowheads and all', async () => {
    const { html } = await render(FLOW, { mermaid: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 375, height: 400 }, deviceScaleFactor: 2 });
      await page.setContent(
        `<!doctype html><meta charset="utf-8"><body style="margin:0;padding:0 16px">${html}</body>`,
      );
      const target = path.join(os.tmpdir(), 'rehype-weixin-mermaid.png');
      const box = (await page.$('svg'))!;
      await box.screenshot({ path: target });
      console.log(`screenshot: ${target}`);
      const size = await box.boundingBox();
      expect(size!.width).toBeGreaterThan(200);
      expect(size!.width).toBeLessThanOrEqual(343);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
      // Dark strokes and text on a light ground, and the coloured node fills of mermaid's theme.
      const { channels, isOpaque } = await sharp(target).stats();
      expect(isOpaque).toBe(true);
      expect(channels[0]!.min).toBeLessThan(80);
      expect(channels[2]!.mean).toBeGreaterThan(channels[1]!.mean - 40);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('reports a diagram mermaid cannot read, at its place, and keeps it as code', async () => {
    const { html, file } = await render(`a\n\n\`\`\`mermaid\ngraph LR\n  A -->\n\`\`\`\n\n${FLOW}\n`, {
      mermaid: true,
    });
    expect(file.messages.map((m) => [m.ruleId, m.line, m.fatal])).toEqual([['mermaid-error', 3, true]]);
    expect(file.messages[0]!.reason).toMatch(/^the mermaid diagram cannot be drawn: .+/);
    expect(html).toContain('<pre');
    expect(html.match(/<svg /g)).toHaveLength(1);
  }, 60_000);

  it('names the fix when no Chromium can be started', async () => {
    const { html, file } = await render(FLOW, { mermaid: { executablePath: '/nowhere/chromium' } });
    expect(file.messages.map((m) => [m.ruleId, m.line, m.fatal])).toEqual([['mermaid-unavailable', 1, true]]);
    expect(file.messages[0]!.reason).toMatch(
      /^mermaid diagrams need Chromium, and none could be started at \/nowhere\/chromium \(.+\): install Chromium \(e\.g\. `apt-get install chromium`\), set CHROMIUM_PATH to where it is, or turn the `mermaid` option off$/,
    );
    expect(html).toContain('<pre');
  });

  it('leaves mermaid blocks as code unless asked', async () => {
    const { html, file } = await render(FLOW, {});
    expect(file.messages).toEqual([]);
    expect(html).not.toContain('<svg');
    expect(html).toMatch(/<pre[^>]*><code[^>]*>.*graph/);
  });
});
