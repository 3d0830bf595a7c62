// Our renderer against wenyan on the same real posts, timed side by side in one process.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWeixinProcessor } from '@astro-weixin/markdown';
import { prepareRenderContext } from '@wenyan-md/core/wrapper';
import { REAL_POSTS } from './lib/posts.mjs';
import { geometricMean, info, median, ms, ratio } from './lib/report.mjs';

// What `wenyan render` does for a file with its defaults: default theme, solarized-light highlighting, mac-style code blocks, footnotes.
const WENYAN_OPTIONS = { theme: 'default', highlight: 'solarized-light', macStyle: true, footnote: true };

// The JIT needs on the order of a hundred renders before times settle; a build renders that many.
const WARMUP_MS = 4000;
const MIN_ROUNDS = 15;
const MAX_ROUNDS = 400;
const ROUND_BUDGET_MS = 2000;

export async function benchRender() {
  console.log('\nRender: astro-weixin vs @wenyan-md/core on the same posts (median per post, A/B interleaved)');
  // Reused across posts, as the integration does.
  const processor = createWeixinProcessor();
  const ours = (source, file) => processor.process(source, { path: file });
  const theirs = (source) => prepareRenderContext(source, WENYAN_OPTIONS, async (content) => ({ content }));
  const sources = await Promise.all(REAL_POSTS.map((file) => readFile(file, 'utf8')));
  // Both must have rendered the whole post, or the times compare unlike work.
  for (const [index, source] of sources.entries()) {
    const [article, context] = [await ours(source, REAL_POSTS[index]), await theirs(source)];
    if (!article.html.includes('<p') || !context.gzhContent.content.includes('<p'))
      throw new Error(`a renderer produced no paragraphs for ${REAL_POSTS[index]}`);
  }
  const warmupStart = performance.now();
  let passes = 0;
  while (passes < 10 || performance.now() - warmupStart < WARMUP_MS) {
    for (const [index, source] of sources.entries()) {
      await ours(source, REAL_POSTS[index]);
      await theirs(source);
    }
    passes += 1;
  }
  info(`warm-up: ${passes} passes over the ${sources.length} posts with each renderer`);
  const speedups = [];
  const posts = [];
  for (const [index, file] of REAL_POSTS.entries()) {
    const source = sources[index];
    const name = path.basename(file);
    globalThis.gc?.();
    const oursMs = [];
    const theirsMs = [];
    const started = performance.now();
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (round >= MIN_ROUNDS && performance.now() - started > ROUND_BUDGET_MS) break;
      // Alternate who goes first so drift (GC, JIT, frequency) falls on both alike.
      const order = round % 2 ? [theirs, ours] : [ours, theirs];
      for (const render of order) {
        const start = performance.now();
        await render(source, file);
        (render === ours ? oursMs : theirsMs).push(performance.now() - start);
      }
    }
    const speedup = median(theirsMs) / median(oursMs);
    speedups.push(speedup);
    posts.push({ post: name, oursMs: median(oursMs), wenyanMs: median(theirsMs), rounds: oursMs.length, speedup });
    ratio(
      `render ${name}: wenyan time / ours`,
      speedup,
      { atLeast: 3 },
      {
        summary: `ours ${ms(median(oursMs))}, wenyan ${ms(median(theirsMs))}, ${source.length} chars, ${oursMs.length} rounds`,
      },
    );
  }
  ratio(
    `render: geometric mean over ${posts.length} posts, wenyan time / ours`,
    geometricMean(speedups),
    { atLeast: 5 },
    {
      posts,
    },
  );
  info('per-post target ≥ 3×; ratios are medians of interleaved runs after warm-up');
}
