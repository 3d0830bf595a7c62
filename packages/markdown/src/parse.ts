import type { Root } from 'mdast';
import { fromMarkdown, type Options } from 'mdast-util-from-markdown';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { boundSource } from './deep-source.js';

type Extension = NonNullable<Options['extensions']>[number];
type MdastExtensions = NonNullable<Options['mdastExtensions']>;

/** What syntax plugins (remark-gfm, remark-math…) register on the processor for its parser. */
interface SyntaxData {
  micromarkExtensions?: Extension[];
  fromMarkdownExtensions?: MdastExtensions;
}

/**
 * GFM work done at nearly every word, line or text node, which cannot find anything in a post that
 * lacks the text it needs: an email autolink construct needs an `@`; a table, a delimiter row,
 * where a `-` is next to a `|` or `:` (spaces and tabs aside); the pass that links bare URLs and
 * emails in text, an `@`, `http` or `www` (or an escape or character reference that could make
 * one). Leaving them out then parses the same tree faster: a construct that fails leaves nothing
 * behind, and a pass that finds nothing changes nothing.
 */
export const GATED = [
  { name: 'emailAutolink', possible: (document: string) => document.includes('@') },
  { name: 'table', possible: (document: string) => /[|:][ \t]*-|-[ \t]*[|:]/.test(document) },
  { name: 'transformGfmAutolinkLiterals', possible: (document: string) => /[@&\\]|http|www/i.test(document) },
];

/**
 * remark-parse, with the syntax extensions the other plugins register, minus the constructs that
 * cannot match the post (see GATED). The pruned sets are made once per combination and reused.
 */
export const remarkParseGated: Plugin<[], string, Root> = function () {
  const pruned = new Map<string, Pick<Options, 'extensions' | 'mdastExtensions'>>();
  this.parser = (source: string, file: VFile): Root => {
    const document = boundSource(source, file);
    const impossible = GATED.filter((gate) => !gate.possible(document)).map((gate) => gate.name);
    const key = impossible.join(' ');
    let options = pruned.get(key);
    if (!options) {
      const data = this.data() as SyntaxData;
      const names = new Set(impossible);
      options = {
        extensions: (data.micromarkExtensions ?? []).map((extension) => withoutConstructs(extension, names)),
        mdastExtensions: withoutTransforms(data.fromMarkdownExtensions ?? [], names),
      };
      pruned.set(key, options);
    }
    return parseOrReport(document, options, file);
  };
};

/** micromark recurses too; should some markup still exhaust the stack, an error instead of a trace. */
function parseOrReport(document: string, options: Options, file: VFile): Root {
  try {
    return fromMarkdown(document, options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    file.message('the Markdown nests too deep to be read: nest fewer quotes, lists, emphasis or links', {
      place: { line: 1, column: 1 },
      ruleId: 'too-deep',
      source: '@astro-weixin/markdown',
    }).fatal = true;
    return { type: 'root', children: [] };
  }
}

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

/** mdast extensions (nested lists allowed) without the named tree transforms. */
function withoutTransforms(extensions: MdastExtensions, names: ReadonlySet<string>): MdastExtensions {
  return extensions.map((extension) => {
    if (Array.isArray(extension)) return withoutTransforms(extension, names);
    const transforms = extension.transforms?.filter((transform) => !names.has(transform.name));
    return transforms && transforms.length !== extension.transforms?.length ? { ...extension, transforms } : extension;
  }) as MdastExtensions;
}
