import type { Root } from 'hast';
import type { Plugin, Preset, Transformer } from 'unified';
import rehypeWeixinCallouts, { type CalloutKind, type CalloutsOptions } from './passes/callouts.js';
import rehypeWeixinCleanup, { type CleanupOptions } from './passes/cleanup.js';
import rehypeWeixinCode, { type CodeOptions } from './passes/code.js';
import rehypeWeixinContrast, { type ContrastOptions } from './passes/contrast.js';
import rehypeWeixinFootnotes, { type FootnotesOptions } from './passes/footnotes.js';
import rehypeWeixinImages, { type ImagesOptions } from './passes/images.js';
import rehypeWeixinInline from './passes/inline.js';
import rehypeWeixinLimits, { type LimitsOptions } from './passes/limits.js';
import rehypeWeixinLinks, { type LinksOptions } from './passes/links.js';
import rehypeWeixinLists, { type ListsOptions } from './passes/lists.js';
import rehypeWeixinMarks, { type MarksOptions } from './passes/marks.js';
import rehypeWeixinMath, { type MathOptions } from './passes/math.js';
import rehypeWeixinMermaid, { type MermaidOptions } from './passes/mermaid.js';
import rehypeWeixinSanitize, { type SanitizeOptions } from './passes/sanitize.js';
import rehypeWeixinStyles from './passes/inline-styles.js';
import rehypeWeixinTables from './passes/tables.js';
import rehypeWeixinTheme, { type ThemeOptions } from './passes/theme.js';
import { isThemeName, weixinThemes } from './themes/index.js';

/** One options object per concern, named after the pass that reads it. */
export interface Options {
  footnotes?: FootnotesOptions;
  lists?: ListsOptions;
  callouts?: CalloutsOptions;
  sanitize?: SanitizeOptions;
  math?: MathOptions;
  /** Draw ```mermaid blocks as SVG (`true`, or options); off by default, as it needs Chromium. */
  mermaid?: boolean | MermaidOptions;
  images?: ImagesOptions;
  links?: LinksOptions;
  code?: CodeOptions;
  marks?: MarksOptions;
  theme?: ThemeOptions;
  /** Warn about text below WCAG AA contrast in light or dark mode; `false` skips the check. */
  contrast?: false | ContrastOptions;
  cleanup?: CleanupOptions;
  limits?: LimitsOptions;
}

/** A pass of the preset: its attacher and the options it is given. */
// biome-ignore lint/suspicious/noExplicitAny: each pass takes its own options type.
export type WeixinPass = [plugin: Plugin<any[], Root>, options?: unknown];

/** A unified preset whose list of passes can be edited before `.use()`. */
export interface WeixinPreset extends Preset {
  plugins: WeixinPass[];
}

/**
 * Every pass, in an order where each sees what it needs (footnotes before sanitising strips
 * their markers, math after it (its SVG is its own, and a PNG formula is an image to upload), the theme before class names go, limits last on the final tree). Reorder or
 * drop entries and hand the list to `.use()`.
 */
