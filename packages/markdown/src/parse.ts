import type { Root } from 'mdast';
import { fromMarkdown, type Options } from 'mdast-util-from-markdown';
import type { Plugin } from 'unified';

type Extension = NonNullable<Options['extensions']>[number];

/** What syntax plugins (remark-gfm, remark-math…) register on the processor for its parser. */
interface SyntaxData {
  micromarkExtensions?: Extension[];
  fromMarkdownExtensions?: NonNullable<Options['mdastExtensions']>;
}

/**
 * GFM constructs micromark tries at nearly every word or line, which cannot match in a post that
 * lacks the text they need: an email autolink needs an `@`; a table needs a delimiter row, where
 * a `-` is next to a `|` or `:` (spaces and tabs aside). Leaving them out then parses the same tree
 * faster: a construct that fails leaves nothing behind.
 */
const GATED = [
  { name: 'emailAutolink', possible: (document: string) => document.includes('@') },
  { name: 'table', possible: (document: string) => /[|:][ \t]*-|-[ \t]*[|:]/.test(document) },
];

/**
 * remark-parse, with the syntax extensions the other plugins register, minus the constructs that
 * cannot match the post (see GATED). The pruned sets are made once per combination and reused.
 */
export const remarkParseGated: Plugin<[], string, Root> = function () {
  const pruned = new Map<string, Extension[]>();
  this.parser = (document: string): Root => {
    const impossible = GATED.filter((gate) => !gate.possible(document)).map((gate) => gate.name);
    const key = impossible.join(' ');
    let extensions = pruned.get(key);
    if (!extensions) {
      const all = (this.data() as SyntaxData).micromarkExtensions ?? [];
      extensions = all.map((extension) => withoutConstructs(extension, new Set(impossible)));
      pruned.set(key, extensions);
    }
    return fromMarkdown(document, {
      extensions,
      mdastExtensions: (this.data() as SyntaxData).fromMarkdownExtensions ?? [],
    });
  };
};

/** A copy of a syntax extension without the named constructs; all else kept in its order. */
function withoutConstructs(extension: Extension, names: ReadonlySet<string>): Extension {
  if (names.size === 0) return extension;
  const copy: Record<string, unknown> = {};
  for (const [field, map] of Object.entries(extension)) {
    if (!map || typeof map !== 'object' || field === 'disable') {
      copy[field] = map;
      continue;
    }
    const kept: Record<string, unknown> = {};
    for (const [code, value] of Object.entries(map as Record<string, unknown>)) {
      const named = (item: unknown) => names.has((item as { name?: string } | null)?.name ?? '');
      if (Array.isArray(value)) {
        const list = value.filter((item) => !named(item));
        if (list.length > 0) kept[code] = list;
      } else if (!named(value)) kept[code] = value;
    }
    copy[field] = kept;
  }
  return copy as Extension;
}
