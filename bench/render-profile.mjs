// Times our renderer alone (or against wenyan with `--wenyan`) on the render bench's posts; for a CPU
// profile: `node --cpu-prof bench/render-profile.mjs`. Reads the built dist (run `pnpm build` first).
// ROUNDS=n sets the timed renders per post; ONLY=part-of-a-file-name times just the posts that match.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWeixinProcessor } from '@astro-weixin/markdown';
import { REAL_POSTS } from './lib/posts.mjs';
import { median } from './lib/report.mjs';

const POSTS = REAL_POSTS;
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const withWenyan = process.argv.includes('--wenyan');

const processor = createWeixinProcessor();
const ours = (source, file) => processor.process(source, { path: file });
let theirs;
if (withWenyan) {
  const { prepareRenderContext } = await import('@wenyan-md/core/wrapper');
  const options = { theme: 'default', highlight: 'solarized-light', macStyle: true, footnote: true };
  theirs = (source) => prepareRenderContext(source, options, async (content) => ({ content }));
}
if (process.env.ONLY) POSTS.splice(0, POSTS.length, ...POSTS.filter((file) => file.includes(process.env.ONLY)));
const sources = await Promise.all(POSTS.map((file) => readFile(file, 'utf8')));
// Warm up the JIT before timing, as the render bench does.
for (let pass = 0; pass < 30; pass += 1) {
  for (const [index, source] of sources.entries()) {
    await ours(source, POSTS[index]);
    await theirs?.(source);
  }
}
const speedups = [];
for (const [index, file] of POSTS.entries()) {
  const oursMs = [];
  const theirsMs = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let start = performance.now();
    await ours(sources[index], file);
    oursMs.push(performance.now() - start);
    if (!theirs) continue;
    start = performance.now();
    await theirs(sources[index]);
    theirsMs.push(performance.now() - start);
  }
  const line = `${path.basename(file).padEnd(28)} ours ${median(oursMs).toFixed(2)} ms`;
  if (!theirs) console.log(line);
  else {
    speedups.push(median(theirsMs) / median(oursMs));
    console.log(`${line}  wenyan ${median(theirsMs).toFixed(2)} ms  ${speedups.at(-1).toFixed(2)}×`);
  }
}
if (speedups.length > 0) {
  const geomean = Math.exp(speedups.reduce((sum, value) => sum + Math.log(value), 0) / speedups.length);
  console.log(`geometric mean ${geomean.toFixed(2)}×`);
}
