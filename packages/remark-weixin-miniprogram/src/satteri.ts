import { describeDirective, type DirectiveLike } from './describe.js';
import { resolveOptions, type Options } from './options.js';
import { directiveSource } from './restore.js';
import { webClaim, weixinClaim } from './to-hast.js';

/** The minimal surface of Sätteri's visitor context that this plugin uses (satteri 0.10). */
interface SatteriContext {
  setProperty(node: unknown, key: 'data', value: Record<string, unknown> | null): void;
  replaceNode(node: unknown, replacement: unknown): void;
  report(report: { message: string; node?: unknown; severity?: 'error' | 'warning' | 'info' }): void;
}

type Visitor = (node: DirectiveLike & { data?: unknown }, context: SatteriContext) => void;

/**
 * The same directives for Astro 7's default Markdown processor (Sätteri). Its nodes are
 * snapshots, so claims go through `ctx.setProperty`; and because Sätteri drops every directive
 * nobody handled (text included), this plugin also restores the ones that are not ours.
 * Register it last among directive plugins.
 */
export function satteriWeixinMiniprogram(options?: Options) {
  const settings = resolveOptions({ mode: 'web', ...options });
  const handle: Visitor = (node, context) => {
    if ((node.data as { hName?: string } | undefined)?.hName) return;
    if (node.name !== settings.name) {
      restore(node, context);
      return;
    }
    const { spec, problems } = describeDirective(node, settings);
    for (const problem of problems) context.report({ message: problem.reason, node, severity: problem.severity });
    if (!spec) {
      restore(node, context);
      return;
    }
    const claim = settings.mode === 'web' ? webClaim(spec, settings.webHint) : weixinClaim(spec);
    context.setProperty(node, 'data', { ...claim });
  };
  return {
    name: 'weixin-miniprogram',
    textDirective: handle,
    leafDirective: handle,
    containerDirective: (node: DirectiveLike & { data?: unknown }, context: SatteriContext) => {
      if ((node.data as { hName?: string } | undefined)?.hName) return;
      if (node.name === settings.name) handle(node, context);
      else context.replaceNode(node, [...node.children]);
    },
  };
}

function restore(node: DirectiveLike, context: SatteriContext): void {
  if (node.type === 'containerDirective') {
    context.replaceNode(node, [...node.children]);
    return;
  }
  const value = directiveSource(node as never);
  context.replaceNode(
    node,
    node.type === 'textDirective'
      ? { type: 'text', value }
      : { type: 'paragraph', children: [{ type: 'text', value }] },
  );
}
