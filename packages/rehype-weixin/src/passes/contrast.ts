import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { composite, formatColor } from '../dark-mode/color.js';
import { computeColors, type ElementColors } from '../dark-mode/colors.js';
import { type DarkModeOptions, darkModeSettings } from '../dark-mode/convert.js';
import { contrastRatio, requiredRatio } from '../dark-mode/wcag.js';
import { styleOrigin } from '../css/style-origins.js';

export interface ContrastOptions {
  /** Report text below WCAG AA as errors (fatal messages) instead of warnings, e.g. in CI. */
  asErrors?: boolean;
  /** The page colours in each mode, WeChat's unless given. */
  darkMode?: DarkModeOptions;
  /**
   * Set by the preset when the colours can only be a built-in theme's (no CSS of the author's and
   * no colour in raw HTML): those themes are checked clean in both modes by their tests, so the
   * walk, a third of a render, is skipped.
   */
  builtInColorsOnly?: boolean;
}

type Mode = 'light' | 'dark';

/** One run of text too faint to read in one mode. */
interface LowContrast {
  element: Element;
  /** The nearest element (itself or an ancestor) that knows where it came from in the source. */
  placed: Element | undefined;
  excerpt: string;
  mode: Mode;
  colors: ElementColors;
  ratio: number;
  required: number;
}

/**
 * Checks every run of text against WCAG 2.x AA (4.5:1, or 3:1 for large text) in light mode
 * and after WeChat's dark-mode conversion; each failure is a message at the Markdown it came
 * from, naming the colours and the theme rule or inline style to change. Runs after the theme.
 */
export default function rehypeWeixinContrast(options: ContrastOptions = {}) {
  const settings = darkModeSettings(options.darkMode);
  return (tree: Root, file: VFile): void => {
    if (options.builtInColorsOnly && !file.data.weixinAuthorColors) return;
    const colors = computeColors(tree, settings);
    const seen = new Set<string>();
    for (const found of lowContrastText(tree, colors)) {
      const reason = describe(found);
      const place = found.placed?.position;
      const key = `${place?.start.line}:${place?.start.column} ${reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const message = file.message(reason, {
        ...(place ? { place } : {}),
        ruleId: 'contrast',
        source: 'rehype-weixin',
      });
      message.fatal = options.asErrors === true;
    }
  };
}

function* lowContrastText(tree: Root, colors: Map<Element, ElementColors>): Generator<LowContrast> {
  const ancestors: Element[] = [];
  function* walk(children: RootContent[]): Generator<LowContrast> {
    for (const node of children) {
      if (node.type === 'element') {
        ancestors.push(node);
        yield* walk(node.children);
        ancestors.pop();
        continue;
      }
      const element = ancestors.at(-1);
      const own = element && colors.get(element);
      if (node.type !== 'text' || !own || own.overImage || node.value.trim() === '') continue;
      for (const mode of ['light', 'dark'] as const) {
        const { text, background } = own[mode];
        const ratio = contrastRatio(composite(text, background), background);
        const required = requiredRatio(own.fontSize, own.bold);
        if (ratio >= required) continue;
        const placed = ancestors.findLast((ancestor) => ancestor.position);
        const excerpt = node.value.trim().slice(0, 16);
        yield { element, placed, excerpt, mode, colors: own, ratio, required };
      }
    }
  }
  yield* walk(tree.children);
}

function describe({ element, excerpt, mode, colors, ratio, required }: LowContrast): string {
  const pair = (which: Mode) => `${formatColor(colors[which].text)} on ${formatColor(colors[which].background)}`;
  const converted = mode === 'dark' ? ` (from ${pair('light')} in light mode)` : '';
  const textFrom = colors.textFrom ? styleOrigin(colors.textFrom, 'color') : 'the default text colour';
  const backgroundFrom = colors.backgroundFrom ? backgroundOrigin(colors.backgroundFrom) : 'the page';
  return (
    `<${element.tagName}> “${excerpt}” has contrast ${ratio.toFixed(2)}:1 in ${mode} mode, ` +
    `${pair(mode)}${converted}, below WCAG AA ${required}:1: ` +
    `change \`color\` in ${textFrom}, or the background in ${backgroundFrom}`
  );
}

function backgroundOrigin(element: Element): string {
  const origins = element.data?.weixinStyleOrigins ?? {};
  const property = ['background-color', 'background', 'background-image'].find((name) => origins[name]);
  return styleOrigin(element, property ?? 'background');
}
