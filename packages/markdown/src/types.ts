import type { Options as WeixinOptions, WeixinAsset, WeixinReference, WeixinStats } from 'rehype-weixin';
import type { Options as MiniprogramOptions } from 'remark-weixin-miniprogram';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** Set once per processor. */
export interface ProcessorOptions {
  /** remark-weixin-miniprogram options (mode is always `weixin` here). */
  miniprogram?: Omit<MiniprogramOptions, 'mode'>;
  /** rehype-weixin options: theme, css, code, links, limits. */
  weixin?: WeixinOptions;
}

/** Set per post. */
export interface PostOptions {
  /** The source file, so messages read `file:line:column`. */
  path?: string;
  /**
   * The post's front matter, already parsed by the caller; the YAML block in the source is then
   * not parsed again (and YAML errors are the caller's to report).
   */
  frontmatter?: Record<string, unknown>;
}

export interface Options extends ProcessorOptions, PostOptions {}

export interface WeixinArticle {
  html: string;
  assets: WeixinAsset[];
  title?: string;
  digest?: string;
  frontmatter: Record<string, unknown>;
  references: WeixinReference[];
  stats: WeixinStats;
  /** Every message from every step, with positions; `fatal: true` marks errors. */
  messages: VFileMessage[];
  /** The file the messages belong to, for a reporter such as `vfile-reporter`. */
  file: VFile;
}

export interface WeixinProcessor {
  process(source: string, options?: PostOptions): Promise<WeixinArticle>;
}
