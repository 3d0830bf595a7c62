import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';

export interface ParsedSource {
  frontmatter: Record<string, unknown>;
  /** 1-based line of each top-level and `weixin.*` key, for messages. */
  lines: Map<string, number>;
  body: string;
  /** How many lines precede the body in the file (front matter and its fences). */
  bodyLineOffset: number;
  yamlError?: { message: string; line: number; column: number };
}

// A byte-order mark may precede the fence (Astro reads past it too).
const FENCE = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits YAML front matter from the body, keeping line numbers so errors can point at keys. */
export function parseSource(source: string): ParsedSource {
  const match = FENCE.exec(source);
  if (!match) return { frontmatter: {}, lines: new Map(), body: source, bodyLineOffset: 0 };
  const yamlText = match[1] ?? '';
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const lines = new Map<string, number>();
  const bodyLineOffset = match[0].split('\n').length - 1;
  const body = source.slice(match[0].length);
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    return {
      frontmatter: {},
      lines,
      body,
      bodyLineOffset,
      yamlError: { message: firstError.message.split('\n')[0] ?? 'invalid YAML', line: pos.line + 1, column: pos.col },
    };
  }
  const record = (prefix: string, node: Node | null | undefined): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const range = (pair.key as Node | null)?.range;
      if (key === undefined || !range) continue;
      lines.set(prefix + key, lineCounter.linePos(range[0]).line + 1);
      if (prefix === '' && key === 'weixin') record('weixin.', pair.value as Node);
    }
  };
  record('', doc.contents as Node);
  const value = doc.toJS() as unknown;
  const frontmatter =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return { frontmatter, lines, body, bodyLineOffset };
}
