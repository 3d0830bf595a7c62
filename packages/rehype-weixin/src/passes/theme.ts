import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { type Computed, compileCascade, type Origins } from '../css/cascade.js';
import { parseTheme, type ThemeOptions, type ThemeProblem } from '../css/parse-theme.js';
import { addStyle } from '../css/style.js';
import { recordStyleOrigins } from '../css/style-origins.js';

export type { ThemeOptions } from '../css/parse-theme.js';

/**
 * WeChat keeps only inline styles, so the theme and your CSS are applied as `style` attributes:
 * rules matched in one walk of the tree (see css/cascade.ts), ordered by specificity then source order, never
 * overriding a style an element already carries (code colours, table alignment). Your CSS is
 * checked against what the editor keeps; a declaration it would reject is dropped with a warning.
 */
export default function rehypeWeixinTheme(options: ThemeOptions = {}) {
  // Parsed and compiled on first use, once per processor, however many posts it renders.
  let theme:
    | { cascade: (tree: Root, file: VFile, origins?: Origins) => Computed; problems: ThemeProblem[] }
    | undefined;
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
