import { type BundledLanguage, type BundledTheme, createHighlighter, type Highlighter } from 'shiki';

/**
 * Shiki's highlighter, one per process, made on first use. Each highlighter holds its own
 * WebAssembly memory, which is not given back; made per processor, a script that converts posts
 * one call at a time ran out of it after a few hundred. Themes and languages are loaded into it
 * once each, as the posts ask for them; both sets are finite (shiki's bundled ones), so nothing
 * here grows without bound.
 */
let shared: Promise<Highlighter> | undefined;
const loads = new Map<string, Promise<void>>();

/** The shared highlighter with `theme` (and `lang`, when given) loaded. */
export async function sharedHighlighter(theme: string, lang?: string): Promise<Highlighter> {
  shared ??= createHighlighter({ themes: [], langs: [] });
  const highlighter = await shared;
  const load = (key: string, start: () => Promise<void>) => {
    let loading = loads.get(key);
    if (!loading) {
      loading = start();
      loads.set(key, loading);
    }
    return loading;
  };
  await Promise.all([
    load(`theme ${theme}`, () => highlighter.loadTheme(theme as BundledTheme)),
    lang ? load(`lang ${lang}`, () => highlighter.loadLanguage(lang as BundledLanguage)) : undefined,
  ]);
  return highlighter;
}
