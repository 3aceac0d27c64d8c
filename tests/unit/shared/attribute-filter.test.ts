import { describe, expect, it } from 'vitest';
import { attributeMatches, parseNumberFilter } from '../../../src/shared/search/attribute-filter';

describe('attribute filters of the span table', () => {
  it('reads numbers and comparisons for number attributes', () => {
    const cases: [string, number, boolean][] = [
      ['2500', 2500, true],
      ['2,500', 2500, true],
      ['2 500', 2501, false],
      ['>= 1000', 1000, true],
      ['>1000', 1000, false],
      ['< 50', 49, true],
      ['≤50', 51, false],
      ['100-500', 300, true],
      ['100 - 500', 501, false],
      ['500..100', 100, true],
    ];
    for (const [text, value, expected] of cases) expect([text, value, parseNumberFilter(text)!(value)]).toEqual([text, value, expected]);
    expect(parseNumberFilter('many')).toBeNull();
  });

  it('matches a casualty value numerically, a category exactly, a source by the words it contains', () => {
    expect(attributeMatches(2500, '>= 1000', 'integer')).toBe(true);
    expect(attributeMatches(250, '>= 1000', 'integer')).toBe(false);
    expect(attributeMatches('killed', 'Killed', 'choice')).toBe(true);
    expect(attributeMatches('killed and wounded', 'killed', 'choice')).toBe(false);
    expect(attributeMatches('Yuri Ushakov', 'ushakov', 'text')).toBe(true);
    expect(attributeMatches('Peskov', 'ushakov', 'text')).toBe(false);
    expect(attributeMatches(['military', 'civilian'], 'civilian', 'multichoice')).toBe(true);
    expect(attributeMatches(true, 'yes', 'boolean')).toBe(true);
    expect(attributeMatches(false, 'true', 'boolean')).toBe(false);
  });

  it('never matches a span without the attribute, and an empty filter matches everything', () => {
    expect(attributeMatches(undefined, 'killed', 'choice')).toBe(false);
    expect(attributeMatches(undefined, '', 'choice')).toBe(true);
  });

  it('without a declared type, a number value still takes comparisons', () => {
    expect(attributeMatches(80, '<100')).toBe(true);
    expect(attributeMatches('Ushakov', 'USHAKOV')).toBe(true);
  });
});
