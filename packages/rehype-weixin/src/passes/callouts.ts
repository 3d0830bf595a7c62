import type { Element, ElementContent, Parents, Root, Text } from 'hast';
import { whitespace } from 'hast-util-whitespace';
import { visit } from '../utils/visit.js';

/** The callout kinds: GFM alerts' five, plus the container names Starlight and VitePress use. */
export type CalloutKind = 'note' | 'tip' | 'important' | 'warning' | 'caution' | 'info' | 'danger';

export interface CalloutsOptions {
  /** The heading each kind shows when the author gives none. */
  titles?: Partial<Record<CalloutKind, string>>;
}

const TITLES: Record<CalloutKind, string> = {
  note: '说明',
  tip: '提示',
  important: '重要',
  warning: '警告',
  caution: '小心',
  info: '信息',
  danger: '危险',
};

const ALERT = /^\[!(\w+)\][ \t]*([^\n]*)(?:\n|$)/;
const OPENING = /^:::[ \t]*(\w+)(?:[ \t]+([^\n]*))?(?:\n|$)/;
const CLOSING = /(?:^|\n)[ \t]*:::[ \t]*$/;

/**
 * GFM alerts (`> [!NOTE]`) and container directives (`:::tip 标题`) would reach readers as
 * literal text; each becomes a section with a title line, which the theme styles per kind. A
 * container arrives either marked by the remark side (`data-callout`, `data-callout-title` on any
 * element) or, for the forms remark-directive does not parse, as paragraphs opening with
 * `:::kind` and closing with `:::`.
 */
export default function rehypeWeixinCallouts(options: CalloutsOptions = {}) {
  const titles = { ...TITLES, ...options.titles };
  const callout = (kind: CalloutKind, title: string, children: ElementContent[]): Element => ({
    type: 'element',
    tagName: 'section',
    properties: { dataWeixinCallout: kind },
    children: [
      {
        type: 'element',
        tagName: 'p',
        properties: { dataWeixinCalloutTitle: '' },
        children: [{ type: 'text', value: title || titles[kind] }],
      },
      ...children.filter((child) => !(child.type === 'text' && whitespace(child))),
    ],
  });
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return;
      const marked = kindOf(node.properties['dataCallout']);
      if (marked) {
        const title = String(node.properties['dataCalloutTitle'] ?? '');
        parent.children[index] = callout(marked, title, node.children);
        return;
      }
      if (node.tagName === 'blockquote') {
        const alert = readAlert(node);
        if (alert) parent.children[index] = callout(alert.kind, alert.title, node.children);
      }
    });
    visit(tree, (node) => {
      if (node.type === 'root' || node.type === 'element') wrapContainers(node, callout);
    });
  };
}

function kindOf(value: unknown): CalloutKind | undefined {
  const name = String(value ?? '').toLowerCase();
  return name in TITLES ? (name as CalloutKind) : undefined;
}

/** `[!NOTE]` (and an optional title after it) opening the first paragraph; both are taken out. */
function readAlert(quote: Element): { kind: CalloutKind; title: string } | undefined {
  const first = quote.children.find((child): child is Element => child.type === 'element');
  const text = first?.tagName === 'p' ? first.children[0] : undefined;
  if (!first || text?.type !== 'text') return undefined;
  const match = ALERT.exec(text.value);
  const kind = kindOf(match?.[1]);
  if (!match || !kind) return undefined;
  text.value = text.value.slice(match[0].length);
  if (!text.value) first.children.shift();
  if (first.children.every((child) => child.type === 'text' && whitespace(child)))
    quote.children.splice(quote.children.indexOf(first), 1);
  return { kind, title: match[2]!.trim() };
}

/** Finds `:::kind title` … `:::` runs among a parent's children and wraps each in a callout. */
function wrapContainers(
  parent: Parents,
  callout: (kind: CalloutKind, title: string, children: ElementContent[]) => Element,
): void {
  for (let start = 0; start < parent.children.length; start++) {
    const opening = parent.children[start]!;
    if (opening.type !== 'element' || opening.tagName !== 'p' || opening.children[0]?.type !== 'text') continue;
    const head = opening.children[0];
    const match = OPENING.exec(head.value);
    const kind = kindOf(match?.[1]);
    if (!match || !kind) continue;
    head.value = head.value.slice(match[0].length);
    let end = -1;
    for (let at = start; at < parent.children.length && end < 0; at++) {
      const tail = lastText(parent.children[at]!);
      if (tail && CLOSING.test(tail.value)) {
        tail.value = tail.value.replace(CLOSING, '');
        end = at;
      }
    }
    if (end < 0) {
      // No closing fence: the text stays as the author wrote it.
      head.value = match[0] + head.value;
      continue;
    }
    const body = (parent.children.slice(start, end + 1) as ElementContent[]).filter((child) => !isEmpty(child));
    parent.children.splice(start, end - start + 1, callout(kind, (match[2] ?? '').trim(), body));
  }
}

/** The text a block ends with, looking through its last children (a fence can end a list item). */
function lastText(node: Parents['children'][number]): Text | undefined {
  if (node.type === 'text') return node;
  if (node.type !== 'element') return undefined;
  for (let at = node.children.length - 1; at >= 0; at--) {
    const child = node.children[at]!;
    if (child.type === 'text' && whitespace(child)) continue;
    return lastText(child);
  }
  return undefined;
}

/** A paragraph left with nothing once a fence line is taken out of it. */
function isEmpty(node: ElementContent): boolean {
  if (node.type === 'text') return whitespace(node);
  if (node.type !== 'element' || node.tagName !== 'p') return false;
  return node.children.every((child) => child.type === 'text' && whitespace(child));
}
