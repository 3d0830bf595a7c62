import { type Options as WeixinOptions, type ThemeName, themeNames } from 'rehype-weixin';

/** One look a preview offers: a built-in theme, and the renderer options that make it. */
export interface ThemeChoice {
  name: ThemeName;
  /** Whether the options chose this theme; the configured one comes first. */
  configured: boolean;
  /** rehype-weixin options with this theme named; the configured choice gets the options given, unchanged. */
  weixin: WeixinOptions;
}

/**
 * For a preview that compares themes: the configured theme first, then every other built-in
 * theme with the rest of the theme options (`css` on top, and `base`, which replaces the named
 * theme's CSS) kept, so each choice renders as the options would with that `theme.name`.
 */
export function themeChoices(weixin: WeixinOptions = {}): ThemeChoice[] {
  const configured = weixin.theme?.name ?? 'default';
  return [
    { name: configured, configured: true, weixin },
    ...themeNames
      .filter((name) => name !== configured)
      .map((name) => ({ name, configured: false, weixin: { ...weixin, theme: { ...weixin.theme, name } } })),
  ];
}
