import type { Parent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { directiveAsText, isClaimed, isDirective } from './directive.js';

/**
 * Runs last: every text or leaf directive that no plugin claimed becomes its source text again
 * (`10:30`, `注意:这里`, `a:b:c`), and unclaimed containers keep their content.
 */
export function remarkRestoreDirectives() {
  return function transform(tree: Root, file: VFile): void {
    restoreIn(tree, documentText(file));
  };
}

/** The text the tree was parsed from, which directives are cut back out of. */
export function documentText(file: VFile): string | undefined {
  return typeof file.value === 'string' ? file.value : undefined;
}

function restoreIn(parent: Parent, document: string | undefined): void {
  const children: Parent['children'] = [];
  let changed = false;
  for (const child of parent.children) {
    if (isDirective(child) && !isClaimed(child)) {
      const replacement = directiveAsText(child, document);
      // A container's content may hold directives of its own.
      for (const node of replacement) if ('children' in node) restoreIn(node as Parent, document);
      children.push(...replacement);
      changed = true;
    } else {
      if ('children' in child) restoreIn(child as Parent, document);
      children.push(child);
    }
  }
  if (!changed) return;
  parent.children = children;
  mergeText(parent);
}

/** Restored text sits next to the text it was split from; join them so output matches the source. */
function mergeText(parent: Parent): void {
  const merged: Parent['children'] = [];
  for (const child of parent.children) {
    const last = merged[merged.length - 1];
    if (last && last.type === 'text' && child.type === 'text') {
      last.value += child.value;
      if (last.position && child.position) last.position = { start: last.position.start, end: child.position.end };
    } else merged.push(child);
  }
  parent.children = merged;
}
