/**
 * The svgpath steps that compactMathSvg takes for every glyph, forked from svgpath 2.6.0 (MIT,
 * https://github.com/fontello/svgpath) for the path data and transforms MathJax writes: reading
 * `M L H V C S Q T Z` data, applying `matrix`/`translate`/`scale` transforms, then `rel()`,
 * `round(0)` and `toString()` on the joined outlines. With svgpath these took a third as long as
 * MathJax's own drawing of a new formula, mostly in reading numbers and in `toFixed`; here whole
 * numbers are read without a string and rounded without one, and everything else is the same
 * arithmetic in the same order, so the output is the same to the character
 * (test/outline-path.test.ts compares both on every glyph of MathJax's TeX fonts and on the
 * formulas of real posts). Anything else (arcs, rotations, skews, data svgpath would reject) is
 * left to svgpath by returning undefined.
 */

/** A command and its numbers, as svgpath keeps them. */
export type Segment = [string, ...number[]];

/** svgpath's combined matrix `[a, b, c, d, e, f]`, or null for none (its empty queue). */
export type Affine = [number, number, number, number, number, number] | null;

const ARITY: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, z: 0 };
/** Path data as svgpath's parser splits it, or undefined for anything it is not forked for. */
export function parsePath(d: string): Segment[] | undefined {
  const segments: Segment[] = [];
  const reader = { at: skipSpaces(d, 0), value: 0 };
  while (reader.at < d.length) {
    const command = d[reader.at]!;
    const arity = ARITY[command.toLowerCase()];
    if (arity === undefined) return undefined;
    reader.at = skipSpaces(d, reader.at + 1);
    const params: number[] = [];
    while (reader.at < d.length && isNumberStart(d.charCodeAt(reader.at))) {
      if (!readNumber(d, reader)) return undefined;
      params.push(reader.value);
      reader.at = skipSpaces(d, reader.at);
      // One comma between numbers, and a number after it (svgpath's rule).
      if (d.charCodeAt(reader.at) === COMMA) {
        reader.at = skipSpaces(d, reader.at + 1);
        if (!isNumberStart(d.charCodeAt(reader.at))) return undefined;
      }
    }
    if (!finalizeSegment(command, arity, params, segments)) return undefined;
  }
  const first = segments[0];
  if (first) {
    if (first[0] !== 'M' && first[0] !== 'm') return undefined;
    first[0] = 'M';
  }
  return segments;
}

const COMMA = 0x2c;
const DOT = 0x2e;
const PLUS = 0x2b;
const MINUS = 0x2d;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isNumberStart = (code: number) => isDigit(code) || code === DOT || code === PLUS || code === MINUS;

/**
 * One number at `reader.at` into `reader.value`, moving past it; false if none is there. A whole
 * number (the glyph data is nearly all whole) is added up digit by digit, exactly; any other is
 * read by Number(), which rounds as svgpath's parseFloat does.
 */
function readNumber(d: string, reader: { at: number; value: number }): boolean {
  const start = reader.at;
  let at = start;
  let code = d.charCodeAt(at);
  if (code === PLUS || code === MINUS) code = d.charCodeAt(++at);
  let whole = 0;
  let digits = 0;
  while (isDigit(code)) {
    whole = whole * 10 + (code - 0x30);
    digits += 1;
    code = d.charCodeAt(++at);
  }
  let plain = digits > 0 && digits < 16;
  if (code === DOT) {
    plain = false;
    code = d.charCodeAt(++at);
    let fraction = 0;
    while (isDigit(code)) {
      fraction += 1;
      code = d.charCodeAt(++at);
    }
    if (digits === 0 && fraction === 0) return false;
  } else if (digits === 0) return false;
  if (code === 0x65 || code === 0x45) {
    let exponent = at + 1;
    if (d.charCodeAt(exponent) === PLUS || d.charCodeAt(exponent) === MINUS) exponent += 1;
    if (isDigit(d.charCodeAt(exponent))) {
      plain = false;
      at = exponent;
      while (isDigit(d.charCodeAt(at))) at += 1;
    }
  }
  reader.value = plain ? (d.charCodeAt(start) === MINUS ? -whole : whole) : Number(d.slice(start, at));
  reader.at = at;
  return true;
}

function skipSpaces(d: string, at: number): number {
  let index = at;
  while (index < d.length && isSpace(d.charCodeAt(index))) index += 1;
  return index;
}

