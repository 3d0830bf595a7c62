// Benchmarks as ratios measured side by side in one run, each against its target, so the figures
// hold across machines. Run with `pnpm bench` (builds first). A missed target is reported, not fatal.
//
// Each part runs in a Node process of its own, as a real render, publish or build does: a publish
// measured in the heap the render part left behind (two renderers loaded, hundreds of renders'
// garbage) paid for collections that no deploy pays.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PARTS = [
  ['render.mjs', 'benchRender'],
  ['math.mjs', 'benchMath'],
  ['one-call.mjs', 'benchOneCall'],
  ['publish.mjs', 'benchPublish'],
  ['build.mjs', 'benchBuild'],
];

/** Runs one part in a child process; its lines go straight to the terminal, its results come back as JSON. */
async function runPart(file, name, resultsFile) {
  const runner = fileURLToPath(new URL('./lib/part.mjs', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', runner, file, name, resultsFile], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`bench/${file} exited with ${code}`);
  return JSON.parse(await readFile(resultsFile, 'utf8'));
}

const started = Date.now();
const scratch = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-bench-'));
const results = [];
try {
  for (const [file, name] of PARTS) results.push(...(await runPart(file, name, path.join(scratch, `${name}.json`))));
} finally {
  await rm(scratch, { recursive: true, force: true });
}

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
