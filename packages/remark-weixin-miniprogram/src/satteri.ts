import { type DirectiveLike, describeDirective } from './describe.js';
import { directiveSource, isClaimed } from './directive.js';
import { type Options, resolveOptions } from './options.js';
import { webClaim, weixinClaim } from './to-hast.js';

/** The minimal surface of Sätteri's visitor context that these plugins use (satteri 0.10). */
interface SatteriContext {
  setProperty(node: unknown, key: 'data', value: Record<string, unknown> | null): void;
  replaceNode(node: unknown, replacement: unknown): void;
  report(report: { message: string; node?: unknown; severity?: 'error' | 'warning' | 'info' }): void;
}

type SatteriDirective = DirectiveLike & { data?: unknown };

type Visitor = (node: SatteriDirective, context: SatteriContext) => void;

/** A Sätteri mdast plugin: a name and a visitor per directive type. */
interface SatteriDirectivePlugin {
  name: string;
  textDirective: Visitor;
  leafDirective: Visitor;
  containerDirective: Visitor;
}

/**
 * The same directives for Astro 7's default Markdown processor (Sätteri), as a web fallback by
 * default. Its nodes are snapshots, so claims go through `ctx.setProperty`. Sätteri drops every
 * directive nobody handled (text included): register `satteriRestoreDirectives()` after every
 * directive plugin.
 */
export function satteriClaimMiniprogram(options?: Options): SatteriDirectivePlugin {
  const settings = resolveOptions({ mode: 'web', ...options });
  const claim: Visitor = (node, context) => {
    if (node.name !== settings.name || isClaimed(node)) return;
    const { spec, problems } = describeDirective(node, settings);
    for (const problem of problems) context.report({ message: problem.reason, node, severity: problem.severity });
    // A broken directive stays unclaimed, so the restoring plugin shows it as the author wrote it.
    if (!spec) return;
    const hast = settings.mode === 'web' ? webClaim(spec, settings.webHint) : weixinClaim(spec);
    context.setProperty(node, 'data', { ...hast });
  };
  return { name: 'weixin-miniprogram', textDirective: claim, leafDirective: claim, containerDirective: claim };
}

/**
 * Runs last: every text or leaf directive that no plugin claimed becomes its source text again
 * (`10:30`, `注意:这里`), and unclaimed containers are replaced by their content.
 */
export function satteriRestoreDirectives(): SatteriDirectivePlugin {
  const restore: Visitor = (node, context) => {
    if (isClaimed(node)) return;
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
  };
  return { name: 'restore-directives', textDirective: restore, leafDirective: restore, containerDirective: restore };
}

/**
 * Both plugins in order, for a site with no other directive plugins (Sätteri accepts a nested
 * list as one entry). With other directive plugins, register the two apart, restoring last.
 */
export function satteriWeixinMiniprogram(options?: Options): readonly [SatteriDirectivePlugin, SatteriDirectivePlugin] {
  return [satteriClaimMiniprogram(options), satteriRestoreDirectives()];
}
