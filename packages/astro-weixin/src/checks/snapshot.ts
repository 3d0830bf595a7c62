import { readFile, realpath } from 'node:fs/promises';
import type { LeftOutPost } from '../select/posts.js';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { type CheckInputs, findPostFiles } from '../select/post-files.js';
import { workFingerprint } from '../utils/code-fingerprint.js';
import { contentStorePath } from '../select/content-layer.js';
import { type FileStamp, sameStamp, stampFile } from '../utils/file-stamp.js';
import { sha256 } from '../utils/hash.js';
import { localCandidates, locateImage } from '../images/resolve.js';
import { type CheckedSource, fileSource, type ImageLookup, sourceInMemory } from '../images/sources.js';
import type { PostInfo, ResolvedOptions } from '../config/options.js';
import { postAddress } from '../select/post-address.js';
import type { PreparedArticle } from '../render/article.js';
import type { Problem } from '../utils/problems.js';
import { writeFileAtomic } from '../utils/atomic-write.js';

/** Bumped when what is stored changes shape. */
const SNAPSHOT_VERSION = 1;

/** What decides the checks besides the files they read. */
export interface SnapshotScope {
  root: string;
  srcDir: string;
  publicDir: string;
  cacheDir?: string | undefined;
  site?: string | undefined;
  options: ResolvedOptions;
}

/** What the checks found: the posts selected, the articles that passed, and the warnings to repeat. */
export interface CheckOutcome {
  posts: number;
  articles: PreparedArticle[];
  warnings: Problem[];
  /** The posts seen but not selected, and why. */
  leftOut: LeftOutPost[];
}

/** A checked image without its reader: a file found again by its path, or the bytes themselves. */
interface StoredSource {
  origin: string;
  hash: string;
  file?: string;
  /** Whether the file is a GIF, as the checks found (see CheckedSource.gif). */
  gif?: boolean;
  data?: Uint8Array;
}

type StoredArticle = Omit<PreparedArticle, 'images' | 'cover'> & {
  images: (Omit<PreparedArticle['images'][number], 'source'> & { source: StoredSource })[];
  cover: Omit<PreparedArticle['cover'], 'source'> & { source: StoredSource };
};

interface Snapshot {
  version: number;
  /** The code, options and folders the checks ran with. */
  key: string;
  store?: FileStamp | null;
  globbed?: string[];
  files: [string, FileStamp | null][];
  filtered: { info: PostInfo; kept: boolean }[];
  images: ImageLookup[];
  posts: number;
  articles: StoredArticle[];
  warnings: Problem[];
  leftOut: LeftOutPost[];
}

function snapshotFile(cacheDir: string): string {
  return path.join(cacheDir, 'astro-weixin', `checks-v${SNAPSHOT_VERSION}.bin`);
}

async function snapshotKey(scope: SnapshotScope): Promise<string> {
  // `filter` and `postUrl` functions are also asked again: they may decide by more than their source.
  const work = await workFingerprint(scope.options);
  return sha256(JSON.stringify([work, scope.root, scope.srcDir, scope.publicDir, scope.site ?? null]));
}

const isDataUri = (src: string) => /^\s*data:/i.test(src);

/**
 * The last checks' outcome when nothing they read has changed since: the same code and options,
 * the same list of posts, and every post file and image file with the same stamp (size, times,
 * inode), found again where it was found. A rebuild with nothing changed then neither parses front
 * matter nor opens a rendered article. Anything in doubt answers undefined, and the checks run.
 */
export async function reusedChecks(scope: SnapshotScope): Promise<CheckOutcome | undefined> {
  if (!scope.cacheDir) return undefined;
  let snapshot: Snapshot;
  try {
    snapshot = deserialize(await readFile(snapshotFile(scope.cacheDir))) as Snapshot;
  } catch {
    return undefined;
  }
  if (snapshot?.version !== SNAPSHOT_VERSION || snapshot.key !== (await snapshotKey(scope))) return undefined;
  // Asked once for every image, as the checks do.
  const rootReal = realpath(scope.root);
  rootReal.catch(() => undefined);
  const unchanged = await Promise.all([
    sameCandidates(scope, snapshot),
    ...snapshot.files.map(async ([file, stamp]) => sameStamp(await stampFile(file), stamp)),
    ...snapshot.images.map((lookup) => sameImage(scope, lookup, rootReal)),
  ]);
  if (!unchanged.every(Boolean) || !sameAnswers(scope, snapshot)) return undefined;
  return {
    posts: snapshot.posts,
    articles: reviveArticles(snapshot.articles),
    warnings: snapshot.warnings,
    leftOut: snapshot.leftOut,
  };
}

/** The same data store, or the same files matched by the globs. */
async function sameCandidates(scope: SnapshotScope, snapshot: Snapshot): Promise<boolean> {
  if (snapshot.store !== undefined) {
    if (!sameStamp(await stampFile(contentStorePath(scope.cacheDir!)), snapshot.store)) return false;
  }
  if (snapshot.globbed) {
    const files = await findPostFiles(scope.root, scope.options.include);
    if (files.length !== snapshot.globbed.length || files.some((file, i) => file !== snapshot.globbed![i]))
      return false;
  }
  return true;
}

