// The one-call API (`markdownToWeixin`, a processor per call) against one processor reused, on
// the same real Markdown files side by side, and the memory of a thousand one-call conversions:
// what a script converting a whole blog with the API the README offers first would see.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWeixinProcessor, markdownToWeixin, themeNames } from '@astro-weixin/markdown';
import { info, median, ms, ratio } from './lib/report.mjs';

const STORE = path.resolve(import.meta.dirname, '../node_modules/.pnpm');
const SAMPLE = 30;
const MAX_BYTES = 60_000;
const ROUNDS = 7;
const CALLS = 1000;

/** READMEs of installed packages, a fixed spread of them (sorted, every n-th), none huge. */
async function realMarkdownFiles() {
  const found = [];
  for (const entry of (await readdir(STORE)).sort()) {
    const modules = path.join(STORE, entry, 'node_modules');
    const name = entry.startsWith('@') ? entry.replace('+', '/').replace(/@[^@/]+$/, '') : entry.replace(/@[^@]+$/, '');
    const file = path.join(modules, name, 'README.md');
    const size = await stat(file).then(
      (info) => info.size,
      () => 0,
    );
    if (size > 0 && size <= MAX_BYTES) found.push(file);
  }
  const step = Math.max(1, Math.floor(found.length / SAMPLE));
  return found.filter((_, index) => index % step === 0).slice(0, SAMPLE);
}

/** Heap and memory outside it (WebAssembly, buffers) after a full collection, in MB. */
function memory() {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed / 1e6, external: usage.external / 1e6, rss: usage.rss / 1e6 };
}

export async function benchOneCall() {
  console.log('\nOne-call API: markdownToWeixin per file vs one processor reused, on real READMEs');
  const files = await realMarkdownFiles();
  const sources = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  const processor = createWeixinProcessor();
  const reused = (source, file) => processor.process(source, { path: file });
  const oneCall = (source, file) => markdownToWeixin(source, { path: file });
  // Both warm (JIT, shiki's grammars), and both give the same HTML, or the times compare unlike work.
  for (const [index, source] of sources.entries()) {
    const [a, b] = [await reused(source, files[index]), await oneCall(source, files[index])];
    if (a.html !== b.html) throw new Error(`the one-call API gave other HTML for ${files[index]}`);
  }
  // File by file, the two side by side and in turns, so load from elsewhere falls on both alike.
  const reusedMs = [];
  const oneCallMs = [];
  for (const [index, source] of sources.entries()) {
    const times = { reused: [], oneCall: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of round % 2 ? ['oneCall', 'reused'] : ['reused', 'oneCall']) {
        const convert = name === 'reused' ? reused : oneCall;
        const start = performance.now();
        await convert(source, files[index]);
        times[name].push(performance.now() - start);
      }
    }
    reusedMs.push(median(times.reused));
    oneCallMs.push(median(times.oneCall));
  }
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  const bytes = sources.reduce((total, source) => total + source.length, 0);
  ratio(
    'one-call API: throughput against one reused processor',
    sum(reusedMs) / sum(oneCallMs),
    { atLeast: 0.8 },
    {
      summary: `${files.length} READMEs (${Math.round(bytes / 1000)} kB): one call each ${ms(sum(oneCallMs))}, reused ${ms(sum(reusedMs))} (sums of per-file medians of ${ROUNDS})`,
    },
  );

  // More sets of options than the API keeps processors for (every theme, two tab widths), so
  // processors are let go and made again, as a preview switching themes would.
  const optionSets = themeNames.flatMap((name) => [2, 4].map((tabWidth) => ({ theme: { name }, code: { tabWidth } })));
  const marks = [];
  let failures = 0;
  for (let call = 0; call < CALLS; call += 1) {
    const index = call % sources.length;
    const weixin = optionSets[call % optionSets.length];
    await markdownToWeixin(sources[index], { path: files[index], weixin }).catch(() => {
      failures += 1;
    });
    if ((call + 1) % 100 === 0) marks.push(memory());
  }
  info(
    `memory (heap + external, MB) every 100 calls: ${marks.map((mark) => Math.round(mark.heap + mark.external)).join(' ')}`,
  );
  info(`resident set (MB) every 100 calls: ${marks.map((mark) => Math.round(mark.rss)).join(' ')}`);
  if (failures > 0) info(`${failures} of ${CALLS} calls threw`);
  const first = marks[0].heap + marks[0].external;
  const last = marks.at(-1).heap + marks.at(-1).external;
  // A call that throws would hold nothing, so a failure counts as unbounded growth.
  ratio(
    `one-call API: memory after ${CALLS} calls / after 100`,
    failures > 0 ? Number.POSITIVE_INFINITY : last / first,
    { atMost: 1.1 },
    {
      summary: `${Math.round(first)} MB after 100 calls, ${Math.round(last)} MB after ${CALLS}, ${failures} calls threw`,
    },
  );
}
