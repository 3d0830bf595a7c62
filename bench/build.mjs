// `astro build` of a 100-post blog with astro-weixin (dry run) against the same site without it.
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { astroBuild, clearCaches } from './lib/astro-build.mjs';
import { SITE_POSTS, makeSites } from './lib/site.mjs';
import { info, median, ms, ratio } from './lib/report.mjs';

const ROUNDS = 3;
// Even, so that each site goes first in as many pairs of rebuilds as the other.
const WARM_PER_ROUND = 4;
// Inside the test package, so the sites resolve astro and astro-weixin from its node_modules.
const base = path.resolve(import.meta.dirname, '../test/.tmp');

export async function benchBuild() {
  console.log(
    `\nastro build: ${SITE_POSTS}-post copy of Astro's blog example, astro-weixin dry run vs no integration (median of ${ROUNDS} cold and ${ROUNDS * WARM_PER_ROUND} warm builds, interleaved)`,
  );
  await mkdir(base, { recursive: true });
  const sites = await makeSites(base);
  const runs = { with: { cold: [], warm: [] }, without: { cold: [], warm: [] } };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which site goes first so drift in machine load falls on both.
      const order = round % 2 ? ['with', 'without'] : ['without', 'with'];
      for (const variant of order) {
        await clearCaches(sites[variant]);
        runs[variant].cold.push(await astroBuild(sites[variant]));
      }
      // The cold builds' disk writes (far more with the integration: its caches) are flushed
      // first, so that no rebuild pays for a cold build's writeback.
      flushDisks();
      // Rebuilds with nothing changed, a few each round since one takes about 2 s and varies by
      // about a tenth. The sites take turns, and which goes first alternates pair by pair: on this
      // kind of machine the second build of a pair can run slower, whichever site it is.
      for (let rebuild = 0; rebuild < WARM_PER_ROUND; rebuild += 1) {
        const pair = rebuild % 2 ? [...order].reverse() : order;
        for (const variant of pair) runs[variant].warm.push(await astroBuild(sites[variant]));
      }
      info(`round ${round + 1}: ${order.map((variant) => describe(variant, runs[variant], round)).join('; ')}`);
    }
  } finally {
    for (const root of Object.values(sites)) await rm(root, { recursive: true, force: true });
  }
  const wall = (variant, kind) => median(runs[variant][kind].map((run) => run.wallMs));
  const rss = (variant) => median(runs[variant].cold.map((run) => run.peakMiB));
  for (const [kind, target] of [
    ['cold', 1.25],
    ['warm', 1.05],
  ]) {
    ratio(
      `astro build ${kind}: with integration / without`,
      wall('with', kind) / wall('without', kind),
      { atMost: target },
      {
        summary: `${ms(wall('with', kind))} vs ${ms(wall('without', kind))}`,
        withMs: runs.with[kind].map((run) => run.wallMs),
        withoutMs: runs.without[kind].map((run) => run.wallMs),
      },
    );
  }
  ratio(
    'astro build peak RSS (cold): with integration / without',
    rss('with') / rss('without'),
    { atMost: 1.2 },
    {
      summary: `${rss('with').toFixed(0)} MiB vs ${rss('without').toFixed(0)} MiB`,
      withMiB: runs.with.cold.map((run) => run.peakMiB),
      withoutMiB: runs.without.cold.map((run) => run.peakMiB),
    },
  );
}

function flushDisks() {
  try {
    execFileSync('sync');
  } catch {
    // No sync(1) here: the rebuilds run with whatever is still being written.
  }
}

function describe(variant, { cold, warm }, round) {
  const rebuilds = warm.slice(round * WARM_PER_ROUND, (round + 1) * WARM_PER_ROUND);
  return `${variant} cold ${ms(cold[round].wallMs)} / warm ${rebuilds.map((run) => ms(run.wallMs)).join(', ')}, ${cold[round].peakMiB.toFixed(0)} MiB`;
}
