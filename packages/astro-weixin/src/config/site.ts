/** The site's address with its base, where posts live: `content_source_url` starts here. */
export function siteAddress(site: unknown, base: unknown): string | undefined {
  if (typeof site !== 'string' || site === '') return undefined;
  return new URL(typeof base === 'string' ? base : '/', site).href;
}
