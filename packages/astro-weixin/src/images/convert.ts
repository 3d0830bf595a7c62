import { ConversionCache } from './cache.js';
import { writeFile } from 'node:fs/promises';
import {
  keepAnimatedGif,
  normalizeBodyImage,
  normalizeCardImage,
  type NormalizedImage,
  normalizeThumb,
} from './normalize.js';
import type { CheckedSource } from './sources.js';

/** What converting an image needs: its bytes, what it is for, and its hash for the conversion cache. */
interface ConvertibleImage {
  /** `animated-gif`: a GIF with several frames, within the size that keeps it animated. */
  kind: 'image' | 'miniprogram-card' | 'animated-gif';
  source: CheckedSource;
  hash: string;
}

type ConvertibleCover = Omit<ConvertibleImage, 'kind'>;

/** The image as it will be uploaded: a body image, or a mini-program card cropped to its size. */
export function normalizeFor(image: ConvertibleImage, cache: ConversionCache = NO_CACHE): Promise<NormalizedImage> {
  // An animated GIF is sent as it is: nothing to convert, nothing to cache.
  const { kind, source } = image;
  if (kind === 'animated-gif') return source.bytes().then(keepAnimatedGif);
  return cache.through(kind, image.hash, () => convertImage({ kind, source }));
}

function convertImage(image: { kind: 'image' | 'miniprogram-card'; source: CheckedSource }): Promise<NormalizedImage> {
  return image.source
    .bytes()
    .then((data) => (image.kind === 'miniprogram-card' ? normalizeCardImage(data) : normalizeBodyImage(data)));
}

/** Writes the image as it would be uploaded to `target` plus its extension (a copy of the cached conversion, if any). */
export function writeConvertedImage(
  image: ConvertibleImage,
  cache: ConversionCache,
  target: string,
): Promise<NormalizedImage['extension']> {
  const { kind, source } = image;
  if (kind === 'animated-gif') {
    return source.bytes().then(async (data) => {
      await writeFile(`${target}.gif`, data);
      return 'gif' as const;
    });
  }
  return cache.writeTo(kind, image.hash, () => convertImage({ kind, source }), target);
}

/** The cover as it will be uploaded: a JPG thumb under 64 KB. */
export function normalizeCover(cover: ConvertibleCover, cache: ConversionCache = NO_CACHE): Promise<NormalizedImage> {
  return cache.through('cover', cover.hash, () => convertCover(cover));
}

function convertCover(cover: Omit<ConvertibleCover, 'hash'>): Promise<NormalizedImage> {
  return cover.source.bytes().then(normalizeThumb);
}

/** Writes the cover as it would be uploaded to `target` plus `.jpg`. */
export async function writeConvertedCover(
  cover: ConvertibleCover,
  cache: ConversionCache,
  target: string,
): Promise<void> {
  await cache.writeTo('cover', cover.hash, () => convertCover(cover), target);
}

const NO_CACHE = new ConversionCache(undefined);
