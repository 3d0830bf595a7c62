import type { Element } from 'hast';
import styleToObject from 'style-to-object';

/**
 * Styles as the passes write them (`color:#24292e;display:block`): no spaces, quotes, brackets,
 * escapes or comments, so splitting them reads what style-to-object would, without its parser,
 * which code blocks' many coloured spans made a hot spot.
 */
const PLAIN_STYLE = /^[a-z-]+:[^\s;:'"(){}\\/*]+(?:;[a-z-]+:[^\s;:'"(){}\\/*]+)*$/i;

/** Reads `a:b;c:d` into an ordered map (later wins), the way browsers read inline styles. */
export function readStyle(style: unknown): Map<string, string> | undefined {
  const map = new Map<string, string>();
  if (typeof style !== 'string') return map;
  if (PLAIN_STYLE.test(style)) {
    for (const declaration of style.split(';')) {
      const colon = declaration.indexOf(':');
      const key = declaration.slice(0, colon).toLowerCase();
      map.delete(key);
      map.set(key, declaration.slice(colon + 1));
    }
    return map;
  }
  try {
    styleToObject(style, (name, value) => {
      const key = name.toLowerCase();
      // Re-inserting keeps the order of the declaration that wins.
      map.delete(key);
      if (value) map.set(key, value);
    });
  } catch {
    return undefined;
  }
  return map;
}

function writeStyle(map: Map<string, string>): string {
  return [...map].map(([name, value]) => `${name}:${value}`).join(';');
}

/**
 * Adds declarations an element does not set itself: its own inline style always wins. Returns
 * the names of the declarations it added.
 */
export function addStyle(element: Element, declarations: Record<string, string> | Map<string, string>): string[] {
  const own = readStyle(element.properties['style']);
  // A style the parser cannot read is left exactly as the author wrote it.
  if (!own) return [];
  const merged = new Map<string, string>();
  const entries = declarations instanceof Map ? [...declarations] : Object.entries(declarations);
  for (const [name, value] of entries) if (!own.has(name)) merged.set(name, value);
  for (const [name, value] of own) if (!merged.has(name)) merged.set(name, value);
  const text = writeStyle(merged);
  if (text) element.properties['style'] = text;
  return [...merged.keys()].filter((name) => !own.has(name));
}
