import type { Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';

/**
 * rehype-raw re-parses the whole tree with parse5 to read the HTML written in a post; a post
 * with no HTML in it (most are) has nothing for it to read, so that costly pass is skipped.
 */
export function rehypeRawWhenNeeded() {
  const raw = rehypeRaw();
  return (tree: Root, file: VFile): Root => (hasRaw(tree) ? raw(tree, file) : tree);
}

function hasRaw(node: Root | RootContent): boolean {
  if (node.type === 'raw') return true;
  if (node.type !== 'root' && node.type !== 'element') return false;
  for (const child of node.children) if (hasRaw(child)) return true;
  return false;
}
