import { createRequire } from 'node:module';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { sanitize } from 'hast-util-sanitize';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from '../utils/visit.js';
import type { VFile } from 'vfile';
import { mermaidPageScript, type PageResult, type renderInPage } from '../svg/mermaid-page.js';
import { weixinSchema } from './sanitize.js';
import { whyBroken } from '../svg/editor-svg.js';

export interface MermaidOptions {
  /** The Chromium that draws the diagrams: `CHROMIUM_PATH` unless given, else /usr/bin/chromium. */
  executablePath?: string;
  /** mermaid's own configuration (`theme`, `flowchart`…); labels are always SVG text. */
  config?: Record<string, unknown>;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface Diagram {
  pre: Element;
  source: string;
}

/**
 * ```mermaid blocks drawn as SVG the editor keeps, by mermaid itself in a headless Chromium (off
 * unless asked for: it needs Chromium, playwright-core and mermaid). A Chromium is started for
 * each file that has diagrams and closed after, so nothing outlives the build.
 */
export default function rehypeWeixinMermaid(options: boolean | MermaidOptions = false) {
  if (options === false) return undefined;
  const settings = options === true ? {} : options;
  return async (tree: Root, file: VFile): Promise<void> => {
    const diagrams: Diagram[] = [];
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'pre') return undefined;
      const code = node.children.find((child): child is Element => child.type === 'element');
      const className = ([] as unknown[]).concat(code?.properties['className'] ?? []).map(String);
      if (code?.tagName === 'code' && className.includes('language-mermaid'))
        diagrams.push({ pre: node, source: hastToString(code) });
      return 'skip';
    });
    if (diagrams.length === 0) return;
    const fail = (reason: string, ruleId: string, at: Element) => {
      file.message(reason, { place: at.position, ruleId, source: 'rehype-weixin' }).fatal = true;
    };
    const executablePath = settings.executablePath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
    let results: PageResult[];
    try {
      results = await draw(diagrams, executablePath, settings.config ?? {});
    } catch (error) {
      fail((error as Error).message, 'mermaid-unavailable', diagrams[0]!.pre);
      return;
    }
    for (const [index, diagram] of diagrams.entries()) {
      const result = results[index];
      if (!result || 'error' in result) {
        fail(`the mermaid diagram cannot be drawn: ${result?.error ?? 'no result'}`, 'mermaid-error', diagram.pre);
        continue;
      }
      const root = sanitize(fromHtml(result.svg, { fragment: true }), weixinSchema);
      const svg = root.type === 'root' ? root.children.find((child) => child.type === 'element') : undefined;
      const broken = svg?.type === 'element' ? whyBroken(svg) : 'nothing drawn';
      if (svg?.type !== 'element' || broken) {
        fail(`the mermaid diagram needs ${broken}, which the WeChat editor would break`, 'mermaid-error', diagram.pre);
        continue;
      }
      diagram.pre.tagName = 'section';
      diagram.pre.properties = { dataWeixinDiagram: '', style: 'text-align:center;overflow-x:auto' };
      diagram.pre.children = [svg];
    }
  };
}

async function draw(diagrams: Diagram[], executablePath: string, config: Record<string, unknown>) {
  const require = createRequire(import.meta.url);
  let bundle: string;
  let chromium: typeof import('playwright-core').chromium;
  try {
    bundle = require.resolve('mermaid/dist/mermaid.min.js');
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    const missing = /playwright/.test(String(error)) ? 'playwright-core' : 'mermaid';
    throw new Error(
      `mermaid diagrams need the \`${missing}\` package: install it (\`npm install ${missing}\`), or turn the \`mermaid\` option off`,
    );
  }
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: ARGS, timeout: 30_000 });
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    throw new Error(
      `mermaid diagrams need Chromium, and none could be started at ${executablePath} (${why}): install Chromium (e.g. \`apt-get install chromium\`), set CHROMIUM_PATH to where it is, or turn the \`mermaid\` option off`,
    );
  }
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    await page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
    await page.addScriptTag({ path: bundle });
    await page.addScriptTag({ content: mermaidPageScript() });
    return await page.evaluate(
      (input) => (globalThis as unknown as { renderInPage: typeof renderInPage }).renderInPage(input),
      { sources: diagrams.map((diagram) => diagram.source), config },
    );
  } finally {
    await browser.close();
  }
}
