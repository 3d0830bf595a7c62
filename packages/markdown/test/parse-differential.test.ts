// The parser gate against plain remark-parse with the same extensions (issue 24): same mdast, positions included.
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { type Plugin, unified } from 'unified';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GATED, remarkParseGated } from '../src/parse.js';
import { type CorpusDocument, commonmarkExamples, gfmExamples, packageMarkdown, projectPosts } from './corpus/index.js';

/** The syntax plugins processor.ts registers, in its order, after the given parser. */
function parserWith(parser: Plugin<[], string, Root>) {
  return unified()
    .use(parser)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkDirective)
    .freeze();
}

const gated = parserWith(remarkParseGated);
const plain = parserWith(remarkParse as Plugin<[], string, Root>);

/** The names of the documents whose trees differ. */
function disagreements(documents: readonly CorpusDocument[]): string[] {
  return documents
    .filter((document) => !isDeepStrictEqual(gated.parse(document.markdown), plain.parse(document.markdown)))
    .map((document) => document.name);
}

describe('the gated parser reads the same tree as remark-parse', () => {
  it('on every CommonMark spec example', () => {
    const examples = commonmarkExamples();
    expect(examples.length).toBeGreaterThan(600);
    expect(disagreements(examples)).toEqual([]);
  });

  it('on GFM tables and autolink literals, the constructs it leaves out when they cannot match', () => {
    expect(disagreements(gfmExamples())).toEqual([]);
  });

  it('on 120 READMEs and changelogs of installed packages, and this project’s own posts', () => {
    const documents = [...packageMarkdown(120, 24), ...projectPosts()];
    expect(documents.length).toBeGreaterThan(120);
    expect(disagreements(documents)).toEqual([]);
  }, 30_000);
});

describe('the constructs the gate leaves out', () => {
  it('still exist, under the same names, in the installed micromark and mdast extensions', () => {
    const data = gated.data() as {
      micromarkExtensions: Record<string, Record<string, unknown>>[];
      fromMarkdownExtensions: unknown[];
    };
    const names = new Set<string>();
    for (const extension of data.micromarkExtensions)
      for (const map of Object.values(extension))
        for (const value of Object.values(map ?? {}))
          for (const construct of [value].flat()) names.add((construct as { name?: string } | null)?.name ?? '');
    for (const extension of data.fromMarkdownExtensions.flat(Number.POSITIVE_INFINITY))
      for (const transform of (extension as { transforms?: { name: string }[] }).transforms ?? [])
        names.add(transform.name);
    expect(GATED.map((gate) => gate.name).filter((name) => !names.has(name))).toEqual([]);
  });
});
