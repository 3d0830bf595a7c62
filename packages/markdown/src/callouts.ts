import type { Root } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { CalloutKind } from 'rehype-weixin';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** The container directives Starlight and VitePress authors write (`:::tip[标题]`), rendered as callouts. */
const CALLOUT_KINDS: readonly CalloutKind[] = ['note', 'tip', 'info', 'important', 'warning', 'caution', 'danger'];

/**
 * Claims `:::tip` and its kin as `<aside data-callout>` for rehype-weixin's callout pass; a
 * `[label]` is the title, not content. Runs before unclaimed directives are restored as text.
 */
export function remarkCalloutContainers() {
  return (tree: Root, file: VFile): void => {
    // A container directive opens with `:::`; most posts have none, and need no walk.
    if (!String(file.value).includes(':::')) return;
    visit(tree, 'containerDirective', (node) => {
      if (!(CALLOUT_KINDS as readonly string[]).includes(node.name)) return;
      const label = node.children[0];
      let title = '';
      if (label?.type === 'paragraph' && label.data?.directiveLabel) {
        node.children.shift();
        title = mdastToString(label);
      }
      node.data = { hName: 'aside', hProperties: { dataCallout: node.name, dataCalloutTitle: title } };
    });
  };
}
