import { open } from 'node:fs/promises';
import { loadSharp } from './load-sharp.js';
import { type CheckedSource, startsAsGif } from './sources.js';

/** What an animated GIF is, as far as the upload needs to know. */
export interface Animation {
  frames: number;
  bytes: number;
  width: number;
  height: number;
}

/**
 * The animation of a GIF with more than one frame, or undefined for anything else. Whether the
 * bytes are a GIF is usually known from the checks (see CheckedSource.gif); else only the first six
 * bytes of the file are read, so a rebuild does not read every JPG again.
 */
export async function animationOf(source: CheckedSource): Promise<Animation | undefined> {
  if (!(source.gif ?? startsAsGif(await headOf(source)))) return undefined;
  const data = await source.bytes();
  const sharp = await loadSharp();
  const meta = await sharp(data, { animated: true }).metadata();
  const frames = meta.pages ?? 1;
  if (frames < 2) return undefined;
  return { frames, bytes: data.byteLength, width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
}

async function headOf(source: CheckedSource): Promise<Uint8Array> {
  if (!source.file) return (await source.bytes()).subarray(0, 6);
  const handle = await open(source.file, 'r');
  try {
    const head = new Uint8Array(6);
    await handle.read(head, 0, 6, 0);
    return head;
  } finally {
    await handle.close();
  }
}
