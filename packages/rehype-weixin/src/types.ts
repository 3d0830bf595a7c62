import type { Element } from 'hast';

type Position = NonNullable<Element['position']>;

/** An image the article needs uploaded; `placeholder` stands where its URL goes in the HTML. */
export interface WeixinAsset {
  placeholder: string;
  /** As written in the source. */
  src: string;
  alt: string;
  kind: 'image' | 'miniprogram-card';
  position?: Position;
}

export interface WeixinReference {
  url: string;
  text: string;
  index: number;
}

export interface WeixinStats {
  htmlCharacters: number;
  textCharacters: number;
  bytes: number;
}

export interface WeixinFileData {
  assets: WeixinAsset[];
  references: WeixinReference[];
  digest?: string;
  stats: WeixinStats;
  /** The final HTML the limits pass measured, as sent (`finalizeHtml`), so it is not serialised twice. */
  html?: string;
}

declare module 'vfile' {
  interface DataMap {
    weixin: WeixinFileData;
    /** Set when raw HTML or MDX gave an element a colour of its own (a `style`, `color` or `bgcolor`). */
    weixinAuthorColors: boolean;
  }
}

/** Every plugin reads and adds to the same record, created on first use. */
export function weixinData(file: { data: { weixin?: WeixinFileData } }): WeixinFileData {
  file.data.weixin ??= { assets: [], references: [], stats: { htmlCharacters: 0, textCharacters: 0, bytes: 0 } };
  return file.data.weixin;
}
