import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { LineCounter, parseDocument } from 'yaml';

declare module 'vfile' {
  interface DataMap {
    /** The parsed front matter (the name vfile-matter gives it). */
    matter: Record<string, unknown>;
  }
}

/**
 * Parses the YAML node remark-frontmatter made, once, onto `file.data.matter`; a caller that
 * parsed the front matter already puts it there first and nothing is parsed again.
 */
export function remarkFrontmatterData() {
  return function transform(tree: Root, file: VFile): void {
    if (file.data.matter) return;
    const first = tree.children[0];
    file.data.matter = first?.type === 'yaml' ? parseYaml(first, file) : {};
  };
}

function parseYaml(node: Yaml, file: VFile): Record<string, unknown> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(node.value, { lineCounter });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    // The YAML starts on the line after the opening `---`.
    const fenceLine = node.position?.start.line ?? 1;
    file.message(`front matter is not valid YAML: ${error.message.split('\n')[0]}`, {
      place: { line: fenceLine + pos.line, column: pos.col },
      ruleId: 'invalid-frontmatter',
      source: '@astro-weixin/markdown',
    }).fatal = true;
    return {};
  }
  const value = doc.toJS() as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A front matter field that is a non-blank string, trimmed. */
export function frontmatterString(file: VFile, key: string): string | undefined {
  const value = file.data.matter?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
