// Math: how many characters formulas take in the HTML against MathJax's own SVG, and how a
// math-heavy post renders when none of its formulas has been drawn before.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWeixinProcessor } from '@astro-weixin/markdown';
import { prepareRenderContext } from '@wenyan-md/core/wrapper';
import { MATH_POSTS } from './lib/posts.mjs';
import { info, median, ms, ratio } from './lib/report.mjs';

const WENYAN_OPTIONS = { theme: 'default', highlight: 'solarized-light', macStyle: true, footnote: true };
const UNCACHED_ROUNDS = 25;

const svgCharacters = (html) => (html.match(/<svg[\s\S]*?<\/svg>/g) ?? []).join('').length;

export async function benchMath() {
  console.log('\nMath: formula SVG against MathJax as it comes, and formulas new to the cache');
  const compact = createWeixinProcessor();
  // MathJax's SVG as rehype-weixin wrote it before it compacted formulas.
  const reference = createWeixinProcessor({ weixin: { math: { compactSvg: false } } });
  for (const file of MATH_POSTS) {
    const source = await readFile(file, 'utf8');
    const [ours, theirs] = [
      await compact.process(source, { path: file }),
      await reference.process(source, { path: file }),
    ];
    const [after, before] = [svgCharacters(ours.html), svgCharacters(theirs.html)];
    ratio(
      `math SVG of ${path.basename(file)}: characters / MathJax's`,
      after / before,
      { atMost: 0.6 },
      { summary: `${after} of ${before} characters; HTML ${ours.html.length} of ${theirs.html.length}`, after, before },
    );
  }
  await uncachedRender(MATH_POSTS.at(-1));
}

/**
 * A post whose formulas are all new to the processor's cache (each round's TeX ends in a
 * different comment, drawn the same), against wenyan on the same text: the first render of a post.
 * The same post with every formula replaced by a word is timed alongside, to show what the
 * formulas themselves cost each renderer (both draw them with MathJax).
 */
async function uncachedRender(file) {
  const source = await readFile(file, 'utf8');
  const processor = createWeixinProcessor();
  const variant = (round) =>
    source
      .replace(/\$\$\n([\s\S]*?)\n\$\$/g, (_, tex) => `$$\n${tex} %${round}\n$$`)
      .replace(/(?<![$\\])\$([^$\n]+?)\$/g, (_, tex) => `$${tex} %${round}$`);
  const withoutMath = source.replace(/\$\$\n[\s\S]*?\n\$\$/g, 'formula').replace(/(?<![$\\])\$[^$\n]+?\$/g, 'formula');
  const times = { ours: [], theirs: [], oursPlain: [], theirsPlain: [] };
  const timed = async (key, render) => {
    const start = performance.now();
    await render();
    return [key, performance.now() - start];
  };
  for (let round = 0; round < 2 * UNCACHED_ROUNDS; round += 1) {
    const text = variant(round);
    const renders = [
      ['ours', () => processor.process(text, { path: file })],
      ['theirs', () => prepareRenderContext(text, WENYAN_OPTIONS, async (content) => ({ content }))],
      ['oursPlain', () => processor.process(withoutMath, { path: file })],
      ['theirsPlain', () => prepareRenderContext(withoutMath, WENYAN_OPTIONS, async (content) => ({ content }))],
    ];
    // Who goes first alternates, so that the garbage one leaves falls on both alike.
    if (round % 2) renders.reverse();
    const measured = [];
    for (const [key, render] of renders) measured.push(await timed(key, render));
    // The first half warms both up.
    if (round >= UNCACHED_ROUNDS) for (const [key, ms] of measured) times[key].push(ms);
  }
  const [ours, theirs, oursPlain, theirsPlain] = ['ours', 'theirs', 'oursPlain', 'theirsPlain'].map((key) =>
    median(times[key]),
  );
  info(
    `${path.basename(file)} with no formula drawn before: ours ${ms(ours)}, wenyan ${ms(theirs)}, ${(theirs / ours).toFixed(2)}× (no target: the render ratios are medians over the same post rendered again and again, whose formulas the cache then serves)`,
  );
  info(
    `  without its formulas: ours ${ms(oursPlain)}, wenyan ${ms(theirsPlain)}; the formulas themselves: ours ${ms(ours - oursPlain)}, wenyan ${ms(theirs - theirsPlain)}. Both draw with MathJax, so even with the rest of the post free a first render could not pass ${(theirs / (ours - oursPlain)).toFixed(2)}×`,
  );
}
