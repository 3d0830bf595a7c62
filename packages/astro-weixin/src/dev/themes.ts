import type { ResolvedOptions } from '../options.js';

/** A look the preview can render posts in; the switcher appears once there are several. */
export interface PreviewTheme {
  id: string;
  label: string;
  /** Renderer options (rehype-weixin's) that make this look. */
  render: ResolvedOptions['render'];
}

/**
 * The themes the preview offers. Today only the site's configured rendering; named themes are
 * added here, each as renderer options, and the page shows a switcher for them.
 */
export function previewThemes(options: ResolvedOptions): PreviewTheme[] {
  return [{ id: 'configured', label: 'As configured', render: options.render }];
}

/** The theme asked for by `?theme=`, or the first (the configured one). */
export function pickTheme(themes: PreviewTheme[], id: string | null): PreviewTheme {
  return themes.find((theme) => theme.id === id) ?? themes[0]!;
}

/** The options the pipeline runs with when the preview shows a theme. */
export function withTheme(options: ResolvedOptions, theme: PreviewTheme): ResolvedOptions {
  return theme.render === options.render ? options : { ...options, render: theme.render };
}
