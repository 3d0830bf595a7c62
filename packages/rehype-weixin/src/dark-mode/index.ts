import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { computeColors } from './colors.js';
import { type DarkModeOptions, darkModeSettings } from './convert.js';

export type { ElementColors, ModeColors } from './colors.js';
export { computeColors } from './colors.js';
export { type DarkModeOptions, darkModeSettings } from './convert.js';

/**
 * The article as WeChat's dark mode shows it: every inline colour rewritten the way the client
 * rewrites it (wechatjs/mp-darkmode). Use it last, on the HTML as sent, to preview dark mode.
 */
export default function rehypeWeixinDarkMode(options: DarkModeOptions = {}) {
  const settings = darkModeSettings(options);
  return (tree: Root): void => {
    for (const [element, colors] of computeColors(tree, settings)) {
      if (colors.darkStyle !== undefined) element.properties['style'] = colors.darkStyle;
    }
  };
}

/**
 * An article's HTML (as sent to WeChat) in dark mode, to show in a preview on the dark page
 * colour (`options.darkBackground`, `#191919` unless given) with the dark default text colour.
 */
export function darkModeHtml(html: string, options: DarkModeOptions = {}): string {
  const tree = fromHtml(html, { fragment: true });
  rehypeWeixinDarkMode(options)(tree);
  return toHtml(tree).replaceAll('\u00a0', '&nbsp;');
}
