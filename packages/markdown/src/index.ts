export { type DecodedSource, decodeSource } from './decode.js';
export { createWeixinProcessor, markdownToWeixin } from './processor.js';
export { normalizeLineEndings } from './line-endings.js';
export { type ThemeChoice, themeChoices } from './themes.js';
export type { Options, PostOptions, ProcessorOptions, WeixinArticle, WeixinProcessor } from './types.js';
export { type ThemeName, themeNames } from 'rehype-weixin';
export type { WeixinAsset, WeixinReference, WeixinStats } from 'rehype-weixin';
