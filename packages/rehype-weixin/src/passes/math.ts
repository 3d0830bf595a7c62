import type { Element, Root } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from '../utils/visit.js';
import type { VFile } from 'vfile';
import { createFormulaCache } from '../svg/formula-cache.js';
import { compactMathSvg } from '../svg/math-svg.js';
import { createTexToSvg, type RenderedFormula, type TexToSvg } from '../svg/mathjax.js';
import { weixinSchema } from './sanitize.js';

export interface MathOptions {
  /**
   * `svg` (default): each formula is inline SVG, its glyphs drawn as paths. `png`: each is an
   * image, uploaded like any other, for accounts whose editor drops SVG.
   */
  output?: 'svg' | 'png';
  /** The colour of PNG formulas (an SVG one takes the colour of its text). */
  color?: string;
  /** Pixels per CSS pixel in a PNG formula, so it stays sharp on a phone screen. */
  pixelRatio?: number;
  /**
   * Internal: `false` keeps MathJax's SVG as it comes (nested groups, absolute path data), the
   * reference the compact drawing is compared with.
   */
  compactSvg?: boolean;
}

/** CSS pixels per ex: MathJax lays out for 16px text with an 8px ex. */
const EX = 8;

interface Formula {
  /** The `<code>` remark-math (or a ```math fence) left, and what it stands in. */
  code: Element;
  replace: Element;
  parent: Root | Element;
  display: boolean;
  tex: string;
}

/**
 * MathJax, set up once per process on the first post with math: its setup (every TeX package)
 * costs more than a post, and a script converting posts one call at a time would pay it each time.
 */
let sharedTexToSvg: Promise<TexToSvg> | undefined;

/**
 * Renders `$…$` and `$$…$$` (remark-math's `code.language-math`, also ```math fences) with
 * MathJax (see sharedTexToSvg). Runs after
 * sanitising, which keeps the `language-math` class; the SVG is sanitised here instead.
 */
export default function rehypeWeixinMath(options: MathOptions = {}) {
  // Per plugin instance, so per processor and its options: a drawing depends on nothing else.
  const cache = createFormulaCache();
  return async (tree: Root, file: VFile): Promise<void> => {
    const formulas: Formula[] = [];
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const code = node.tagName === 'pre' ? onlyCode(node) : node;
      if (code?.tagName !== 'code' || !isMath(code)) return undefined;
      formulas.push({ code, replace: node, parent, display: node !== code, tex: hastToString(code).trim() });
      return 'skip';
    });
    if (formulas.length === 0) return;
    const cached = cache.forPost(formulas.map((formula) => formula.tex));
    let render: TexToSvg | undefined;
    for (const formula of formulas) {
      const { tex, display } = formula;
      let drawing = cached.get(tex, display);
      if (!drawing) {
        render ??= await mathJaxForPost();
        const rendered = renderOrReport(render, formula, file);
        if (!rendered) continue;
        drawing = cached.set(tex, display, await draw(rendered, tex, display, options));
      }
      const replacement: Element = formula.display
        ? {
            type: 'element',
            tagName: 'section',
            // Centred like TeX's display math; a formula wider than the phone scrolls.
            properties: { dataWeixinMath: '', style: 'text-align:center;overflow-x:auto' },
            children: [drawing],
          }
        : drawing;
      const at = formula.parent.children.indexOf(formula.replace);
      formula.parent.children[at] = replacement;
    }
  };
}

/** The shared MathJax, for a post with a formula not drawn before. */
async function mathJaxForPost(): Promise<TexToSvg> {
  sharedTexToSvg ??= createTexToSvg();
  const render = await sharedTexToSvg;
  // Labels belong to their post: one shared MathJax would otherwise find `\label{eq}` of an
  // earlier post "multiply defined".
  render.reset();
  return render;
}

/** MathJax's drawing of the formula, or undefined (the formula left as code) with an error message. */
function renderOrReport(render: TexToSvg, formula: Formula, file: VFile): RenderedFormula | undefined {
  try {
    return render(formula.tex, formula.display);
  } catch (error) {
    file.message(`the formula \`${formula.tex}\` cannot be rendered: ${(error as Error).message}`, {
      place: formula.replace.position,
      ruleId: 'math-error',
      source: 'rehype-weixin',
    }).fatal = true;
    // Shown as the TeX it is, in plain code, rather than coloured as a language.
    formula.code.properties = {};
    return undefined;
  }
}

function onlyCode(pre: Element): Element | undefined {
  const elements = pre.children.filter((child): child is Element => child.type === 'element');
  return elements.length === 1 && elements[0]!.tagName === 'code' ? elements[0] : undefined;
}

function isMath(code: Element): boolean {
  const className = ([] as unknown[]).concat(code.properties['className'] ?? []).map(String);
  return className.includes('language-math') || className.includes('math-inline') || className.includes('math-display');
}

function draw(
  rendered: RenderedFormula,
  tex: string,
  display: boolean,
  options: MathOptions,
): Promise<Element> | Element {
  if (options.output === 'png') return toImage(rendered, tex, display, options);
  const svg = toSvg(rendered);
  return options.compactSvg === false ? svg : compactMathSvg(svg);
}

/** MathJax's SVG with only what the editor keeps: no role, no data attributes, no class. */
function toSvg(rendered: RenderedFormula): Element {
  const svg = sanitize(rendered.svg, weixinSchema);
  if (svg.type !== 'element') throw new Error('MathJax returned no <svg>');
  return svg;
}

async function toImage(
  rendered: RenderedFormula,
  tex: string,
  display: boolean,
  options: MathOptions,
): Promise<Element> {
  const { default: sharp } = await import('sharp');
  const [width, height, align] = rendered.size;
  const ratio = options.pixelRatio ?? 3;
  const svg = toHtml(rendered.svg, { space: 'svg' })
    .replaceAll('currentColor', options.color ?? '#333333')
    .replace(/width="[\d.]+ex"/, `width="${width * EX}px"`)
    .replace(/height="[\d.]+ex"/, `height="${height * EX}px"`);
  const png = await sharp(Buffer.from(svg), { density: 72 * ratio })
    .png()
    .toBuffer();
  const style = display
    ? 'display:inline-block;margin:0'
    : `display:inline-block;margin:0;vertical-align:${Math.round(align * EX * 100) / 100}px`;
  return {
    type: 'element',
    tagName: 'img',
    properties: {
      src: `data:image/png;base64,${png.toString('base64')}`,
      alt: tex,
      width: String(Math.ceil(width * EX)),
      style,
    },
    children: [],
  };
}
