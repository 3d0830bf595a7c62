// Runs `astro build` as a child process, as a deploy does, and measures its wall time and peak RSS.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const astroBin = path.resolve(import.meta.dirname, '../../test/node_modules/astro/bin/astro.mjs');

/** Deletes what a rebuild would reuse, so the next build is cold. */
export async function clearCaches(root) {
  for (const dir of ['dist', 'node_modules/.astro', '.astro'])
    await rm(path.join(root, dir), { recursive: true, force: true });
}

/** Peak RSS from /proc while the child runs, where GNU time is missing. */
function sampleHighWaterMark(pid) {
  let peakKb = 0;
  const timer = setInterval(async () => {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // The process has exited between two samples.
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return peakKb;
  };
}

/** One build; the environment carries no credentials, so astro-weixin makes a dry run. */
export async function astroBuild(root) {
  const gnuTime = existsSync(GNU_TIME);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-bench-time-'));
  const rssFile = path.join(scratch, 'rss');
  const command = gnuTime
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, astroBin, 'build']]
    : [process.execPath, [astroBin, 'build']];
  const start = performance.now();
  const child = spawn(command[0], command[1], {
    cwd: root,
    env: {
      ...process.env,
      WEIXIN_APPID: '',
      WEIXIN_APPSECRET: '',
      WEIXIN_PUBLISH: '',
      WEIXIN_API_BASE: '',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopSampling = gnuTime ? undefined : sampleHighWaterMark(child.pid);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - start;
  const peakKb = gnuTime ? Number((await readFile(rssFile, 'utf8')).trim().split('\n').at(-1)) : stopSampling();
  await rm(scratch, { recursive: true, force: true });
  if (code !== 0) throw new Error(`astro build in ${root} exited with ${code}:\n${output.slice(-2000)}`);
  return { wallMs, peakMiB: peakKb / 1024 };
}
