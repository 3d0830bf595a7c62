// Each speed fork of a library against the library itself, on outside material (issue 24).
import type { Element, Nodes, Parents, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import postcss from 'postcss';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import styleToObject from 'style-to-object';
import { unified } from 'unified';
import { visitParents } from 'unist-util-visit-parents';
import { describe, expect, it } from 'vitest';
import { commonmarkExamples, packageMarkdown, projectPosts } from '../../markdown/test/corpus/index.js';
import { compileSelector } from '../src/css/selector.js';
import { readStyle } from '../src/css/style.js';
import { weixinThemes } from '../src/themes/index.js';
import { SKIP, type Visitor, visit } from '../src/utils/visit.js';

const toHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);
const markdown = [
  ...packageMarkdown(40, 7),
  ...projectPosts(),
  ...commonmarkExamples().filter((example) => /HTML|Lists|Block quotes|Links/.test(example.name)),
  {
    name: 'data attributes',
    markdown:
      '<section data-callout="tip" data-callout-title="t"><p data-x="">a <span data-x="1">b</span></p></section>',
  },
];
const trees: { name: string; tree: Root }[] = markdown.map((document) => ({
  name: document.name,
  tree: toHast.runSync(toHast.parse(document.markdown)) as Root,
}));

/** What visit.ts promises: unist-util-visit's calls, which unist-util-visit-parents makes with the parent's index. */
function reference(tree: Root, test: 'element' | undefined, visitor: Visitor<Nodes>): void {
  visitParents(tree, test ?? (() => true), (node, ancestors) => {
    const parent = ancestors.at(-1) as Parents | undefined;
    return visitor(node as Nodes, parent ? parent.children.indexOf(node as never) : undefined, parent) as never;
  });
}

/** The calls a visitor got, as [type, tag, index, parent's tag], and the tree it left. */
function record(walk: typeof reference, tree: Root, test: 'element' | undefined, decide: Visitor<Nodes>) {
  const copy = structuredClone(tree);
  const calls: unknown[] = [];
  walk(copy, test, (node, index, parent) => {
    calls.push([node.type, node.type === 'element' ? node.tagName : '', index, parent?.type]);
    return decide(node, index, parent);
  });
  return { calls, tree: copy };
}

const ours: typeof reference = (tree, test, visitor) =>
  test ? visit(tree, test, visitor as Visitor<Element>) : visit(tree, visitor);

/** Visitors that look, skip, stop, and remove nodes while walking. */
const visitors: Record<string, () => Visitor<Nodes>> = {
  'looks only': () => () => undefined,
  'skips code, tables and quotes': () => (node) =>
    node.type === 'element' && ['pre', 'table', 'blockquote'].includes(node.tagName) ? SKIP : undefined,
  'stops at the 40th node': () => {
    let count = 0;
    return () => {
      count += 1;
      return count === 40 ? false : undefined;
    };
  },
  'removes each <code> and moves on at its index': () => (node, index, parent) => {
    if (node.type !== 'element' || node.tagName !== 'code' || !parent || index === undefined) return undefined;
    parent.children.splice(index, 1);
    return index;
  },
  'unwraps each <strong> and goes back over its children': () => (node, index, parent) => {
    if (node.type !== 'element' || node.tagName !== 'strong' || !parent || index === undefined) return undefined;
    parent.children.splice(index, 1, ...(node.children as never[]));
    return [SKIP, index];
  },
};

describe('visit.ts walks as unist-util-visit-parents does', () => {
  it.each(Object.entries(visitors))('with a visitor that %s', (_, make) => {
    let compared = 0;
    for (const { name, tree } of trees) {
      for (const test of [undefined, 'element'] as const) {
        const expected = record(reference, tree, test, make());
        const actual = record(ours, tree, test, make());
        expect({ name, test, ...actual }).toEqual({ name, test, ...expected });
        compared += 1;
      }
    }
    expect(compared).toBe(trees.length * 2);
  });
});

/** The selectors of every built-in theme, and a generated set of the forms the fast path takes or refuses. */
function selectors(): string[] {
  const fromThemes = Object.values(weixinThemes).flatMap((theme) => {
    const found: string[] = [];
    postcss.parse(theme.css).walkRules((rule) => {
      found.push(...rule.selectors);
    });
    return found;
  });
  const tags = ['*', 'p', 'li', 'ul', 'ol', 'a', 'code', 'pre', 'span', 'section', 'table', 'td', 'img', 'h2'];
  const attributes = ['', '[data-callout]', '[data-callout=tip]', '[data-x=""]', '[align]', '[align=center]', '[href]'];
  const odd = ['[class=x]', '[hidden]', '[data-x="1" i]', '[title]', '.x', ':first-child', 'p + p', 'p ~ p', 'svg|a'];
  const generated: string[] = [];
  for (const [index, tag] of tags.entries()) {
    const attribute = attributes[index % attributes.length];
    const other = tags[(index * 5 + 3) % tags.length];
    generated.push(`${tag}${attribute}`, `${other} ${tag}${attribute}`, `${other} > ${tag}`, `${other} * > ${tag}`);
    for (const extra of odd) generated.push(`${tag}${extra}`);
  }
  return [...new Set([...fromThemes, ...generated])];
}

