import type { Element, ElementContent, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit, SKIP } from '../utils/visit.js';
import type { VFile } from 'vfile';
import { countFootnotes } from './footnotes.js';
import { weixinData, type WeixinReference } from '../types.js';

export interface LinksOptions {
  /** Keep every link as it is (e.g. for accounts whose links are clickable). */
  keepAllLinks?: boolean;
  /** Hosts whose links WeChat keeps clickable. */
  clickableHosts?: string[];
  /** Heading over the reference list. */
  title?: string;
}

/**
 * Links to outside pages are not clickable in WeChat, so each becomes its text plus a numbered
 * reference, listed at the end (deduplicated, numbered after the footnotes). Links to WeChat
 * articles stay clickable; mini-program links are never touched; in-page anchors become text.
 */
export default function rehypeWeixinLinks(options: LinksOptions = {}) {
  const clickable = options.clickableHosts ?? ['mp.weixin.qq.com'];
  const title = options.title ?? '参考链接';
  return (tree: Root, file: VFile): void => {
    if (options.keepAllLinks) return;
    const data = weixinData(file);
    const offset = countFootnotes(tree);
    // Only links that get a marker take a number, so the list has no gaps.
    const byUrl = new Map<string, WeixinReference>();
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'a' || !parent || index === undefined) return undefined;
      if (node.properties['dataMiniprogramAppid'] !== undefined) return SKIP;
      const href = typeof node.properties['href'] === 'string' ? node.properties['href'] : '';
      let url: URL | undefined;
      try {
        url = /^[a-z][a-z0-9+.-]*:/i.test(href) ? new URL(href) : undefined;
      } catch {
        url = undefined;
      }
      if (url && clickable.includes(url.hostname)) return SKIP;
      const replacement: ElementContent[] = [...node.children];
      if (url && (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:')) {
        const text = hastToString(node).trim();
        const shown = url.protocol === 'mailto:' ? url.pathname : href;
        // A bare URL as its own text already shows the address: no marker, no entry.
        if (text !== href && text !== shown) {
          let reference = byUrl.get(url.href);
          if (!reference) {
            reference = { url: shown, text, index: offset + byUrl.size + 1 };
            byUrl.set(url.href, reference);
          }
          replacement.push(marker(reference.index));
        }
      }
      parent.children.splice(index, 1, ...replacement);
      return [SKIP, index + replacement.length];
    });
    const listed = [...byUrl.values()];
    data.references = listed;
    if (listed.length === 0) return;
    tree.children.push({
      type: 'element',
      tagName: 'section',
      properties: { dataWeixinReferences: '' },
      children: [
        { type: 'element', tagName: 'h3', properties: {}, children: [{ type: 'text', value: title }] },
        ...listed.map(
          (reference): Element => ({
            type: 'element',
            tagName: 'p',
            properties: { dataWeixinReference: '' },
            children: [{ type: 'text', value: `[${reference.index}] ${reference.text}: ${reference.url}` }],
          }),
        ),
      ],
    });
  };
}

function marker(index: number): Element {
  return { type: 'element', tagName: 'sup', properties: {}, children: [{ type: 'text', value: `[${index}]` }] };
}
