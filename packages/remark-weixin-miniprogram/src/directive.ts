import type { Parent } from 'mdast';
import { directiveToMarkdown } from 'mdast-util-directive';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { toMarkdown } from 'mdast-util-to-markdown';

export type AnyDirective = TextDirective | LeafDirective | ContainerDirective;

export function isDirective(node: { type: string }): node is AnyDirective {
  return node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective';
}

/** A node counts as claimed once some plugin told mdast-util-to-hast what to make of it. */
export function isClaimed(node: { data?: unknown }): boolean {
  const data = node.data as { hName?: unknown } | undefined;
  return Boolean(data?.hName);
}

/**
 * The source text of a directive nobody claimed. Since remark-directive 4, `10:30` parses as
 * `10` plus a text directive `30`; turning such nodes back into text keeps what the author wrote.
 * With the document's text, a directive on one line is cut out of it as written (and without
 * setting up a Markdown serialiser per directive); otherwise it is serialised again.
 */
export function directiveSource(node: TextDirective | LeafDirective, document?: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (document !== undefined && start !== undefined && end !== undefined) {
    const written = document.slice(start, end);
    if (!/[\r\n]/.test(written)) return written;
  }
  const text = toMarkdown(node as never, { extensions: [directiveToMarkdown()] });
  return text.replace(/\n$/, '');
}

/** The directive as text (and, for containers, its content), in place of the node. */
export function directiveAsText(node: AnyDirective, document?: string): Parent['children'] {
  if (node.type === 'containerDirective') return node.children as Parent['children'];
  const value = directiveSource(node, document);
  return node.type === 'textDirective'
    ? [{ type: 'text', value, position: node.position } as Parent['children'][number]]
    : [
        {
          type: 'paragraph',
          children: [{ type: 'text', value }],
          position: node.position,
        } as Parent['children'][number],
      ];
}
