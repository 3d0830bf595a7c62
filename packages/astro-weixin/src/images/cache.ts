import { access, constants, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NormalizedImage } from './normalize.js';

/** Bumped when a conversion changes its output, so older cached files are never used. */
const CONVERSION_VERSION = 2;

type ConversionKind = 'image' | 'miniprogram-card' | 'cover' | 'cover-square';
const EXTENSIONS: readonly NormalizedImage['extension'][] = ['jpg', 'png'];

/**
 * Converted images kept between builds in Astro's cache directory, keyed by the source's hash and
 * what it was converted for: a rebuild converts only images it has not seen. A missing or
 * unreadable entry is converted again; a cache that cannot be written is skipped silently.
 */
export class ConversionCache {
  private readonly dir: string | undefined;

  constructor(cacheDir: string | undefined) {
    this.dir = cacheDir ? path.join(cacheDir, 'astro-weixin', `images-v${CONVERSION_VERSION}`) : undefined;
  }

  async through(
    kind: ConversionKind,
    sourceHash: string,
    convert: () => Promise<NormalizedImage>,
  ): Promise<NormalizedImage> {
    if (!this.dir) return convert();
    const base = path.join(this.dir, `${kind}-${sourceHash}`);
    const cached = await this.read(base);
    if (cached) return cached;
    const converted = await convert();
    await this.write(base, converted).catch(() => undefined);
    return converted;
  }

  /**
   * Writes the converted image to `target` plus its extension and returns the extension. A cached
   * conversion is copied file to file (a reflink where the file system has them), never read.
   */
  async writeTo(
    kind: ConversionKind,
    sourceHash: string,
    convert: () => Promise<NormalizedImage>,
    target: string,
  ): Promise<NormalizedImage['extension']> {
    if (this.dir) {
      const base = path.join(this.dir, `${kind}-${sourceHash}`);
      for (const extension of EXTENSIONS) {
        try {
          await copyFile(`${base}.${extension}`, `${target}.${extension}`, constants.COPYFILE_FICLONE);
          return extension;
        } catch {
          // Not cached with this extension.
        }
      }
    }
    const converted = await this.through(kind, sourceHash, convert);
    await writeFile(`${target}.${converted.extension}`, converted.data);
    return converted.extension;
  }

  private async read(base: string): Promise<NormalizedImage | undefined> {
    try {
      const meta = JSON.parse(await readFile(`${base}.json`, 'utf8')) as Omit<NormalizedImage, 'data'>;
      if (!EXTENSIONS.includes(meta.extension)) return undefined;
      const data = new Uint8Array(await readFile(`${base}.${meta.extension}`));
      return { ...meta, data };
    } catch {
      return undefined;
    }
  }

  private async write(base: string, image: NormalizedImage): Promise<void> {
    await mkdir(path.dirname(base), { recursive: true });
    const { data, ...meta } = image;
    // Each file appears whole (renamed into place), the data first: `writeTo` needs only the data,
    // `through` reads the description and then the data it names.
    const temporary = `${base}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, `${base}.${image.extension}`);
    await writeFile(temporary, JSON.stringify(meta));
    await rename(temporary, `${base}.json`);
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
