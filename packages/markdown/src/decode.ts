import { analyse } from 'chardet';

/** The text of a Markdown file, or why its bytes are not UTF-8 and what they look like instead. */
export type DecodedSource =
  | { ok: true; text: string }
  | {
      ok: false;
      /** 1-based line and column of the first byte that is not UTF-8. */
      line: number;
      column: number;
      /** The encoding the bytes look like (`GB18030`, `Big5`, `UTF-16LE`…), when one decodes them. */
      encoding?: string;
      /** The offending line as that encoding reads it, so the author can recognise it. */
      excerpt?: string;
      /** What is wrong and how to save the file as UTF-8, in a sentence or two. */
      reason: string;
      /** The whole file as the guessed encoding reads it (else as UTF-8, U+FFFD for each bad byte): to look inside, not to publish. */
      guessedText: string;
    };

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16_BOMS = [
  { bytes: [0xff, 0xfe], encoding: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], encoding: 'UTF-16BE' },
] as const;
/** Encodings a Chinese (or Japanese, Korean) editor saves in; preferred when a short file leaves the guess open. */
const CJK_ENCODINGS = new Set(['GB18030', 'Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR']);
/** Han, kana and hangul, less the half-width katakana that GBK bytes read as in Shift_JIS. */
const CJK_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\u30a0-\u30ff\p{Script=Hangul}]/u;
/** chardet's confidence (0 to 100) from which its first guess is taken as it is. */
const SURE = 50;

/**
 * A Markdown file's bytes as text. UTF-8, with or without a byte-order mark (Notepad and several
 * Chinese editors write one), is read as is, the mark dropped. Anything else is refused with the
 * place of the first byte that is not UTF-8 and the encoding it looks like: reading a GBK post as
 * UTF-8 would publish U+FFFD where its Chinese was.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
  const utf16 = UTF16_BOMS.find((bom) => startsWith(bytes, bom.bytes));
  if (!utf16) {
    // The native decoder settles the common case; the byte scan below only runs to place an error.
    const text = decodeWith('utf-8', bytes.subarray(start));
    if (text !== undefined) return { ok: true, text };
  }
  const invalidAt = utf16 ? 0 : firstInvalidUtf8(bytes, start);
  const encoding = utf16?.encoding ?? guessEncoding(linesNotUtf8(bytes, invalidAt));
  const lineStart = bytes.lastIndexOf(0x0a, invalidAt - 1) + 1;
  const line = utf16 ? 1 : countLines(bytes, lineStart);
  const lineEnd = endOfLine(bytes, invalidAt);
  const excerpt = encoding ? decodeWith(encoding, bytes.subarray(lineStart, lineEnd))?.trim() : undefined;
  const column = (encoding ? decodeWith(encoding, bytes.subarray(lineStart, invalidAt)) : undefined)?.length ?? 0;
  return {
    ok: false,
    line,
    column: column + 1,
    ...(encoding ? { encoding } : {}),
    ...(excerpt ? { excerpt } : {}),
    reason: describeProblem(encoding),
    guessedText: (encoding ? decodeWith(encoding, bytes) : undefined) ?? new TextDecoder().decode(bytes),
  };
}

function describeProblem(encoding: string | undefined): string {
  const looks = encoding ? `it looks like ${encoding}` : 'its encoding could not be recognised';
  const from = encoding ?? 'the encoding it was saved in';
  return (
    `the file is not UTF-8 (${looks}), and would be published garbled. ` +
    `Save it as UTF-8: in VS Code, "Reopen with Encoding" ${from} then "Save with Encoding" UTF-8; ` +
    `in Notepad, "Save as" with Encoding UTF-8; or run \`iconv -f ${encoding ?? 'ENCODING'} -t UTF-8 FILE > FILE.utf8\` and replace the file with the result.`
  );
}

/**
 * chardet's guess among the encodings that decode every byte into CJK text, trusted when it is
 * sure. A few bytes give few clues (chardet then leans to Latin-1 or half-width katakana); our
 * authors' editors then most likely saved GB18030 (GBK), which is tried before the other guesses.
 */
function guessEncoding(bytes: Uint8Array): string | undefined {
  const matches = analyse(bytes).filter(
    (match) => match.name !== 'UTF-8' && decodeWith(match.name, bytes) !== undefined,
  );
  const readsAsCjk = (name: string) => CJK_ENCODINGS.has(name) && CJK_TEXT.test(decodeWith(name, bytes) ?? '');
  const best = matches[0];
  if (best && best.confidence >= SURE && readsAsCjk(best.name)) return best.name;
  const names = ['GB18030', ...matches.map((match) => match.name)];
  return names.find(readsAsCjk) ?? best?.name;
}

/**
 * The lines that are not UTF-8, from the first one on, joined: a UTF-8 post with a line pasted
 * from a GBK page is judged by that line, not by the Chinese around it that is UTF-8.
 */
function linesNotUtf8(bytes: Uint8Array, firstInvalid: number): Uint8Array {
  const lines: Uint8Array[] = [];
  let start = bytes.lastIndexOf(0x0a, firstInvalid - 1) + 1;
  while (start < bytes.length) {
    const end = endOfLine(bytes, start);
    const line = bytes.subarray(start, end + 1);
    if (firstInvalidUtf8(line) >= 0) lines.push(line);
    start = end + 1;
  }
  return Buffer.concat(lines);
}

/** The bytes decoded with a WHATWG encoding, or undefined where the encoding is unknown or a byte is invalid in it. */
function decodeWith(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  let index = from;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    const length = sequenceLength(lead, bytes[index + 1]);
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = index + 1; next < index + length; next++) {
      if ((bytes[next]! & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return -1;
}

/** The length of the sequence a lead byte opens, 0 when it opens none; the second byte rules out overlong forms and surrogates. */
function sequenceLength(lead: number, second: number | undefined): number {
  const next = second ?? 0;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead === 0xe0) return next >= 0xa0 ? 3 : 0;
  if (lead === 0xed) return next < 0xa0 ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return 3;
  if (lead === 0xf0) return next >= 0x90 ? 4 : 0;
  if (lead === 0xf4) return next < 0x90 ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return 4;
  return 0;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let index = 0; index < end; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

function endOfLine(bytes: Uint8Array, from: number): number {
  const newline = bytes.indexOf(0x0a, from);
  return newline < 0 ? bytes.length : newline;
}
