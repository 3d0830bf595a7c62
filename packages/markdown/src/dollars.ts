import type { PhrasingContent, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

type Point = NonNullable<Root['position']>['start'];

/**
 * remark-math pairs any two `$`, so "costs $5 and $10" would hold the formula `5 and `. Pandoc's
 * rule tells money from math: a single-dollar formula neither starts nor ends with a space, and
 * no digit follows its closing `$`. A span that breaks it is read again as ordinary Markdown.
 */
export function remarkCurrencyDollars() {
  return function transform(tree: Root, file: VFile): void {
    const source = String(file.value);
    // Math needs a `$`; most posts have none, and need no walk.
    if (!source.includes('$')) return;
    visit(tree, 'inlineMath', (node, index, parent) => {
      const start = node.position?.start;
      const end = node.position?.end.offset;
      if (!parent || index === undefined || start?.offset === undefined || end === undefined) return undefined;
      const written = source.slice(start.offset, end);
      if (written.startsWith('$$') || !isMoney(written, source.charAt(end))) return undefined;
      const children = reparse(written, start);
      parent.children.splice(index, 1, ...children);
      return [SKIP, index + children.length];
    });
  };
}

function isMoney(written: string, after: string): boolean {
  const inner = written.slice(1, -1);
  return /^\s/.test(inner) || /\s$/.test(inner) || /\d/.test(after);
}

/** The span as Markdown without math, its positions moved to where it stands in the file. */
function reparse(written: string, at: Point): PhrasingContent[] {
  const paragraph = fromMarkdown(written, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }).children[0];
  const children = paragraph?.type === 'paragraph' ? paragraph.children : [{ type: 'text' as const, value: written }];
  const move = (point: Point): Point => ({
    line: point.line + at.line - 1,
    column: point.line === 1 ? point.column + at.column - 1 : point.column,
    offset: (point.offset ?? 0) + (at.offset ?? 0),
  });
  for (const child of children) {
    visit(child, (node) => {
      if (node.position) node.position = { start: move(node.position.start), end: move(node.position.end) };
    });
  }
  return children;
}
