import { BODY_IMAGE_MAX_BYTES, CARD_IMAGE_SIZE as CARD_SIZE, THUMB_MAX_BYTES } from '@astro-weixin/rules';
import { parse as parseIccProfile } from 'icc';
import type { Metadata, Sharp } from 'sharp';
import { loadSharp } from './load-sharp.js';

export interface NormalizedImage {
  data: Uint8Array;
  format: 'jpeg' | 'png' | 'gif';
  contentType: 'image/jpeg' | 'image/png' | 'image/gif';
  extension: 'jpg' | 'png' | 'gif';
  width: number;
  height: number;
}

/** Widths to try, widest first; WeChat shows articles about 680 px wide, twice that is plenty. */
const BODY_WIDTHS = [1600, 1280, 1080, 860, 640];
const JPEG_QUALITIES = [86, 78, 70, 60, 50];

/** Converts any image sharp reads (WebP, AVIF, GIF, SVG, TIFF…) to a JPG or PNG that uploadimg accepts. */
export async function normalizeBodyImage(input: Uint8Array): Promise<NormalizedImage> {
  const meta = await readMeta(input);
  const keepsAsIs =
    (meta.format === 'jpeg' || meta.format === 'png') &&
    input.byteLength <= BODY_IMAGE_MAX_BYTES &&
    (meta.width ?? 0) <= BODY_WIDTHS[0]! &&
    !meta.orientation &&
    isPlainSrgb(meta);
  if (keepsAsIs) {
    const format = meta.format as 'jpeg' | 'png';
    return describe(input, format, meta.width ?? 0, meta.height ?? 0);
  }
  // PNG keeps transparency and sharp edges (diagrams, screenshots); try it first for such sources.
  const preferPng = meta.hasAlpha || meta.format === 'png' || meta.format === 'svg' || meta.format === 'gif';
  for (const width of BODY_WIDTHS) {
    if (preferPng) {
      const png = await encode(input, width, (s) => s.png({ compressionLevel: 9, palette: true, quality: 90 }));
      if (png.data.byteLength <= BODY_IMAGE_MAX_BYTES) return png;
    }
    for (const quality of JPEG_QUALITIES) {
      const jpeg = await encode(input, width, (s) =>
        s.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }),
      );
      if (jpeg.data.byteLength <= BODY_IMAGE_MAX_BYTES) return jpeg;
    }
  }
  throw new Error('the image cannot be brought under 1 MB as JPG or PNG');
}

/** An animated GIF goes up as it is (permanent image material keeps every frame). */
export async function keepAnimatedGif(input: Uint8Array): Promise<NormalizedImage> {
  const sharp = await loadSharp();
  const { width = 0, pageHeight, height = 0 } = await sharp(input, { animated: true }).metadata();
  return {
    data: input,
    format: 'gif',
    contentType: 'image/gif',
    extension: 'gif',
    width,
    height: pageHeight ?? height,
  };
}

/** A cover thumb: JPG at most 64 KB, shrunk step by step until it fits. */
export async function normalizeThumb(input: Uint8Array): Promise<NormalizedImage> {
  for (const width of [900, 720, 600, 480, 360, 240]) {
    for (const quality of [82, 72, 62, 52, 42]) {
      const jpeg = await encode(input, width, (s) =>
        s.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }),
      );
      if (jpeg.data.byteLength <= THUMB_MAX_BYTES) return jpeg;
    }
  }
  throw new Error('the cover cannot be brought under 64 KB as a JPG');
}

/** A mini-program card image, cropped to the 1080x864 the card shows. */
export async function normalizeCardImage(input: Uint8Array): Promise<NormalizedImage> {
  const sharp = await loadSharp();
  for (const quality of JPEG_QUALITIES) {
    const data = await sharp(input, { animated: false })
      .rotate()
      .resize({ ...CARD_SIZE, fit: 'cover', position: 'attention' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer();
    if (data.byteLength <= BODY_IMAGE_MAX_BYTES) return describe(data, 'jpeg', CARD_SIZE.width, CARD_SIZE.height);
  }
  throw new Error('the mini-program card image cannot be brought under 1 MB');
}

/**
 * Pixels a phone shows as they are: 8-bit RGB or grey, with no colour profile or an sRGB one. A
 * CMYK JPEG from a print tool, a Display P3 photo or a 16-bit PNG is converted instead (sharp
 * writes sRGB), since WeChat's readers would see its colours wrong.
 */
function isPlainSrgb(meta: Metadata): boolean {
  if ((meta.space !== 'srgb' && meta.space !== 'b-w') || meta.depth !== 'uchar') return false;
  if (!meta.icc) return true;
  try {
    return /\bsRGB\b/i.test(parseIccProfile(meta.icc).description ?? '');
  } catch {
    return false;
  }
}

async function readMeta(input: Uint8Array): Promise<Metadata> {
  try {
    const sharp = await loadSharp();
    return await sharp(input, { animated: false }).metadata();
  } catch (error) {
    throw new Error(`not an image sharp can read (${(error as Error).message})`);
  }
}

async function encode(input: Uint8Array, width: number, format: (s: Sharp) => Sharp): Promise<NormalizedImage> {
  const sharp = await loadSharp();
  const pipeline = format(sharp(input, { animated: false }).rotate().resize({ width, withoutEnlargement: true }));
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return describe(data, info.format === 'png' ? 'png' : 'jpeg', info.width, info.height);
}

function describe(data: Uint8Array, format: 'jpeg' | 'png', width: number, height: number): NormalizedImage {
  return format === 'png'
    ? { data, format, contentType: 'image/png', extension: 'png', width, height }
    : { data, format, contentType: 'image/jpeg', extension: 'jpg', width, height };
}
