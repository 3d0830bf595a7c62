import { readFile } from 'node:fs/promises';
// The decoder alone: the Markdown pipeline behind the package's main entry is loaded only to render.
import { type DecodedSource, decodeSource } from '@astro-weixin/markdown/decode';
import { type FileStamp, stampFile } from '../utils/file-stamp.js';
import type { PostInfo } from '../config/options.js';

/** The endings Astro reads as Markdown (its `markdown` file extensions) and MDX. */
export const POST_EXTENSIONS = ['md', 'markdown', 'mdown', 'mkdn', 'mkd', 'mdwn', 'mdx'];

/** Where posts are looked for when neither `include` nor a content layer says otherwise. */
export const DEFAULT_INCLUDE = [`src/content/**/*.{${POST_EXTENSIONS.join(',')}}`];

/** A post file's text: UTF-8 with or without a byte-order mark, or why it is not UTF-8. */
export async function readPostFile(file: string): Promise<DecodedSource> {
  return decodeSource(await readFile(file));
}

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
  async read(file: string): Promise<DecodedSource> {
    this.files.set(file, await stampFile(file));
    return readPostFile(file);
  }
}
