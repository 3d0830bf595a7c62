import type { Nodes, Parents, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';

/**
 * How deep a post may nest (quotes, lists, emphasis, links, containers, and raw HTML elements
 * counted with them). Every later step (mdast-util-to-hast, rehype-raw, our passes, the HTML
 * writer) recurses once per level; a thousand levels still fit the stack, so a hundred leaves a
 * wide margin, and no article a reader can follow nests half as deep.
 */
export const MAX_NESTING = 100;

// Parents whose children are flow content (a paragraph may stand in for them) or phrasing (text may).
const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition', 'containerDirective']);
const PHRASING = new Set([
  'paragraph',
  'heading',
  'emphasis',
  'strong',
  'delete',
  'link',
  'linkReference',
  'tableCell',
  'textDirective',
  'leafDirective',
]);
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const TAG = /<(\/?)([a-z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/gi;

interface Visit {
  node: Nodes;
  parent: Parents | undefined;
  depth: number;
}

/**
 * Runs right after parsing: measures how deep the tree nests, without recursion, and past
 * MAX_NESTING shows what is deeper as plain text, with an error at its place that says what to
 * change. No later step then meets a tree deep enough to exhaust the stack.
 */
export function remarkBoundNesting() {
  return function transform(tree: Root, file: VFile): void {
    // Elements that raw HTML met so far in the post opened and did not close.
    let htmlDepth = 0;
    // One error for a stretch of raw HTML too deep, not one per line of it.
    let htmlReported = false;
    const stack: Visit[] = [{ node: tree, parent: undefined, depth: 0 }];
    for (let next = stack.pop(); next; next = stack.pop()) {
      const { node, parent, depth } = next;
      if (node.type === 'html' && parent) {
        const tags = openTags(node.value, htmlDepth);
        if (depth + tags.peak > MAX_NESTING) {
          if (!htmlReported) report(file, node, 'raw HTML');
          htmlReported = true;
          replaceWith(parent, node, FLOW.has(parent.type) ? paragraph(node.value) : text(node.value));
        } else {
          htmlDepth = tags.end;
          htmlReported = false;
        }
        continue;
      }
      if (!('children' in node)) continue;
      if (depth >= MAX_NESTING && (FLOW.has(node.type) || PHRASING.has(node.type)) && hasParentChild(node)) {
        report(file, node, node.type);
        const flat = plainText(node);
        node.children = (FLOW.has(node.type) ? [paragraph(flat)] : [text(flat)]) as never;
        continue;
      }
      // Pushed in reverse, so raw HTML is met in the order it is written.
      for (let index = node.children.length - 1; index >= 0; index -= 1) {
        stack.push({ node: node.children[index] as Nodes, parent: node, depth: depth + 1 });
      }
    }
  };
}

function report(file: VFile, node: Nodes, kind: string): void {
  const line = node.position?.start.line;
  // The source check may have reported this line already, having shown its excess markup as text.
  if (file.messages.some((message) => message.ruleId === 'too-deep' && message.line === line)) return;
  file.message(
    `${kind} nested more than ${MAX_NESTING} levels deep: what is deeper is shown as plain text; nest fewer quotes, lists, emphasis, links or HTML elements here`,
    { place: node.position, ruleId: 'too-deep', source: '@astro-weixin/markdown' },
  ).fatal = true;
}

function hasParentChild(node: Parents): boolean {
  return node.children.some((child) => 'children' in child);
}

/** The text of a subtree, read with a stack of its own. */
function plainText(node: Nodes): string {
  const parts: string[] = [];
  const stack: Nodes[] = [node];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if ('value' in next && next.type !== 'yaml') parts.push(next.value);
    else if ('alt' in next && next.alt) parts.push(next.alt);
    if ('children' in next)
      for (let index = next.children.length - 1; index >= 0; index -= 1) stack.push(next.children[index] as Nodes);
  }
  return parts.join('');
}

/** Elements open after this raw HTML, and the most open at once in it, `before` being open already. */
function openTags(html: string, before: number): { end: number; peak: number } {
  let end = before;
  let peak = before;
  for (const [, closing, name, selfClosing] of html.matchAll(TAG)) {
    end = Math.max(0, end + tagStep(closing, name, selfClosing));
    peak = Math.max(peak, end);
  }
  return { end, peak };
}

function tagStep(closing: string | undefined, name: string | undefined, selfClosing: string | undefined): number {
  if (closing) return -1;
  return selfClosing || VOID_ELEMENTS.has((name ?? '').toLowerCase()) ? 0 : 1;
}

function replaceWith(parent: Parents, node: RootContent, replacement: RootContent): void {
  const index = parent.children.indexOf(node as never);
  if (index > -1) parent.children[index] = replacement as never;
}

function text(value: string): Text {
  return { type: 'text', value };
}

function paragraph(value: string): RootContent {
  return { type: 'paragraph', children: [text(value)] };
}
