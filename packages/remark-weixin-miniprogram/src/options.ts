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
}

export interface ResolvedOptions {
  mode: 'weixin' | 'web';
  name: string;
  appid: string | undefined;
  targets: Record<string, MiniprogramTarget>;
  webHint: string;
}

export const defaults: Omit<ResolvedOptions, 'appid'> = {
  mode: 'weixin',
  name: 'miniprogram',
  targets: {},
  webHint: '在微信中打开小程序',
};

export function resolveOptions(options: Options | null | undefined): ResolvedOptions {
  return {
    mode: options?.mode ?? defaults.mode,
    name: options?.name ?? defaults.name,
    appid: options?.appid,
    targets: options?.targets ?? defaults.targets,
    webHint: options?.webHint ?? defaults.webHint,
  };
}
