import sharp from 'sharp';

/**
 * A real image of the given size and format: a gradient distinct per `seed` (so each is its own
 * upload), or random `noise`, which does not compress to nothing.
 */
export async function makeImage(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' = 'png',
  { seed = 0, noise = false }: { seed?: number; noise?: boolean } = {},
): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      raw[i] = noise ? Math.floor(Math.random() * 256) : (x + seed * 40) % 256;
      raw[i + 1] = noise ? Math.floor(Math.random() * 256) : (y * 2 + seed * 90) % 256;
      raw[i + 2] = noise ? Math.floor(Math.random() * 256) : (seed * 70) % 256;
    }
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  if (format === 'jpeg') return image.jpeg({ quality: 95 }).toBuffer();
  return format === 'webp' ? image.webp().toBuffer() : image.png().toBuffer();
}