/** The image is found where it was, and that file is the one read then. */
async function sameImage(scope: SnapshotScope, lookup: ImageLookup, rootReal: Promise<string>): Promise<boolean> {
  // A data URI's bytes are in the post, whose file is stamped.
  if (!lookup.found) return isDataUri(lookup.src);
  const { found } = lookup;
  const context = { root: scope.root, publicDir: scope.publicDir, srcDir: scope.srcDir, postFile: lookup.postFile };
  const candidates = localCandidates(lookup.src, context);
  const at = candidates.indexOf(found.file);
  if (at >= 0) {
    // Found under its own name, no link on the way: still there with the same stamp, and nothing
    // new in a place looked at before it. stat answers as realpath would, without a readlink per
    // folder of the path.
    const stamps = await Promise.all(candidates.slice(0, at + 1).map(stampFile));
    return stamps.slice(0, at).every((stamp) => stamp === null) && sameStamp(stamps[at], found.stamp);
  }
  // Found through a symbolic link: look it up again the whole way.
  const located = await locateImage(lookup.src, {
    ...context,
    remote: scope.options.remoteImages,
    rootReal,
  }).catch(() => undefined);
  if (!located || !('file' in located) || located.file !== found.file) return false;
  return sameStamp(await stampFile(located.file), found.stamp);
}

/** `filter` and a `postUrl` function answer as they did: they may decide by more than the post. */
function sameAnswers(scope: SnapshotScope, snapshot: Snapshot): boolean {
  const { filter, postUrl } = scope.options;
  try {
    if (filter && !snapshot.filtered.every(({ info, kept }) => filter(info) === kept)) return false;
    if (typeof postUrl === 'function') {
      return snapshot.articles.every(
        ({ post }) =>
          post.settings.content_source_url !== undefined || postAddress(post, postUrl, scope.site) === post.url,
      );
    }
  } catch {
    // The checks will ask again, and report what it throws.
    return false;
  }
  return true;
}

/**
 * Keeps what the checks found for the next build. Nothing is kept when an input cannot be checked
 * by its stamp (a downloaded image), or when this run said something only the work would say again.
 */
export async function saveChecks(
  scope: SnapshotScope,
  inputs: CheckInputs,
  images: ImageLookup[],
  outcome: CheckOutcome,
): Promise<void> {
  if (!scope.cacheDir || !inputs.reusable) return;
  if (images.some((lookup) => !lookup.found && !isDataUri(lookup.src))) return;
  try {
    const snapshot: Snapshot = {
      version: SNAPSHOT_VERSION,
      key: await snapshotKey(scope),
      ...(inputs.store !== undefined ? { store: inputs.store } : {}),
      ...(inputs.globbed ? { globbed: inputs.globbed } : {}),
      files: [...inputs.files],
      filtered: inputs.filtered,
      images,
      posts: outcome.posts,
      articles: await storeArticles(outcome.articles),
      warnings: outcome.warnings,
      leftOut: outcome.leftOut,
    };
    await writeFileAtomic(snapshotFile(scope.cacheDir), serialize(snapshot));
  } catch {
    // A value that cannot be stored (front matter from a custom loader) or a cache that cannot be
    // written: the next build runs the checks.
  }
}

async function storeArticles(articles: PreparedArticle[]): Promise<StoredArticle[]> {
  // One stored source per checked source, so an image shared by posts is read once after reviving too.
  const stored = new Map<CheckedSource, Promise<StoredSource>>();
  const store = (source: CheckedSource) => {
    let entry = stored.get(source);
    if (!entry) {
      entry = source.file
        ? Promise.resolve({
            origin: source.origin,
            hash: source.hash,
            file: source.file,
            ...(source.gif === undefined ? {} : { gif: source.gif }),
          })
        : source.bytes().then((data) => ({ origin: source.origin, hash: source.hash, data }));
      stored.set(source, entry);
    }
    return entry;
  };
  return Promise.all(
    articles.map(async (article) => ({
      ...article,
      images: await Promise.all(article.images.map(async (image) => ({ ...image, source: await store(image.source) }))),
      cover: { ...article.cover, source: await store(article.cover.source) },
    })),
  );
}

function reviveArticles(articles: StoredArticle[]): PreparedArticle[] {
  // Shared sources come back from the snapshot as one object, and stay one.
  const revived = new Map<StoredSource, CheckedSource>();
  const revive = (source: StoredSource) => {
    let checked = revived.get(source);
    if (!checked) {
      checked = source.file
        ? fileSource(source.file, source.hash, source.gif)
        : sourceInMemory(source.origin, source.data!);
      revived.set(source, checked);
    }
    return checked;
  };
  return articles.map((article) => ({
    ...article,
    images: article.images.map((image) => ({ ...image, source: revive(image.source) })),
    cover: { ...article.cover, source: revive(article.cover.source) },
  }));
}
