import type { Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { type DirectiveLike, describeDirective } from './describe.js';
import { directiveAsText, isDirective } from './directive.js';
import { documentText } from './restore.js';
import { type Options, resolveOptions } from './options.js';
import { webClaim, weixinClaim } from './to-hast.js';

/**
 * Turns `::miniprogram{…}` (card) and `:miniprogram[label]{…}` (text or image link) into the
 * mini-program tags WeChat understands, or into a web fallback with `mode: 'web'`.
 * Needs remark-directive before it and `remarkRestoreDirectives` after every directive plugin.
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
        if (parent && index !== undefined)
          parent.children.splice(index, 1, ...directiveAsText(node, documentText(file)));
        return SKIP;
      }
      const claim = settings.mode === 'web' ? webClaim(spec, settings.webHint) : weixinClaim(spec);
      node.data = { ...(node.data ?? {}), ...claim } as typeof node.data;
      return undefined;
    });
  };
}
