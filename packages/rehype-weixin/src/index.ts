import type { Root } from 'hast';
import type { VFile } from 'vfile';
import rehypeWeixinCleanup, { type CleanupOptions } from './cleanup.js';
import rehypeWeixinCode, { type CodeOptions } from './code.js';
import rehypeWeixinFootnotes, { type FootnotesOptions } from './footnotes.js';
import rehypeWeixinImages, { type ImagesOptions } from './images.js';
import rehypeWeixinInline from './inline.js';
import rehypeWeixinLimits, { type LimitsOptions } from './limits.js';
import rehypeWeixinLinks, { type LinksOptions } from './links.js';
import rehypeWeixinLists from './lists.js';
import rehypeWeixinSanitize, { type SanitizeOptions } from './sanitize.js';
import rehypeWeixinTables from './tables.js';
import rehypeWeixinTheme, { type ThemeOptions } from './theme.js';

export interface Options {
  sanitize?: SanitizeOptions;
  footnotes?: FootnotesOptions;
  images?: ImagesOptions;
  links?: LinksOptions;
  code?: CodeOptions;
  theme?: ThemeOptions['theme'];
  css?: string;
  cleanup?: CleanupOptions;
  limits?: LimitsOptions;
  /** Shorthand for `links.keepLinks`. */
  keepLinks?: boolean;
}

/**
 * hast -> HTML that survives the WeChat editor: every concern below, in an order where each
 * sees what it needs (footnotes before sanitising strips their markers, the theme before class
 * names go, limits last on the final tree).
 */
export default function rehypeWeixin(options: Options = {}) {
  const passes: ((tree: Root, file: VFile) => unknown)[] = [
    rehypeWeixinFootnotes(options.footnotes),
    rehypeWeixinLists(),
    rehypeWeixinSanitize(options.sanitize),
    rehypeWeixinImages(options.images),
    rehypeWeixinLinks({
      ...options.links,
      ...(options.keepLinks !== undefined ? { keepLinks: options.keepLinks } : {}),
    }),
    rehypeWeixinCode(options.code),
    rehypeWeixinTables(),
    rehypeWeixinInline(),
    rehypeWeixinTheme({
      ...(options.theme !== undefined ? { theme: options.theme } : {}),
      ...(options.css ? { css: options.css } : {}),
    }),
    rehypeWeixinCleanup(options.cleanup),
    rehypeWeixinLimits(options.limits),
  ];
  return async (tree: Root, file: VFile): Promise<Root> => {
    let current = tree;
    for (const pass of passes) {
      const result = await pass(current, file);
      if (result && typeof result === 'object' && 'type' in result) current = result as Root;
    }
    return current;
  };
}

export { rehypeWeixin };
export { default as rehypeWeixinCleanup } from './cleanup.js';
export { default as rehypeWeixinCode } from './code.js';
export { default as rehypeWeixinFootnotes } from './footnotes.js';
export { default as rehypeWeixinImages, replaceAssetPlaceholders } from './images.js';
export { default as rehypeWeixinInline } from './inline.js';
export { default as rehypeWeixinLimits, deriveDigest, finalizeHtml } from './limits.js';
export { default as rehypeWeixinLinks } from './links.js';
export { default as rehypeWeixinLists } from './lists.js';
export { default as rehypeWeixinSanitize, weixinSchema } from './sanitize.js';
export { default as rehypeWeixinTables } from './tables.js';
export { default as rehypeWeixinTheme } from './theme.js';
export { defaultTheme } from './default-theme.js';
export type { WeixinAsset, WeixinFileData, WeixinReference, WeixinStats } from './types.js';
export type {
  CleanupOptions,
  CodeOptions,
  FootnotesOptions,
  ImagesOptions,
  LimitsOptions,
  LinksOptions,
  SanitizeOptions,
  ThemeOptions,
};
