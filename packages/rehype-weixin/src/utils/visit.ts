import type { Element, Nodes, Parents } from 'hast';

/**
 * unist-util-visit's contract (preorder; return SKIP, `false` to stop, `[SKIP, index]` or an index to move
 * on; children read after the visitor ran, so it may replace them), for the passes that walk
 * every post many times. unist-util-visit names a fresh closure for every node it visits, for
 * debugging, which a profile of a render put at a fifth of the time.
 */

export const SKIP = 'skip';
const EXIT = false;
// Most visitors return nothing: one shared result rather than a new array per node.
const NOTHING: readonly [] = [];

type Action = typeof SKIP | typeof EXIT | true | number | undefined;
type Result = Action | readonly [Action?, number?];

// biome-ignore lint/suspicious/noConfusingVoidType: a visitor that only looks returns nothing.
export type Visitor<Node> = (node: Node, index: number | undefined, parent: Parents | undefined) => Result | void;

export function visit(tree: Nodes, test: 'element', visitor: Visitor<Element>): void;
export function visit(tree: Nodes, visitor: Visitor<Nodes>): void;
export function visit(tree: Nodes, test: 'element' | Visitor<Nodes>, visitor?: Visitor<Element>): void {
  const onElement = typeof test === 'string' ? visitor : undefined;
  const onNode = typeof test === 'string' ? undefined : test;
  one(tree, undefined, undefined);

  /** Visits a node, then its children unless skipped; returns `[action, next index]`. */
  function one(node: Nodes, index: number | undefined, parent: Parents | undefined): readonly [Action?, number?] {
    let result: readonly [Action?, number?] = NOTHING;
    if (onNode) result = toResult(onNode(node, index, parent));
    else if (onElement && node.type === 'element') result = toResult(onElement(node, index, parent));
    if (result[0] === EXIT) return result;
    if ((node.type === 'element' || node.type === 'root') && node.children && result[0] !== SKIP) {
      let offset = 0;
      while (offset > -1 && offset < node.children.length) {
        const child = node.children[offset] as Nodes;
        const next = one(child, offset, node);
        if (next[0] === EXIT) return next;
        offset = typeof next[1] === 'number' ? next[1] : offset + 1;
      }
    }
    return result;
  }
}

function toResult(value: unknown): readonly [Action?, number?] {
  if (Array.isArray(value)) return value as unknown as readonly [Action?, number?];
  if (typeof value === 'number') return [true, value];
  return value === null || value === undefined ? NOTHING : [value as Action];
}
