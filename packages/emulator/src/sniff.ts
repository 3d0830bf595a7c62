/**
 * File type and image size from the bytes themselves. The platform judges the content, not the
 * name or the declared content type, so a PNG renamed `.jpg` is still a PNG here.
 */
export type MediaFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp' | 'mp3' | 'amr' | 'mp4';

export interface Sniffed {
  format: MediaFormat;
  width?: number;
  height?: number;
}

export function sniff(bytes: Uint8Array): Sniffed | undefined {
  const b = bytes;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length));
  if (b.length >= 24 && ascii(0, 8) === '\x89PNG\r\n\x1a\n' && ascii(12, 4) === 'IHDR') {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg', ...jpegSize(b, view) };
  if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (b.length >= 26 && ascii(0, 2) === 'BM') {
    return { format: 'bmp', width: view.getInt32(18, true), height: Math.abs(view.getInt32(22, true)) };
  }
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP')
    return { format: 'webp', ...webpSize(b, view, ascii) };
  if (b.length >= 6 && ascii(0, 5) === '#!AMR') return { format: 'amr' };
  if (b.length >= 3 && (ascii(0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0))) return { format: 'mp3' };
  if (b.length >= 12 && ascii(4, 4) === 'ftyp') return { format: 'mp4' };
  return undefined;
}

/** Walks the JPEG segments to the first start-of-frame marker, which carries the size. */
function jpegSize(b: Uint8Array, view: DataView): { width?: number; height?: number } {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return {};
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    // SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return {};
}

function webpSize(
  _b: Uint8Array,
  view: DataView,
  ascii: (at: number, length: number) => string,
): { width?: number; height?: number } {
  const chunk = ascii(12, 4);
  if (chunk === 'VP8X')
    return { width: 1 + (view.getUint32(24, true) & 0xffffff), height: 1 + (view.getUint32(27, true) & 0xffffff) };
  if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return {};
}

/** The `wx_fmt` value and mmbiz path segment the platform uses for each image format. */
export function mmbizFormat(format: MediaFormat): { dir: string; fmt: string } {
  switch (format) {
    case 'jpeg':
      return { dir: 'mmbiz_jpg', fmt: 'jpeg' };
    case 'png':
      return { dir: 'mmbiz_png', fmt: 'png' };
    case 'gif':
      return { dir: 'mmbiz_gif', fmt: 'gif' };
    default:
      return { dir: 'mmbiz', fmt: format };
  }
}

export const CONTENT_TYPES: Record<MediaFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  amr: 'audio/amr',
  mp4: 'video/mp4',
};
