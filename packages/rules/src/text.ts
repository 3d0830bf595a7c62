import { decodeHTML } from 'entities';
import type { ArticleLimits, ContentCount } from './limits.js';

/** Length as WeChat counts it: code points, so an emoji or a CJK character is one. */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The visible text of article HTML, as the editor counts it: tags out, each entity one character. */
export function visibleText(html: string): string {
  return decodeHTML(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<[^>]*>/g, ''),
  );
}

/** How an article's HTML measures against the content limits. */
export interface ContentMeasure {
  textCharacters: number;
  htmlCharacters: number;
  bytes: number;
}

export function measureContent(html: string): ContentMeasure {
  return {
    textCharacters: characters(visibleText(html)),
    htmlCharacters: characters(html),
    bytes: Buffer.byteLength(html, 'utf8'),
  };
}

/** One way an article's content is over a limit, in words an author can act on. */
export interface ContentOverLimit {
  kind: 'text' | 'html' | 'bytes';
  length: number;
  limit: number;
  message: string;
}

/** Every content limit the HTML passes, under the configured counting. */
export function contentOverLimits(
  measure: ContentMeasure,
  limits: Pick<ArticleLimits, 'contentCharacters' | 'contentBytes'> & { contentCount: ContentCount },
): ContentOverLimit[] {
  const over: ContentOverLimit[] = [];
  const counts = limits.contentCount;
  const max = limits.contentCharacters;
  if ((counts === 'text' || counts === 'both') && measure.textCharacters >= max) {
    over.push({
      kind: 'text',
      length: measure.textCharacters,
      limit: max,
      message: `has ${measure.textCharacters} characters of text; WeChat takes fewer than ${max}`,
    });
  }
  if ((counts === 'html' || counts === 'both') && measure.htmlCharacters >= max) {
    over.push({
      kind: 'html',
      length: measure.htmlCharacters,
      limit: max,
      message: `has ${measure.htmlCharacters} characters of HTML; WeChat takes fewer than ${max}`,
    });
  }
  if (measure.bytes >= limits.contentBytes) {
    over.push({
      kind: 'bytes',
      length: measure.bytes,
      limit: limits.contentBytes,
      message: `is ${measure.bytes} bytes of HTML; WeChat takes under ${limits.contentBytes}`,
    });
  }
  return over;
}
