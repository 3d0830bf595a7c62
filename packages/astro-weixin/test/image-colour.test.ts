import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { normalizeBodyImage, normalizeCardImage, normalizeThumb } from '../src/images/normalize.js';
import { makeImage } from '../../../test/helpers/images.js';

/** An image as a print tool or a camera saves it, from an sRGB original. */
async function savedAs(kind: 'cmyk' | 'p3' | 'srgb-profile' | 'png16' | 'grey'): Promise<Uint8Array> {
  const original = sharp(await makeImage(120, 80, 'png'));
  if (kind === 'cmyk') return original.toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
  if (kind === 'p3') return original.withIccProfile('p3').jpeg({ quality: 95 }).toBuffer();
  if (kind === 'srgb-profile') return original.withIccProfile('srgb').jpeg({ quality: 95 }).toBuffer();
  if (kind === 'png16') return original.toColourspace('rgb16').png().toBuffer();
  return original.greyscale().png().toBuffer();
}

async function colourOf(data: Uint8Array) {
  const meta = await sharp(data).metadata();
  return { space: meta.space, depth: meta.depth, profile: meta.hasProfile ?? false };
}

describe('everything uploaded is sRGB', () => {
  it.each(['cmyk', 'p3', 'png16'] as const)('converts a %s image for the body, a cover and a card', async (kind) => {
    const input = await savedAs(kind);
    const before = await sharp(input).metadata();
    expect(before.space !== 'srgb' || before.hasProfile || before.depth !== 'uchar').toBe(true);
    for (const normalize of [normalizeBodyImage, normalizeThumb, normalizeCardImage]) {
      const output = await normalize(input);
      expect(await colourOf(output.data)).toEqual({ space: 'srgb', depth: 'uchar', profile: false });
    }
  });

  it('keeps the colours of a CMYK image: red stays red', async () => {
    const red = await sharp(await makeImage(40, 30, 'png', { color: '#c81e1e' }))
      .toColourspace('cmyk')
      .jpeg({ quality: 100 })
      .toBuffer();
    const output = await normalizeBodyImage(red);
    const { data } = await sharp(output.data).raw().toBuffer({ resolveWithObject: true });
    const [r, g, b] = [...data.subarray(0, 3)];
    expect(r).toBeGreaterThan(170);
    expect(g).toBeLessThan(70);
    expect(b).toBeLessThan(70);
  });

  it.each(['srgb-profile', 'grey'] as const)('uploads an %s image as it is, byte for byte', async (kind) => {
    const input = await savedAs(kind);
    const output = await normalizeBodyImage(input);
    expect(Buffer.from(output.data).equals(Buffer.from(input))).toBe(true);
  });
});
