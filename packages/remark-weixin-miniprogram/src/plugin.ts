import type { Root, Parent } from 'mdast';
import type { VFile } from 'vfile';
import { visit, SKIP } from 'unist-util-visit';
import { describeDirective, type DirectiveLike } from './describe.js';
import { resolveOptions, type Options } from './options.js';
import { directiveSource, isDirective, type AnyDirective } from './restore.js';
import { webClaim, weixinClaim } from './to-hast.js';

/**
 * Turns `::miniprogram{…}` (card) and `:miniprogram[label]{…}` (text or image link) into the
 * mini-program tags WeChat understands, or into a web fallback with `mode: 'web'`.
 * Needs remark-directive before it.
 */
export default function remarkWeixinMiniprogram(options?: Options | null) {
  const settings = resolveOptions(options);
  return function transform(tree: Root, file: VFile): void {
    visit(tree, (node, index, parent) => {
      if (!isDirective(node) || node.name !== settings.name) return;
      const { spec, problems } = describeDirective(node as unknown as DirectiveLike, settings);
      for (const problem of problems) {
        const message = file.message(problem.reason, {
          place: node.position,
          ruleId: problem.ruleId,
          source: 'remark-weixin-miniprogram',
        });
        // Errors are fatal to publishing (the caller decides); warnings are not.
        message.fatal = problem.severity === 'error';
      }
      if (!spec) {
        // Never drop what the author wrote: a broken directive stays visible as its source.
        if (parent && index !== undefined) parent.children.splice(index, 1, ...asText(node));
        return SKIP;
      }
      const claim = settings.mode === 'web' ? webClaim(spec, settings.webHint) : weixinClaim(spec);
      node.data = { ...(node.data ?? {}), ...claim } as typeof node.data;
      return undefined;
    });
  };
}

/** The directive as text (and, for containers, its content), in place of the node. */
function asText(node: AnyDirective): Parent['children'] {
  if (node.type === 'containerDirective') return node.children as Parent['children'];
  const value = directiveSource(node);
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

/**
 * Runs last: every text or leaf directive that no plugin claimed becomes its source text again
 * (`10:30`, `注意:这里`, `a:b:c`), and unclaimed containers keep their content.
 */
export function remarkRestoreDirectives() {
  return function transform(tree: Root): void {
    restoreIn(tree);
  };
}

function restoreIn(parent: Parent): void {
  const children: Parent['children'] = [];
  let changed = false;
  for (const child of parent.children) {
    if (isDirective(child) && !(child.data as { hName?: string } | undefined)?.hName) {
      const replacement = asText(child);
      // A container's content may hold directives of its own.
      for (const node of replacement) if ('children' in node) restoreIn(node as Parent);
      children.push(...replacement);
      changed = true;
    } else {
      if ('children' in child) restoreIn(child as Parent);
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
