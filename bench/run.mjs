// Benchmarks, with the targets they are held to. Run with `pnpm bench` (builds first).
// Targets are checked here and reported, never in timed tests.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { markdownToWeixin, createWeixinProcessor } from '@astro-weixin/markdown';
import { WeixinClient } from '@astro-weixin/api';
import { startEmulator } from '@astro-weixin/emulator';
import { resolveOptions, runWeixin } from 'astro-weixin';

const results = [];
function record(name, value, unit, target, better = 'lower') {
  const ok = target === undefined ? undefined : better === 'lower' ? value <= target : value >= target;
  results.push({ name, value: Number(value.toFixed(2)), unit, target, ok });
  console.log(
    `${ok === false ? '✗' : '✓'} ${name}: ${value.toFixed(2)} ${unit}${target === undefined ? '' : ` (target ${better === 'lower' ? '≤' : '≥'} ${target})`}`,
  );
}

/** A long post of the kind authors write: CJK prose, code, a table, lists, links, images. */
function longPost(sections) {
  const parts = ['---\ntitle: 基准测试用的长文章\ndescription: 一篇很长的文章\n---\n'];
  for (let i = 0; i < sections; i += 1) {
    parts.push(
      `## 第 ${i + 1} 节\n\n这是第 ${i + 1} 节的正文，会议在 10:30 开始，参见 [文档 ${i % 5}](https://docs.example.com/${i % 5}) 和 **重点**。脚注[^n${i}]。\n`,
    );
    parts.push(
      `\`\`\`ts\nexport function section${i}(input: string): string {\n\tconst trimmed = input.trim();\n\n\treturn trimmed.repeat(${i + 1});\n}\n\`\`\`\n`,
    );
    parts.push(
      `| 列 A | 列 B |\n| --- | --- |\n| ${i} | ${i * 2} |\n\n- 第一项\n  - 嵌套项\n- 第二项\n\n![图 ${i}](./img-${i % 3}.png)\n`,
    );
    parts.push(`[^n${i}]: 第 ${i} 个脚注。\n`);
  }
  return parts.join('\n');
}

async function benchRender() {
  const source = longPost(20);
  let start = performance.now();
  await markdownToWeixin(source, { path: 'bench.md' });
  record('render: first post (cold, loads the highlighter)', performance.now() - start, 'ms', 3000);
  const processor = createWeixinProcessor({});
  await processor.process(source, { path: 'warm.md' });
  const runs = 20;
  start = performance.now();
  for (let i = 0; i < runs; i += 1) await processor.process(source, { path: `p${i}.md` });
  const perPost = (performance.now() - start) / runs;
  record(`render: long post (${source.length} chars, 20 code blocks), warm`, perPost, 'ms/post', 250);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < runs; i += 1) await processor.process(source, { path: `m${i}.md` });
  globalThis.gc?.();
  record(
    'render: heap growth over 20 more posts',
    (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024,
    'MiB',
    20,
  );
}

async function photo(width, height, seed) {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < raw.length; i += 1) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = x % 256;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function benchPublish() {
  const app = { appid: 'wxbe0c0de0be0c0de0', secret: 'bench-secret-0123456789abcdef012' };
  const emulator = await startEmulator({ port: 0, apps: [app] });
  const root = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-bench-'));
  try {
    // Round trips through the client and emulator on loopback.
    const client = new WeixinClient({ ...app, baseUrl: emulator.url });
    const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    await client.uploadImage({ data: small, filename: 'a.png', contentType: 'image/png' });
    const count = 200;
    let start = performance.now();
    for (let i = 0; i < count; i += 1)
      await client.uploadImage({ data: small, filename: `a${i}.png`, contentType: 'image/png' });
    record(
      'api: uploadimg round trips on loopback',
      count / ((performance.now() - start) / 1000),
      'calls/s',
      200,
      'higher',
    );

    // A whole publish of 24 posts (3 messages, 3 images each) through runWeixin, then the idempotent re-run.
    const posts = 24;
    await mkdir(path.join(root, 'src/content/blog'), { recursive: true });
    for (let i = 0; i < 3; i += 1)
      await writeFile(path.join(root, `src/content/blog/img-${i}.png`), await photo(1200, 800, i + 1));
    for (let i = 0; i < posts; i += 1) {
      await writeFile(
        path.join(root, `src/content/blog/post-${i}.md`),
        longPost(4)
          .replace('基准测试用的长文章', `文章 ${i}`)
          .replace('title:', `weixin: true\npubDate: 2026-01-${String((i % 28) + 1).padStart(2, '0')}\ntitle:`),
      );
    }
    const silent = {
      info() {},
      warn() {},
      error() {},
      debug() {},
      fork() {
        return silent;
      },
    };
    const context = {
      root,
      srcDir: path.join(root, 'src'),
      publicDir: path.join(root, 'public'),
      site: 'https://blog.example.com/',
      outDir: path.join(root, 'dist/weixin'),
      options: resolveOptions({}),
      logger: silent,
      env: {
        WEIXIN_APPID: app.appid,
        WEIXIN_APPSECRET: app.secret,
        WEIXIN_API_BASE: emulator.url,
        WEIXIN_PUBLISH: '1',
      },
    };
    start = performance.now();
    await runWeixin(context);
    record(`publish: ${posts} posts, 3 messages, from nothing`, (performance.now() - start) / 1000, 's', 30);
    const before = emulator.requests.length;
    start = performance.now();
    await runWeixin(context);
    record(`publish: re-run of ${posts} unchanged posts`, (performance.now() - start) / 1000, 's', 10);
    record('publish: API calls on the unchanged re-run', emulator.requests.length - before, 'calls', 0);

    const big = await photo(3000, 2000, 9);
    const { normalizeBodyImage } = await import('../packages/astro-weixin/dist/images/normalize.js');
    start = performance.now();
    await normalizeBodyImage(big);
    record(
      `images: ${(big.length / 1024 / 1024).toFixed(1)} MB 3000x2000 photo to under 1 MB`,
      performance.now() - start,
      'ms',
      4000,
    );
  } finally {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  }
}

await benchRender();
await benchPublish();
record('process: peak RSS', process.resourceUsage().maxRSS / 1024, 'MiB', 1024);
const failed = results.filter((r) => r.ok === false);
await writeFile(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
console.log(failed.length === 0 ? '\nAll benchmark targets met.' : `\n${failed.length} target(s) missed.`);
process.exitCode = failed.length === 0 ? 0 : 1;
