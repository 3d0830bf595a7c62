// The fork of svgpath's steps (src/svg/outline-path.ts) against svgpath itself, on every glyph
// of MathJax's TeX fonts and on the formulas of real posts: the same segments, the same text.
import { readFile } from 'node:fs/promises';
import type { Element, ElementContent } from 'hast';
import { TeXFont } from 'mathjax-full/js/output/svg/fonts/tex.js';
import svgpath from 'svgpath';
import { describe, expect, it } from 'vitest';
import { createTexToSvg } from '../src/svg/mathjax.js';
import {
  parsePath,
  parseTransform,
  relativeRoundedPath,
  type Segment,
  transformPath,
} from '../src/svg/outline-path.js';

type Path = ReturnType<typeof svgpath>;

/** What svgpath makes of the path under the transform, as compactMathSvg used it before the fork. */
function svgpathSegments(d: string, transform: string): Segment[] {
  const segments: Segment[] = [];
  svgpath(d)
    .transform(transform)
    .iterate((segment) => {
      segments.push([...segment] as Segment);
    });
  return segments;
}

function svgpathJoined(segments: Segment[]): string {
  const copy = segments.map((segment) => [...segment]);
  return (svgpath('M0 0') as Path)
    .iterate(() => copy as never)
    .rel()
    .round(0)
    .toString();
}

function forkSegments(d: string, transform: string): Segment[] {
  const parsed = parsePath(d);
  const matrix = parseTransform(transform);
  if (!parsed || matrix === undefined) throw new Error(`the fork gave up on ${d.slice(0, 40)} / ${transform}`);
  return transformPath(parsed, matrix);
}

/** Every glyph outline of MathJax's SVG TeX font, in every variant (bold, script, fraktur…). */
function fontGlyphs(): string[] {
  const font = new TeXFont();
  const glyphs: string[] = [];
  for (const variant of Object.values(font.variant))
    for (const data of Object.values(variant.chars) as unknown[][]) {
      const path = (data?.[3] as { p?: string } | undefined)?.p;
      // As the SVG output writes it (Wrapper.js: `'M' + data.p + 'Z'`).
      if (path) glyphs.push(`M${path}Z`);
    }
  return glyphs;
}

/** A seeded generator, so that a failure repeats. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Transforms as MathJax nests them around a glyph: scale to the grid, moves by fractions of a unit, a flip. */
function glyphTransforms(next: () => number): string[] {
  const at = () => (next() * 4000 - 1000).toFixed(next() < 0.5 ? 1 : 3);
  return [
    '',
    'scale(0.25)',
    `scale(0.25) translate(${at()},${at()}) scale(1,-1)`,
    `scale(0.25) translate(${at()}, 0) scale(1,-1) translate(${at()} ${at()}) scale(0.707)`,
    `scale(0.25) matrix(1 0 0.25 1 ${at()} 0) scale(1,-1)`,
    `scale(0.25) translate(${at()},0) scale(-1,1)`,
  ];
}

describe('outline-path.ts does what svgpath does', () => {
  const glyphs = fontGlyphs();

  it('reads and transforms every glyph of the TeX fonts to the same segments', () => {
    expect(glyphs.length).toBeGreaterThan(2000);
    const next = random(7);
    for (const [index, glyph] of glyphs.entries()) {
      for (const transform of glyphTransforms(next)) {
        expect(forkSegments(glyph, transform), `glyph ${index} under "${transform}"`).toEqual(
          svgpathSegments(glyph, transform),
        );
      }
    }
  });

  it('writes joined outlines relative and rounded to the same text', () => {
    const next = random(11);
    // Neighbouring glyphs joined as compactMathSvg joins them: a few dozen a path.
    for (let start = 0; start < glyphs.length; start += 30) {
      const transforms = glyphTransforms(next);
      const joined = glyphs
        .slice(start, start + 30)
        .flatMap((glyph, index) => forkSegments(glyph, transforms[index % transforms.length]!));
      const expected = svgpathJoined(joined);
      expect(relativeRoundedPath(joined.map((segment) => [...segment] as Segment)), `glyphs from ${start}`).toBe(
        expected,
      );
    }
  });

  it('agrees on the formulas of real posts, path by path, as MathJax nests them', async () => {
    const texToSvg = await createTexToSvg();
    const posts = await Promise.all(
      ['../../../bench/posts/math-heavy.md', '../../../playground/src/content/blog/math-notes.md'].map((file) =>
        readFile(new URL(file, import.meta.url), 'utf8'),
      ),
    );
    const formulas = posts.flatMap((post) => [
      ...[...post.matchAll(/\$\$\n([\s\S]*?)\n\$\$/g)].map((match) => ({ tex: match[1]!, display: true })),
      ...[...post.replace(/\$\$\n[\s\S]*?\n\$\$/g, '').matchAll(/\$([^$\n]+?)\$/g)].map((match) => ({
        tex: match[1]!,
        display: false,
      })),
    ]);
    expect(formulas.length).toBeGreaterThan(20);
    let paths = 0;
    for (const { tex, display } of formulas) {
      const walk = (node: ElementContent, transform: string) => {
        if (node.type !== 'element') return;
        const own = node.properties['transform'];
        const joined = own ? `${transform} ${String(own)}` : transform;
        const d = node.properties['d'];
        if (node.tagName === 'path' && typeof d === 'string') {
          paths += 1;
          expect(forkSegments(d, joined), tex).toEqual(svgpathSegments(d, joined));
        }
        for (const child of (node as Element).children) walk(child, joined);
      };
      for (const child of texToSvg(tex, display).svg.children) walk(child, 'scale(0.25)');
    }
    expect(paths).toBeGreaterThan(200);
  });

  it('leaves to svgpath what it was not forked for', () => {
    expect(parsePath('M10 10A5 5 0 0 1 20 20Z')).toBeUndefined();
    expect(parsePath('L10 10')).toBeUndefined();
    expect(parsePath('M10 10 20')).toBeUndefined();
    expect(parsePath('M10,,10')).toBeUndefined();
    expect(parseTransform('rotate(45)')).toBeUndefined();
    expect(parseTransform('skewX(10) translate(1,2)')).toBeUndefined();
    expect(parseTransform('')).toBeNull();
    expect(parseTransform('translate(0,0) scale(1)')).toBeNull();
  });
});
