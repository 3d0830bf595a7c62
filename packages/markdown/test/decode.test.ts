import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSource, firstInvalidUtf8 } from '../src/decode.js';
import { markdownToWeixin } from '../src/index.js';

const saved = (name: string) => readFileSync(new URL(`./fixtures/saved-by-editors/${name}`, import.meta.url));

describe('decodeSource: files as editors save them', () => {
  it('reads UTF-8 with a byte-order mark, and CRLF with it, as the same text as plain UTF-8', async () => {
    const plain = decodeSource(saved('utf8.md'));
    const bom = decodeSource(saved('utf8-bom.md'));
    const bomCrlf = decodeSource(saved('utf8-bom-crlf.md'));
    expect(plain.ok && bom.ok && bomCrlf.ok).toBe(true);
    if (!plain.ok || !bom.ok || !bomCrlf.ok) return;
    expect(bom.text).toBe(plain.text);
    expect(bomCrlf.text.replaceAll('\r\n', '\n')).toBe(plain.text);
    expect(bom.text.startsWith('---\ntitle: 春日书单')).toBe(true);
    const articles = await Promise.all([plain.text, bom.text].map((text) => markdownToWeixin(text)));
    expect(articles[1]!.title).toBe('春日书单');
    expect(articles[1]!.html).toBe(articles[0]!.html);
  });

  it.each([
    ['gb18030.md', 'GB18030', 2, 'title: 春日书单'],
    ['gbk-crlf.md', 'GB18030', 2, 'title: 春日书单'],
    ['big5.md', 'Big5', 2, 'title: 春日書單'],
    ['shift-jis.md', 'Shift_JIS', 2, 'title: 春の本棚'],
    ['utf8-with-gbk-line.md', 'GB18030', 15, '从旧博客复制的一行'],
  ])(
    'refuses %s, naming the line of its first non-UTF-8 byte and the encoding it looks like',
    (name, encoding, line, excerpt) => {
      const decoded = decodeSource(saved(name));
      expect(decoded.ok).toBe(false);
      if (decoded.ok) return;
      expect(decoded).toMatchObject({ encoding, line, excerpt });
      expect(decoded.reason).toContain(`it looks like ${encoding}`);
      expect(decoded.reason).toContain(`iconv -f ${encoding} -t UTF-8`);
    },
  );

  it('refuses UTF-16 (a byte-order mark FF FE) at line 1', () => {
    const decoded = decodeSource(saved('utf16le-bom.md'));
    expect(decoded).toMatchObject({ ok: false, encoding: 'UTF-16LE', line: 1, column: 1 });
  });

  it('gives the column as the guessed encoding counts characters', () => {
    // `ab` then 春日 in GBK: the bad byte is the third character of line 2.
    const bytes = new Uint8Array([...new TextEncoder().encode('# 标题\nab'), 0xb4, 0xba, 0xc8, 0xd5, 0x0a]);
    const decoded = decodeSource(bytes);
    expect(decoded).toMatchObject({ ok: false, line: 2, column: 3, encoding: 'GB18030', excerpt: 'ab春日' });
  });
});

describe('firstInvalidUtf8 agrees with the WHATWG decoder', () => {
  // Every way a sequence can be ill-formed, each after valid text and before more.
  const cases: [string, number[]][] = [
    ['a lone continuation byte', [0x80]],
    ['an overlong two-byte form', [0xc0, 0xaf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence at the end', [0xe6, 0x98]],
    ['a lead byte followed by ASCII', [0xe6, 0x41, 0x42]],
    ['an invalid byte 0xFF', [0xff]],
  ];
  const fatal = new TextDecoder('utf-8', { fatal: true });
  it.each(cases)('finds %s where it starts', (_, bad) => {
    const prefix = [...new TextEncoder().encode('春 ok ')];
    const bytes = new Uint8Array([...prefix, ...bad]);
    expect(() => fatal.decode(bytes)).toThrow();
    expect(firstInvalidUtf8(bytes)).toBe(prefix.length);
  });

  it('accepts every well-formed sequence length, up to U+10FFFF', () => {
    const bytes = new TextEncoder().encode('a é 春 😀 \u{10FFFF} \uFFFD');
    expect(firstInvalidUtf8(bytes)).toBe(-1);
  });
});
