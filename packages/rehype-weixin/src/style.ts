import type { Element } from 'hast';

/** Parses `a:b;c:d` into an ordered map (later wins), the way browsers read inline styles. */
export function parseStyle(style: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (typeof style !== 'string') return map;
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const name = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).trim();
    if (name && value) map.set(name, value);
  }
  return map;
}

export function serializeStyle(map: Map<string, string>): string {
  return [...map].map(([name, value]) => `${name}:${value}`).join(';');
}

/** Adds declarations an element does not set itself: its own inline style always wins. */
export function addStyle(
  element: Element,
  declarations: Record<string, string> | Map<string, string>,
  { override = false } = {},
): void {
  const own = parseStyle(element.properties['style']);
  const merged = new Map<string, string>();
  const entries = declarations instanceof Map ? [...declarations] : Object.entries(declarations);
  for (const [name, value] of entries) if (override || !own.has(name)) merged.set(name, value);
  for (const [name, value] of own) if (!merged.has(name)) merged.set(name, value);
  const text = serializeStyle(merged);
  if (text) element.properties['style'] = text;
}
