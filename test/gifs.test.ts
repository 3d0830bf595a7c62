// Animated GIFs with real `astro build` runs: kept animated as permanent material on the emulator,
// uploaded once per account, sent as a still with a warning when too big, kept whole in a dry run.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Emulator, startEmulator } from '@astro-weixin/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_APP } from './helpers/app.js';
import { astroBuild, dryRunOut, makeSite, publishEnv, writeAstroConfig } from './helpers/fixture.js';
import { makeAnimatedGif, makeImage } from './helpers/images.js';

let emulator: Emulator;
let site: { root: string; cleanup: () => Promise<void> };
let gif: Uint8Array;
const lockfile = () => path.join(site.root, 'weixin.lock.json');
const config = (options: string) => writeAstroConfig(site.root, options);
const build = () => astroBuild(site.root, publishEnv(emulator.url, lockfile()));
const calls = (call: string) => emulator.requests.filter((r) => r.call === call && r.errcode === 0).length;
const post = (title: string, text: string) =>
  `---\ntitle: ${title}\npubDate: 2026-01-02\nweixin: true\n---\n\n${text}\n\n![动图](./moving.gif)\n\n![静图](./still.gif)\n\n![图](./photo.png)\n`;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apps: [TEST_APP] });
  gif = await makeAnimatedGif(60, 40, 4);
  site = await makeSite(
    {
      'src/content/blog/one.md': post('第一篇', '正文。'),
      'src/content/blog/two.md': `---\ntitle: 第二篇\npubDate: 2026-01-01\nweixin: true\n---\n\n又一篇。\n\n![动图](./moving.gif)\n`,
      'src/content/blog/moving.gif': gif,
      'src/content/blog/still.gif': await makeAnimatedGif(60, 40, 1),
      'src/content/blog/photo.png': await makeImage(120, 80, 'png', { seed: 3 }),
    },
    "{ target: 'draft' }",
  );
});
afterAll(async () => {
  await emulator?.close();
  await site?.cleanup();
});
beforeEach(async () => {
  emulator.reset();
  await writeFile(lockfile(), '{"version":1,"accounts":{}}\n');
  await writeFile(path.join(site.root, 'src/content/blog/one.md'), post('第一篇', '正文。'));
});

describe('an animated GIF in a post', () => {
  it('goes up once as permanent image material, served as image/gif under mmbiz_gif, and stays in the body', async () => {
    await config("{ target: 'draft' }");
    const result = await build();
    expect(result.code, result.output).toBe(0);
    const images = emulator.state().materials.filter((m) => m.type === 'image');
    expect(images).toHaveLength(1);
    expect(images[0]!.format).toBe('gif');
    // The still GIF and the PNG go through uploadimg, as PNGs.
    expect(calls('media/uploadimg')).toBe(2);
    const content = emulator
      .state()
      .drafts.flatMap((d) => d.articles.map((a) => a.content))
      .join('\n');
    const url = /src="([^"]*\/mmbiz_gif\/[^"]+)"/.exec(content)?.[1];
    expect(url, content).toBeDefined();
    // Both posts use the one upload.
    expect(content.split(url!).length - 1).toBe(2);
    const served = await fetch(url!.replaceAll('&amp;', '&'));
    expect(served.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(gif))).toBe(true);
  });

  it('is not uploaded again by a later deploy that changes the post', async () => {
    await config("{ target: 'draft' }");
    expect((await build()).code).toBe(0);
    const lock = JSON.parse(await readFile(lockfile(), 'utf8'));
    const [account] = Object.values(lock.accounts) as { images: Record<string, { media_id?: string }> }[];
    const animated = Object.entries(account!.images).filter(([key]) => key.startsWith('animated-gif:'));
    expect(animated).toHaveLength(1);
    expect(animated[0]![1].media_id).toMatch(/\w+/);
    await writeFile(path.join(site.root, 'src/content/blog/one.md'), post('第一篇', '改过的正文。'));
    const again = await build();
    expect(again.code, again.output).toBe(0);
    expect(emulator.state().materials.filter((m) => m.type === 'image')).toHaveLength(1);
    expect(calls('draft/update')).toBe(1);
  });

  it('over gifMaxBytes goes through uploadimg as its first frame, with a warning at file:line saying how to shrink it', async () => {
    await config("{ target: 'draft', gifMaxBytes: 100 }");
    const result = await build();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(
      /src\/content\/blog\/one\.md:9:1 .*animated GIF `\.\/moving\.gif` is \d[\d.]* (?:KB|bytes) \(4 frames\), over the 100 bytes .*`gifMaxBytes`.*first frame, still.*gifsicle -b -O3 --lossy=80 .* moving\.gif`/,
    );
    expect(emulator.state().materials.filter((m) => m.type === 'image')).toHaveLength(0);
    expect(calls('media/uploadimg')).toBe(3);
  });
});

describe('an animated GIF in a dry run', () => {
  it('is written as the same .gif file, and the article page shows it', async () => {
    await config("{ target: 'draft' }");
    const result = await astroBuild(site.root);
    expect(result.code, result.output).toBe(0);
    const dir = dryRunOut(site.root);
    const gifs = (await readdir(path.join(dir, 'images'))).filter((file) => file.endsWith('.gif'));
    expect(gifs).toHaveLength(1);
    expect(Buffer.from(await readFile(path.join(dir, 'images', gifs[0]!))).equals(Buffer.from(gif))).toBe(true);
    expect(await readFile(path.join(dir, 'articles', 'one.html'), 'utf8')).toContain(`images/${gifs[0]}`);
  });
});
