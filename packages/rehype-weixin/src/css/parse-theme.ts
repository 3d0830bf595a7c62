import postcss from 'postcss';
import { isThemeName, type ThemeName, themeNames, weixinThemes } from '../themes/index.js';
import type { StyleRule } from './cascade.js';
import { rejectedBecause } from './editor-rules.js';

export interface ThemeOptions {
  /** A built-in theme (see `themeNames`): `default` unless given. */
  name?: ThemeName;
  /** The CSS under yours, instead of the named theme's; `''` starts bare, with only your CSS. */
  base?: string;
  /** Your CSS, applied after the base. */
  css?: string;
}

/** A problem found in the CSS, reported on every file the theme is applied to. */
export interface ThemeProblem {
  reason: string;
  ruleId: string;
  place?: { line: number; column: number };
  fatal: boolean;
}

/** One stylesheet of a theme, and how messages name it. */
interface ThemeSource {
  css: string;
  name: string;
}

type Warn = (reason: string, ruleId: string, node: postcss.Node) => void;

const PSEUDO_ELEMENT = /::?(before|after|first-line|first-letter|marker|placeholder|selection)\b|::[\w-]+/;
const STATE = /:(hover|focus|focus-within|active|visited)\b/;

/**
 * The base theme (the named one unless `base` is given) then your CSS, as rules sorted by
 * specificity then source order, with a problem for everything that cannot be inlined.
 */
export function parseTheme(options: ThemeOptions): { rules: StyleRule[]; problems: ThemeProblem[] } {
  const rules: StyleRule[] = [];
  const problems: ThemeProblem[] = [];
  const name = options.name ?? 'default';
  if (!isThemeName(name)) {
    problems.push({
      reason: `there is no theme \`${String(name)}\`: choose one of ${themeNames.join(', ')}`,
      ruleId: 'unknown-theme',
      fatal: true,
    });
  }
  const named = isThemeName(name) ? weixinThemes[name].css : '';
  const sources: ThemeSource[] = [
    { css: options.base ?? named, name: options.base === undefined ? `the ${name} theme` : 'the base theme' },
    { css: options.css ?? '', name: 'your CSS' },
  ];
  for (const source of sources) readSource(source, rules, problems);
  return { rules: rules.sort((a, b) => a.specificity - b.specificity || a.order - b.order), problems };
}

/** Appends one stylesheet's rules (in source order) and problems. */
function readSource(source: ThemeSource, rules: StyleRule[], problems: ThemeProblem[]): void {
  let root: postcss.Root;
  try {
    root = postcss.parse(source.css);
  } catch (error) {
    problems.push({
      reason: `${source.name} cannot be read: ${(error as Error).message}`,
      ruleId: 'invalid-css',
      fatal: true,
    });
    return;
  }
  const warn: Warn = (reason, ruleId, node) => {
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
    const selectors = inlinableSelectors(rule, warn);
    if (selectors.length === 0) return;
    const declarations = keptDeclarations(rule, warn);
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

/** The rule's selectors that inline styles can express; a warning for each of the others. */
function inlinableSelectors(rule: postcss.Rule, warn: Warn): string[] {
  return rule.selectors.filter((selector) => {
    const pseudo = PSEUDO_ELEMENT.exec(selector);
    const state = STATE.exec(selector);
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
}

/** The rule's declarations the editor keeps; a warning for each it would reject. */
function keptDeclarations(rule: postcss.Rule, warn: Warn): [string, string][] {
  const declarations: [string, string][] = [];
  rule.walkDecls((decl) => {
    const reason = rejectedBecause(decl.prop, decl.value);
    if (reason) warn(`\`${decl.prop}: ${decl.value}\` is dropped: ${reason}`, 'css-rejected', decl);
    else declarations.push([decl.prop.toLowerCase(), decl.important ? `${decl.value} !important` : decl.value]);
  });
  return declarations;
}

/** Enough of CSS specificity for theme rules: ids, then classes/attributes/pseudo-classes, then tags. */
function specificity(selector: string): number {
  const ids = (selector.match(/#[\w-]+/g) ?? []).length;
  const classes = (selector.match(/\.[\w-]+|\[[^\]]+\]|:(?!:)[\w-]+/g) ?? []).length;
  const tags = (selector.replace(/\[[^\]]+\]/g, '').match(/(^|[\s>+~])[a-z][\w-]*/gi) ?? []).length;
  return ids * 10000 + classes * 100 + tags;
}
