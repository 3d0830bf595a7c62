import { defaultTheme } from './default.js';
import { elegantTheme } from './elegant.js';
import { minimalTheme } from './minimal.js';
import { orangeTheme } from './orange.js';
import { techTheme } from './tech.js';

/** A built-in theme: its CSS, and the shiki theme whose colours suit its code blocks. */
export interface WeixinTheme {
  css: string;
  shikiTheme: string;
}

/** The built-in themes, each made for reading Chinese and Latin text, code, tables and quotes on a phone. */
export const weixinThemes = {
  default: { css: defaultTheme, shikiTheme: 'github-dark-high-contrast' },
  elegant: { css: elegantTheme, shikiTheme: 'github-dark-high-contrast' },
  tech: { css: techTheme, shikiTheme: 'github-dark-high-contrast' },
  orange: { css: orangeTheme, shikiTheme: 'github-dark-high-contrast' },
  minimal: { css: minimalTheme, shikiTheme: 'github-dark-high-contrast' },
} as const satisfies Record<string, WeixinTheme>;

export type ThemeName = keyof typeof weixinThemes;

/** Every built-in theme's name, the default first. */
export const themeNames = Object.keys(weixinThemes) as ThemeName[];

export function isThemeName(name: unknown): name is ThemeName {
  return typeof name === 'string' && Object.hasOwn(weixinThemes, name);
}
