import { readStyle } from '../css/style.js';
import type { Rgba } from './color.js';

/** How dark mode treats a property's colours (mp-darkmode `CSS_PROP_SERIES`). */
export type ColorRole = 'background' | 'text' | 'inherited-text' | 'border' | 'shadow';

const ROLES: Record<string, ColorRole> = {
  'background-color': 'background',
  'background-image': 'background',
  background: 'background',
  'text-shadow': 'shadow',
  '-webkit-text-stroke': 'text',
  '-webkit-text-stroke-color': 'text',
  'text-decoration': 'text',
  'text-decoration-color': 'text',
  'text-emphasis-color': 'text',
  // Only these two are what children inherit as their text colour.
  color: 'inherited-text',
  '-webkit-text-fill-color': 'inherited-text',
};

const BORDERS =
  /^(-webkit-)?border-image$|^border(-(top|right|bottom|left|block|block-start|block-end|inline|inline-start|inline-end))?(-color)?$|^outline(-color)?$|^box-shadow$|^column-rule(-color)?$/;

export function colorRole(property: string): ColorRole | undefined {
  return ROLES[property] ?? (BORDERS.test(property) ? 'border' : undefined);
}

/** An inline style as ordered declarations (later wins), or undefined when it cannot be read. */
export function readDeclarations(style: unknown): Map<string, string> | undefined {
  return readStyle(style);
}

export function writeDeclarations(declarations: Map<string, string>): string {
  return [...declarations].map(([name, value]) => `${name}:${value}`).join(';');
}

// Hex colours, colour functions, and words (names are tested by parsing: `solid` is no colour);
// url() comes first so that a file named `red.png` is no colour.
const COLOR_TOKEN = /url\([^)]*\)|#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\([^)]*\)|\b[a-z]+\b/gi;

/** Reads one token as a colour (parseColor, or a memo of it). */
export type ColorParser = (token: string) => Rgba | undefined;

/** The colours a value mentions, in order. */
export function colorsIn(value: string, parseColor: ColorParser): Rgba[] {
  const colors: Rgba[] = [];
  for (const match of value.matchAll(COLOR_TOKEN)) {
    const color = parseColor(match[0]);
    if (color) colors.push(color);
  }
  return colors;
}

/** The value with each colour it mentions replaced by `replace`'s answer (undefined keeps it). */
export function replaceColors(
  value: string,
  parseColor: ColorParser,
  replace: (color: Rgba, index: number) => string | undefined,
): string {
  let index = 0;
  return value.replace(COLOR_TOKEN, (token) => {
    const color = parseColor(token);
    if (!color) return token;
    return replace(color, index++) ?? token;
  });
}

export function isGradient(value: string): boolean {
  return /gradient\(/i.test(value);
}

export function hasImage(value: string): boolean {
  return /url\([^)]*\)/i.test(value);
}

export function withoutImportant(value: string): string {
  return value.replace(/\s*!\s*important\s*$/i, '');
}
