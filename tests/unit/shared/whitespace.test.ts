import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from '../../../src/shared/text/clutter';
import { isSpaceCode } from '../../../src/shared/text/whitespace';

// Every character \s matches, a few that look like spaces but are not (zero-width space, word joiner, Mongolian vowel separator), and letters.
const WHITESPACE = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const NOT_WHITESPACE = ['\u200b', '\u2060', '\u180e', 'a', 'Я', '.', '😀'];
const lineOf = fc.array(fc.constantFrom(...WHITESPACE, ...NOT_WHITESPACE, ' ', ' ', 'word'), { maxLength: 40 }).map((parts) => parts.join(''));

describe('isSpaceCode', () => {
  it('is true for exactly the characters \\s matches', () => {
    const disagreeing: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) disagreeing.push(`U+${c.toString(16)}`);
    expect(disagreeing).toEqual([]);
  });
});

describe('collapseWhitespace', () => {
  it('collapses runs of any whitespace to one space and trims', () => {
    expect(collapseWhitespace('  Skip\tto \u00a0main\r\ncontent  ')).toBe('Skip to main content');
    expect(collapseWhitespace('Photo:  Reuters')).toBe('Photo: Reuters');
    expect(collapseWhitespace(' Read more ')).toBe('Read more');
    expect(collapseWhitespace('\u200bzero\u200bwidth')).toBe('\u200bzero\u200bwidth');
  });

  it('is always line.replace(/\\s+/g, " ").trim(), whether or not the line needs collapsing', () => {
    fc.assert(
      fc.property(lineOf, (line) => {
        expect(collapseWhitespace(line)).toBe(line.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });
});