/** svgpath's isSpace: line ends, ASCII white space, the no-break space and its list of Unicode spaces. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0x09 ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0xa0 ||
    (code >= 0x1680 &&
      (code === 0x1680 ||
        code === 0x180e ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff))
  );
}

/** svgpath's finalizeSegment: extra pairs after a move are lines; repeats make segments of their own. */
function finalizeSegment(command: string, arity: number, params: number[], segments: Segment[]): boolean {
  let name = command;
  let rest = params;
  let count = arity;
  if (name.toLowerCase() === 'm' && rest.length > 2) {
    segments.push([name, rest[0]!, rest[1]!]);
    rest = rest.slice(2);
    name = name === 'm' ? 'l' : 'L';
    count = ARITY['l']!;
  }
  if (count === 0) {
    if (rest.length > 0) return false;
    segments.push([name]);
    return true;
  }
  // svgpath reports an error (and we hand the path back to it) when numbers are left over or missing.
  if (rest.length === 0 || rest.length % count !== 0) return false;
  for (let index = 0; index < rest.length; index += count) segments.push([name, ...rest.slice(index, index + count)]);
  return true;
}

const TRANSFORM = /\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(\s*(.+?)\s*\)[\s,]*/;

/** A transform attribute as svgpath's transformParse and Matrix combine it; undefined for rotations and skews. */
export function parseTransform(transform: string): Affine | undefined {
  const queue: number[][] = [];
  let name: string | undefined;
  for (const item of transform.split(TRANSFORM)) {
    if (!item.length) continue;
    if (/^(matrix|translate|scale|rotate|skewX|skewY)$/.test(item)) {
      name = item;
      continue;
    }
    const params = item.split(/[\s,]+/).map((value) => +value || 0);
    if (name === 'rotate' || name === 'skewX' || name === 'skewY') return undefined;
    if (name === 'matrix' && params.length === 6) {
      const [a, b, c, d, e, f] = params as [number, number, number, number, number, number];
      if (!(a === 1 && b === 0 && c === 0 && d === 1 && e === 0 && f === 0)) queue.push(params);
    } else if (name === 'scale' && (params.length === 1 || params.length === 2)) {
      const [sx, sy = sx] = params as [number, number?];
      if (sx !== 1 || sy !== 1) queue.push([sx, 0, 0, sy, 0, 0]);
    } else if (name === 'translate' && (params.length === 1 || params.length === 2)) {
      const [tx, ty = 0] = params as [number, number?];
      if (tx !== 0 || ty !== 0) queue.push([1, 0, 0, 1, tx, ty]);
    }
  }
  if (queue.length === 0) return null;
  let combined = queue[0]!;
  for (let index = 1; index < queue.length; index += 1) combined = combine(combined, queue[index]!);
  return combined as Affine;
}

function combine(m1: number[], m2: number[]): number[] {
  return [
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  ];
}

