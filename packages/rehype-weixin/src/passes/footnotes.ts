import { toString as hastToString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { visit, SKIP } from '../utils/visit.js';

export interface FootnotesOptions {
  /** Heading over the footnotes (GFM's is visually hidden; WeChat shows everything). */
  title?: string;
}

/**
 * GFM footnotes rely on in-page anchors, which do not work in WeChat: references become plain
 * superscript numbers, back links go, and the hidden heading becomes a visible one.
 */
export default function rehypeWeixinFootnotes(options: FootnotesOptions = {}) {
  const title = options.title ?? '注释';
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.properties['dataFootnoteRef'] !== undefined && parent && index !== undefined) {
        const label = hastToString(node).trim();
        parent.children.splice(index, 1, { type: 'text', value: `[${label}]` });
        return SKIP;
      }
      if (node.properties['dataFootnoteBackref'] !== undefined && parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (node.tagName === 'section' && node.properties['dataFootnotes'] !== undefined) {
        const heading = node.children.find(
          (child): child is Element => child.type === 'element' && /^h[1-6]$/.test(child.tagName),
        );
        if (heading) {
          heading.tagName = 'h3';
          heading.properties = {};
          heading.children = [{ type: 'text', value: title }];
        }
        node.properties['dataWeixinFootnotes'] = '';
      }
      return undefined;
    });
  };
}

/** How many footnotes the tree has, so references can be numbered after them. */
export function countFootnotes(tree: Root): number {
  let count = 0;
  visit(tree, 'element', (node) => {
    if (
      node.tagName === 'section' &&
      (node.properties['dataFootnotes'] !== undefined || node.properties['dataWeixinFootnotes'] !== undefined)
    ) {
      const list = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol');
      count += list ? list.children.filter((child) => child.type === 'element' && child.tagName === 'li').length : 0;
      return SKIP;
    }
    return undefined;
  });
  return count;
}