export function rehypeWeixinPreset(options: Options = {}): WeixinPreset {
  // The default theme when none is named, unless a base of the author's own replaces it.
  const name = options.theme?.name ?? (options.theme?.base === undefined ? 'default' : undefined);
  // Code is coloured to suit the chosen theme (dark blocks, readable in dark mode too) unless a shiki theme is given.
  const code = { ...(isThemeName(name) ? { shikiTheme: weixinThemes[name].shikiTheme } : {}), ...options.code };
  // A built-in theme with nothing of the author's on top, and its own code colours, is known to read well.
  const builtInColorsOnly =
    isThemeName(name) &&
    options.theme?.css === undefined &&
    options.theme?.base === undefined &&
    !options.code?.shikiTheme;
  const contrast = { ...(options.contrast || {}), ...(builtInColorsOnly ? { builtInColorsOnly } : {}) };
  // An account that drops SVG gets its formulas as images, unless told otherwise.
  const math = { ...(options.sanitize?.keepSvg === false ? { output: 'png' as const } : {}), ...options.math };
  return {
    plugins: [
      [rehypeWeixinFootnotes, options.footnotes],
      [rehypeWeixinLists, options.lists],
      [rehypeWeixinCallouts, options.callouts],
      [rehypeWeixinSanitize, options.sanitize],
      [rehypeWeixinStyles],
      [rehypeWeixinMath, math],
      [rehypeWeixinMermaid, options.mermaid],
      [rehypeWeixinImages, options.images],
      [rehypeWeixinLinks, options.links],
      [rehypeWeixinCode, code],
      [rehypeWeixinTables],
      [rehypeWeixinMarks, options.marks],
      [rehypeWeixinInline],
      [rehypeWeixinTheme, options.theme],
      ...(options.contrast === false ? [] : [[rehypeWeixinContrast, contrast] as WeixinPass]),
      [rehypeWeixinCleanup, options.cleanup],
      [rehypeWeixinLimits, options.limits],
    ],
  };
}

/** hast -> HTML that survives the WeChat editor: the whole preset as one plugin. */
const rehypeWeixin: Plugin<[Options?], Root> = function (options) {
  const transformers = rehypeWeixinPreset(options)
    .plugins.map(([plugin, settings]) => plugin.call(this, settings) as Transformer<Root> | undefined)
    .filter((transformer) => transformer !== undefined);
  // No `next` parameter: unified would then wait for it to be called.
  return async (tree, file) => {
    let current = tree;
    for (const transform of transformers) {
      const result = await transform(current, file, () => undefined);
      if (result && !(result instanceof Error)) current = result;
    }
    return current;
  };
};

export default rehypeWeixin;
export { rehypeWeixin };
export { default as rehypeWeixinCallouts } from './passes/callouts.js';
export { type CalloutEnvironment, calloutEnvironment, calloutNames } from './passes/callout-environments.js';
export { default as rehypeWeixinCleanup } from './passes/cleanup.js';
export { default as rehypeWeixinCode } from './passes/code.js';
export { default as rehypeWeixinContrast } from './passes/contrast.js';
export { darkModeHtml, default as rehypeWeixinDarkMode } from './dark-mode/index.js';
export { default as rehypeWeixinFootnotes } from './passes/footnotes.js';
export { default as rehypeWeixinImages, replaceAssetPlaceholders } from './passes/images.js';
export { default as rehypeWeixinInline } from './passes/inline.js';
export { default as rehypeWeixinLimits, deriveDigest, finalizeHtml } from './passes/limits.js';
export { default as rehypeWeixinLinks } from './passes/links.js';
export { default as rehypeWeixinLists } from './passes/lists.js';
export { default as rehypeWeixinMarks } from './passes/marks.js';
export { default as rehypeWeixinMath } from './passes/math.js';
export { default as rehypeWeixinMermaid } from './passes/mermaid.js';
export { default as rehypeWeixinSanitize, weixinSchema } from './passes/sanitize.js';
export { cleanInlineStyle, type CleanedStyle, default as rehypeWeixinStyles } from './passes/inline-styles.js';
export { rejectedBecause } from './css/editor-rules.js';
export { default as rehypeWeixinTables } from './passes/tables.js';
export { default as rehypeWeixinTheme } from './passes/theme.js';
export { defaultTheme } from './themes/default.js';
export { type ThemeName, themeNames, type WeixinTheme, weixinThemes } from './themes/index.js';
export type { DarkModeOptions } from './dark-mode/index.js';
export type { WeixinAsset, WeixinFileData, WeixinReference, WeixinStats } from './types.js';
export type {
  CalloutKind,
  CalloutsOptions,
  CleanupOptions,
  CodeOptions,
  ContrastOptions,
  FootnotesOptions,
  ImagesOptions,
  LimitsOptions,
  LinksOptions,
  ListsOptions,
  MarksOptions,
  MathOptions,
  MermaidOptions,
  SanitizeOptions,
  ThemeOptions,
};