/** Every element the compiled selector matches, found in one walk with the ancestors at hand. */
function compiledMatches(test: (element: Element, ancestors: readonly Element[]) => boolean, tree: Root): Element[] {
  const found: Element[] = [];
  const stack: [Nodes, Element[]][] = [[tree, []]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, ancestors] = next;
    if (node.type === 'element' && test(node, ancestors)) found.push(node);
    if (node.type !== 'root' && node.type !== 'element') continue;
    const below = node.type === 'element' ? [...ancestors, node] : ancestors;
    for (let index = node.children.length - 1; index >= 0; index -= 1)
      stack.push([node.children[index] as Nodes, below]);
  }
  return found;
}

describe('the selector fast path matches as hast-util-select does', () => {
  it('on theme and generated selectors, over the corpus', () => {
    const compiled = selectors()
      .map((selector) => ({ selector, fast: compileSelector(selector) }))
      .filter((entry) => entry.fast !== undefined);
    expect(compiled.length).toBeGreaterThan(40);
    let matched = 0;
    for (const { selector, fast } of compiled) {
      for (const { name, tree } of trees) {
        const expected = selectAll(selector, tree);
        expect({ name, selector, found: compiledMatches(fast!.test, tree) }).toEqual({
          name,
          selector,
          found: expected,
        });
        matched += expected.length;
      }
    }
    expect(matched).toBeGreaterThan(1000);
  }, 30_000);
});

/** Inline styles: the themes' declarations, the corpus's raw HTML, and odd real-world ones. */
function styles(): string[] {
  const fromThemes = Object.values(weixinThemes).flatMap((theme) => {
    const found: string[] = [];
    postcss.parse(theme.css).walkRules((rule) => {
      const declarations: string[] = [];
      rule.walkDecls((declaration) => {
        declarations.push(`${declaration.prop}:${declaration.value}${declaration.important ? '!important' : ''}`);
      });
      found.push(declarations.join(';'), declarations.map((declaration) => declaration.replace(/\s+/g, '')).join(';'));
    });
    return found;
  });
  const fromCorpus = trees.flatMap(({ tree }) =>
    compiledMatches((element) => typeof element.properties['style'] === 'string', tree).map((element) =>
      String(element.properties['style']),
    ),
  );
  const odd = [
    'color:red',
    'COLOR:Red;Color:blue',
    'color:red;color:blue',
    'color:red;',
    'color:red!important',
    'color: red !important',
    '/* c */color:red',
    'color:/*x*/red',
    'background:url(a.png)',
    'background:url("a;b.png")',
    "font-family:'PingFang SC',serif",
    'content:"\\201C"',
    'font-family:\\5FAE\\8F6F\\96C5\\9ED1',
    'font-family:微软雅黑;color:#333',
    'color:\u00a0red',
    'margin:0\tauto',
    '--gap:4px;margin:var(--gap)',
    '-webkit-box-orient:vertical;display:-webkit-box',
    'color:red;;color:blue',
    ':red',
    'color:',
    'color',
    'a:b:c',
    'width:calc(100%-2px)',
    'color:rgb(0,0,0)',
    'x:y;\u202ez:w',
    'color:red\u0000',
    'font:12px/1.5 a',
    'color:#fff;background:#000;border:1px solid #ccc',
  ];
  return [...new Set([...fromThemes, ...fromCorpus, ...odd])];
}

/** style-to-object's reading, with style.ts's rules: names lowercased, later wins, empty values dropped. */
function referenceStyle(style: string): Map<string, string> | undefined {
  const map = new Map<string, string>();
  try {
    styleToObject(style, (name, value) => {
      const key = name.toLowerCase();
      map.delete(key);
      if (value) map.set(key, value);
    });
  } catch {
    return undefined;
  }
  return map;
}

describe('the style fast path reads what style-to-object reads', () => {
  it('on theme, corpus and odd inline styles', () => {
    const all = styles();
    expect(all.length).toBeGreaterThan(100);
    const disagreements = all.filter((style) => {
      const [ours, theirs] = [readStyle(style), referenceStyle(style)];
      return JSON.stringify(ours && [...ours]) !== JSON.stringify(theirs && [...theirs]);
    });
    expect(disagreements).toEqual([]);
  });
});
