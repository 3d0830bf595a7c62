import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { loadSharp } from './load-sharp.js';
import { type NormalizedImage, normalizeThumb } from './normalize.js';

/** What a generated cover shows. */
export interface CoverText {
  title: string;
  /** Drawn small under the title; left out when empty. */
  siteName?: string | undefined;
}

/** A 2.35:1 cover and its centre 1:1 crop (the part WeChat shows as a small thumb), both JPGs under the thumb limit. */
export interface GeneratedCover {
  wide: NormalizedImage;
  square: NormalizedImage;
}

export const COVER_SIZE = { width: 900, height: 383 } as const;

/** The title stays inside the centre square, so the 1:1 crop keeps all of it. */
const SQUARE_LEFT = Math.round((COVER_SIZE.width - COVER_SIZE.height) / 2);
const TITLE_WIDTH = COVER_SIZE.height - 2 * 30;
/** Font sizes to try, largest first, with the lines each may take. */
const TITLE_STEPS = [
  { size: 46, lines: 3 },
  { size: 38, lines: 3 },
  { size: 32, lines: 4 },
  { size: 27, lines: 5 },
] as const;
const SITE_NAME_SIZE = 17;

/** Draws the cover from the title and site name; glyphs come from the bundled font, so no system font is needed. */
export async function generateCover(text: CoverText): Promise<GeneratedCover> {
  const sharp = await loadSharp();
  const png = await sharp(Buffer.from(await coverSvg(text)))
    .png()
    .toBuffer();
  return { wide: await normalizeThumb(png), square: await squareCrop(png) };
}

/** The centre 1:1 part of a cover, as WeChat crops it when no crop is given. */
export async function squareCrop(image: Uint8Array): Promise<NormalizedImage> {
  const sharp = await loadSharp();
  const source = sharp(image, { animated: false }).rotate();
  const { width = 0, height = 0 } = await source.metadata();
  const side = Math.min(width, height);
  const square = await source
    .extract({ left: Math.floor((width - side) / 2), top: Math.floor((height - side) / 2), width: side, height: side })
    .png()
    .toBuffer();
  return normalizeThumb(square);
}

