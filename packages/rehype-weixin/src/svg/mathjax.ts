import type { Element } from 'hast';
import { liteToHast } from './mathjax-hast.js';

/** One formula as MathJax renders it: the `<svg>` as hast and its size in ex, as MathJax gives it. */
export interface RenderedFormula {
  svg: Element;
  /** `[width, height, vertical-align]` in ex, read off the SVG. */
  size: [number, number, number];
}

export interface TexToSvg {
  (tex: string, display: boolean): RenderedFormula;
  /** Forgets the labels and equation numbers of the posts before: each post starts afresh. */
  reset(): void;
}

/**
 * TeX packages left out: those that render an error as red text instead of failing (we report
 * it instead), load code at run time, or make ids, classes and styles that WeChat drops.
 */
const LEFT_OUT = new Set(['noerrors', 'noundefined', 'require', 'autoload', 'html']);

/**
 * MathJax (TeX in, SVG out, no DOM), loaded only when a post has math and set up once per call:
 * `fontCache: 'none'` writes every glyph as its own `<path>`, with no `<defs>` or `<use>`.
 */
export async function createTexToSvg(): Promise<TexToSvg> {
  const [{ liteAdaptor }, { HTMLDocument }, { TeX }, { SVG }, { AllPackages }] = await Promise.all([
    import('mathjax-full/js/adaptors/liteAdaptor.js'),
    import('mathjax-full/js/handlers/html/HTMLDocument.js'),
    import('mathjax-full/js/input/tex.js'),
    import('mathjax-full/js/output/svg.js'),
    import('mathjax-full/js/input/tex/AllPackages.js'),
  ]);
  const adaptor = liteAdaptor();
  const input = new TeX({
    packages: AllPackages.filter((name) => !LEFT_OUT.has(name)),
    formatError: (_jax: unknown, error: Error) => {
      throw error;
    },
  });
  const document = new HTMLDocument(adaptor.parse('', 'text/html'), adaptor, {
    InputJax: input,
    OutputJax: new SVG({ fontCache: 'none' }),
  });
  const texToSvg = (tex: string, display: boolean): RenderedFormula => {
    const container = document.convert(tex, { display, em: 16, ex: 8, containerWidth: 80 * 16 });
    const svg = adaptor.firstChild(container) as typeof container;
    const ex = (name: string) => Number.parseFloat(String(adaptor.getAttribute(svg, name) ?? '0'));
    const align = /vertical-align:\s*(-?[\d.]+)ex/.exec(String(adaptor.getAttribute(svg, 'style') ?? ''));
    return {
      svg: liteToHast(adaptor, svg),
      size: [ex('width'), ex('height'), align ? Number.parseFloat(align[1]!) : 0],
    };
  };
  return Object.assign(texToSvg, { reset: () => input.reset() });
}
