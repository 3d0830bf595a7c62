import type { Rgba } from './color.js';

/** WCAG 2.x level AA: the least contrast for body text, and for large text. */
const AA_NORMAL = 4.5;
const AA_LARGE = 3;

/** WCAG 2.x relative luminance of an opaque sRGB colour: 0 for black, 1 for white. */
export function relativeLuminance({ r, g, b }: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2.x contrast ratio of two opaque colours, 1 to 21, whichever is lighter. */
export function contrastRatio(one: Rgba, other: Rgba): number {
  const [lighter, darker] = [relativeLuminance(one), relativeLuminance(other)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}

/** Large text in WCAG's sense: 18pt (24px), or 14pt (18.66px) when bold. */
export function isLargeText(fontSizePx: number, bold: boolean): boolean {
  return fontSizePx >= 24 || (bold && fontSizePx >= 18.66);
}

/** The AA ratio text of this size and weight needs. */
export function requiredRatio(fontSizePx: number, bold: boolean): number {
  return isLargeText(fontSizePx, bold) ? AA_LARGE : AA_NORMAL;
}
