import { directiveToMarkdown } from 'mdast-util-directive';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';

/**
 * The source text of a directive nobody claimed. Since remark-directive 4, `10:30` parses as
 * `10` plus a text directive `30`; turning such nodes back into text keeps what the author wrote.
 */
export function directiveSource(node: TextDirective | LeafDirective): string {
  const text = toMarkdown(node as never, { extensions: [directiveToMarkdown()] });
  return text.replace(/\n$/, '');
}

export type AnyDirective = TextDirective | LeafDirective | ContainerDirective;

export function isDirective(node: { type: string }): node is AnyDirective {
  return node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective';
}

/** A node counts as claimed once some plugin told mdast-util-to-hast what to make of it. */
export function isClaimed(node: { data?: unknown }): boolean {
  const data = node.data as { hName?: unknown } | undefined;
  return Boolean(data?.hName);
}
