import type { Element, Root, RootContent } from 'hast';
import { composite, formatColor, mixStops, type Rgba, sameColor } from './color.js';
import { convertBackground, convertText, type DarkModeSettings, IGNORED_ALPHA } from './convert.js';
import {
  colorRole,
  colorsIn,
  hasImage,
  isGradient,
  replaceColors,
  withoutImportant,
  writeDeclarations,
} from './declarations.js';
import { boldOf, fontSizeOf } from './font.js';

/** What a reader sees of an element's text in one mode. */
export interface ModeColors {
  /** The text colour, possibly translucent. */
  text: Rgba;
  /** Everything behind the text, layered into one opaque colour. */
  background: Rgba;
}

/** An element's colours in both modes, and what decides them. */
export interface ElementColors {
  light: ModeColors;
  dark: ModeColors;
  /** Under a background image, whose colours no one can know from the HTML. */
  overImage: boolean;
  fontSize: number;
  bold: boolean;
  /** The element whose style gives the text colour, and the one whose style gives the background. */
  textFrom?: Element;
  backgroundFrom?: Element;
  /** The element's inline style in dark mode, when dark mode changes it. */
  darkStyle?: string;
}

/** What an element hands its children (mp-darkmode keeps the same on DOM nodes as attributes). */
interface Inherited extends ElementColors {
  /** The light colour of the nearest `color` (mp-darkmode's ORIGINAL_COLORATTR). */
  originalText?: Rgba;
  /** The dark colour of the nearest background (BGCOLORATTR): text is converted against it. */
  nearestDarkBackground?: Rgba;
}

/** Tags mp-darkmode leaves alone by default; SVG it skips too (its colours are its own). */
const UNTOUCHED = new Set(['iframe', 'mpcps', 'svg']);

/**
 * Every element's colours in light mode and in WeChat's dark mode, in one walk of the tree.
 * Where mp-darkmode looks at the page (is this text drawn over that background image, judged by
 * their boxes on screen?), this judges by nesting: text inside an element with a background image
 * is over it. Its first-screen ordering and CSS-class output are a browser's concern and not needed
 * here; the colours each element ends up with are the same.
 */
export function computeColors(tree: Root, settings: DarkModeSettings): Map<Element, ElementColors> {
  const result = new Map<Element, ElementColors>();
  const root: Inherited = {
    light: { text: settings.lightText, background: settings.lightBackground },
    dark: { text: settings.darkText, background: settings.darkBackground },
    overImage: false,
    fontSize: 16,
    bold: false,
  };
  const walk = (children: RootContent[], inherited: Inherited) => {
    for (const node of children) {
      if (node.type !== 'element' || UNTOUCHED.has(node.tagName)) continue;
      const own = elementColors(node, inherited, settings);
      const { originalText: _text, nearestDarkBackground: _background, ...colors } = own;
      result.set(node, colors);
      walk(node.children, { ...own, darkStyle: undefined } as Inherited);
    }
  };
  walk(tree.children, root);
  return result;
}

interface Background {
  light: Rgba;
  dark: Rgba;
}

function elementColors(element: Element, inherited: Inherited, settings: DarkModeSettings): Inherited {
  const declarations = new Map(settings.readStyle(element.properties['style']));
  const tableColor = element.properties['bgColor'];
  // A table cell's `bgcolor` counts as its background (mp-darkmode TABLE_NAME).
  if (typeof tableColor === 'string' && ![...declarations.keys()].some((name) => name.startsWith('background'))) {
    declarations.set('background-color', tableColor);
  }
  const state: Inherited = {
    ...inherited,
    fontSize: fontSizeOf(declarations.get('font-size'), inherited.fontSize),
    bold: boldOf(element, declarations.get('font-weight'), inherited.bold),
  };
  // Most elements (code tokens aside) set no colour: they only pass on what they inherit.
  if (![...declarations.keys()].some((name) => colorRole(name))) return state;
  const hasOwnColor = declarations.has('color') || declarations.has('-webkit-text-fill-color');
  const withImage = [...declarations].some(([name, value]) => name.startsWith('background') && hasImage(value));
  const dark = new Map(declarations);
  if (withImage) addImageUnderlay(declarations, dark, state, hasOwnColor, settings, element);
  // Backgrounds first, text colours last: text is converted against the background it ends up on.
  let background: Background | undefined;
  for (const [name, value] of declarations) {
    if (colorRole(name) !== 'background' || withImage) continue;
    const converted = convertBackgroundValue(value, settings);
    dark.set(name, converted.value);
    background = converted.layer ?? background;
  }
  if (background) applyBackground(state, background, element);
  const foreground = [...declarations].filter(([name]) => colorRole(name) && colorRole(name) !== 'background');
  const inheritedLast = (name: string) => (colorRole(name) === 'inherited-text' ? 1 : 0);
  for (const [name, value] of foreground.sort(([a], [b]) => inheritedLast(a) - inheritedLast(b))) {
    dark.set(name, convertForeground(name, value, element, state, settings));
  }
  if (background && !hasOwnColor) {
    // A background with no colour of its own gets the inherited text colour converted for it.
    const text = convertText(state.originalText ?? settings.lightText, background.dark, settings);
    dark.set('color', formatColor(text));
    state.dark = { ...state.dark, text };
  }
  const changed = [...dark].some(([name, value]) => declarations.get(name) !== value);
  if (changed) state.darkStyle = writeDeclarations(dark);
  return state;
}

