import { THUMB_MAX_BYTES } from '@astro-weixin/rules';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { COVER_SIZE, coverSvg, generateCover, squareCrop } from '../src/images/cover.js';
import { makeImage } from '../../../test/helpers/images.js';

/** Where the picture is near white: the title and site name are white on a dark background. */
async function inkMask(jpg: Uint8Array): Promise<{ width: number; height: number; ink: boolean[] }> {
  const { data, info } = await sharp(jpg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const ink: boolean[] = [];
  for (let i = 0; i < data.length; i += 3) ink.push(data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200);
  return { width: info.width, height: info.height, ink };
}

function countInk(mask: Awaited<ReturnType<typeof inkMask>>, box: { x0: number; x1: number; y0: number; y1: number }) {
  let count = 0;
  for (let y = box.y0; y < box.y1; y += 1)
    for (let x = box.x0; x < box.x1; x += 1) if (mask.ink[y * mask.width + x]) count += 1;
  return count;
}

const square = { x0: 258, x1: 642 };

describe('generateCover', () => {
  it('makes a 2.35:1 JPG and its 1:1 crop, both under the thumb limit', async () => {
    const cover = await generateCover({ title: '用 Astro 写博客，一键发到公众号', siteName: 'blog.example.com' });
    expect(cover.wide.width / cover.wide.height).toBeCloseTo(2.35, 2);
    expect(cover.square.width).toBe(cover.square.height);
    for (const image of [cover.wide, cover.square]) {
      expect(image.contentType).toBe('image/jpeg');
      expect((await sharp(image.data).metadata()).format).toBe('jpeg');
      expect(image.data.byteLength).toBeLessThanOrEqual(THUMB_MAX_BYTES);
    }
  });

  it('draws the title where it should be, and a different title differently', async () => {
    const chinese = await inkMask((await generateCover({ title: '春日书单：五本值得慢读的书' })).wide.data);
    const english = await inkMask((await generateCover({ title: 'Shipping an Astro blog' })).wide.data);
    const titleBox = { ...square, y0: 80, y1: 300 };
    expect(countInk(chinese, titleBox)).toBeGreaterThan(2000);
    expect(countInk(english, titleBox)).toBeGreaterThan(2000);
    const differing = chinese.ink.filter((ink, i) => ink !== english.ink[i]).length;
    expect(differing).toBeGreaterThan(2000);
  });

  it('keeps a long title inside the centre square, so the 1:1 crop shows all of it', async () => {
    const title =
      '一个很长很长的标题：Markdown、代码高亮、表格、图片和小程序卡片，发到公众号时一个都不丢，还会自动生成封面';
    const cover = await generateCover({ title, siteName: '小北的书店' });
    const mask = await inkMask(cover.wide.data);
    const all = { x0: 0, x1: COVER_SIZE.width, y0: 0, y1: COVER_SIZE.height };
    const inside = { ...square, y0: 0, y1: COVER_SIZE.height };
    expect(countInk(mask, inside)).toBeGreaterThan(3000);
    expect(countInk(mask, all)).toBe(countInk(mask, inside));
    expect(cover.wide.data.byteLength).toBeLessThanOrEqual(THUMB_MAX_BYTES);
  });

  it('gives posts different colours and the same post the same bytes', async () => {
    const first = await generateCover({ title: 'Post A' });
    const again = await generateCover({ title: 'Post A' });
    const other = await generateCover({ title: 'Post B' });
    expect(Buffer.from(again.wide.data).equals(Buffer.from(first.wide.data))).toBe(true);
    const corner = async (jpg: Uint8Array) =>
      [...(await sharp(jpg).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer())].join(',');
    expect(await corner(other.wide.data)).not.toBe(await corner(first.wide.data));
  });

  it('draws text as outlines, never as SVG text that would need a system font', async () => {
    const svg = await coverSvg({ title: '中文 English 日本語', siteName: 'example.com' });
    expect(svg).not.toMatch(/<text\b/);
    expect(svg.match(/<path /g)?.length).toBeGreaterThan(15);
  });
});

describe('squareCrop', () => {
  it('cuts the centre square out of any cover', async () => {
    const wide = await makeImage(470, 200, 'jpeg', { color: '#204080' });
    const crop = await squareCrop(wide);
    expect([crop.width, crop.height]).toEqual([200, 200]);
    expect(crop.data.byteLength).toBeLessThanOrEqual(THUMB_MAX_BYTES);
  });
});
