import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import {
  ARTICLE_LIMITS,
  type ContentCount,
  contentOverLimits,
  DERIVED_DIGEST_LENGTH,
  measureContent,
} from '@astro-weixin/rules';
import { weixinData } from '../types.js';

export interface LimitsOptions {
  /** Content must have fewer characters than this (WeChat: "fewer than 20,000"). */
  contentCharacters?: number;
  /** What that limit counts: the visible text (default), the HTML, or both (see @astro-weixin/rules). */
  contentCount?: ContentCount;
  /** The final HTML must stay under this many UTF-8 bytes (WeChat: "under 1 MB"). */
  contentBytes?: number;
  /** The author's digest; when absent (here and on `file.data.weixin.digest`) one is derived from the text. */
  digest?: string;
  /** Length of a derived digest (draft/add takes the first 54 characters when none is given). */
  digestLength?: number;
}

/** The HTML as it is sent: no-break spaces written as `&nbsp;`, which the editor keeps. */
export function finalizeHtml(html: string): string {
  return html.replaceAll('\u00a0', '&nbsp;');
}

/** Measures the article against WeChat's limits, as the client will, and derives a digest from the text. */
export default function rehypeWeixinLimits(options: LimitsOptions = {}) {
  const limits = {
    contentCharacters: options.contentCharacters ?? ARTICLE_LIMITS.contentCharacters,
    contentCount: options.contentCount ?? ARTICLE_LIMITS.contentCount,
    contentBytes: options.contentBytes ?? ARTICLE_LIMITS.contentBytes,
  };
  const digestLength = options.digestLength ?? DERIVED_DIGEST_LENGTH.draft;
  return (tree: Root, file: VFile): void => {
    const data = weixinData(file);
    data.html = finalizeHtml(toHtml(tree));
    data.stats = measureContent(data.html);
    for (const over of contentOverLimits(data.stats, limits)) {
      const advice = over.kind === 'bytes' ? 'shorten it or split it into two posts' : 'split it into two posts';
      file.message(`the article ${over.message}: ${advice}`, {
        // The whole article is at fault: its start, so that the message reads `file:1:1` like the others.
        place: { line: 1, column: 1 },
        ruleId: over.kind === 'bytes' ? 'too-large' : 'too-long',
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
