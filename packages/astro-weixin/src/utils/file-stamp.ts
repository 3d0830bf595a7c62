import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * What tells a file is the one seen before without reading it, as git's index does: a write changes
 * the modification and change times, a replacement the inode.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function stampOf(stats: Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** The file's stamp, or null when there is no file there. */
export function stampFile(file: string): Promise<FileStamp | null> {
  return stat(file).then(stampOf, () => null);
}

/**
 * Whether two stamps are of the same unchanged file (or both of no file). `ctime: false` leaves the
 * change time out: making a hard link to a file moves it too, and the dry-run cache links its files.
 */
export function sameStamp(
  a: FileStamp | null | undefined,
  b: FileStamp | null | undefined,
  { ctime = true }: { ctime?: boolean } = {},
): boolean {
  if (!a || !b) return !a && !b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs && (!ctime || a.ctimeMs === b.ctimeMs) && a.ino === b.ino;
}
