import type { Element, ElementData } from 'hast';

declare module 'hast' {
  interface ElementData {
    /** For each declaration the theme added to the inline style: the rule it came from. */
    weixinStyleOrigins?: Record<string, string>;
  }
}

/** Remembers which theme rule gave each added declaration, so a message can name the rule to change. */
export function recordStyleOrigins(
  element: Element,
  added: readonly string[],
  rules: ReadonlyMap<string, { origin?: string }> | undefined,
): void {
  const origins: Record<string, string> = { ...element.data?.weixinStyleOrigins };
  for (const name of added) {
    const origin = rules?.get(name)?.origin;
    if (origin) origins[name] = origin;
  }
  if (Object.keys(origins).length === 0) return;
  // Another package's augmentation of ElementData asks for fields this spread keeps as they were.
  element.data = { ...element.data, weixinStyleOrigins: origins } as ElementData;
}

/** Where an element's declaration was written: a theme rule, or else its own inline style. */
export function styleOrigin(element: Element, property: string): string {
  return element.data?.weixinStyleOrigins?.[property] ?? `the inline style of <${element.tagName}>`;
}
