// Benchmarks as ratios measured side by side in one run, each against its target, so the figures
// hold across machines. Run with `pnpm bench` (builds first). A missed target is reported, not fatal.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchBuild } from './build.mjs';
import { allResults } from './lib/report.mjs';
import { benchPublish } from './publish.mjs';
import { benchRender } from './render.mjs';

const started = Date.now();
await benchRender();
await benchPublish();
await benchBuild();

const results = allResults();
const missed = results.filter((result) => !result.ok);
await writeFile(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg(),
      seconds: Math.round((Date.now() - started) / 1000),
      results,
    },
    null,
    2,
  )}\n`,
);
console.log(
  missed.length === 0
    ? '\nAll benchmark targets met.'
    : `\n${missed.length} target(s) missed:\n${missed.map((result) => `  ✗ ${result.name}: ${result.ratio}× (target ${result.target})`).join('\n')}`,
);
console.log(
  `(${Math.round((Date.now() - started) / 1000)} s; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
);
