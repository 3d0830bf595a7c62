import type { Element, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import postcss from 'postcss';
import type { VFile } from 'vfile';
import { defaultTheme } from './default-theme.js';
import { addStyle } from './style.js';

export interface ThemeOptions {
  /** The CSS under yours: `defaultTheme` unless given; `''` starts bare, with only your CSS. */
  base?: string;
  /** Your CSS, applied after the base. */
  css?: string;
}

interface Rule {
  selector: string;
  declarations: [string, string][];
  specificity: number;
  order: number;
}

/**
 * WeChat keeps only inline styles, so the theme and your CSS are applied as `style` attributes:
 * rules matched with hast-util-select, ordered by specificity then source order, never
 * overriding a style an element already carries (code colours, table alignment).
 */
export default function rehypeWeixinTheme(options: ThemeOptions = {}) {
  const css = `${options.base ?? defaultTheme}\n${options.css ?? ''}`;
  let rules: Rule[] | undefined;
  return (tree: Root, file: VFile): void => {
    rules ??= parseRules(css, file);
    const computed = new Map<Element, Map<string, string>>();
    for (const rule of rules) {
      let matched: Element[];
      try {
        matched = selectAll(rule.selector, tree);
      } catch {
        file.message(`CSS selector \`${rule.selector}\` is not supported and is skipped`, {
          ruleId: 'unsupported-selector',
          source: 'rehype-weixin',
        }).fatal = false;
        continue;
      }
      for (const element of matched) {
        // Mini-program tags stay exactly as WeChat documents them; the editor styles them itself.
        if (element.properties['dataMiniprogramAppid'] !== undefined) continue;
        const styles = computed.get(element) ?? new Map<string, string>();
        for (const [name, value] of rule.declarations) {
          styles.delete(name);
          styles.set(name, value);
        }
        computed.set(element, styles);
      }
    }
    for (const [element, styles] of computed) addStyle(element, styles);
  };
}

function parseRules(css: string, file: VFile): Rule[] {
  const rules: Rule[] = [];
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch (error) {
    file.message(`the theme CSS cannot be read: ${(error as Error).message}`, {
      ruleId: 'invalid-css',
      source: 'rehype-weixin',
    }).fatal = true;
    return rules;
  }
  let order = 0;
  root.walkRules((rule) => {
    if (rule.parent && rule.parent.type === 'atrule') return; // @media and friends do not apply inline
    const declarations: [string, string][] = [];
    rule.walkDecls(
      (decl) =>
        void declarations.push([decl.prop.toLowerCase(), decl.important ? `${decl.value} !important` : decl.value]),
    );
    for (const selector of rule.selectors) {
      if (/::?(hover|focus|active|visited|before|after|first-line|first-letter)/.test(selector)) continue;
      rules.push({ selector: selector.trim(), declarations, specificity: specificity(selector), order: order++ });
    }
  });
  return rules.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
}

/** Enough of CSS specificity for theme rules: ids, then classes/attributes/pseudo-classes, then tags. */
function specificity(selector: string): number {
  const ids = (selector.match(/#[\w-]+/g) ?? []).length;
  const classes = (selector.match(/\.[\w-]+|\[[^\]]+\]|:(?!:)[\w-]+/g) ?? []).length;
  const tags = (selector.replace(/\[[^\]]+\]/g, '').match(/(^|[\s>+~])[a-z][\w-]*/gi) ?? []).length;
  return ids * 10000 + classes * 100 + tags;
}