/** Records a background colour of the element in both modes: it ends the effect of any image above. */
function applyBackground(state: Inherited, background: Background, element: Element): void {
  state.light = { ...state.light, background: composite(background.light, state.light.background) };
  state.dark = { ...state.dark, background: composite(background.dark, state.dark.background) };
  state.nearestDarkBackground = background.dark;
  state.overImage = false;
  state.backgroundFrom = element;
}

/**
 * A background value in dark mode: each colour converted, a gradient first mixed into one
 * colour that stands for all its stops (mp-darkmode's principle: gradients become plain in dark mode).
 */
function convertBackgroundValue(value: string, settings: DarkModeSettings): { value: string; layer?: Background } {
  if (isGradient(value)) {
    const mixed = mixStops(colorsIn(value, settings.parseColor));
    if (!mixed || mixed.a < IGNORED_ALPHA) return { value };
    const dark = convertBackground(mixed, settings);
    return { value: replaceColors(value, settings.parseColor, () => formatColor(dark)), layer: { light: mixed, dark } };
  }
  let layer: Background | undefined;
  const converted = replaceColors(value, settings.parseColor, (color, index) => {
    if (color.a < IGNORED_ALPHA) return undefined;
    const dark = convertBackground(color, settings);
    if (index === 0) layer = { light: color, dark };
    return sameColor(dark, color) ? undefined : formatColor(dark);
  });
  return layer ? { value: converted, layer } : { value: converted };
}

/** Text, border and shadow colours in dark mode; `color` also becomes what children inherit. */
function convertForeground(
  name: string,
  value: string,
  element: Element,
  state: Inherited,
  settings: DarkModeSettings,
): string {
  const role = colorRole(name);
  return replaceColors(value, settings.parseColor, (color, index) => {
    if (color.a < IGNORED_ALPHA) return undefined;
    let dark: Rgba;
    // Over a background image every colour keeps its light value.
    if (state.overImage) dark = color;
    else if (role === 'shadow') dark = convertBackground(color, settings);
    // Borders are judged against the page, as mp-darkmode does, not the element's own background.
    else if (role === 'border') dark = convertText(color, settings.darkBackground, settings);
    else dark = convertText(color, state.nearestDarkBackground ?? settings.darkBackground, settings);
    if (role === 'inherited-text' && index === 0) {
      state.light = { ...state.light, text: color };
      state.dark = { ...state.dark, text: dark };
      state.originalText = color;
      state.textFrom = element;
    }
    return sameColor(dark, color) ? undefined : formatColor(dark);
  });
}

/**
 * A background image keeps its light-mode colours: mp-darkmode paints the light background
 * under it and gives its text the light text colour, so what is drawn on it still reads.
 */
function addImageUnderlay(
  declarations: Map<string, string>,
  dark: Map<string, string>,
  state: Inherited,
  hasOwnColor: boolean,
  settings: DarkModeSettings,
  element: Element,
): void {
  const underlay = formatColor(state.light.background);
  for (const [name, value] of declarations) {
    if (!name.startsWith('background') || !hasImage(value)) continue;
    dark.set(name, `${withoutImportant(value)},linear-gradient(${underlay},${underlay})`);
  }
  state.overImage = true;
  state.backgroundFrom = element;
  state.dark = { ...state.dark, background: state.light.background };
  if (!hasOwnColor) {
    const text = state.originalText ?? settings.lightText;
    dark.set('color', formatColor(text));
    state.dark = { ...state.dark, text };
  }
}
