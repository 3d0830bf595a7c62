import { themeChoices } from '@astro-weixin/markdown';
import type { ResolvedOptions } from '../config/options.js';

/**
 * A look posts can be previewed in, by `astro dev` (its switcher appears once there are several)
 * and by the dry run with `previewThemes`.
 */
export interface PreviewTheme {
  /** `configured` for the site's own rendering, otherwise the built-in theme's name. */
  id: string;
  /** The rehype-weixin theme it renders with. */
  name: string;
  label: string;
  /** Renderer options (rehype-weixin's) that make this look. */
  render: ResolvedOptions['render'];
}

/**
 * The themes the preview offers: the site's configured rendering first, then each built-in theme
 * with the site's own CSS still on top, so an author can compare before choosing `theme.name`.
 */
export function previewThemes(options: ResolvedOptions): PreviewTheme[] {
  return themeChoices(options.render).map((choice) => ({
    id: choice.configured ? 'configured' : choice.name,
    name: choice.name,
    label: choice.configured ? `As configured (${choice.name})` : choice.name,
    render: choice.weixin as ResolvedOptions['render'],
  }));
}

/** The theme asked for by `?theme=`, or the first (the configured one). */
export function pickTheme(themes: PreviewTheme[], id: string | null): PreviewTheme {
  return themes.find((theme) => theme.id === id) ?? themes[0]!;
}

/** The options the pipeline runs with when the preview shows a theme. */
export function withTheme(options: ResolvedOptions, theme: PreviewTheme): ResolvedOptions {
  return theme.render === options.render ? options : { ...options, render: theme.render };
}
