import { readFile } from 'node:fs/promises';
import { type FileStamp, stampFile } from '../utils/file-stamp.js';
import type { PostInfo } from '../config/options.js';

/** Where posts are looked for when neither `include` nor a content layer says otherwise. */
export const DEFAULT_INCLUDE = ['src/content/**/*.md', 'src/content/**/*.mdx'];

/** The post files the include globs match, sorted. */
export async function findPostFiles(root: string, include: string[] | undefined): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const files = await glob(include ?? DEFAULT_INCLUDE, { cwd: root, absolute: true, ignore: ['**/node_modules/**'] });
  return files.sort();
}

/**
 * What one run of the checks read to find and judge the posts, recorded so that a later build can
 * tell, by stamps alone, whether any of it changed (see checks/snapshot.ts).
 */
export class CheckInputs {
  /** The content layer's data store, when posts were looked for there (null: there was none). */
  store?: FileStamp | null;
  /** The files the include globs matched, when posts were looked for with them. */
  globbed?: string[];
  /** Every post file read, with its stamp (null: listed in the data store, but gone). */
  readonly files = new Map<string, FileStamp | null>();
  /** What the `filter` option was asked, and what it answered. */
  readonly filtered: { info: PostInfo; kept: boolean }[] = [];
  /** False when this run said something that only doing the work again would say again. */
  reusable = true;

  /** Reads a post file, stamped first: a file changed meanwhile is read again next build. */
  async read(file: string): Promise<string> {
    this.files.set(file, await stampFile(file));
    return readFile(file, 'utf8');
  }
}
