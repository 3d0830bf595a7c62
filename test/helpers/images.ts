import sharp from 'sharp';

/** A real PNG or JPG with a gradient, distinct per seed so each is its own upload. */
export async function image(
  seed: number,
  format: 'png' | 'jpeg' = 'png',
  width = 320,
  height = 180,
): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      raw[i] = (x + seed * 40) % 256;
      raw[i + 1] = (y * 2 + seed * 90) % 256;
      raw[i + 2] = (seed * 70) % 256;
    }
  }
  const base = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? base.png().toBuffer() : base.jpeg().toBuffer();
}
