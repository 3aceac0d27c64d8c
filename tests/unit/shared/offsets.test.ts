import { describe, expect, it } from 'vitest';
import { codePointLength, OffsetConverter, splitsSurrogatePair } from '../../../src/shared/offsets';
import { FLAG_UA, PILE_OF_POO, TRICKY_TEXT, codePointSlice } from '../../fixtures/tricky-text';

describe('splitsSurrogatePair', () => {
  const text = `a${PILE_OF_POO}b`; // a, high, low, b

  it('is true only between the halves of a pair', () => {
    expect([0, 1, 2, 3, 4].map((i) => splitsSurrogatePair(text, i))).toEqual([false, false, true, false, false]);
  });

  it('is false at and beyond the ends and for lone surrogates', () => {
    expect(splitsSurrogatePair(text, -1)).toBe(false);
    expect(splitsSurrogatePair(text, 99)).toBe(false);
    expect(splitsSurrogatePair('a\uD83Db', 2)).toBe(false); // lone high surrogate
    expect(splitsSurrogatePair('a\uDCA9b', 1)).toBe(false); // lone low surrogate
  });
});

describe('codePointLength', () => {
  it('counts astral characters once and BMP characters once', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength(PILE_OF_POO)).toBe(1);
    expect(codePointLength(FLAG_UA)).toBe(2);
    expect(codePointLength('e\u0301')).toBe(2); // combining mark is its own code point
  });

  it('agrees with Array.from on the tricky fixture', () => {
    expect(codePointLength(TRICKY_TEXT)).toBe(Array.from(TRICKY_TEXT).length);
    expect(codePointLength(TRICKY_TEXT)).toBeLessThan(TRICKY_TEXT.length);
  });

  it('counts a lone surrogate as one code point, like Array.from', () => {
    expect(codePointLength('a\uD83D')).toBe(2);
    expect(codePointLength('\uDCA9\uD83D')).toBe(Array.from('\uDCA9\uD83D').length);
  });
});

describe('OffsetConverter', () => {
  it('is the identity for text without surrogates', () => {
    const text = 'Kyiv \u041A\u0438\u0435\u0432 e\u0301\r\n';
    const c = new OffsetConverter(text);
    expect(c.codePointLength).toBe(text.length);
    for (let i = 0; i <= text.length; i++) {
      expect(c.toCodePoint(i)).toBe(i);
      expect(c.toUtf16(i)).toBe(i);
    }
  });

  it('maps every boundary of the tricky text both ways', () => {
    const c = new OffsetConverter(TRICKY_TEXT);
    const cps = Array.from(TRICKY_TEXT);
    expect(c.codePointLength).toBe(cps.length);
    let utf16 = 0;
    for (let cp = 0; cp <= cps.length; cp++) {
      expect(c.toUtf16(cp)).toBe(utf16);
      expect(c.toCodePoint(utf16)).toBe(cp);
      utf16 += cps[cp]?.length ?? 0;
    }
    expect(utf16).toBe(TRICKY_TEXT.length);
  });

  it('converts a span so that code point slicing returns the same text', () => {
    const text = `x${FLAG_UA}y${PILE_OF_POO}z`;
    const c = new OffsetConverter(text);
    const start = text.indexOf('y');
    const end = text.indexOf('z') + 1;
    expect(codePointSlice(text, c.toCodePoint(start), c.toCodePoint(end))).toBe(text.slice(start, end));
    expect(c.toCodePoint(start)).toBe(3);
    expect(c.toCodePoint(end)).toBe(6);
  });

  it('refuses an index inside a surrogate pair', () => {
    const c = new OffsetConverter(`a${PILE_OF_POO}`);
    expect(() => c.toCodePoint(2)).toThrow(/splits a surrogate pair/);
  });

  it('refuses out-of-range and non-integer offsets', () => {
    const plain = new OffsetConverter('abc');
    const astral = new OffsetConverter(`a${PILE_OF_POO}`);
    for (const c of [plain, astral]) {
      expect(() => c.toCodePoint(-1)).toThrow(RangeError);
      expect(() => c.toCodePoint(1.5)).toThrow(RangeError);
      expect(() => c.toUtf16(-1)).toThrow(RangeError);
      expect(() => c.toUtf16(Number.NaN)).toThrow(RangeError);
    }
    expect(() => plain.toCodePoint(4)).toThrow(RangeError);
    expect(() => plain.toUtf16(4)).toThrow(RangeError);
    expect(astral.toUtf16(2)).toBe(3);
    expect(() => astral.toUtf16(3)).toThrow(/outside the text \(0-2\)/);
    expect(() => astral.toCodePoint(4)).toThrow(RangeError);
  });

  it('handles an empty text', () => {
    const c = new OffsetConverter('');
    expect(c.codePointLength).toBe(0);
    expect(c.toCodePoint(0)).toBe(0);
    expect(c.toUtf16(0)).toBe(0);
  });

  it('treats a lone surrogate as one code point', () => {
    const text = 'a\uD83Db\uDCA9';
    const c = new OffsetConverter(text);
    expect(c.codePointLength).toBe(4);
    expect([0, 1, 2, 3, 4].map((i) => c.toCodePoint(i))).toEqual([0, 1, 2, 3, 4]);
  });
});
