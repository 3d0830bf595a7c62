import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Beside the target, named for this process, so two builds sharing a cache never write the same one. */
function temporaryOf(target: string): string {
  return `${target}.${process.pid}.tmp`;
}

/**
 * Writes a file whole or not at all: into a temporary file, then renamed over `file`. A build
 * killed halfway, or a reader at the same moment, sees the old file or the new one, never half.
 * The rename also makes it a new file, so hard links made to the old one keep the old bytes.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryOf(file);
  await writeFile(temporary, data);
  await rename(temporary, file);
}

/**
 * `writeFileAtomic` on the main thread: for a small file written often while image conversions
 * hold libuv's threads, where an async write would wait for a free thread (10 ms and more) and
 * hold up whatever waits for it.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = temporaryOf(file);
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/**
 * Fills a temporary folder, then puts it in `dir`'s place; if filling fails, nothing of it is left
 * and the error is passed on.
 */
export async function replaceFolder(dir: string, fill: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryOf(dir);
  try {
    await rm(temporary, { recursive: true, force: true });
    await fill(temporary);
    await rm(dir, { recursive: true, force: true });
    await rename(temporary, dir);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
