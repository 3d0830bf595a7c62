import type { Element } from 'hast';
import { LRUCache } from 'lru-cache';

/** Formulas kept per processor: a thousand drawings, a few megabytes. */
const MAX_FORMULAS = 1000;

/**
 * TeX whose drawing depends on other formulas: a macro defined (and kept by MathJax) for later
 * formulas, or a label and a reference to it. A post with any is drawn afresh, formula by formula.
 */
const STATEFUL =
  /\\(?:g?def|[ex]def|let|(?:re)?newcommand|providecommand|(?:re)?newenvironment|DeclareMathOperator|label|ref|eqref)(?![a-zA-Z])/;

interface PostCache {
  /** A copy of the formula's drawing, for the caller's tree to own, or undefined. */
  get(tex: string, display: boolean): Element | undefined;
  /** Keeps the drawing and hands it back. */
  set(tex: string, display: boolean, drawing: Element): Element;
}

/**
 * Drawings by TeX and display mode, least recently used dropped first. The same TeX in the same
 * mode draws the same (the processor's options are fixed), so a post drawn again, or a formula
 * that many posts share, skips MathJax.
 */
export function createFormulaCache(max = MAX_FORMULAS) {
  const drawings = new LRUCache<string, Element>({ max });
  const key = (tex: string, display: boolean) => `${display ? 'display' : 'inline'} ${tex}`;
  const shared: PostCache = {
    get: (tex, display) => {
      const drawing = drawings.get(key(tex, display));
      return drawing && structuredClone(drawing);
    },
    set: (tex, display, drawing) => {
      drawings.set(key(tex, display), structuredClone(drawing));
      return drawing;
    },
  };
  const bypass: PostCache = { get: () => undefined, set: (_tex, _display, drawing) => drawing };
  return {
    /** The cache for one post's formulas; none when one of them changes how others draw. */
    forPost: (texts: string[]): PostCache => (texts.some((tex) => STATEFUL.test(tex)) ? bypass : shared),
  };
}
