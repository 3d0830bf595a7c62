/** A character a field must not carry, where it stands and what it is called. */
export interface HiddenCharacter {
  /** 1-based, counted in code points as WeChat counts a field. */
  column: number;
  codePoint: number;
  /** `U+202E RIGHT-TO-LEFT OVERRIDE`. */
  label: string;
}

/** Bidirectional formatting characters: they make a title read differently from the bytes sent (Trojan Source). */
const BIDI_NAMES: Record<number, string> = {
  1564: 'ARABIC LETTER MARK',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
};

/**
 * The characters in a one-line field (title, author, digest) that a reader cannot see but WeChat
 * stores and shows as boxes or uses to reorder the line: control characters (C0, DEL, C1, tab and
 * line breaks included), bidirectional formatting, a byte-order mark, lone surrogates and the
 * noncharacters U+FFFE and U+FFFF. Joiners and variation selectors, which emoji need, are fine.
 */
export function hiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  let column = 0;
  for (const character of text) {
    column++;
    const codePoint = character.codePointAt(0)!;
    const name = hiddenName(codePoint, character);
    if (name) found.push({ column, codePoint, label: `U+${hex(codePoint)} ${name}` });
  }
  return found;
}

function hiddenName(codePoint: number, character: string): string | undefined {
  if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) return controlName(codePoint);
  if (BIDI_NAMES[codePoint]) return BIDI_NAMES[codePoint];
  if (codePoint === 0xfeff) return 'BYTE ORDER MARK';
  if (codePoint === 0xfffe || codePoint === 0xffff) return 'NONCHARACTER';
  // A string iterates a lone surrogate as one unit of its own.
  if (character.length === 1 && codePoint >= 0xd800 && codePoint <= 0xdfff) return 'LONE SURROGATE';
  return undefined;
}

const C0_NAMES: Record<number, string> = { 0: 'NULL', 9: 'TAB', 10: 'LINE FEED', 13: 'CARRIAGE RETURN', 27: 'ESCAPE' };

function controlName(codePoint: number): string {
  if (codePoint === 0x7f) return 'DELETE';
  return C0_NAMES[codePoint] ?? 'CONTROL CHARACTER';
}

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}
