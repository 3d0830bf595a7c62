// A whole publish against the emulator at 100 ms per call, against the least time the calls allow.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveOptions, runWeixin } from 'astro-weixin';
import { startEmulatorThread } from './lib/emulator-thread.mjs';
import { photo } from './lib/images.mjs';
import { info, median, ms, ratio } from './lib/report.mjs';

const POSTS = 8;
const IMAGES_PER_POST = 5;
const LATENCY_MS = 100;
const IN_FLIGHT = 6;
const UPLOADS = new Set(['media/uploadimg', 'media/upload', 'material/add_material']);

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  fork() {
    return silent;
  },
};

async function writePosts(root) {
  const dir = path.join(root, 'src/content/blog');
  await mkdir(dir, { recursive: true });
  for (let post = 0; post < POSTS; post += 1) {
    const body = [];
    for (let image = 0; image < IMAGES_PER_POST; image += 1) {
      const name = `p${post}-i${image}.jpg`;
      await writeFile(path.join(dir, name), await photo(800, 500, post * 100 + image + 1));
      body.push(`第 ${image + 1} 段，会议在 10:30 开始。\n\n![图 ${image + 1}](./${name})\n`);
    }
    await writeFile(path.join(dir, `cover-${post}.jpg`), await photo(900, 500, post * 100 + 99));
    await writeFile(
      path.join(dir, `post-${post}.md`),
      `---\ntitle: 文章 ${post + 1}\npubDate: 2026-01-${String(post + 1).padStart(2, '0')}\nweixin:\n  cover: ./cover-${post}.jpg\n---\n\n${body.join('\n')}`,
    );
  }
}

// Five runs, so one disturbed by the machine does not decide the median.
const RUNS = 5;

/** One publish from nothing (new emulator, no lockfile); its wall time and the calls it made. */
async function publishOnce(root) {
  const app = { appid: 'wxbe0c0de0be0c0de0', secret: 'bench-secret-0123456789abcdef012' };
  const emulator = await startEmulatorThread(app, [{ kind: 'latency', ms: LATENCY_MS }]);
  try {
    await rm(path.join(root, 'weixin.lock.json'), { force: true });
    const start = performance.now();
    await runWeixin({
      root,
      srcDir: path.join(root, 'src'),
      publicDir: path.join(root, 'public'),
      site: 'https://blog.example.com/',
      outDir: path.join(root, 'node_modules/.astro/astro-weixin/dry-run'),
      options: resolveOptions({ concurrency: IN_FLIGHT }),
      logger: silent,
      env: {
        WEIXIN_APPID: app.appid,
        WEIXIN_APPSECRET: app.secret,
        WEIXIN_API_BASE: emulator.url,
        WEIXIN_PUBLISH: '1',
      },
    });
    const wall = performance.now() - start;
    return { wall, calls: await emulator.calls() };
  } finally {
    await emulator.close();
  }
}

/**
 * The same rounds of calls made by a bare client, doing nothing between them: `serial` JSON calls
 * one after another (a token request stands in for each) and the uploads `IN_FLIGHT` at a time,
 * each the bench's first photo. What the emulator and HTTP take beyond the latency is in it; what
 * is left of our wall time over it is our own work.
 */
async function bareOnce(root, serial, uploads) {
  const app = { appid: 'wxbe0c0de0be0c0de0', secret: 'bench-secret-0123456789abcdef012' };
  const emulator = await startEmulatorThread(app, [{ kind: 'latency', ms: LATENCY_MS }]);
  try {
    const photo = await readFile(path.join(root, 'src/content/blog/p0-i0.jpg'));
    const tokenCall = async () => {
      const response = await fetch(`${emulator.url}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: app.appid, secret: app.secret }),
      });
      return response.json();
    };
    const start = performance.now();
    const { access_token: token } = await tokenCall();
    for (let sent = 0; sent < uploads; sent += IN_FLIGHT) {
      const round = Array.from({ length: Math.min(IN_FLIGHT, uploads - sent) }, async (_, index) => {
        const form = new FormData();
        form.append('media', new Blob([photo], { type: 'image/jpeg' }), `bare-${sent + index}.jpg`);
        const response = await fetch(`${emulator.url}/cgi-bin/media/uploadimg?access_token=${token}`, {
          method: 'POST',
          body: form,
        });
        return response.json();
      });
      await Promise.all(round);
    }
    for (let call = 1; call < serial; call += 1) await tokenCall();
    return performance.now() - start;
  } finally {
    await emulator.close();
  }
}

export async function benchPublish() {
  console.log(
    `\nPublish: ${POSTS} posts × ${IMAGES_PER_POST} images + covers, ${LATENCY_MS} ms emulator latency per call, ${IN_FLIGHT} in flight (median of ${RUNS} runs)`,
  );
  const root = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-bench-'));
  try {
    await writePosts(root);
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await publishOnce(root));
    const walls = runs.map((run) => run.wall);
    const wall = median(walls);
    const { calls } = runs[0];
    const uploads = calls.filter((call) => UPLOADS.has(call)).length;
    // Every other call (the token, the message) waits on what came before it: one round each.
    const serial = calls.filter((call) => !UPLOADS.has(call));
    const minimum = (serial.length + Math.ceil(uploads / IN_FLIGHT)) * LATENCY_MS;
    info(
      `minimum = (${serial.length} serial calls [${serial.join(', ')}] + ceil(${uploads} uploads / ${IN_FLIGHT} in flight)) × ${LATENCY_MS} ms = ${minimum} ms`,
    );
    ratio(
      'publish: wall time / concurrency-bound minimum',
      wall / minimum,
      { atMost: 1.3 },
      {
        summary: `${ms(wall)} for ${calls.length} calls (runs: ${walls.map(ms).join(', ')}), minimum ${minimum} ms`,
        wallMs: wall,
        minimumMs: minimum,
        runsMs: walls,
        calls: calls.length,
        uploads,
      },
    );
    const bare = [];
    for (let run = 0; run < RUNS; run += 1) bare.push(await bareOnce(root, serial.length, uploads));
    info(
      `the same ${serial.length + Math.ceil(uploads / IN_FLIGHT)} rounds of calls from a bare client (no reading, rendering, checking, converting or recording): ${ms(median(bare))} (runs: ${bare.map(ms).join(', ')}); the emulator and HTTP take ${ms(median(bare) - minimum)} of it beyond the latency`,
    );
    ratio(
      'publish: wall time / the same calls from a bare client',
      wall / median(bare),
      { atMost: 1.15 },
      {
        summary: `${ms(wall)} vs ${ms(median(bare))}: our own work is ${ms(wall - median(bare))}`,
        bareMs: bare,
      },
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
