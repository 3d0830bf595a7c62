import type { Element, Root, RootContent } from 'hast';
import { selectAll } from 'hast-util-select';
import type { VFile } from 'vfile';
import { type CompiledSelector, compileSelector } from './selector.js';

export interface StyleRule {
  selector: string;
  declarations: [string, string][];
  specificity: number;
  order: number;
  /** Where the rule was written, for messages: the default theme, rule `p` (line 7). */
  origin?: string;
}

/** Every element some rule matched, with the declarations to give it in cascade order (later wins). */
export type Computed = Map<Element, Map<string, string>>;

/** For each element, the rule each of its declarations came from. */
export type Origins = Map<Element, Map<string, StyleRule>>;

/**
 * Rules (sorted by specificity, then source order) compiled once per theme. Simple selectors are
 * looked up by tag and tested in one walk of the tree; others, rare in themes, go through
 * hast-util-select, which walks the tree once per selector.
 */
export function compileCascade(rules: readonly StyleRule[]): (tree: Root, file: VFile, origins?: Origins) => Computed {
  const byTag = new Map<string, number[]>();
  const anyTag: number[] = [];
  const slow: number[] = [];
  const compiled: (CompiledSelector | undefined)[] = rules.map((rule) => compileSelector(rule.selector));
  for (const [index, selector] of compiled.entries()) {
    if (!selector) slow.push(index);
    else if (selector.tagName === undefined) anyTag.push(index);
    else byTag.set(selector.tagName, [...(byTag.get(selector.tagName) ?? []), index]);
  }

  return (tree, file, origins) => {
    // Rule indices per element; as rules are sorted, ascending indices are cascade order.
    const matches = new Map<Element, number[]>();
    const record = (element: Element, index: number) => {
      const list = matches.get(element);
      if (list) list.push(index);
      else matches.set(element, [index]);
    };
    for (const index of slow) {
      const rule = rules[index] as StyleRule;
      try {
        for (const element of selectAll(rule.selector, tree)) record(element, index);
      } catch {
        file.message(`CSS selector \`${rule.selector}\` is not supported and is skipped`, {
          ruleId: 'unsupported-selector',
          source: 'rehype-weixin',
        }).fatal = false;
      }
    }
    const ancestors: Element[] = [];
    const walk = (children: RootContent[]) => {
      for (const node of children) {
        if (node.type !== 'element') continue;
        for (const index of byTag.get(node.tagName) ?? [])
          if (compiled[index]?.test(node, ancestors)) record(node, index);
        for (const index of anyTag) if (compiled[index]?.test(node, ancestors)) record(node, index);
        ancestors.push(node);
        walk(node.children);
        ancestors.pop();
      }
    };
    walk(tree.children);

    const computed: Computed = new Map();
    for (const [element, indices] of matches) {
      // Mini-program tags stay exactly as WeChat documents them; the editor styles them itself.
      if (element.properties['dataMiniprogramAppid'] !== undefined) continue;
      const styles = new Map<string, string>();
      const from = new Map<string, StyleRule>();
      for (const index of indices.sort((a, b) => a - b)) {
        const rule = rules[index] as StyleRule;
        for (const [name, value] of rule.declarations) {
          styles.delete(name);
          styles.set(name, value);
          from.set(name, rule);
        }
      }
      computed.set(element, styles);
      origins?.set(element, from);
    }
    return computed;
  };
}
