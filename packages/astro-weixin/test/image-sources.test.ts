// The images of a run of the checks: hashed and decoded once, and known by size and times on the next build.
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/utils/hash.js';
import { animationOf } from '../src/images/animation.js';
import { ImageSources } from '../src/images/sources.js';
import { makeAnimatedGif, makeImage } from '../../../test/helpers/images.js';

let root: string;
let cacheDir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'weixin-sources-'));
  cacheDir = path.join(root, 'node_modules/.astro');
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Loads `file` in a new run of the checks, as the next build would. */
async function loadInNewRun(file: string, dir: string | undefined = cacheDir) {
  const sources = await ImageSources.open(root, dir);
  const source = await sources.load(file, async () => ({ file }));
  await sources.save();
  return source;
}

describe('ImageSources', () => {
  it('knows a GIF from anything else without opening the file again, in this build and from the index', async () => {
    const jpg = path.join(root, 'photo.jpg');
    const gif = path.join(root, 'moving.gif');
    await writeFile(jpg, await makeImage(32, 24, 'jpeg'));
    await writeFile(gif, await makeAnimatedGif(16, 16, 3));
    for (const run of ['read now', 'known from the index']) {
      const [photo, moving] = [await loadInNewRun(jpg), await loadInNewRun(gif)];
      expect([photo.gif, moving.gif], run).toEqual([false, true]);
      expect(await animationOf(moving), run).toMatchObject({ frames: 3 });
    }
    // Known as no GIF, the photo is not opened to ask: gone, it still answers.
    const known = await loadInNewRun(jpg);
    await rm(jpg);
    expect(await animationOf(known)).toBeUndefined();
  });

  it('hashes a file the first time, and knows it by its size and times on the next build', async () => {
    const file = path.join(root, 'a.png');
    const data = await makeImage(32, 24, 'png');
    await writeFile(file, data);
    const first = await loadInNewRun(file);
    expect(first.hash).toBe(sha256(data));
    const known = await loadInNewRun(file);
    expect(known.hash).toBe(first.hash);
    expect(Buffer.from(await known.bytes()).equals(Buffer.from(data))).toBe(true);
    // The hash comes from the index, not from the bytes: an index that says otherwise is believed
    // (and its bytes are then refused as changed).
    const index = path.join(cacheDir, 'astro-weixin', 'sources-v2.json');
    const entries = JSON.parse(await readFile(index, 'utf8')) as Record<string, { hash: string }>;
    entries[file]!.hash = 'f'.repeat(64);
    await writeFile(index, JSON.stringify(entries));
    const believed = await loadInNewRun(file);
    expect(believed.hash).toBe('f'.repeat(64));
    await expect(believed.bytes()).rejects.toThrow(/changed while the site was building/);
  });

  it('reads, hashes and decodes a file again once it has changed, and refuses one that is now corrupt', async () => {
    const file = path.join(root, 'a.png');
    await writeFile(file, await makeImage(32, 24, 'png'));
    const first = await loadInNewRun(file);
    const other = await makeImage(40, 30, 'png');
    await writeFile(file, other);
    const second = await loadInNewRun(file);
    expect(second.hash).toBe(sha256(other));
    expect(second.hash).not.toBe(first.hash);
    await truncate(file, 100);
    await expect(loadInNewRun(file)).rejects.toThrow(/cannot be decoded/);
  });

  it('will not hand out bytes that changed after the checks', async () => {
    const file = path.join(root, 'a.png');
    await writeFile(file, await makeImage(32, 24, 'png'));
    await loadInNewRun(file);
    // Known from the index, so not read by the checks; then changed behind their back.
    const known = await loadInNewRun(file);
    await writeFile(file, await makeImage(50, 20, 'png'));
    await expect(known.bytes()).rejects.toThrow(/changed while the site was building/);
  });

  it('loads each image once per run, and keeps nothing without a cache directory', async () => {
    const file = path.join(root, 'a.png');
    await writeFile(file, await makeImage(32, 24, 'png'));
    const sources = await ImageSources.open(root, undefined);
    let located = 0;
    const locate = async () => {
      located += 1;
      return { file };
    };
    const [a, b] = await Promise.all([sources.load(file, locate), sources.load(file, locate)]);
    expect(located).toBe(1);
    expect(a).toBe(b);
    await sources.save();
    const again = await ImageSources.open(root, undefined);
    await again.load(file, locate);
    expect(located).toBe(2);
  });
});
