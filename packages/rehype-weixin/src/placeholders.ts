import { escapeHtml } from '@astro-weixin/rules';

// A module of its own (`rehype-weixin/placeholders`): whoever fills in uploaded URLs should not
// have to load the whole renderer to do it.

/** Swaps placeholders for the uploaded URLs. */
export function replaceAssetPlaceholders(html: string, urls: Map<string, string>): string {
  let out = html;
  for (const [placeholder, url] of urls) out = out.replaceAll(placeholder, escapeHtml(url));
  return out;
}
