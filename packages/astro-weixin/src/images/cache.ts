import { access, copyFile, link, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../utils/hash.js';
import type { NormalizedImage } from './normalize.js';
import { writeFileAtomic } from '../utils/atomic-write.js';

/** Bumped when a conversion changes its output, so older cached files are never used. */
const CONVERSION_VERSION = 4;

type ConversionKind = 'image' | 'miniprogram-card' | 'cover' | 'cover-square';
const EXTENSIONS: readonly NormalizedImage['extension'][] = ['jpg', 'png'];

/** What the cache knows of an entry besides the image's own fields: how to tell its data file is untouched. */
interface EntryMeta extends Omit<NormalizedImage, 'data'> {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/**
 * Converted images kept between builds in Astro's cache directory, keyed by the source's hash and
 * what it was converted for: a rebuild converts only images it has not seen. Each entry is a data
 * file; one index file describes them all, so a rebuild reads one file rather than one per image.
 * A missing, unreadable or altered entry is converted again; a cache that cannot be written is
 * skipped silently, and an entry another build wrote meanwhile is at worst converted once more.
 */
export class ConversionCache {
  private readonly dir: string | undefined;
  private index: Promise<Record<string, EntryMeta>> | undefined;
  private changed = false;

  constructor(cacheDir: string | undefined) {
    this.dir = cacheDir ? path.join(cacheDir, 'astro-weixin', `images-v${CONVERSION_VERSION}`) : undefined;
  }

  /** The converted image, from the cache when its bytes are still the ones converted (checked by hash). */
  async through(
    kind: ConversionKind,
    sourceHash: string,
    convert: () => Promise<NormalizedImage>,
  ): Promise<NormalizedImage> {
    if (!this.dir) return convert();
    const key = `${kind}-${sourceHash}`;
    const cached = await this.read(key);
    if (cached) return cached;
    const converted = await convert();
    await this.write(key, converted).catch(() => undefined);
    return converted;
  }

  /**
   * Puts the converted image at `target` plus its extension and returns the extension. A cached
   * conversion is hard-linked, neither read nor copied: Astro empties the output folder on every
   * build, and 400 links cost less than 400 copies (and less to delete again). A data file changed
   * since it was cached (a tool that edits the output in place) is not linked again: its size and
   * time no longer match, so it is converted afresh.
   */
  async writeTo(
    kind: ConversionKind,
    sourceHash: string,
    convert: () => Promise<NormalizedImage>,
    target: string,
  ): Promise<NormalizedImage['extension']> {
    if (this.dir) {
      const key = `${kind}-${sourceHash}`;
      const meta = (await this.entries())[key];
      const data = meta && this.dataFile(key, meta.extension);
      const untouched =
        data &&
        (await stat(data).then(
          (found) => found.size === meta.size && found.mtimeMs === meta.mtimeMs,
          () => false,
        ));
      if (data && untouched) {
        const linked = await link(data, `${target}.${meta.extension}`).then(
          () => true,
          // Another file system, or links not allowed: a copy does the same.
          () =>
            copyFile(data, `${target}.${meta.extension}`).then(
              () => true,
              () => false,
            ),
        );
        if (linked) return meta.extension;
      }
    }
    const converted = await this.through(kind, sourceHash, convert);
    await writeFile(`${target}.${converted.extension}`, converted.data);
    return converted.extension;
  }

  /** Writes the index if this run added to it; what a run converted is otherwise found again only by converting it. */
  async save(): Promise<void> {
    if (!this.dir || !this.changed) return;
    const entries = await this.entries();
    try {
      await writeFileAtomic(path.join(this.dir, 'index.json'), JSON.stringify(entries));
      this.changed = false;
    } catch {
      // The next build converts those images again.
    }
  }

  private entries(): Promise<Record<string, EntryMeta>> {
    this.index ??= readFile(path.join(this.dir!, 'index.json'), 'utf8').then(
      (text) => {
        const parsed: unknown = JSON.parse(text);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as Record<string, EntryMeta>)
          : {};
      },
      () => ({}),
    );
    // A damaged index is an empty one.
    this.index = this.index.catch(() => ({}));
    return this.index;
  }

  private dataFile(key: string, extension: string): string | undefined {
    return EXTENSIONS.includes(extension as NormalizedImage['extension'])
      ? path.join(this.dir!, `${key}.${extension}`)
      : undefined;
  }

  private async read(key: string): Promise<NormalizedImage | undefined> {
    const meta = (await this.entries())[key];
    const file = meta && this.dataFile(key, meta.extension);
    if (!file) return undefined;
    try {
      const data = new Uint8Array(await readFile(file));
      // What goes to WeChat must be what was converted, whatever touched the file since.
      if (sha256(data) !== meta.sha256) return undefined;
      const { sha256: _hash, size: _size, mtimeMs: _time, ...image } = meta;
      return { ...image, data };
    } catch {
      return undefined;
    }
  }

  private async write(key: string, image: NormalizedImage): Promise<void> {
    const entries = await this.entries();
    const { data, ...described } = image;
    const file = path.join(this.dir!, `${key}.${image.extension}`);
    // Renamed into place whole, as a new file: links made to an older one keep theirs.
    await writeFileAtomic(file, data);
    const written = await stat(file);
    entries[key] = { ...described, sha256: sha256(data), size: written.size, mtimeMs: written.mtimeMs };
    this.changed = true;
  }
}

/**
 * Images that decoded cleanly in an earlier build, by content hash: the checks decode every pixel
 * of an image only the first time they see it.
 */
export class DecodedImages {
  private readonly dir: string | undefined;

  constructor(cacheDir: string | undefined) {
    this.dir = cacheDir ? path.join(cacheDir, 'astro-weixin', 'decoded-v1') : undefined;
  }

  async known(hash: string): Promise<boolean> {
    if (!this.dir) return false;
    return access(path.join(this.dir, hash)).then(
      () => true,
      () => false,
    );
  }

  async remember(hash: string): Promise<void> {
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, hash), '').catch(() => undefined);
  }
}

/**
 * Conversions started ahead of the upload pool, so an upload slot never waits for sharp: each is
 * taken once by the upload that needs it (and then let go, so memory does not grow with the site).
 */
export class ConversionsAhead {
  private readonly started = new Map<string, Promise<NormalizedImage>>();

  start(key: string, convert: () => Promise<NormalizedImage>): void {
    if (this.started.has(key)) return;
    const pending = convert();
    // A failure is reported by the upload that takes it, not here.
    pending.catch(() => undefined);
    this.started.set(key, pending);
  }

  take(key: string, convert: () => Promise<NormalizedImage>): Promise<NormalizedImage> {
    const pending = this.started.get(key);
    if (!pending) return convert();
    this.started.delete(key);
    return pending;
  }
}
