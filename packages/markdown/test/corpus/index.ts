// Outside material for the differential, robustness and fuzz tests (issue 24), sampled with a fixed seed.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusDocument {
  /** Where it comes from, to name it in a failing test. */
  name: string;
  markdown: string;
}

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Big enough to hold every kind of README, small enough that a sample parses in seconds. */
const MAX_BYTES = 8_000;

/** A pseudo-random number generator (mulberry32): the same seed gives the same sample everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` items of `items`, chosen by `random`, in a stable order. */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy.slice(0, count);
}

/** Every example of the CommonMark spec, as the npm package `commonmark-spec` ships them. */
export function commonmarkExamples(): CorpusDocument[] {
  const require = createRequire(import.meta.url);
  const spec = require('commonmark-spec') as { tests: { markdown: string; number: number; section: string }[] };
  return spec.tests.map((test) => ({
    name: `CommonMark example ${test.number} (${test.section})`,
    markdown: test.markdown,
  }));
}

/** GFM tables and autolink literals, in the forms the gate's shortcuts must not misjudge. */
export function gfmExamples(): CorpusDocument[] {
  const cases = [
    '| a | b |\n| - | - |\n| 1 | 2 |',
    'a | b\n--- | ---\n1 | 2',
    'a\n:-:\nb',
    '| a |\n|:--|\n| b |',
    '| a | b |\n| --- | :-: |\n| `|` | \\| |',
    '| a |\n| - |\n\n| b |',
    'a | b\n-|-',
    'a|b\n -|- \nc|d',
    '|a|\n|-\t|\n|b|',
    'a\n-\nb',
    '| a | b |\n| -- | -- |\n| c |\n| d | e | f |',
    '- | a |\n  | - |\n  | b |',
    '> | a |\n> | - |\n> | b |',
    'www.example.com',
    'Visit www.commonmark.org/help for more.',
    'https://example.com/path?query=1#hash, and http://a.b.',
    'foo@bar.baz',
    'hello+xyz@mail.example, a.b-c_d@a.b and a.b-c_d@a.b- and a.b-c_d@a.b_',
    'mailto:foo@bar.baz and xmpp:foo@bar.baz/txt',
    'www.google.com/search?q=(business))+ok',
    'www.commonmark.org/he<lp',
    '&#64; &#x40; and http&#58;//x.y',
    'foo\\@bar.baz and www\\.a.b',
    '(www.example.com/a_(b)_c) [https://x.y](https://x.y)',
    'HTTP://EXAMPLE.COM and WWW.EXAMPLE.COM',
    '<https://angle.example> and <a@b.c>',
    '~~gone~~ and ~one~ and [^1]\n\n[^1]: note',
    '- [ ] todo\n- [x] done',
    'a\n---\n| b |',
  ];
  return cases.map((markdown, index) => ({ name: `GFM case ${index + 1}`, markdown }));
}

/** READMEs and changelogs of the installed packages, `count` of them chosen with `seed`. */
export function packageMarkdown(count: number, seed: number): CorpusDocument[] {
  const store = join(ROOT, 'node_modules/.pnpm');
  const files: string[] = [];
  for (const entry of safeList(store)) {
    const modules = join(store, entry, 'node_modules');
    for (const name of safeList(modules)) {
      const folders = name.startsWith('@') ? safeList(join(modules, name)).map((sub) => join(name, sub)) : [name];
      for (const folder of folders) files.push(...markdownFilesIn(join(modules, folder)));
    }
  }
  files.sort();
  return sample(files, count, seededRandom(seed)).map((file) => ({
    name: relative(ROOT, file),
    markdown: readFileSync(file, 'utf8'),
  }));
}

/** Posts written for this project: the playground's, the benchmark's (Astro's blog template) and the test posts. */
export function projectPosts(): CorpusDocument[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of safeList(dir)) {
      const path = join(dir, entry);
      if (lstatSync(path).isDirectory()) walk(path);
      else if (/\.mdx?$/.test(entry)) files.push(path);
    }
  };
  for (const folder of ['playground/src/content', 'bench/posts']) walk(join(ROOT, folder));
  files.push(
    join(ROOT, 'packages/markdown/test/golden/typical-post.md'),
    join(ROOT, 'packages/rehype-weixin/test/fixtures/phone-post.md'),
  );
  return files.sort().map((file) => ({ name: relative(ROOT, file), markdown: readFileSync(file, 'utf8') }));
}

/** Markdown files at the top of a package folder that is its own (pnpm links the others in). */
function markdownFilesIn(folder: string): string[] {
  const stat = lstatSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return [];
  return safeList(folder)
    .filter((entry) => /\.md$/i.test(entry))
    .map((entry) => join(folder, entry))
    .filter((file) => {
      const info = lstatSync(file);
      return info.isFile() && info.size > 0 && info.size <= MAX_BYTES;
    });
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
