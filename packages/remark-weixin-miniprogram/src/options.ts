/** A mini-program destination authors can name with `target=…`. */
export interface MiniprogramTarget {
  appid?: string;
  path: string;
  /** Card title (WeChat shows at most 35 characters). */
  title?: string;
  /** Card image: a path or URL, uploaded like any other image. */
  imageurl?: string;
  /** A web page to link from the site's fallback (the mini-program cannot open in a browser). */
  url?: string;
}

export interface Options {
  /** `weixin`: the tags WeChat understands; `web`: a fallback for the blog itself. */
  mode?: 'weixin' | 'web';
  /** Directive name: `::miniprogram`, `:miniprogram`. */
  name?: string;
  /** Appid used when a directive and its target give none. */
  appid?: string;
  /** Named targets, e.g. `{ shop: { appid, path } }`, used as `target=shop`. */
  targets?: Record<string, MiniprogramTarget>;
  /** Text of the hint in the web fallback. */
  webHint?: string;
  /** Publish a card whose title is over WeChat's 35 characters (a warning instead of an error). */
  allowLongCardTitle?: boolean;
}

export interface ResolvedOptions {
  mode: 'weixin' | 'web';
  name: string;
  appid: string | undefined;
  targets: Record<string, MiniprogramTarget>;
  webHint: string;
  allowLongCardTitle: boolean;
}

export function resolveOptions(options: Options | null | undefined): ResolvedOptions {
  return {
    mode: options?.mode ?? 'weixin',
    name: options?.name ?? 'miniprogram',
    appid: options?.appid,
    targets: options?.targets ?? {},
    webHint: options?.webHint ?? '在微信中打开小程序',
    allowLongCardTitle: options?.allowLongCardTitle ?? false,
  };
}
