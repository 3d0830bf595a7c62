import { readDeclarations } from './declarations.js';
import { fromHsl, parseColor, perceivedBrightness, type Rgba, toHsl, withBrightness } from './color.js';

/** The page's own colours in each mode; WeChat's are the defaults. */
export interface DarkModeOptions {
  /** Text with no colour of its own in light mode: `#191919`. */
  lightText?: string;
  /** The page in light mode: `#ffffff`. */
  lightBackground?: string;
  /** Text with no colour of its own in dark mode: `#a3a3a3` (white at 60% on the dark page). */
  darkText?: string;
  /** The page in dark mode: `#191919`. */
  darkBackground?: string;
}

/** The page colours, parsed, and the brightness figures the conversion derives from them. */
export interface DarkModeSettings {
  lightText: Rgba;
  lightBackground: Rgba;
  darkText: Rgba;
  darkBackground: Rgba;
  darkBackgroundBrightness: number;
  darkBackgroundLightness: number;
  /** How much brighter than the page dark-mode text may be: default text minus page. */
  maxOffset: number;
  /** parseColor, remembering each token it read: articles repeat a few colours many times. */
  parseColor: (token: string) => Rgba | undefined;
  /** An inline style's declarations, remembered by its text: a theme gives many elements the same one. */
  readStyle: (style: unknown) => ReadonlyMap<string, string>;
}

// mp-darkmode's thresholds (src/modules/constant.js), on perceived brightness 0–255 and HSL lightness 0–100.
/** Brighter than this is white, and stays white as text. */
const WHITE_LIKE = 250;
/** A light background is darkened to at most this brightness. */
const MAX_BACKGROUND = 190;
/** Text must differ from its background by at least this much brightness. */
const MIN_OFFSET = 65;
/** A background at least this bright counts as light: its text is darkened, not lightened. */
const LIGHT_BACKGROUND = 100;
/** Greys lighter than this lightness are inverted; text darker than it is lightened first by lightness. */
const GREY_LIGHTNESS = 40;
/** Dark colourful backgrounds are lifted to at least this lightness. */
const MIN_BACKGROUND_LIGHTNESS = 22;
/** A colour more transparent than this is not converted. */
export const IGNORED_ALPHA = 0.05;

export function darkModeSettings(options: DarkModeOptions = {}): DarkModeSettings {
  const read = (text: string | undefined, fallback: string) =>
    parseColor(text ?? fallback) ?? (parseColor(fallback) as Rgba);
  const darkText = read(options.darkText, '#a3a3a3');
  const darkBackground = read(options.darkBackground, '#191919');
  return {
    lightText: read(options.lightText, '#191919'),
    lightBackground: read(options.lightBackground, '#ffffff'),
    darkText,
    darkBackground,
    darkBackgroundBrightness: perceivedBrightness(darkBackground),
    darkBackgroundLightness: toHsl(darkBackground).l,
    maxOffset: perceivedBrightness(darkText) - perceivedBrightness(darkBackground),
    parseColor: memo(parseColor),
    readStyle: memoStyles(),
  };
}

function memo<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (!known.has(text)) known.set(text, read(text));
    return known.get(text) as T;
  };
}

function memoStyles(): (style: unknown) => ReadonlyMap<string, string> {
  const read = memo((style: string) => readDeclarations(style) ?? new Map<string, string>());
  return (style) => (typeof style === 'string' ? read(style) : new Map());
}

/**
 * A background colour in dark mode (mp-darkmode `_adjustBackgroundBrightness`): white and light
 * greys are inverted towards the page colour, other light colours dimmed to brightness 190, very
 * dark colours lifted to lightness 22. Text shadows are converted the same way.
 */
export function convertBackground(color: Rgba, settings: DarkModeSettings): Rgba {
  const hsl = toHsl(color);
  const brightness = perceivedBrightness(color);
  if ((hsl.s === 0 && hsl.l > GREY_LIGHTNESS) || brightness > WHITE_LIKE) {
    return fromHsl({ h: 0, s: 0, l: Math.min(100, 100 + settings.darkBackgroundLightness - hsl.l) }, color.a);
  }
  if (brightness > MAX_BACKGROUND) return withBrightness(MAX_BACKGROUND, color);
  if (hsl.l < MIN_BACKGROUND_LIGHTNESS) return fromHsl({ ...hsl, l: MIN_BACKGROUND_LIGHTNESS }, color.a);
  return color;
}

/**
 * A text (or border) colour in dark mode over a dark-mode background (mp-darkmode
 * `_adjustTextBrightness`): near-white text stays; text far enough in brightness from its
 * background stays, except that text much brighter than the page is dimmed to the default text's
 * brightness; otherwise it is moved away from the background, first by mirroring its lightness.
 */
export function convertText(text: Rgba, background: Rgba, settings: DarkModeSettings, depth = 0): Rgba {
  // A translucent background counts for its share; the page shows through the rest.
  const backgroundBrightness =
    perceivedBrightness(background) * background.a + settings.darkBackgroundBrightness * (1 - background.a);
  const brightness = perceivedBrightness(text);
  const offset = Math.abs(backgroundBrightness - brightness);
  if (brightness >= WHITE_LIKE) return text;
  if (offset > settings.maxOffset && backgroundBrightness <= settings.darkBackgroundBrightness + 2) {
    return withBrightness(settings.maxOffset + backgroundBrightness, text);
  }
  if (offset >= MIN_OFFSET) return text;
  const hsl = toHsl(text);
  if (backgroundBrightness >= LIGHT_BACKGROUND) {
    if (hsl.l > 90 - GREY_LIGHTNESS && depth < 2) {
      return convertText(fromHsl({ ...hsl, l: 90 - hsl.l }, text.a), background, settings, depth + 1);
    }
    return withBrightness(Math.min(settings.maxOffset, backgroundBrightness - MIN_OFFSET), text);
  }
  if (hsl.l <= GREY_LIGHTNESS && depth < 2) {
    return convertText(fromHsl({ ...hsl, l: 90 - hsl.l }, text.a), background, settings, depth + 1);
  }
  return withBrightness(Math.min(settings.maxOffset, backgroundBrightness + MIN_OFFSET), text);
}
