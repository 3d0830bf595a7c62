import type { Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type FileStamp, sameStamp, stampOf } from '../utils/file-stamp.js';
import { sha256 } from '../utils/hash.js';
import { DecodedImages } from './cache.js';
import { loadSharp } from './load-sharp.js';
import { ImageResolveError, type ImageSource, type LocatedImage } from './resolve.js';
import { writeFileAtomic } from '../utils/atomic-write.js';

/** An image the checks accepted: where it came from, its content hash, and its bytes when needed. */
export interface CheckedSource {
  origin: string;
  hash: string;
  /** The file it comes from, when it is one: a later build can find it there again. */
  file?: string;
  /**
   * Whether the bytes start as a GIF, when that is known without opening the file again: from
   * the bytes read now, or from the index of an earlier build.
   */
  gif?: boolean;
  /**
   * The bytes, read on first use: a rebuild that knows the file by its size and times reads it
   * only to convert or upload it.
   */
  bytes(): Promise<Uint8Array>;
}

/** An image already in memory (downloaded, a data URI, a drawn cover). */
export function sourceInMemory(origin: string, data: Uint8Array): CheckedSource {
  return { origin, hash: sha256(data), gif: startsAsGif(data), bytes: () => Promise.resolve(data) };
}

/** Whether the bytes start with a GIF signature (GIF87a or GIF89a). */
export function startsAsGif(bytes: Uint8Array): boolean {
  const magic = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(6, bytes.byteLength)).toString('latin1');
  return magic === 'GIF87a' || magic === 'GIF89a';
}

/** How an image was found: what a post named, from where, and what it led to. */
export interface ImageLookup {
  src: string;
  /** The file the image was named in (a post, or the config for `defaultCover`). */
  postFile: string;
  /** The file found, and its stamp when it was read; absent for bytes from a data URI or a download. */
  found?: { file: string; stamp: FileStamp };
}

/**
 * The images of one run of the checks: each distinct image is located, hashed and decoded once,
 * even when several posts share it. Files seen in an earlier build with the same size, times and
 * inode keep their hash and their clean decode without being read (as git's index does).
 */
export class ImageSources {
  private readonly loaded = new Map<string, Promise<CheckedSource>>();
  /** Every image looked up, by its key, for the checks snapshot to look it up again. */
  readonly lookups = new Map<string, ImageLookup>();
  private readonly verdicts: DecodedImages;
  /** The project root's real path, asked once rather than for every image. */
  readonly rootReal: Promise<string>;

  private constructor(
    private readonly index: SourceIndex,
    private readonly root: string,
    cacheDir: string | undefined,
  ) {
    this.verdicts = new DecodedImages(cacheDir);
    this.rootReal = realpath(root);
    // A root that cannot be resolved fails each image's lookup, with the image's own message.
    this.rootReal.catch(() => undefined);
  }

  static async open(root: string, cacheDir: string | undefined): Promise<ImageSources> {
    return new ImageSources(await SourceIndex.open(cacheDir), root, cacheDir);
  }

