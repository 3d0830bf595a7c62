import type { Element, Root } from 'hast';
import { visit } from '../utils/visit.js';

/**
 * Inline HTML blogs use, mapped to what the WeChat editor keeps: it shows sub, sup, strong, em,
 * br and spans with inline styles; others are turned into those (the theme styles them).
 */
export default function rehypeWeixinInline() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      switch (node.tagName) {
        case 'kbd':
        case 'mark':
        case 'small':
        case 'ins':
        case 'u':
          rename(node, 'span', node.tagName);
          break;
        case 'del':
        case 's':
          rename(node, 'span', 'del');
          break;
        case 'cite':
        case 'dfn':
        case 'var':
          rename(node, 'em', node.tagName);
          break;
        case 'abbr': {
          // The title would only show on hover, which phones do not have.
          const title = node.properties['title'];
          rename(node, 'span', 'abbr');
          if (typeof title === 'string' && title && parent && index !== undefined) {
            parent.children.splice(index + 1, 0, { type: 'text', value: `（${title}）` });
          }
          break;
        }
        case 'details':
          rename(node, 'section', 'details');
          break;
        case 'summary':
          rename(node, 'p', 'summary');
          node.children = [{ type: 'element', tagName: 'strong', properties: {}, children: node.children }];
          break;
        default:
          break;
      }
    });
  };
}

function rename(node: Element, tagName: string, was: string): void {
  const style = node.properties['style'];
  node.tagName = tagName;
  node.properties = { dataWeixinWas: was, ...(style ? { style } : {}) };
}
