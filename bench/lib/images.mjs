import sharp from 'sharp';

/**
 * A photo-like JPEG: smooth shapes plus a little grain, so it compresses as a photo does (pure
 * noise would not, and would send the cover shrinking through every step). Each seed differs.
 */
export async function photo(width, height, seed) {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      for (let channel = 0; channel < 3; channel += 1) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        const shape = Math.sin(column / (23 + channel * 7) + seed) * Math.cos(row / (31 - channel * 5) + seed * 0.7);
        raw[(row * width + column) * 3 + channel] = 128 + 90 * shape + ((x >> 16) % 24) - 12;
      }
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}