  /**
   * The image under `key` (its absolute path or address), located by `locate` the first time;
   * `lookup` says what was asked, to be recorded with what was found.
   */
  load(key: string, locate: () => Promise<LocatedImage>, lookup?: Omit<ImageLookup, 'found'>): Promise<CheckedSource> {
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = locate().then((located) => this.checked(located, key, lookup));
      this.loaded.set(key, pending);
    }
    return pending;
  }

  /** Keeps what this run learnt about files for the next build. */
  save(): Promise<void> {
    return this.index.save();
  }

  private async checked(
    located: LocatedImage,
    key: string,
    lookup: Omit<ImageLookup, 'found'> | undefined,
  ): Promise<CheckedSource> {
    if (!('file' in located)) {
      if (lookup) this.lookups.set(key, lookup);
      return this.decoded(located);
    }
    const { file } = located;
    // The times are taken before the bytes are read: a file changed meanwhile is read again next time.
    const stats = await stat(file);
    if (lookup) this.lookups.set(key, { ...lookup, found: { file, stamp: stampOf(stats) } });
    const known = this.index.known(file, stats);
    if (known) return fileSource(file, known.hash, known.gif);
    const source = await this.decoded({ origin: file, data: new Uint8Array(await readFile(file)) });
    this.index.remember(file, stats, source.hash, source.gif === true);
    return { ...source, file };
  }

  /**
   * Decodes every pixel, so a truncated or corrupt file is named here, with its post and line,
   * rather than failing in Astro's image step or half-way through the uploads.
   */
  private async decoded(source: ImageSource): Promise<CheckedSource> {
    const checked = sourceInMemory(source.origin, source.data);
    if (await this.verdicts.known(checked.hash)) return checked;
    try {
      const sharp = await loadSharp();
      const { format } = await sharp(source.data, { animated: false, failOn: 'truncated' }).metadata();
      // A JPG or PNG that ends where its format says it ends is whole; anything else is decoded to the last pixel.
      if (!endsWhole(source.data, format)) await sharp(source.data, { animated: false, failOn: 'truncated' }).stats();
      await this.verdicts.remember(checked.hash);
    } catch (error) {
      const name = path.isAbsolute(source.origin) ? path.relative(this.root, source.origin) : source.origin;
      throw new ImageResolveError(
        `image ${name} cannot be decoded, it is corrupt or not an image (${(error as Error).message.split('\n')[0]})`,
      );
    }
    return checked;
  }
}

/** A file known by its hash, read when first needed; a file changed since the checks is refused, not sent. */
export function fileSource(file: string, hash: string, gif?: boolean): CheckedSource {
  let reading: Promise<Uint8Array> | undefined;
  const read = async () => {
    const data = new Uint8Array(await readFile(file));
    if (sha256(data) !== hash) {
      throw new Error(`${file} changed while the site was building; build again to check and use the new version`);
    }
    return data;
  };
  return {
    origin: file,
    hash,
    file,
    ...(gif === undefined ? {} : { gif }),
    bytes: () => {
      reading ??= read();
      return reading;
    },
  };
}

interface IndexEntry extends FileStamp {
  hash: string;
  gif: boolean;
}

/** Real path -> what the file was when it was last hashed and decoded cleanly, kept in Astro's cache directory. */
class SourceIndex {
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly entries: Record<string, IndexEntry>,
  ) {}

  static async open(cacheDir: string | undefined): Promise<SourceIndex> {
    if (!cacheDir) return new SourceIndex(undefined, {});
    // v2 added `gif`: an index of an earlier version is read as none, and each file read once more.
    const file = path.join(cacheDir, 'astro-weixin', 'sources-v2.json');
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return new SourceIndex(file, parsed as Record<string, IndexEntry>);
    } catch {
      // Missing or damaged: every file is read and hashed again.
    }
    return new SourceIndex(file, {});
  }

  known(file: string, stats: Stats): { hash: string; gif: boolean } | undefined {
    const entry = this.entries[file];
    if (!entry || !sameStamp(entry, stampOf(stats)) || typeof entry.hash !== 'string') return undefined;
    return { hash: entry.hash, gif: entry.gif === true };
  }

  remember(file: string, stats: Stats, hash: string, gif: boolean): void {
    this.entries[file] = { ...stampOf(stats), hash, gif };
    this.changed = true;
  }

  async save(): Promise<void> {
    if (!this.file || !this.changed) return;
    try {
      await writeFileAtomic(this.file, JSON.stringify(this.entries));
      this.changed = false;
    } catch {
      // A cache that cannot be written only costs the next build some reading.
    }
  }
}

/** Whether a JPG ends with its end-of-image marker, or a PNG with its IEND chunk: the cheap sign that nothing was cut off. */
function endsWhole(data: Uint8Array, format: string | undefined): boolean {
  const tail = (length: number) => Buffer.from(data.buffer, data.byteOffset + data.byteLength - length, length);
  if (data.byteLength < 12) return false;
  if (format === 'jpeg') return tail(2).equals(JPEG_END);
  if (format === 'png') return tail(12).subarray(4, 8).equals(PNG_END);
  return false;
}

const JPEG_END = Buffer.from([0xff, 0xd9]);
const PNG_END = Buffer.from('IEND', 'latin1');
