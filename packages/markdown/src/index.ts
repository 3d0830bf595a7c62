export { createWeixinProcessor, markdownToWeixin } from './processor.js';
export type { Options, PostOptions, ProcessorOptions, WeixinArticle, WeixinProcessor } from './types.js';
export type { WeixinAsset, WeixinReference, WeixinStats } from 'rehype-weixin';
