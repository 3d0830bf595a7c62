import type { Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { calloutEnvironment, calloutNames } from 'rehype-weixin';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { positionIn } from './points.js';

type Point = NonNullable<Paragraph['position']>['start'];
type Container = Extract<RootContent, { type: 'containerDirective' }>;

/** A `:::` line found inside a paragraph: one that opens a box (with a name) or closes one. */
interface Fence {
  type: 'fence';
  name?: string;
  title: string;
  place?: Point;
}

/** After the colons: a name, then `[title]`, `{attributes}` or a plain title (doocs/md's form). */
const FENCE_LINE = /^[ \t]*:{3,}[ \t]*(?:([^\s[{]+)[ \t]*)?(?:\[([^\]\n]*)\])?(?:\{[^}\n]*\})?[ \t]*(.*)$/;
const SOURCE = '@astro-weixin/markdown';
const STRAY =
  'a `:::` that closes no box is taken out; to nest boxes, give the outer one more colons (`::::theorem` … `::::`)';

/**
 * Every `:::` container becomes a titled box; `:::` itself never reaches a reader. A name we know
 * (`tip`, `warning`…, doocs/md's `theorem`, `definition`, `proof`, `推论`…, see rehype-weixin's
 * `calloutEnvironment`) gives the box its look and title; any other name gives a plain box titled
 * with the name, and a warning. remark-directive parses `:::tip[标题]`, but not `::: theorem 勾股定理`
 * (a space, then a title): that stays a paragraph, so `:::` lines are also looked for in text,
 * matched opening to closing, nested or not. An unclosed box runs to the end of what holds it,
 * and a `:::` that closes nothing is taken out, each with a warning.
 */
export function remarkContainers() {
  return (tree: Root, file: VFile): void => {
    if (!String(file.value).includes(':::')) return;
    visit(tree, (node) => {
      if ('children' in node) matchFences(node as Parent, file);
    });
    visit(tree, 'containerDirective', (node) => {
      if (node.data?.hName) return;
      const label = node.children[0];
      let title = '';
      if (label?.type === 'paragraph' && label.data?.directiveLabel) {
        node.children.shift();
        title = mdastToString(label).trim();
      }
      claim(node, node.name, title, file);
    });
  };
}

/** Makes a container a box for rehype-weixin's callout pass; an unknown name is warned about. */
function claim(node: Container, name: string, title: string, file: VFile): void {
  const environment = calloutEnvironment(name);
  if (!environment) {
    file.message(
      `\`:::${name}\` is not a box we know: it is shown as a plain box titled “${title || name}”; for a styled one write one of ${calloutNames.slice(0, 9).join(', ')}, theorem, lemma, definition, proof, remark, example (or 定理, 定义, 证明…)`,
      { place: node.position, ruleId: 'unknown-container', source: SOURCE },
    );
  }
  const kind = environment?.kind ?? 'custom';
  // A kind's own name leaves the title to rehype-weixin's `callouts.titles` option.
  const fallback = !environment ? name : name.toLowerCase() === kind ? '' : environment.title;
  node.data = { ...node.data, hName: 'aside', hProperties: { dataCallout: kind, dataCalloutTitle: title || fallback } };
}

/** Finds `:::` lines among a parent's children and wraps what lies between them in boxes. */
function matchFences(parent: Parent, file: VFile): void {
  const items: (RootContent | Fence)[] = [];
  let found = false;
  for (const child of parent.children as RootContent[]) {
    const split = child.type === 'paragraph' ? splitAtFences(child) : undefined;
    if (split) found = true;
    items.push(...(split ?? [child]));
  }
  if (!found) return;
  const out: RootContent[] = [];
  const open: { fence: Fence; children: RootContent[] }[] = [];
  const close = () => {
    const frame = open.pop()!;
    const node: Container = {
      type: 'containerDirective',
      name: frame.fence.name!,
      attributes: {},
      children: frame.children as Container['children'],
      ...(frame.fence.place ? { position: positionIn(file, frame.fence.place) } : {}),
    };
    claim(node, node.name, frame.fence.title, file);
    (open.at(-1)?.children ?? out).push(node);
  };
  for (const item of items) {
    if (item.type !== 'fence') (open.at(-1)?.children ?? out).push(item);
    else if (item.name) open.push({ fence: item, children: [] });
    else if (open.length > 0) close();
    else warn(file, STRAY, item, 'stray-container-fence');
  }
  while (open.length > 0) {
    const fence = open.at(-1)!.fence;
    warn(
      file,
      `\`::: ${fence.name}\` is never closed: the box runs to the end; add a line \`:::\` where it ends`,
      fence,
      'unclosed-container',
    );
    close();
  }
  parent.children = out as Parent['children'];
}

function warn(file: VFile, reason: string, fence: Fence, ruleId: string): void {
  file.message(reason, { ...(fence.place ? { place: fence.place } : {}), ruleId, source: SOURCE });
}

/** The paragraph cut at its `:::` lines (fences and the paragraphs between), or undefined if it has none. */
function splitAtFences(paragraph: Paragraph): (Paragraph | Fence)[] | undefined {
  const lines = linesOf(paragraph);
  if (!lines.some((line) => line.fence)) return undefined;
  const result: (Paragraph | Fence)[] = [];
  let pending: PhrasingContent[][] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const children: PhrasingContent[] = [];
    pending.forEach((line, index) => {
      if (index > 0) children.push({ type: 'text', value: '\n' });
      children.push(...line);
    });
    result.push({ type: 'paragraph', children: mergeText(children) });
    pending = [];
  };
  for (const line of lines) {
    if (!line.fence) {
      pending.push(line.nodes);
      continue;
    }
    flush();
    result.push(line.fence);
  }
  flush();
  return result;
}

/** A paragraph's content line by line, each line a fence when it is one. */
function linesOf(paragraph: Paragraph): { nodes: PhrasingContent[]; fence?: Fence }[] {
  const lines: { nodes: PhrasingContent[]; start?: Point }[] = [{ nodes: [], ...startOf(paragraph) }];
  for (const child of paragraph.children) {
    if (child.type !== 'text' || !child.value.includes('\n')) {
      lines.at(-1)!.nodes.push(child);
      continue;
    }
    child.value.split('\n').forEach((part, index) => {
      if (index > 0) {
        const line = child.position ? child.position.start.line + index : undefined;
        lines.push({ nodes: [], ...(line ? { start: { line, column: 1 } } : {}) });
      }
      if (part) lines.at(-1)!.nodes.push({ type: 'text', value: part });
    });
  }
  return lines.map((line) => {
    const first = line.nodes[0];
    const match =
      first?.type === 'text' && /^[ \t]*:::/.test(first.value)
        ? FENCE_LINE.exec(mdastToString({ type: 'paragraph', children: line.nodes }))
        : null;
    if (!match) return { nodes: line.nodes };
    const [, name, label, rest] = match;
    // A closing fence has nothing after its colons.
    const fence: Fence = {
      type: 'fence',
      ...(name ? { name } : {}),
      title: (label ?? rest ?? '').trim(),
      ...(line.start ? { place: line.start } : {}),
    };
    return { nodes: line.nodes, fence };
  });
}

function startOf(paragraph: Paragraph): { start?: Point } {
  const start = paragraph.position?.start;
  return start ? { start: { line: start.line, column: start.column } } : {};
}

function mergeText(nodes: PhrasingContent[]): PhrasingContent[] {
  const merged: PhrasingContent[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (last?.type === 'text' && node.type === 'text') last.value += node.value;
    else merged.push(node);
  }
  return merged;
}
