import type { Element, Root } from 'hast';
import { whitespace } from 'hast-util-whitespace';
import { visit, SKIP } from '../utils/visit.js';
import { addStyle } from '../css/style.js';

/** A table wider than a phone scrolls inside its own box instead of squeezing the article. */
export default function rehypeWeixinTables() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return undefined;
      visit(node, 'element', (cell) => {
        if ((cell.tagName === 'td' || cell.tagName === 'th') && typeof cell.properties['align'] === 'string') {
          addStyle(cell, { 'text-align': cell.properties['align'] });
          delete cell.properties['align'];
        }
      });
      // Whitespace text between rows would become stray blank cells in the editor.
      visit(node, 'element', (part) => {
        if (['table', 'thead', 'tbody', 'tr'].includes(part.tagName))
          part.children = part.children.filter((child) => !whitespace(child));
      });
      const wrapper: Element = {
        type: 'element',
        tagName: 'section',
        properties: { dataWeixinTableWrap: '' },
        children: [node],
      };
      parent.children[index] = wrapper;
      return SKIP;
    });
  };
}
