import type { Nodes, Root } from 'mdast';
import type {} from 'mdast-util-mdx';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** A component left out, or MDX the parser could not read; lines are the post's own. */
export interface MdxNotice {
  line: number;
  column?: number;
  message: string;
  severity: 'error' | 'warn';
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter, ['yaml']).use(remarkDirective);

/**
 * WeChat gets plain HTML, so an MDX post goes through the Markdown pipeline with what only MDX
 * understands taken out. The MDX parser finds ESM, expressions and components; their source is
 * removed (newlines kept, so messages still point at the right line), a component's children are
 * kept and un-indented (MDX does not make indented children code, Markdown would), and each
 * component is reported once, since its output cannot be rendered outside Astro.
 */
export function mdxToMarkdown(source: string): { markdown: string; notices: MdxNotice[] } {
  let tree: Root;
  try {
    tree = parser.parse(source);
  } catch (error) {
    // The parser throws a VFileMessage whose place is a point or a range.
    const place = (error as { place?: { line?: number; column?: number; start?: { line: number; column: number } } })
      .place;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // At the end of the file the place is missing; the reason still names the opening tag's range.
    const named = /\((\d+):(\d+)-/.exec(reason);
    const point = place?.start ?? place ?? (named ? { line: Number(named[1]), column: Number(named[2]) } : undefined);
    const notice: MdxNotice = {
      line: point?.line ?? 1,
      message: `the MDX cannot be read: ${reason}`,
      severity: 'error',
    };
    if (point?.column !== undefined) notice.column = point.column;
    return { markdown: source, notices: [notice] };
  }
  const edit = new SourceEdit(source);
  const notices: MdxNotice[] = [];
  visit(tree, (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    if (node.type === 'mdxjsEsm' || node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') {
      edit.remove(start, end);
      return 'skip';
    }
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
    // Lower-case names are HTML elements, which the Markdown pipeline handles itself.
    if (!node.name || !/^[A-Z]|\./.test(node.name)) return 'skip';
    notices.push({
      line: node.position!.start.line,
      column: node.position!.start.column,
      message: `the MDX component <${node.name}> cannot be shown in WeChat and is left out (its children are kept)`,
      severity: 'warn',
    });
    const first = node.children[0]?.position?.start.offset;
    const last = node.children.at(-1)?.position?.end.offset;
    if (first === undefined || last === undefined) {
      edit.remove(start, end);
      return;
    }
    edit.remove(start, first);
    edit.remove(last, end);
    if (node.type === 'mdxJsxFlowElement') {
      for (const child of node.children) {
        if (child.position)
          edit.dedent(child.position.start.line, child.position.end.line, child.position.start.column - 1);
      }
    }
    return undefined;
  });
  return { markdown: edit.result(), notices };
}

/** Removals from a source by offset; newlines always stay, so every line keeps its number. */
class SourceEdit {
  private readonly removed: Uint8Array;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly source: string) {
    this.removed = new Uint8Array(source.length);
    for (let index = 0; index < source.length; index += 1) if (source[index] === '\n') this.lineStarts.push(index + 1);
  }

  remove(from: number, to: number): void {
    this.removed.fill(1, from, to);
  }

  /** Takes up to `width` leading spaces or tabs off each line from `first` to `last` (1-based). */
  dedent(first: number, last: number, width: number): void {
    for (let line = first; line <= last; line += 1) {
      let offset = this.lineStarts[line - 1];
      if (offset === undefined) continue;
      for (let taken = 0; taken < width && (this.source[offset] === ' ' || this.source[offset] === '\t'); taken += 1)
        this.removed[offset++] = 1;
    }
  }

  result(): string {
    let out = '';
    for (let index = 0; index < this.source.length; index += 1) {
      const char = this.source[index]!;
      if (char === '\n' || this.removed[index] === 0) out += char;
    }
    return out;
  }
}
