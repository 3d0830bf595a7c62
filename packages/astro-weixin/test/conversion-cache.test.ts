// Converted images kept between builds in Astro's cache directory.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversionCache, DecodedImages } from '../src/images/cache.js';
import { normalizeFor } from '../src/images/convert.js';
import { makeImage } from '../../../test/helpers/images.js';

const inMemory = (data: Uint8Array) => ({ bytes: async () => data });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'weixin-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ConversionCache', () => {
  it('converts an image once; the next build reads the same bytes from the cache', async () => {
    const image = {
      kind: 'image' as const,
      hash: 'abc123',
      source: inMemory(await makeImage(2400, 1200, 'webp', { noise: true })),
    };
    let conversions = 0;
    const counting = (cache: ConversionCache) =>
      cache.through(image.kind, image.hash, () => {
        conversions += 1;
        return normalizeFor(image as never);
      });
    const cache = new ConversionCache(dir);
    const first = await counting(cache);
    await cache.save();
    // A new instance, as in the next build.
    const second = await counting(new ConversionCache(dir));
    expect(conversions).toBe(1);
    expect(Buffer.from(second.data).equals(Buffer.from(first.data))).toBe(true);
    expect(second).toMatchObject({ format: first.format, width: first.width, height: first.height });
  });

  it('converts again when an entry is damaged, and does nothing at all without a cache directory', async () => {
    const image = { kind: 'image' as const, hash: 'def456', source: inMemory(await makeImage(64, 48, 'png')) };
    const cache = new ConversionCache(dir);
    await normalizeFor(image as never, cache);
    await cache.save();
    const folder = path.join(dir, 'astro-weixin', 'images-v4');
    expect((await readdir(folder)).sort()).toEqual(['image-def456.png', 'index.json']);
    await writeFile(path.join(folder, 'index.json'), '{');
    let converted = false;
    await new ConversionCache(dir).through('image', image.hash, () => {
      converted = true;
      return normalizeFor(image as never);
    });
    expect(converted).toBe(true);

    let uncached = 0;
    const none = new ConversionCache(undefined);
    for (let i = 0; i < 2; i += 1)
      await none.through('image', 'x', async () => ({ ...(await normalizeFor(image as never)), width: ++uncached }));
    expect(uncached).toBe(2);
  });
});

/** A conversion of a small PNG that counts its calls, and a folder to write outputs into. */
async function countedConversion(hash: string) {
  const data = await makeImage(64, 48, 'png');
  let calls = 0;
  const convert = () => {
    calls += 1;
    return normalizeFor({ kind: 'image', hash, source: inMemory(data) } as never);
  };
  const out = path.join(dir, `out-${hash}`);
  await mkdir(out);
  return { convert, conversions: () => calls, out };
}

describe('ConversionCache.writeTo', () => {
  it('writes the conversion once, then copies the cached file without converting or reading it', async () => {
    const { convert, conversions, out } = await countedConversion('png1');
    const cache = new ConversionCache(dir);
    expect(await cache.writeTo('image', 'png1', convert, path.join(out, 'first'))).toBe('png');
    await cache.save();
    expect(await new ConversionCache(dir).writeTo('image', 'png1', convert, path.join(out, 'second'))).toBe('png');
    expect(conversions()).toBe(1);
    const [first, second] = await Promise.all([
      readFile(path.join(out, 'first.png')),
      readFile(path.join(out, 'second.png')),
    ]);
    expect(second.equals(first)).toBe(true);
    // Without a cache directory every call converts.
    await new ConversionCache(undefined).writeTo('image', 'png1', convert, path.join(out, 'third'));
    expect(conversions()).toBe(2);
    expect((await readFile(path.join(out, 'third.png'))).equals(first)).toBe(true);
  });
});

describe('ConversionCache and an output edited in place', () => {
  it('converts again rather than reuse bytes that a tool changed through the link', async () => {
    const { convert, conversions, out } = await countedConversion('png2');
    const cache = new ConversionCache(dir);
    await cache.writeTo('image', 'png2', convert, path.join(out, 'first'));
    await cache.writeTo('image', 'png2', convert, path.join(out, 'second'));
    await cache.writeTo('image', 'png2', convert, path.join(out, 'again'));
    const [second, again] = await Promise.all([stat(path.join(out, 'second.png')), stat(path.join(out, 'again.png'))]);
    // Both are the cached file itself, linked: nothing was copied.
    expect(again.ino).toBe(second.ino);
    expect(second.nlink).toBe(3);
    expect(conversions()).toBe(1);
    const original = await readFile(path.join(out, 'first.png'));

    // A post-processor rewrites the output in place (same inode), which changes the cached file too.
    await writeFile(path.join(out, 'second.png'), 'not the conversion');
    const uploaded = await cache.through('image', 'png2', convert);
    expect(Buffer.from(uploaded.data).equals(original)).toBe(true);
    expect(conversions()).toBe(2);
    await cache.writeTo('image', 'png2', convert, path.join(out, 'third'));
    expect((await readFile(path.join(out, 'third.png'))).equals(original)).toBe(true);
  });
});

describe('DecodedImages', () => {
  it('remembers an image that decoded cleanly for the next build, and nothing without a cache directory', async () => {
    expect(await new DecodedImages(dir).known('h1')).toBe(false);
    await new DecodedImages(dir).remember('h1');
    expect(await new DecodedImages(dir).known('h1')).toBe(true);
    expect(await new DecodedImages(dir).known('h2')).toBe(false);
    const none = new DecodedImages(undefined);
    await none.remember('h1');
    expect(await none.known('h1')).toBe(false);
  });
});
