import type { Root } from 'hast';
import postcss from 'postcss';
import type { VFile } from 'vfile';
import { type Computed, compileCascade, type Origins, type StyleRule } from '../css/cascade.js';
import { rejectedBecause } from '../css/editor-rules.js';
import { addStyle } from '../css/style.js';
import { recordStyleOrigins } from '../css/style-origins.js';
import { isThemeName, type ThemeName, themeNames, weixinThemes } from '../themes/index.js';

export interface ThemeOptions {
  /** A built-in theme (see `themeNames`): `default` unless given. */
  name?: ThemeName;
  /** The CSS under yours, instead of the named theme's; `''` starts bare, with only your CSS. */
  base?: string;
  /** Your CSS, applied after the base. */
  css?: string;
}

/** A problem found in the CSS, reported on every file the theme is applied to. */
interface Problem {
  reason: string;
  ruleId: string;
  place?: { line: number; column: number };
  fatal: boolean;
}

/**
 * WeChat keeps only inline styles, so the theme and your CSS are applied as `style` attributes:
 * rules matched in one walk of the tree (see css/cascade.ts), ordered by specificity then source order, never
 * overriding a style an element already carries (code colours, table alignment). Your CSS is
 * checked against what the editor keeps; a declaration it would reject is dropped with a warning.
 */
export default function rehypeWeixinTheme(options: ThemeOptions = {}) {
  // Parsed and compiled on first use, once per processor, however many posts it renders.
  let theme: { cascade: (tree: Root, file: VFile, origins?: Origins) => Computed; problems: Problem[] } | undefined;
  return (tree: Root, file: VFile): void => {
    if (!theme) {
      const parsed = parseTheme(options);
      theme = { cascade: compileCascade(parsed.rules), problems: parsed.problems };
    }
    for (const problem of theme.problems) {
      file.message(problem.reason, {
        ...(problem.place ? { place: problem.place } : {}),
        ruleId: problem.ruleId,
        source: 'rehype-weixin',
      }).fatal = problem.fatal;
    }
    const origins: Origins = new Map();
    for (const [element, styles] of theme.cascade(tree, file, origins)) {
      recordStyleOrigins(element, addStyle(element, styles), origins.get(element));
    }
  };
}

function parseTheme(options: ThemeOptions): { rules: StyleRule[]; problems: Problem[] } {
  const rules: StyleRule[] = [];
  const problems: Problem[] = [];
  const name = options.name ?? 'default';
  if (!isThemeName(name)) {
    problems.push({
      reason: `there is no theme \`${String(name)}\`: choose one of ${themeNames.join(', ')}`,
      ruleId: 'unknown-theme',
      fatal: true,
    });
  }
  const named = isThemeName(name) ? weixinThemes[name].css : '';
  const sources = [
    { css: options.base ?? named, name: options.base === undefined ? `the ${name} theme` : 'the base theme' },
    { css: options.css ?? '', name: 'your CSS' },
  ];
  for (const source of sources) {
    let root: postcss.Root;
    try {
      root = postcss.parse(source.css);
    } catch (error) {
      problems.push({
        reason: `${source.name} cannot be read: ${(error as Error).message}`,
        ruleId: 'invalid-css',
        fatal: true,
      });
      continue;
    }
    const warn = (reason: string, ruleId: string, node: postcss.Node) => {
      const start = node.source?.start;
      problems.push({
        reason: `${source.name}, line ${start?.line ?? 1}: ${reason}`,
        ruleId,
        ...(start ? { place: { line: start.line, column: start.column } } : {}),
        fatal: false,
      });
    };
    root.walkAtRules((rule) => {
      warn(`\`@${rule.name} ${rule.params}\` cannot be inlined and is skipped`, 'css-at-rule', rule);
    });
    root.walkRules((rule) => {
      // @media and friends do not apply inline.
      if (rule.parent && rule.parent.type === 'atrule') return;
      const selectors = rule.selectors.filter((selector) => {
        const pseudo = /::?(before|after|first-line|first-letter|marker|placeholder|selection)\b|::[\w-]+/.exec(
          selector,
        );
        const state = /:(hover|focus|focus-within|active|visited)\b/.exec(selector);
        if (pseudo)
          warn(
            `\`${selector.trim()}\` styles a pseudo-element, which cannot be inlined: put its content in the post instead`,
            'css-pseudo-element',
            rule,
          );
        else if (state)
          warn(
            `\`${selector.trim()}\` styles a state (${state[0]}) that inline styles cannot express`,
            'css-pseudo-class',
            rule,
          );
        return !pseudo && !state;
      });
      if (selectors.length === 0) return;
      const declarations: [string, string][] = [];
      rule.walkDecls((decl) => {
        const reason = rejectedBecause(decl.prop, decl.value);
        if (reason) warn(`\`${decl.prop}: ${decl.value}\` is dropped: ${reason}`, 'css-rejected', decl);
        else declarations.push([decl.prop.toLowerCase(), decl.important ? `${decl.value} !important` : decl.value]);
      });
      for (const selector of selectors) {
        rules.push({
          selector: selector.trim(),
          declarations,
          specificity: specificity(selector),
          order: rules.length,
          origin: `${source.name}, rule \`${selector.trim()}\` (line ${rule.source?.start?.line ?? 1})`,
        });
      }
    });
  }
  return { rules: rules.sort((a, b) => a.specificity - b.specificity || a.order - b.order), problems };
}

/** Enough of CSS specificity for theme rules: ids, then classes/attributes/pseudo-classes, then tags. */
function specificity(selector: string): number {
  const ids = (selector.match(/#[\w-]+/g) ?? []).length;
  const classes = (selector.match(/\.[\w-]+|\[[^\]]+\]|:(?!:)[\w-]+/g) ?? []).length;
  const tags = (selector.replace(/\[[^\]]+\]/g, '').match(/(^|[\s>+~])[a-z][\w-]*/gi) ?? []).length;
  return ids * 10000 + classes * 100 + tags;
}
