// WCAG 2.x contrast maths against the figures WCAG and its Understanding pages give.
import { describe, expect, it } from 'vitest';
import { parseColor, type Rgba } from '../src/dark-mode/color.js';
import { contrastRatio, isLargeText, relativeLuminance, requiredRatio } from '../src/dark-mode/wcag.js';

const color = (text: string): Rgba => parseColor(text) as Rgba;

describe('relative luminance', () => {
  it('is 0 for black, 1 for white, and about 0.2159 for mid grey #808080', () => {
    expect(relativeLuminance(color('#000'))).toBe(0);
    expect(relativeLuminance(color('#fff'))).toBeCloseTo(1, 10);
    expect(relativeLuminance(color('#808080'))).toBeCloseTo(0.2159, 4);
  });

  it('weighs green most and blue least (0.7152, 0.2126, 0.0722 for the pure primaries)', () => {
    expect(relativeLuminance(color('#00ff00'))).toBeCloseTo(0.7152, 4);
    expect(relativeLuminance(color('#ff0000'))).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance(color('#0000ff'))).toBeCloseTo(0.0722, 4);
  });
});

describe('contrast ratio', () => {
  it('is 21:1 for black on white and 1:1 for a colour on itself, in either order', () => {
    expect(contrastRatio(color('black'), color('white'))).toBeCloseTo(21, 10);
    expect(contrastRatio(color('white'), color('black'))).toBeCloseTo(21, 10);
    expect(contrastRatio(color('#c7254e'), color('#c7254e'))).toBe(1);
  });

  it('puts #777 on white just under AA (4.48:1) and #767676 just over it (4.54:1)', () => {
    expect(contrastRatio(color('#777'), color('#fff'))).toBeCloseTo(4.48, 2);
    expect(contrastRatio(color('#767676'), color('#fff'))).toBeCloseTo(4.54, 2);
  });

  it('gives #c8c8c8 on white 1.67:1 and WeChat’s dark-mode text #a3a3a3 on #191919 about 7:1', () => {
    expect(contrastRatio(color('#c8c8c8'), color('#ffffff'))).toBeCloseTo(1.67, 2);
    expect(contrastRatio(color('#a3a3a3'), color('#191919'))).toBeCloseTo(6.97, 2);
  });
});

describe('large text', () => {
  it('is 24px and up, or 18.66px and up when bold, and then needs only 3:1', () => {
    expect([isLargeText(24, false), isLargeText(23.9, false), isLargeText(18.66, true), isLargeText(18, true)]).toEqual(
      [true, false, true, false],
    );
    expect([requiredRatio(16, false), requiredRatio(22, true), requiredRatio(22, false)]).toEqual([4.5, 3, 4.5]);
  });
});
