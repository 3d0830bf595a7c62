// The checks on mutated real posts: whatever the Markdown, they end with a list of positioned
// problems (an AstroError of file:line:column lines) or with articles, never with another throw.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { AstroError } from 'astro/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../../test/helpers/logger.js';
import { resolveOptions } from '../src/index.js';
import { runWeixin } from '../src/run.js';
import { makeProject } from './helpers.js';

const PLAYGROUND_POSTS = path.resolve(import.meta.dirname, '../../../playground/src/content/blog');
const SEED = 20261205;
const CASES = 48;

/** A small deterministic generator (mulberry32), so every run tries the same mutations. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = ['\u0000', '\r', '\u202E', '\uD800', '\uFFFD', '\uFEFF', '\u0085', '\t\t', '\\', '`', '<', '&#0;'];
const INSERTS = [
  '\n::miniprogram{appid=wx1234567890abcdef path=pages/index title="卡片"}\n',
  '\n:::theorem 勾股定理\n直角三角形。\n:::\n',
  '\n:::tip[标题\n未闭合\n',
  '\n<div style="background:url(javascript:alert(1))"><p>raw</p>\n',
  '\n<script>alert(1)</script>\n',
  '\n![[embed.png]]\n{% raw %}x{% endraw %}\n',
  '\n| a | b |\n| - |\n| 1 | 2 | 3 |\n',
  '\n$$\n\\frac{1}{\n',
  '\n```js\nunterminated\n',
  '\n[^1]: 脚注\n[^1]: 重复\n',
  '\n![broken](<./no such.png>)\n',
];

type Mutation = (source: string, next: () => number) => string;
const pick = <T>(list: readonly T[], next: () => number): T => list[Math.floor(next() * list.length)]!;
const at = (source: string, next: () => number) => Math.floor(next() * (source.length + 1));
const MUTATIONS: Record<string, Mutation> = {
  truncate: (source, next) => source.slice(0, at(source, next)),
  'odd bytes': (source, next) => {
    let out = source;
    for (let i = 0; i < 5; i++) {
      const place = at(out, next);
      out = out.slice(0, place) + pick(ODD, next) + out.slice(place);
    }
    return out;
  },
  insert: (source, next) => {
    const place = source.indexOf('\n', at(source, next));
    const cut = place < 0 ? source.length : place;
    return source.slice(0, cut) + pick(INSERTS, next) + source.slice(cut);
  },
  'nest deeply': (source, next) => {
    const depth = 500 + Math.floor(next() * 3000);
    const marker = pick(['> ', '- ', '1. ', '* ', '  - '], next);
    return `${source}\n\n${marker.repeat(depth)}深\n\n${'['.repeat(depth)}x${']'.repeat(depth)}\n${'*'.repeat(depth)}a${'*'.repeat(depth)}\n`;
  },
  'break front matter': (source, next) =>
    source.replace(
      /^---\n/,
      pick(['', '---\n: :\n', '---\n\t- x\n', '---\nweixin: {\n'], next) + (next() < 0.5 ? '' : '---\n'),
    ),
};

let posts: { name: string; source: string }[];
beforeAll(async () => {
  const names = (await readdir(PLAYGROUND_POSTS)).filter((name) => name.endsWith('.md')).sort();
  posts = await Promise.all(
    names.map(async (name) => ({ name, source: await readFile(path.join(PLAYGROUND_POSTS, name), 'utf8') })),
  );
});

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((cleanup) => cleanup())));

describe('checks on mutated real posts', () => {
  it(`end in articles or positioned problems, never a throw (${CASES} cases, seed ${SEED})`, async () => {
    const next = random(SEED);
    const outcomes = { passed: 0, problems: 0 };
    for (let index = 0; index < CASES; index++) {
      const post = pick(posts, next);
      const [kind, mutate] = pick(Object.entries(MUTATIONS), next);
      // Selected for WeChat whatever the mutation did to the front matter, so the checks run on it.
      const source = `---\ntitle: 变异 ${index}\nweixin: true\n---\n${mutate(post.source, next)}`;
      const project = await makeProject({ 'src/content/blog/post.md': source });
      cleanups.push(project.cleanup);
      const lines: string[] = [];
      const label = `case ${index}: ${kind} of ${post.name}`;
      try {
        await runWeixin({
          root: project.root,
          srcDir: path.join(project.root, 'src'),
          publicDir: path.join(project.root, 'public'),
          outDir: path.join(project.root, 'dist/weixin'),
          options: resolveOptions({ generatedCover: true }),
          logger: capturingLogger(lines),
          env: {},
          mode: 'check',
        });
        outcomes.passed++;
      } catch (error) {
        expect(error, `${label}\n${(error as Error).stack}`).toBeInstanceOf(AstroError);
        const message = (error as Error).message;
        expect(message, label).toMatch(/^src\/content\/blog\/post\.md:\d+:\d+ {2}\S/m);
        expect(message, label).not.toMatch(/Maximum call stack|is not a function|Cannot read properties/);
        outcomes.problems++;
      }
      expect(lines.join('\n'), label).not.toMatch(/^\s+at /m);
    }
    // The mix covers both ends: some mutations leave a publishable post, others a broken one.
    expect(outcomes.passed).toBeGreaterThan(0);
    expect(outcomes.problems).toBeGreaterThan(0);
  }, 120_000);
});
