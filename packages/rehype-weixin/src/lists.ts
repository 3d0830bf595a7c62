import type { Element, Root } from 'hast';
import { whitespace } from 'hast-util-whitespace';
import { visit } from 'unist-util-visit';
import { addStyle } from './style.js';

const BULLETS = ['disc', 'circle', 'square'];

/**
 * WeChat turns whitespace-only text inside lists into empty items and adds bullets to nested
 * lists, so lists carry no stray text, explicit markers per depth, and task checkboxes as text
 * (the editor removes inputs).
 */
export default function rehypeWeixinLists() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'input' && node.properties['type'] === 'checkbox' && parent && index !== undefined) {
        const checked =
          node.properties['checked'] !== undefined &&
          node.properties['checked'] !== false &&
          node.properties['checked'] !== null;
        parent.children[index] = { type: 'text', value: checked ? '☑' : '☐' };
      }
    });
    const walk = (node: Root | Element, depth: number): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'ul' || child.tagName === 'ol') {
          child.children = child.children.filter((item) => !(item.type === 'text' && whitespace(item)));
          const task = child.children.some(
            (item) => item.type === 'element' && /task-list-item/.test(String(item.properties['className'] ?? '')),
          );
          const type =
            child.tagName === 'ol' ? 'decimal' : task ? 'none' : BULLETS[Math.min(depth, BULLETS.length - 1)]!;
          addStyle(child, { 'list-style-type': type });
          for (const item of child.children) {
            if (item.type === 'element' && item.tagName === 'li') {
              item.children = trimItem(item.children);
            }
          }
          walk(child, depth + 1);
        } else walk(child, depth);
      }
    };
    walk(tree, 0);
  };
}

/** Leading/trailing whitespace-only text inside an item would also show as blank lines. */
function trimItem(children: Element['children']): Element['children'] {
  const kept = [...children];
  while (kept[0]?.type === 'text' && whitespace(kept[0])) kept.shift();
  while (kept.at(-1)?.type === 'text' && whitespace(kept.at(-1)!)) kept.pop();
  return kept.filter(
    (child, i) =>
      !(
        child.type === 'text' &&
        whitespace(child) &&
        (kept[i - 1]?.type === 'element' || kept[i + 1]?.type === 'element') &&
        /^\s*\n\s*$/.test(child.value)
      ),
  );
}
