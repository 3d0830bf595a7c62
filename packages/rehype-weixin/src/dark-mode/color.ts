import { colord, extend } from 'colord';
import namesPlugin from 'colord/plugins/names';

extend([namesPlugin]);

/** A colour as sRGB channels 0–255 (fractions allowed while computing) and alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Any CSS colour (hex, rgb(), hsl(), a name, `transparent`), or undefined when it is none. */
export function parseColor(text: string): Rgba | undefined {
  const color = colord(text.trim());
  return color.isValid() ? color.toRgb() : undefined;
}

/** `#rrggbb` when opaque, `rgba(…)` otherwise: short, and what a browser would show. */
export function formatColor(color: Rgba): string {
  const rounded = colord(color);
  return rounded.alpha() >= 1 ? rounded.toHex() : rounded.toRgbString();
}

/** Perceived brightness 0–255 (the W3C AERT formula WeChat's mp-darkmode works with). */
export function perceivedBrightness({ r, g, b }: Rgba): number {
  return (r * 299 + g * 587 + b * 114) / 1000;
}

/** Hue 0–360, saturation and lightness 0–100, unrounded: the thresholds compare exact values. */
export function toHsl({ r, g, b }: Rgba): { h: number; s: number; l: number } {
  const [red, green, blue] = [r / 255, g / 255, b / 255];
  const max = Math.max(red, green, blue);
  const min = Math.min(red, green, blue);
  const l = (max + min) / 2;
  const chroma = max - min;
  if (chroma === 0) return { h: 0, s: 0, l: l * 100 };
  const s = chroma / (1 - Math.abs(2 * l - 1));
  const sector =
    max === red
      ? ((green - blue) / chroma + 6) % 6
      : max === green
        ? (blue - red) / chroma + 2
        : (red - green) / chroma + 4;
  return { h: sector * 60, s: s * 100, l: l * 100 };
}

export function fromHsl(hsl: { h: number; s: number; l: number }, a: number): Rgba {
  return { ...colord({ h: hsl.h, s: hsl.s, l: hsl.l }).toRgb(), a };
}

/**
 * Scales a colour to a perceived brightness, as mp-darkmode's `adjustBrightnessTo` does: every
 * channel by the same ratio, and when one saturates, the brightness is made up in another.
 */
export function withBrightness(target: number, color: Rgba): Rgba {
  const ratio = target / Math.max(perceivedBrightness(color), 1e-6);
  let r = Math.min(255, color.r * ratio);
  let g = Math.min(255, color.g * ratio);
  let b = Math.min(255, color.b * ratio);
  if (g === 0 || r === 255 || b === 255) g = (target * 1000 - r * 299 - b * 114) / 587;
  else if (r === 0) r = (target * 1000 - g * 587 - b * 114) / 299;
  else if (b === 0 || g === 255) b = (target * 1000 - r * 299 - g * 587) / 114;
  const clamp = (channel: number) => Math.max(0, Math.min(255, channel));
  return { r: clamp(r), g: clamp(g), b: clamp(b), a: color.a };
}

/** `top` painted over `bottom` (source-over): what the eye sees through a translucent layer. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const channel = (t: number, u: number) => (t * top.a + u * bottom.a * (1 - top.a)) / a;
  return { r: channel(top.r, bottom.r), g: channel(top.g, bottom.g), b: channel(top.b, bottom.b), a };
}

/**
 * One colour standing for a gradient: each stop mixed into the ones before it, weighted by its
 * own alpha (mp-darkmode's `mixColors`, after which dark mode shows the gradient as that colour;
 * the `color` package it uses also shifts the weight by the two alphas' difference, which matters
 * only for translucent stops).
 */
export function mixStops(stops: readonly Rgba[]): Rgba | undefined {
  let mixed: Rgba | undefined;
  for (const stop of stops) {
    if (!mixed) {
      mixed = stop;
      continue;
    }
    const weight = stop.a;
    const blend = (next: number, before: number) => next * weight + before * (1 - weight);
    mixed = {
      r: blend(stop.r, mixed.r),
      g: blend(stop.g, mixed.g),
      b: blend(stop.b, mixed.b),
      a: blend(stop.a, mixed.a),
    };
  }
  return mixed;
}

/** The same colour once rounded to what CSS can state, so two spellings compare equal. */
export function sameColor(one: Rgba, other: Rgba): boolean {
  return formatColor(one) === formatColor(other);
}
