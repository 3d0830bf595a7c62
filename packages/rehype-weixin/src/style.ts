import type { Element } from 'hast';
import styleToObject from 'style-to-object';

/** Reads `a:b;c:d` into an ordered map (later wins), the way browsers read inline styles. */
function readStyle(style: unknown): Map<string, string> | undefined {
  const map = new Map<string, string>();
  if (typeof style !== 'string') return map;
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

/** Adds declarations an element does not set itself: its own inline style always wins. */
export function addStyle(element: Element, declarations: Record<string, string> | Map<string, string>): void {
  const own = readStyle(element.properties['style']);
  // A style the parser cannot read is left exactly as the author wrote it.
  if (!own) return;
  const merged = new Map<string, string>();
  const entries = declarations instanceof Map ? [...declarations] : Object.entries(declarations);
  for (const [name, value] of entries) if (!own.has(name)) merged.set(name, value);
  for (const [name, value] of own) if (!merged.has(name)) merged.set(name, value);
  const text = writeStyle(merged);
  if (text) element.properties['style'] = text;
}
