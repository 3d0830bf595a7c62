import type { ElementContent, Root } from 'hast';
import { SKIP, visit } from '../utils/visit.js';

export interface MarksOptions {
  /** Turn `==text==` into highlighted text. */
  highlight?: boolean;
  /** Turn `++text++` into underlined text. */
  underline?: boolean;
}

/** Where `==` and `++` are code or markup, never marks. */
const LITERAL = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'textarea', 'svg', 'math']);

/**
 * `==高亮==` and `++下划线++`, common in Chinese Markdown editors, become highlighted and
 * underlined spans (styled by the theme as `mark` and `u`). A fence needs text right inside it
 * and no word character right outside, so `C++和C++` and `a == b` stay as they are.
 */
export default function rehypeWeixinMarks(options: MarksOptions = {}) {
  const fences = [options.highlight !== false ? '==' : '', options.underline !== false ? '\\+\\+' : '']
    .filter(Boolean)
    .join('|');
  const pattern = new RegExp(`(?<![\\w=+])(${fences})(?=\\S)(.+?)(?<=\\S)\\1(?![\\w=+])`, 'g');
  return (tree: Root): void => {
    if (!fences) return;
    visit(tree, (node, index, parent) => {
      if (node.type === 'element' && LITERAL.has(node.tagName)) return SKIP;
      if (node.type !== 'text' || !parent || index === undefined) return undefined;
      const parts: ElementContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(pattern)) {
        if (match.index > last) parts.push({ type: 'text', value: node.value.slice(last, match.index) });
        parts.push({
          type: 'element',
          tagName: 'span',
          properties: { dataWeixinWas: match[1] === '==' ? 'mark' : 'u' },
          children: [{ type: 'text', value: match[2]! }],
        });
        last = match.index + match[0].length;
      }
      if (parts.length === 0) return undefined;
      if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}