/** The cover as an SVG whose text is already outlines. */
export async function coverSvg(text: CoverText): Promise<string> {
  const { width, height } = COVER_SIZE;
  const seed = createHash('sha256').update(text.title).digest();
  const hue = Math.round((seed[0]! / 255) * 360);
  const turn = 25 + (seed[1]! % 50);
  const siteName = text.siteName?.trim() ?? '';
  const title = await layoutTitle(text.title.trim());
  const lineHeight = Math.round(title.size * 1.32);
  const blockHeight = title.lines.length * lineHeight;
  // WeChat lays the article title over the bottom of a lead cover: the drawn text keeps clear of it.
  const center = siteName ? 190 : 170;
  const firstBaseline = center - blockHeight / 2 + lineHeight * 0.78;
  const titlePaths = await Promise.all(
    title.lines.map((line, index) =>
      textPath(line, title.size, 700, COVER_SIZE.width / 2, firstBaseline + index * lineHeight),
    ),
  );
  const siteNamePath = siteName ? await textPath(fitLine(siteName, 24), SITE_NAME_SIZE, 500, width / 2, 52) : '';
  // Rings on both sides, placed by the title hash, so posts differ while the centre stays calm.
  const rings = [0, 1, 2, 3]
    .map((index) => {
      const left = index % 2 === 0;
      const r = 60 + (seed[2 + index]! % 120);
      const cx = left ? 40 + (seed[6 + index]! % 150) : width - 40 - (seed[6 + index]! % 150);
      const cy = seed[10 + index]! % height;
      return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#fff" stroke-opacity="${index < 2 ? 0.12 : 0.07}" stroke-width="${index < 2 ? 2 : 22}"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue},52%,34%)"/><stop offset="1" stop-color="hsl(${(hue + turn) % 360},58%,20%)"/>
</linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#bg)"/>${rings}
<rect x="${SQUARE_LEFT}" width="${height}" height="${height}" fill="#000" fill-opacity="0.12"/>
<g fill="#fff">${titlePaths.join('')}</g>
${siteName ? `<g fill="#fff" fill-opacity="0.78">${siteNamePath}</g><rect x="${width / 2 - 18}" y="68" width="36" height="3" rx="1.5" fill="#fff" fill-opacity="0.7"/>` : ''}
</svg>`;
}

/** Breaks the title into lines at word boundaries (ICU splits Chinese into words too), shrinking it until it fits. */
async function layoutTitle(title: string): Promise<{ size: number; lines: string[] }> {
  const units = breakUnits(title);
  const last = TITLE_STEPS[TITLE_STEPS.length - 1]!;
  for (const step of TITLE_STEPS) {
    const lines = await wrap(units, step.size);
    if (lines.length <= step.lines) return { size: step.size, lines };
  }
  const lines = await wrap(units, last.size);
  const kept = lines.slice(0, last.lines);
  kept[kept.length - 1] = `${fitLine(kept[kept.length - 1]!, [...kept[kept.length - 1]!].length - 1)}…`;
  return { size: last.size, lines: kept };
}

/** Pieces a line may break between; punctuation stays with the word before it. */
function breakUnits(text: string): string[] {
  const units: string[] = [];
  for (const { segment, isWordLike } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)) {
    const glued = !isWordLike && !/^\s+$/.test(segment) && /^[\p{Pe}\p{Pf}\p{Po}]/u.test(segment);
    if ((glued || /^\s+$/.test(segment)) && units.length > 0) units[units.length - 1] += segment;
    else units.push(segment);
  }
  return units;
}

async function wrap(units: string[], size: number): Promise<string[]> {
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    const candidate = line + unit;
    if (!line || (await measure(candidate.trimEnd(), size, 700)) <= TITLE_WIDTH) {
      line = candidate;
      continue;
    }
    lines.push(line.trimEnd());
    line = unit;
  }
  if (line) lines.push(line.trimEnd());
  // A single word wider than the column (a long English word, an unbroken CJK run) is cut by characters.
  const fitted: string[] = [];
  for (const each of lines) fitted.push(...(await splitWide(each, size)));
  return fitted;
}

async function splitWide(line: string, size: number): Promise<string[]> {
  if ((await measure(line, size, 700)) <= TITLE_WIDTH) return [line];
  const parts: string[] = [];
  let part = '';
  for (const character of line) {
    if (part && (await measure(part + character, size, 700)) > TITLE_WIDTH) {
      parts.push(part);
      part = character.trimStart();
    } else part += character;
  }
  if (part) parts.push(part);
  return parts;
}

function fitLine(text: string, characters: number): string {
  const chars = [...text];
  return chars.length <= characters ? text : `${chars.slice(0, characters).join('')}…`;
}

/** One centred line of text as SVG paths. */
async function textPath(
  text: string,
  size: number,
  weight: number,
  centerX: number,
  baseline: number,
): Promise<string> {
  const glyphs = await glyphsFor(text, weight);
  const scale = size / 1000;
  const total = glyphs.reduce((sum, glyph) => sum + glyph.advance, 0) * scale;
  let x = centerX - total / 2;
  const paths: string[] = [];
  for (const glyph of glyphs) {
    if (glyph.path)
      paths.push(
        `<path transform="translate(${x.toFixed(2)} ${baseline.toFixed(2)}) scale(${scale.toFixed(5)} ${(-scale).toFixed(5)})" d="${glyph.path}"/>`,
      );
    x += glyph.advance * scale;
  }
  return paths.join('');
}

async function measure(text: string, size: number, weight: number): Promise<number> {
  const glyphs = await glyphsFor(text, weight);
  return (glyphs.reduce((sum, glyph) => sum + glyph.advance, 0) * size) / 1000;
}

/** Advance in units of a 1000-unit em, and the outline; a character no file covers takes half an em of space. */
async function glyphsFor(text: string, weight: number): Promise<{ advance: number; path: string }[]> {
  const glyphs: { advance: number; path: string }[] = [];
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    const font = await fontFor(codePoint, weight);
    const glyph = font?.glyphForCodePoint(codePoint);
    if (!font || !glyph || glyph.id === 0) {
      glyphs.push({ advance: /\s/.test(character) ? 250 : 500, path: '' });
      continue;
    }
    const unit = 1000 / font.unitsPerEm;
    const path = unit === 1 ? glyph.path.toSVG() : glyph.path.scale(unit, unit).toSVG();
    glyphs.push({ advance: glyph.advanceWidth * unit, path });
  }
  return glyphs;
}

// Noto Sans SC (OFL) as Fontsource ships it: one variable WOFF2 per block of characters.
const require = createRequire(import.meta.url);
let ranges: Promise<{ file: string; ranges: [number, number][] }[]> | undefined;
const fonts = new Map<string, Promise<fontkit.Font>>();

async function fontFor(codePoint: number, weight: number): Promise<fontkit.Font | undefined> {
  ranges ??= readRanges();
  const block = (await ranges).find((each) => each.ranges.some(([from, to]) => codePoint >= from && codePoint <= to));
  if (!block) return undefined;
  const key = `${block.file}@${weight}`;
  let font = fonts.get(key);
  if (!font) {
    font = loadFont(block.file, weight);
    fonts.set(key, font);
  }
  return font;
}

async function readRanges(): Promise<{ file: string; ranges: [number, number][] }[]> {
  const unicode = JSON.parse(
    await readFile(require.resolve('@fontsource-variable/noto-sans-sc/unicode.json'), 'utf8'),
  ) as Record<string, string>;
  return Object.entries(unicode).map(([subset, list]) => ({
    file: `noto-sans-sc-${subset.replace(/[[\]]/g, '')}-wght-normal.woff2`,
    ranges: list.split(',').map((range) => {
      const [from, to = from] = range.trim().replace(/^U\+/i, '').split('-');
      return [Number.parseInt(from!, 16), Number.parseInt(to!, 16)];
    }),
  }));
}

// fontkit applies variations to TrueType fonts only, not to WOFF2: decompress first. Both load
// with the first drawn cover, not with every build.
async function loadFont(file: string, weight: number): Promise<fontkit.Font> {
  const { create } = await import('fontkit');
  const woff2 = await readFile(require.resolve(`@fontsource-variable/noto-sans-sc/files/${file}`));
  const font = create(await decompressFont(woff2)) as fontkit.Font;
  return font.getVariation({ wght: weight });
}

let decompressing: Promise<unknown> = Promise.resolve();

/**
 * One font at a time, its bytes copied before the next starts: wawoff2 decompresses in a single
 * WebAssembly instance, and what it returns may live in that instance's memory, which the next
 * decompression reuses or grows.
 */
function decompressFont(woff2: Buffer): Promise<Buffer> {
  const run = decompressing.then(async () => {
    const { decompress } = await import('wawoff2');
    return Buffer.from(await decompress(woff2));
  });
  decompressing = run.catch(() => undefined);
  return run;
}
