import type { Element } from 'hast';

/** Tags a browser shows bold unless told otherwise. */
const BOLD_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'th']);

/** The font size in px an element gets from its `font-size`, relative to its parent's. */
export function fontSizeOf(value: string | undefined, parent: number): number {
  const match = value ? /^\s*([\d.]+)(px|em|rem|%|pt)\s*(?:!important)?\s*$/i.exec(value) : null;
  if (!match) return parent;
  const size = Number(match[1]);
  switch (match[2]?.toLowerCase()) {
    case 'px':
      return size;
    case 'em':
      return size * parent;
    case 'rem':
      return size * 16;
    case '%':
      return (size * parent) / 100;
    default:
      return (size * 4) / 3;
  }
}

/** Whether text is bold (700 or more, WCAG's sense), from `font-weight`, the tag, or the parent. */
export function boldOf(element: Element, value: string | undefined, parent: boolean): boolean {
  const weight = value
    ?.replace(/!important/i, '')
    .trim()
    .toLowerCase();
  if (weight === 'bold' || weight === 'bolder') return true;
  if (weight === 'normal' || weight === 'lighter') return false;
  if (weight && /^\d+$/.test(weight)) return Number(weight) >= 700;
  return parent || BOLD_TAGS.has(element.tagName);
}
