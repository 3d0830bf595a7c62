import type { Dirent } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Batch } from '../messages/batches.js';
import { workFingerprint } from '../utils/code-fingerprint.js';
import { sha256 } from '../utils/hash.js';
import type { ResolvedOptions } from '../config/options.js';
import type { PreparedArticle } from '../render/article.js';
import type { MessageOutcome } from '../messages/publish-batches.js';
import { replaceFolder } from '../utils/atomic-write.js';
import { type FileStamp, sameStamp, stampOf } from '../utils/file-stamp.js';

/** Bumped when what is kept changes shape. */
const CACHE_VERSION = 1;

/** What a dry run wrote and said, besides its files. */
export interface DryRunRecord {
  outcomes: MessageOutcome[];
  /** The dry run's preview index, relative to its folder. */
  index: string;
  /** What the upload log said, message by message. */
  uploadLines: string[];
  summary: string;
}

interface Kept {
  version: number;
  key: string;
  dirs: string[];
  /** Each kept file's stamp: an edit in place (through a link in dist) changes it. */
  files: [string, FileStamp][];
  outcomes: (Omit<MessageOutcome, 'batch'> & { batchIndex: number })[];
  index: string;
  uploadLines: string[];
  summary: string;
}

/**
 * The last dry run's folder, kept in Astro's cache directory as hard links: Astro empties the
 * output folder on every build, and a rebuild whose dry run would write the same files (the same
 * messages, options and code) links them back instead of writing them again while the pages are
 * built. A kept file that changed since (edited in place through `dist`) is not used.
 */
export class DryRunCache {
  private readonly dir: string | undefined;

  /** `account`: one of several accounts, whose dry run is kept beside the others'. */
  constructor(cacheDir: string | undefined, account?: string | undefined) {
    const name = `dry-run-v${CACHE_VERSION}${account === undefined ? '' : `-${account}`}`;
    this.dir = cacheDir ? path.join(cacheDir, 'astro-weixin', name) : undefined;
  }

  /** Everything a dry run's files and lines follow from, besides the images' conversions (by hash). */
  static async key(input: {
    options: ResolvedOptions;
    delivery: string;
    batches: Batch[];
    articles: PreparedArticle[];
  }): Promise<string> {
    const work = await workFingerprint(input.options);
    const batches = input.batches.map((batch) => [
      batch.name,
      batch.hash,
      batch.articles.map((article) => [article.post.file, article.post.slug, article.contentHash]),
    ]);
    // The theme previews render the sources again.
    const sources = input.articles.map((article) => sha256(article.post.source));
    return sha256(JSON.stringify([work, input.delivery, batches, sources]));
  }

  /** Links the kept dry run into `outDir` when it was made under `key`; undefined when it cannot be. */
  async replay(key: string, outDir: string, batches: Batch[]): Promise<DryRunRecord | undefined> {
    if (!this.dir) return undefined;
    const dir = this.dir;
    let kept: Kept;
    try {
      kept = deserialize(await readFile(path.join(dir, 'meta.bin'))) as Kept;
    } catch {
      return undefined;
    }
    if (kept?.version !== CACHE_VERSION || kept.key !== key) return undefined;
    const untouched = await Promise.all(
      kept.files.map(([file, stamp]) =>
        stat(path.join(dir, 'files', file)).then(
          (found) => sameStamp(stampOf(found), stamp, { ctime: false }),
          () => false,
        ),
      ),
    );
    if (!untouched.every(Boolean)) return undefined;
    try {
      await rm(outDir, { recursive: true, force: true });
      for (const sub of kept.dirs) await mkdir(path.join(outDir, sub), { recursive: true });
      await Promise.all(kept.files.map(([file]) => linkOrCopy(path.join(dir, 'files', file), path.join(outDir, file))));
    } catch {
      // The dry run is written again, into a folder it empties first.
      return undefined;
    }
    return {
      outcomes: kept.outcomes.map(({ batchIndex, ...outcome }) => ({ ...outcome, batch: batches[batchIndex]! })),
      index: kept.index,
      uploadLines: kept.uploadLines,
      summary: kept.summary,
    };
  }

  /** Keeps what a dry run wrote into `outDir` (and said) under `key`, in place of the last one. */
  async keep(key: string, outDir: string, batches: Batch[], record: DryRunRecord): Promise<void> {
    if (!this.dir) return;
    try {
      await replaceFolder(this.dir, (fresh) => this.fill(fresh, key, outDir, batches, record));
    } catch {
      // Not kept: the next build writes its dry run in full.
    }
  }

  /** The dry run's files (linked where possible) and what it said, in a folder of their own. */
  private async fill(
    fresh: string,
    key: string,
    outDir: string,
    batches: Batch[],
    record: DryRunRecord,
  ): Promise<void> {
    const entries = (await readdir(outDir, { recursive: true, withFileTypes: true })) as Dirent[];
    const relative = (entry: Dirent) => path.relative(outDir, path.join(entry.parentPath, entry.name));
    const dirs = entries.filter((entry) => entry.isDirectory()).map(relative);
    const files = entries.filter((entry) => entry.isFile()).map(relative);
    await mkdir(path.join(fresh, 'files'), { recursive: true });
    for (const sub of dirs) await mkdir(path.join(fresh, 'files', sub), { recursive: true });
    await Promise.all(files.map((file) => linkOrCopy(path.join(outDir, file), path.join(fresh, 'files', file))));
    const stamps = await Promise.all(files.map((file) => stat(path.join(fresh, 'files', file))));
    const kept: Kept = {
      version: CACHE_VERSION,
      key,
      dirs,
      files: files.map((file, index) => [file, stampOf(stamps[index]!)]),
      outcomes: record.outcomes.map(({ batch, ...outcome }) => ({ ...outcome, batchIndex: batches.indexOf(batch) })),
      index: record.index,
      uploadLines: record.uploadLines,
      summary: record.summary,
    };
    await writeFile(path.join(fresh, 'meta.bin'), serialize(kept));
  }
}

/** A hard link, or a copy where links are not allowed (another file system). */
function linkOrCopy(from: string, to: string): Promise<void> {
  return link(from, to).catch(() => copyFile(from, to));
}
