import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/** A throwaway project folder with the files given (paths relative to it). */
export async function makeProject(
  files: Record<string, string | Uint8Array>,
): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'astro-weixin-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A real image of the given size and format, with noise so it does not compress to nothing. */
export async function makeImage(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp',
  noise = false,
): Promise<Uint8Array> {
  const channels = 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let i = 0; i < raw.length; i += 1) raw[i] = noise ? Math.floor(Math.random() * 256) : (i * 7) % 256;
  const image = sharp(raw, { raw: { width, height, channels } });
  return format === 'jpeg'
    ? image.jpeg({ quality: 95 }).toBuffer()
    : format === 'png'
      ? image.png().toBuffer()
      : image.webp().toBuffer();
}
