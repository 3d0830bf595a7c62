import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import { weixinData } from './types.js';

export interface LimitsOptions {
  /** WeChat: "fewer than 20,000 characters". */
  maxCharacters?: number;
  /**
   * What the character limit counts: the visible text (what the editor counts), the HTML, or
   * both. Unconfirmed by WeChat; the text is the default because a typical long post with inline
   * styles is over 20,000 HTML characters and WeChat accepts it.
   */
  countCharacters?: 'text' | 'html' | 'both';
  /** WeChat: "under 1 MB", measured on the final HTML in UTF-8. */
  maxBytes?: number;
  /** The author's digest; when absent (here and on `file.data.weixin.digest`) one is derived from the text. */
  digest?: string;
  /** Length of a derived digest (draft/add takes the first 54 characters when none is given). */
  digestLength?: number;
}

/** The HTML as it is sent: no-break spaces written as `&nbsp;`, which the editor keeps. */
export function finalizeHtml(html: string): string {
  return html.replaceAll('\u00a0', '&nbsp;');
}

/** Measures the article against WeChat's limits and derives a digest from the text. */
export default function rehypeWeixinLimits(options: LimitsOptions = {}) {
  const maxCharacters = options.maxCharacters ?? 20_000;
  const mode = options.countCharacters ?? 'text';
  const maxBytes = options.maxBytes ?? 1_000_000;
  const digestLength = options.digestLength ?? 54;
  return (tree: Root, file: VFile): void => {
    const data = weixinData(file);
    const html = finalizeHtml(toHtml(tree));
    const text = toText(tree).replace(/\s+/g, ' ').trim();
    data.stats = { htmlCharacters: [...html].length, textCharacters: [...text].length, bytes: Buffer.byteLength(html) };
    const over = (count: number, what: string) => {
      const message = file.message(
        `the article has ${count} ${what} characters; WeChat takes fewer than ${maxCharacters}: split it into two posts`,
        { ruleId: 'too-long', source: 'rehype-weixin' },
      );
      message.fatal = true;
    };
    if ((mode === 'text' || mode === 'both') && data.stats.textCharacters >= maxCharacters)
      over(data.stats.textCharacters, 'text');
    if ((mode === 'html' || mode === 'both') && data.stats.htmlCharacters >= maxCharacters)
      over(data.stats.htmlCharacters, 'HTML');
    if (data.stats.bytes >= maxBytes) {
      file.message(`the article's HTML is ${data.stats.bytes} bytes; WeChat takes under ${maxBytes}`, {
        ruleId: 'too-large',
        source: 'rehype-weixin',
      }).fatal = true;
    }
    data.digest = options.digest ?? data.digest ?? deriveDigest(tree, digestLength);
  };
}

/** The opening prose, cut at a sentence end when one is near, never inside a reference list. */
export function deriveDigest(tree: Root, length: number): string {
  const parts: string[] = [];
  for (const node of tree.children) {
    if (node.type !== 'element') continue;
    if (isAside(node)) continue;
    if (['p', 'blockquote', 'ul', 'ol'].includes(node.tagName)) parts.push(toText(node));
    if (parts.join(' ').length > length * 2) break;
  }
  const text = parts
    .join(' ')
    .replace(/\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  if (chars.length <= length) return text;
  const cut = chars.slice(0, length).join('');
  const end = Math.max(...['。', '！', '？', '. ', '! ', '? ', '；'].map((mark) => cut.lastIndexOf(mark)));
  if (end >= length / 2) return cut.slice(0, end + 1).trim();
  return `${chars
    .slice(0, length - 1)
    .join('')
    .trim()}…`;
}

function isAside(node: Element): boolean {
  return (
    node.properties['dataWeixinReferences'] !== undefined ||
    node.properties['dataWeixinFootnotes'] !== undefined ||
    node.properties['dataFootnotes'] !== undefined
  );
}
