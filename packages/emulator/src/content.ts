/**
 * What the platform does to stored article HTML, as peers report it: scripts and `<style>` go,
 * event handlers go, class and id attributes go (the editor keeps only inline styles), and images
 * whose URL the platform did not issue are removed. Mini-program tags and `data-*` stay untouched.
 *
 * A small tag scanner rather than a full parser: the emulator must only be as clever as the
 * platform's filter, and every removal is recorded so tests can see it.
 */
export interface FilteredItem {
  kind: 'script' | 'style' | 'handler' | 'class' | 'id' | 'img' | 'javascript-url';
  /** The removed text (shortened) or attribute. */
  detail: string;
}

const RAW_BLOCKS: Array<[FilteredItem['kind'], RegExp]> = [
  ['script', /<script\b[^>]*>[\s\S]*?(?:<\/script\s*>|$)/gi],
  ['style', /<style\b[^>]*>[\s\S]*?(?:<\/style\s*>|$)/gi],
];
const TAG = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

export interface Attribute {
  name: string;
  value: string;
  raw: string;
}

export function parseAttributes(source: string): Attribute[] {
  const out: Attribute[] = [];
  for (const m of source.matchAll(ATTRIBUTE)) {
    out.push({ name: m[1]!.toLowerCase(), value: decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''), raw: m[0] });
  }
  return out;
}

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

export function filterContent(
  html: string,
  isIssuedImage: (src: string) => boolean,
): { html: string; filtered: FilteredItem[] } {
  const filtered: FilteredItem[] = [];
  let out = html;
  for (const [kind, pattern] of RAW_BLOCKS) {
    out = out.replace(pattern, (block) => {
      filtered.push({ kind, detail: short(block) });
      return '';
    });
  }
  out = out.replace(TAG, (whole, name: string, attributeSource: string, selfClosing: string) => {
    const tag = name.toLowerCase();
    const attributes = parseAttributes(attributeSource ?? '');
    if (tag === 'img') {
      const src =
        attributes.find((a) => a.name === 'src')?.value ?? attributes.find((a) => a.name === 'data-src')?.value;
      if (src !== undefined && !isIssuedImage(src)) {
        filtered.push({ kind: 'img', detail: src });
        return '';
      }
    }
    const kept = attributes.filter((a) => {
      if (a.name.startsWith('on')) filtered.push({ kind: 'handler', detail: `<${tag} ${short(a.raw)}>` });
      else if (a.name === 'class' || a.name === 'id')
        filtered.push({ kind: a.name, detail: `<${tag} ${short(a.raw)}>` });
      else if (/^\s*javascript:/i.test(a.value))
        filtered.push({ kind: 'javascript-url', detail: `<${tag} ${short(a.raw)}>` });
      else return true;
      return false;
    });
    // Untouched tags stay byte for byte as the client wrote them.
    if (kept.length === attributes.length) return whole;
    return `<${name}${kept.map((a) => ` ${a.raw}`).join('')}${selfClosing ? ' /' : ''}>`;
  });
  return { html: out, filtered };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+[0-9]*);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED[body.toLowerCase()] ?? entity;
  });
}

/** The visible text of some HTML, whitespace collapsed: what the editor counts and digests take. */
export function htmlToText(html: string): string {
  let out = html;
  for (const [, pattern] of RAW_BLOCKS) out = out.replace(pattern, ' ');
  out = out
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|section|blockquote|pre|tr)>/gi, ' ');
  out = out.replace(/<[^>]*>/g, '');
  return decodeEntities(out).replace(/\s+/g, ' ').trim();
}

/** Characters as a reader counts them (code points, so an emoji is one). */
export const charCount = (text: string): number => [...text].length;
