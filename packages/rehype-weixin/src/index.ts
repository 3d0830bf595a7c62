import type { Root } from 'hast';
import type { Plugin, Preset, Transformer } from 'unified';
import rehypeWeixinCallouts, { type CalloutKind, type CalloutsOptions } from './callouts.js';
import rehypeWeixinCleanup, { type CleanupOptions } from './cleanup.js';
import rehypeWeixinCode, { type CodeOptions } from './code.js';
import rehypeWeixinContrast, { type ContrastOptions } from './contrast.js';
import rehypeWeixinFootnotes, { type FootnotesOptions } from './footnotes.js';
import rehypeWeixinImages, { type ImagesOptions } from './images.js';
import rehypeWeixinInline from './inline.js';
import rehypeWeixinLimits, { type LimitsOptions } from './limits.js';
import rehypeWeixinLinks, { type LinksOptions } from './links.js';
import rehypeWeixinLists, { type ListsOptions } from './lists.js';
import rehypeWeixinMarks, { type MarksOptions } from './marks.js';
import rehypeWeixinMath, { type MathOptions } from './math.js';
import rehypeWeixinMermaid, { type MermaidOptions } from './mermaid.js';
import rehypeWeixinSanitize, { type SanitizeOptions } from './sanitize.js';
import rehypeWeixinTables from './tables.js';
import rehypeWeixinTheme, { type ThemeOptions } from './theme.js';
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
  // An account that drops SVG gets its formulas as images, unless told otherwise.
  const math = { ...(options.sanitize?.keepSvg === false ? { output: 'png' as const } : {}), ...options.math };
  return {
    plugins: [
      [rehypeWeixinFootnotes, options.footnotes],
      [rehypeWeixinLists, options.lists],
      [rehypeWeixinCallouts, options.callouts],
      [rehypeWeixinSanitize, options.sanitize],
      [rehypeWeixinMath, math],
      [rehypeWeixinMermaid, options.mermaid],
      [rehypeWeixinImages, options.images],
      [rehypeWeixinLinks, options.links],
      [rehypeWeixinCode, code],
      [rehypeWeixinTables],
      [rehypeWeixinMarks, options.marks],
      [rehypeWeixinInline],
      [rehypeWeixinTheme, options.theme],
      ...(options.contrast === false ? [] : [[rehypeWeixinContrast, options.contrast] as WeixinPass]),
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
export { default as rehypeWeixinCallouts } from './callouts.js';
export { default as rehypeWeixinCleanup } from './cleanup.js';
export { default as rehypeWeixinCode } from './code.js';
export { default as rehypeWeixinContrast } from './contrast.js';
export { darkModeHtml, default as rehypeWeixinDarkMode } from './dark-mode/index.js';
export { default as rehypeWeixinFootnotes } from './footnotes.js';
export { default as rehypeWeixinImages, replaceAssetPlaceholders } from './images.js';
export { default as rehypeWeixinInline } from './inline.js';
export { default as rehypeWeixinLimits, deriveDigest, finalizeHtml } from './limits.js';
export { default as rehypeWeixinLinks } from './links.js';
export { default as rehypeWeixinLists } from './lists.js';
export { default as rehypeWeixinMarks } from './marks.js';
export { default as rehypeWeixinMath } from './math.js';
export { default as rehypeWeixinMermaid } from './mermaid.js';
export { default as rehypeWeixinSanitize, weixinSchema } from './sanitize.js';
export { default as rehypeWeixinTables } from './tables.js';
export { default as rehypeWeixinTheme } from './theme.js';
export { defaultTheme } from './default-theme.js';
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
