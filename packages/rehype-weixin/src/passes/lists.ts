import type { Element, ElementContent, Root } from 'hast';
import { whitespace } from 'hast-util-whitespace';
import { SKIP, visit } from '../utils/visit.js';
import { addStyle } from '../css/style.js';

export interface ListsOptions {
  /** Bullets by depth, as text; the last one repeats deeper down. */
  bullets?: string[];
}

/** Room for a marker: a bullet, or a number up to `99.`. */
const BULLET_WIDTH = '1.2em';
const NUMBER_WIDTH = '1.8em';

/**
 * The WeChat editor loses or doubles list markers (wenyan #25, #28; mdx-notes#64): it adds
 * bullets to lists nested in items, turns whitespace into empty items and drops `start` and
 * checkboxes. So markers are text at the start of each item (numbers counted from `start`), hung
 * in the item's left padding so wrapped lines align; items show no marker of their own; nested
 * lists become sections, where the editor adds nothing.
 */
export default function rehypeWeixinLists(options: ListsOptions = {}) {
  const bullets = options.bullets ?? ['•', '◦', '▪'];
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'input' && node.properties['type'] === 'checkbox' && parent && index !== undefined) {
        const checked = node.properties['checked'] !== undefined && node.properties['checked'] !== false;
        parent.children[index] = { type: 'text', value: checked ? '☑' : '☐' };
      }
    });
    const rewrite = (list: Element, depth: number): void => {
      const ordered = list.tagName === 'ol';
      const start = ordered ? Number.parseInt(String(list.properties['start'] ?? '1'), 10) || 1 : 1;
      const items = list.children.filter((item): item is Element => item.type === 'element' && item.tagName === 'li');
      items.forEach((item, position) => {
        item.children = trimItem(item.children);
        // Nested lists first, so their items are sections before this item's marker goes in.
        visit(item, 'element', (child) => {
          if (child.tagName !== 'ul' && child.tagName !== 'ol') return undefined;
          rewrite(child, depth + 1);
          return SKIP;
        });
        const task = /task-list-item/.test(String(item.properties['className'] ?? ''));
        const marker = ordered ? `${start + position}.` : bullets[Math.min(depth, bullets.length - 1)]!;
        const width = ordered ? NUMBER_WIDTH : BULLET_WIDTH;
        if (!task) prependMarker(item, marker, width);
        addStyle(item, task ? { display: 'block' } : { display: 'block', 'padding-left': width });
        if (depth > 0) {
          item.tagName = 'section';
          item.properties['dataWeixinListItem'] = '';
        }
      });
      list.children = items;
      delete list.properties['start'];
      if (depth > 0) {
        list.tagName = 'section';
        list.properties['dataWeixinList'] = '';
      } else addStyle(list, { 'list-style-type': 'none' });
    };
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'ul' && node.tagName !== 'ol') return undefined;
      rewrite(node, 0);
      return SKIP;
    });
  };
}

/** The marker goes into the item's first paragraph when it opens with one, so it sits on that line. */
function prependMarker(item: Element, marker: string, width: string): void {
  const first = item.children[0];
  const host = first?.type === 'element' && first.tagName === 'p' ? first : item;
  host.children.unshift({
    type: 'element',
    tagName: 'span',
    properties: { style: `display:inline-block;width:${width};margin-left:-${width}` },
    children: [{ type: 'text', value: marker }],
  });
}

/** Line breaks around an item's blocks would show as blank lines or empty items. */
function trimItem(children: ElementContent[]): ElementContent[] {
  const kept = children.filter((child) => !(child.type === 'text' && whitespace(child) && /\n/.test(child.value)));
  kept.forEach((child, at) => {
    if (child.type !== 'text') return;
    if (kept[at + 1]?.type === 'element') child.value = child.value.replace(/[ \t]*\n\s*$/, '');
    if (kept[at - 1]?.type === 'element') child.value = child.value.replace(/^\s*\n[ \t]*/, '');
  });
  return kept;
}
