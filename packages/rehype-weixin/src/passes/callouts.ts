import type { Element, ElementContent, Parents, Root, Text } from 'hast';
import { whitespace } from 'hast-util-whitespace';
import type { VFile } from 'vfile';
import { visit } from '../utils/visit.js';
import { type CalloutEnvironment, type CalloutKind, calloutEnvironment, calloutNames } from './callout-environments.js';

export type { CalloutKind };

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
  theorem: '定理',
  definition: '定义',
  proof: '证明',
  remark: '注',
  example: '例',
  custom: '',
};

// Obsidian's `[!note]-` and `[!note]+` (folded, unfolded) read as `[!note]`: an article does not fold.
const ALERT = /^\[!([^\]\s]+)\][+-]?[ \t]*([^\n]*)(?:\n|$)/;
const OPENING = /^:::[ \t]*([^\s[{]+)(?:[ \t]+([^\n]*))?(?:\n|$)/;
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
  return (tree: Root, file: VFile): void => {
    const unknown = (name: string, at: Element) => warnUnknown(file, name, at);
    visit(tree, 'element', (node) => {
      const marked = kindOf(node.properties['dataCallout']);
      if (marked) {
        const title = String(node.properties['dataCalloutTitle'] ?? '');
        // In place, so the walk goes on into the box, where another box may be nested.
        Object.assign(node, callout(marked, title, node.children));
        return;
      }
      if (node.tagName === 'blockquote') {
        const alert = readAlert(node, unknown);
        if (alert) Object.assign(node, callout(alert.kind, alert.title, node.children));
      }
    });
    visit(tree, (node) => {
      if (node.type === 'root' || node.type === 'element') wrapContainers(node, callout, unknown);
    });
  };
}

function kindOf(value: unknown): CalloutKind | undefined {
  const name = String(value ?? '').toLowerCase();
  return name in TITLES ? (name as CalloutKind) : undefined;
}

/** The box a name stands for; a name we do not know is a plain box under that name, with a warning. */
function environmentOf(name: string, at: Element, unknown: (name: string, at: Element) => void): CalloutEnvironment {
  const known = calloutEnvironment(name);
  if (known) return known;
  unknown(name, at);
  return { kind: 'custom', title: name };
}

/** A kind's own name takes its title from the options (`titles`); another name says what it is. */
function defaultTitle(name: string, environment: CalloutEnvironment): string {
  return name.toLowerCase() === environment.kind ? '' : environment.title;
}

function warnUnknown(file: VFile, name: string, at: Element): void {
  file.message(
    `\`${name}\` is not a box we know: it is shown as a plain box titled “${name}”; for a styled one write one of ${calloutNames.slice(0, 9).join(', ')}, theorem, definition, proof…`,
    { place: at.position, ruleId: 'unknown-container', source: 'rehype-weixin' },
  ).fatal = false;
}

/** `[!NOTE]` (and an optional title after it) opening the first paragraph; both are taken out. */
function readAlert(
  quote: Element,
  unknown: (name: string, at: Element) => void,
): { kind: CalloutKind; title: string } | undefined {
  const first = quote.children.find((child): child is Element => child.type === 'element');
  const text = first?.tagName === 'p' ? first.children[0] : undefined;
  if (!first || text?.type !== 'text') return undefined;
  const match = ALERT.exec(text.value);
  if (!match) return undefined;
  const environment = environmentOf(match[1]!, quote, unknown);
  text.value = text.value.slice(match[0].length);
  if (!text.value) first.children.shift();
  if (first.children.every((child) => child.type === 'text' && whitespace(child)))
    quote.children.splice(quote.children.indexOf(first), 1);
  return { kind: environment.kind, title: match[2]!.trim() || defaultTitle(match[1]!, environment) };
}

/** Finds `:::kind title` … `:::` runs among a parent's children and wraps each in a callout. */
function wrapContainers(
  parent: Parents,
  callout: (kind: CalloutKind, title: string, children: ElementContent[]) => Element,
  unknown: (name: string, at: Element) => void,
): void {
  for (let start = 0; start < parent.children.length; start++) {
    const opening = parent.children[start]!;
    if (opening.type !== 'element' || opening.tagName !== 'p' || opening.children[0]?.type !== 'text') continue;
    const head = opening.children[0];
    const match = OPENING.exec(head.value);
    if (!match) continue;
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
    const environment = environmentOf(match[1]!, opening, unknown);
    const title = (match[2] ?? '').trim() || defaultTitle(match[1]!, environment);
    parent.children.splice(start, end - start + 1, callout(environment.kind, title, body));
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
