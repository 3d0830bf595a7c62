import { describe, expect, it } from 'vitest';
import { hiddenCharacters } from '../src/controls.js';

describe('hiddenCharacters', () => {
  it.each([
    ['a NUL', 'ab\u0000c', 3, 'U+0000 NULL'],
    ['a right-to-left override', '春日\u202Etxt.exe', 3, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['a tab', 'a\tb', 2, 'U+0009 TAB'],
    ['a line feed', 'a\nb', 2, 'U+000A LINE FEED'],
    ['a C1 control', 'a\u0085', 2, 'U+0085 CONTROL CHARACTER'],
    ['a DEL', '\u007f', 1, 'U+007F DELETE'],
    ['an isolate', 'x\u2067y', 2, 'U+2067 RIGHT-TO-LEFT ISOLATE'],
    ['a byte-order mark inside', 'a\uFEFF', 2, 'U+FEFF BYTE ORDER MARK'],
    ['a lone surrogate', 'a\uD800b', 2, 'U+D800 LONE SURROGATE'],
    ['a noncharacter', '\uFFFF', 1, 'U+FFFF NONCHARACTER'],
  ])('finds %s with its column in code points', (_, text, column, label) => {
    expect(hiddenCharacters(text)).toEqual([{ column, codePoint: expect.any(Number), label }]);
  });

  it('counts an astral character as one column, as WeChat counts a field', () => {
    expect(hiddenCharacters('😀\u0000')[0]?.column).toBe(2);
  });

  it('leaves what a title may hold: CJK, emoji sequences with joiners and variation selectors, punctuation', () => {
    const title = '春日书单：👩‍💻 读书❤️ — “2026” (α·β) 한국어 Ελληνικά עברית';
    expect(hiddenCharacters(title)).toEqual([]);
  });
});
