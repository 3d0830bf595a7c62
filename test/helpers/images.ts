import sharp from 'sharp';

interface ImageOptions {
  /** Picks the gradient, so images of different seeds are different uploads. */
  seed?: number;
  /** Random pixels instead, which do not compress to nothing. */
  noise?: boolean;
  /** One solid colour (any CSS colour) instead. */
  color?: string;
  /** JPEG quality, 1–100. */
  quality?: number;
}

/**
 * A real image of the given size and format: a gradient distinct per `seed` (so each is its own
 * upload), random `noise`, or one solid `color`.
 */
export async function makeImage(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png',
  { seed = 0, noise = false, color, quality = 95 }: ImageOptions = {},
): Promise<Uint8Array> {
  const image = color
    ? sharp({ create: { width, height, channels: 3, background: color } })
    : sharp(pixels(width, height, seed, noise), { raw: { width, height, channels: 3 } });
  if (format === 'jpeg') return image.jpeg({ quality }).toBuffer();
  if (format === 'gif') return image.gif().toBuffer();
  return format === 'webp' ? image.webp().toBuffer() : image.png().toBuffer();
}

/** RGB bytes: a gradient shifted by `seed`, or noise. */
function pixels(width: number, height: number, seed: number, noise: boolean): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      raw[i] = noise ? Math.floor(Math.random() * 256) : (x + seed * 40) % 256;
      raw[i + 1] = noise ? Math.floor(Math.random() * 256) : (y * 2 + seed * 90) % 256;
      raw[i + 2] = noise ? Math.floor(Math.random() * 256) : (seed * 70) % 256;
    }
  }
  return raw;
}

/** An animated GIF of `frames` frames, each a different colour (or random `noise`, which does not compress). */
export async function makeAnimatedGif(
  width: number,
  height: number,
  frames: number,
  { noise = false }: { noise?: boolean } = {},
): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * frames * 3);
  for (let i = 0; i < raw.length; i += 1) {
    const frame = Math.floor(i / (width * height * 3));
    raw[i] = noise ? Math.floor(Math.random() * 256) : i % 3 === frame % 3 ? 255 : 40;
  }
  return sharp(raw, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
    .gif({ delay: Array(frames).fill(200), loop: 0 })
    .toBuffer();
}
