export { remarkContainers } from './containers.js';
export { type DecodedSource, decodeSource } from './decode.js';
export { normalizeLineEndings } from './line-endings.js';
export { markdownToWeixin } from './one-call.js';
export { createWeixinProcessor } from './processor.js';
export { type ThemeChoice, themeChoices } from './themes.js';
export type { Options, PostOptions, ProcessorOptions, WeixinArticle, WeixinProcessor } from './types.js';
export { type ThemeName, themeNames } from 'rehype-weixin';
export type { WeixinAsset, WeixinReference, WeixinStats } from 'rehype-weixin';