function calc(m: Affine, x: number, y: number, relative: boolean): [number, number] {
  if (!m) return [x, y];
  return relative
    ? [x * m[0] + y * m[2], x * m[1] + y * m[3]]
    : [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

/**
 * svgpath's iterate: calls `visit` with each segment and the point it starts from, the point
 * then taken from the segment as `visit` left it.
 */
function iterate(segments: Segment[], visit: (segment: Segment, index: number, x: number, y: number) => void): void {
  let lastX = 0;
  let lastY = 0;
  let startX = 0;
  let startY = 0;
  for (let index = 0; index < segments.length; index += 1) {
    const s = segments[index]!;
    visit(s, index, lastX, lastY);
    const relative = s[0] === s[0].toLowerCase();
    switch (s[0]) {
      case 'm':
      case 'M':
        lastX = (s[1] as number) + (relative ? lastX : 0);
        lastY = (s[2] as number) + (relative ? lastY : 0);
        startX = lastX;
        startY = lastY;
        break;
      case 'h':
      case 'H':
        lastX = (s[1] as number) + (relative ? lastX : 0);
        break;
      case 'v':
      case 'V':
        lastY = (s[1] as number) + (relative ? lastY : 0);
        break;
      case 'z':
      case 'Z':
        lastX = startX;
        lastY = startY;
        break;
      default:
        lastX = (s[s.length - 2] as number) + (relative ? lastX : 0);
        lastY = (s[s.length - 1] as number) + (relative ? lastY : 0);
    }
  }
}

/** svgpath's `__matrix`: the segments with the transform applied, horizontal and vertical lines kept where they stay so. */
export function transformPath(segments: Segment[], m: Affine): Segment[] {
  if (!m) return segments;
  const result: Segment[] = new Array(segments.length);
  iterate(segments, (s, index, x, y) => {
    let p: [number, number];
    switch (s[0]) {
      case 'v':
        p = calc(m, 0, s[1] as number, true);
        result[index] = p[0] === 0 ? ['v', p[1]] : ['l', p[0], p[1]];
        return;
      case 'V':
        p = calc(m, x, s[1] as number, false);
        result[index] = p[0] === calc(m, x, y, false)[0] ? ['V', p[1]] : ['L', p[0], p[1]];
        return;
      case 'h':
        p = calc(m, s[1] as number, 0, true);
        result[index] = p[1] === 0 ? ['h', p[0]] : ['l', p[0], p[1]];
        return;
      case 'H':
        p = calc(m, s[1] as number, y, false);
        result[index] = p[1] === calc(m, x, y, false)[1] ? ['H', p[0]] : ['L', p[0], p[1]];
        return;
      case 'm':
        // The very first `m` is absolute.
        p = calc(m, s[1] as number, s[2] as number, index > 0);
        result[index] = ['m', p[0], p[1]];
        return;
      default: {
        const name = s[0];
        const relative = name.toLowerCase() === name;
        const transformed: Segment = [name];
        for (let i = 1; i < s.length; i += 2) {
          p = calc(m, s[i] as number, s[i + 1] as number, relative);
          transformed.push(p[0], p[1]);
        }
        result[index] = transformed;
      }
    }
  });
  return result;
}

/** svgpath's `rel()`, `round(0)` and `toString()` of the segments (which it changes). */
export function relativeRoundedPath(segments: Segment[]): string {
  iterate(segments, (s, index, x, y) => {
    const name = s[0];
    const lower = name.toLowerCase();
    if (name === lower) return;
    if (index === 0 && name === 'M') return;
    s[0] = lower;
    if (name === 'V') {
      (s[1] as number) -= y;
      return;
    }
    for (let i = 1; i < s.length; i += 1) (s[i] as number) -= i % 2 ? x : y;
  });
  round(segments);
  return pathString(segments);
}

/**
 * `+x.toFixed(0)` without the string: the nearest whole number, a half away from zero, -0 for a
 * negative number that rounds to 0, as toFixed does (a value past 1e21 goes through toFixed).
 */
function toWhole(x: number): number {
  if (x === 0) return 0;
  const size = Math.abs(x);
  if (!(size < 1e21)) return +x.toFixed(0);
  const floor = Math.floor(size);
  const whole = size - floor >= 0.5 ? floor + 1 : floor;
  return x < 0 ? -whole : whole;
}

/** svgpath's round(0): each rounding error carried into the next relative coordinate. */
function round(segments: Segment[]): void {
  let contourStartDeltaX = 0;
  let contourStartDeltaY = 0;
  let deltaX = 0;
  let deltaY = 0;
  for (const s of segments) {
    const relative = s[0].toLowerCase() === s[0];
    switch (s[0]) {
      case 'H':
      case 'h':
      case 'V':
      case 'v': {
        const horizontal = s[0] === 'H' || s[0] === 'h';
        let value = s[1] as number;
        if (relative) value += horizontal ? deltaX : deltaY;
        const whole = toWhole(value);
        if (horizontal) deltaX = value - whole;
        else deltaY = value - whole;
        s[1] = whole;
        break;
      }
      case 'Z':
      case 'z':
        deltaX = contourStartDeltaX;
        deltaY = contourStartDeltaY;
        break;
      case 'M':
      case 'm':
        if (relative) {
          (s[1] as number) += deltaX;
          (s[2] as number) += deltaY;
        }
        deltaX = (s[1] as number) - toWhole(s[1] as number);
        deltaY = (s[2] as number) - toWhole(s[2] as number);
        contourStartDeltaX = deltaX;
        contourStartDeltaY = deltaY;
        s[1] = toWhole(s[1] as number);
        s[2] = toWhole(s[2] as number);
        break;
      default: {
        const l = s.length;
        if (relative) {
          (s[l - 2] as number) += deltaX;
          (s[l - 1] as number) += deltaY;
        }
        deltaX = (s[l - 2] as number) - toWhole(s[l - 2] as number);
        deltaY = (s[l - 1] as number) - toWhole(s[l - 1] as number);
        for (let i = 1; i < l; i += 1) s[i] = toWhole(s[i] as number);
      }
    }
  }
}

/** svgpath's toString: a command written once for its repeats, spaces only where a number needs one. */
function pathString(segments: Segment[]): string {
  let result = '';
  let previous = '';
  let skipped = false;
  for (const segment of segments) {
    const command = segment[0];
    if (command !== previous || command === 'm' || command === 'M') {
      // svgpath keeps a space in `z m` for FontForge.
      if (command === 'm' && previous === 'z') result += ' ';
      result += command;
      skipped = false;
    } else {
      skipped = true;
    }
    for (let position = 1; position < segment.length; position += 1) {
      const value = segment[position] as number;
      if (position === 1) {
        if (skipped && value >= 0) result += ' ';
      } else if (value >= 0) result += ' ';
      result += value;
    }
    previous = command;
  }
  return result;
}
