import type { PostInfo, ResolvedOptions } from '../config/options.js';

/** The post's address as the `postUrl` option gives it: a path under the site's base, or a full URL. */
export function postPathname(info: PostInfo, pattern: ResolvedOptions['postUrl']): string {
  return typeof pattern === 'function'
    ? pattern(info)
    : pattern.replaceAll('{collection}', info.collection).replaceAll('{slug}', info.slug).replaceAll('{id}', info.slug);
}

export function postAddress(
  info: PostInfo,
  pattern: ResolvedOptions['postUrl'],
  site: string | undefined,
): string | undefined {
  const pathname = postPathname(info, pattern);
  if (/^https?:\/\//.test(pathname)) return pathname;
  if (!site) return undefined;
  // `site` already carries Astro's `base`; resolve relative to it so the base is kept.
  return new URL(pathname.replace(/^\//, ''), site.endsWith('/') ? site : `${site}/`).href;
}
