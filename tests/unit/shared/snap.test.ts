import { describe, expect, it } from 'vitest';
import { splitsSurrogatePair } from '../../../src/shared/offsets';
import { snapToWords, trimEdges } from '../../../src/shared/text/snap';
import { seededRandom } from '../../helpers/workbench';
import { ARABIC_WORD, CAFE_COMBINING, CYRILLIC_WORD, PILE_OF_POO, TRICKY_TEXT } from '../../fixtures/tricky-text';

/** Snaps the selection of `part` (first occurrence of `needle`, sliced by [from, to) inside it) and returns the text. */
function snapText(text: string, start: number, end: number): string {
  const r = snapToWords(text, start, end);
  return text.slice(r.start, r.end);
}

describe('snapToWords', () => {
  const text = 'Officials said 2,500 soldiers (and 1.5 million civilians) don\u2019t count well-known cases.';

  it('grows a boundary inside a word out to the word edge', () => {
    const i = text.indexOf('soldiers');
    expect(snapText(text, i + 2, i + 5)).toBe('soldiers');
  });

  it('keeps numbers with thousands separators and decimals whole', () => {
    const i = text.indexOf('2,500');
    expect(snapText(text, i, i + 3)).toBe('2,500');
    const j = text.indexOf('1.5');
    expect(snapText(text, j + 2, j + 3)).toBe('1.5');
  });

  it('keeps apostrophes and hyphens inside words', () => {
    const i = text.indexOf('don');
    expect(snapText(text, i + 1, i + 2)).toBe('don\u2019t');
    const j = text.indexOf('known');
    expect(snapText(text, j + 1, j + 2)).toBe('well-known');
  });

  it('drops surrounding spaces, brackets and punctuation', () => {
    const i = text.indexOf('(and');
    const j = text.indexOf(')') + 2;
    expect(snapText(text, i - 1, j)).toBe('and 1.5 million civilians');
    expect(snapText(text, text.indexOf('cases'), text.length)).toBe('cases');
  });

  it('does not grab the word before a selection that starts on a space', () => {
    const i = text.indexOf(' soldiers');
    expect(snapText(text, i, i + 4)).toBe('soldiers');
  });

  it('accepts a reversed selection', () => {
    const i = text.indexOf('soldiers');
    expect(snapToWords(text, i + 5, i + 1)).toEqual({ start: i, end: i + 'soldiers'.length });
  });

  it('keeps percent and currency signs at the edges', () => {
    const t = 'prices rose 25% to $100 today';
    expect(snapText(t, t.indexOf('5%'), t.indexOf('%') + 1)).toBe('25%');
    expect(snapText(t, t.indexOf('$'), t.indexOf('$') + 2)).toBe('$100');
  });

  it('returns the (clamped) selection unchanged when it holds only spaces and punctuation', () => {
    const t = 'a  ,  b';
    expect(snapToWords(t, 1, 6)).toEqual({ start: 1, end: 6 });
    expect(snapToWords(t, 3, 3)).toEqual({ start: 3, end: 3 });
    expect(snapToWords(' ', -4, 10)).toEqual({ start: 0, end: 1 });
  });

  it('treats combining marks, Cyrillic and Arabic letters as word characters', () => {
    const t = `the ${CAFE_COMBINING} in ${CYRILLIC_WORD} near ${ARABIC_WORD}.`;
    const c = t.indexOf('caf');
    expect(snapText(t, c + 1, c + 2)).toBe(CAFE_COMBINING);
    const k = t.indexOf(CYRILLIC_WORD);
    expect(snapText(t, k + 1, k + 3)).toBe(CYRILLIC_WORD);
    const a = t.indexOf(ARABIC_WORD);
    expect(snapText(t, a + 2, a + 4)).toBe(ARABIC_WORD);
  });

  it('steps over astral letters as whole characters', () => {
    const bold = '\u{1D400}\u{1D401}\u{1D402}'; // MATHEMATICAL BOLD CAPITAL A B C: letters outside the BMP
    const t = `x ${bold} y`;
    expect(snapText(t, 4, 6)).toBe(bold);
  });

  it('does not treat an emoji as part of a word', () => {
    const t = `no${PILE_OF_POO}way`;
    expect(snapText(t, 1, 2)).toBe('no');
    expect(snapText(t, 5, 6)).toBe('way');
  });

  it('moves a boundary that falls inside a surrogate pair out to the whole character', () => {
    const t = `x ${PILE_OF_POO}y`; // the pair is at 2-3
    expect(snapToWords(t, 3, 5)).toEqual({ start: 2, end: 5 });
    expect(snapToWords(t, 0, 3)).toEqual({ start: 0, end: 4 });
    const bold = `\u{1D400}\u{1D401} z`;
    expect(snapToWords(bold, 1, 3)).toEqual({ start: 0, end: 4 });
  });

  it('on random selections of the tricky text: stays in range, never splits a pair, and is idempotent', () => {
    const random = seededRandom(42);
    for (let round = 0; round < 2000; round++) {
      const a = Math.floor(random() * (TRICKY_TEXT.length + 1));
      const b = Math.floor(random() * (TRICKY_TEXT.length + 1));
      const r = snapToWords(TRICKY_TEXT, a, b);
      expect(r.start).toBeGreaterThanOrEqual(0);
      expect(r.end).toBeLessThanOrEqual(TRICKY_TEXT.length);
      expect(r.start).toBeLessThanOrEqual(r.end);
      expect(splitsSurrogatePair(TRICKY_TEXT, r.start)).toBe(false);
      expect(splitsSurrogatePair(TRICKY_TEXT, r.end)).toBe(false);
      expect(snapToWords(TRICKY_TEXT, r.start, r.end)).toEqual(r);
    }
  });
});

describe('trimEdges', () => {
  it('drops whitespace, quotes and punctuation at both ends only', () => {
    const t = ' \t\u00AB\u201Cno, deal\u201D\u00BB.\u00A0';
    const r = trimEdges(t, 0, t.length);
    expect(t.slice(r.start, r.end)).toBe('no, deal');
  });

  it('drops a BOM (a format character) at the start', () => {
    const t = '\uFEFFHeadline';
    expect(trimEdges(t, 0, t.length)).toEqual({ start: 1, end: t.length });
  });

  it('collapses a range of only punctuation to an empty range', () => {
    const r = trimEdges('...', 0, 3);
    expect(r.start).toBe(r.end);
  });
});

describe('abbreviations stay whole', () => {
  const text = 'Talks with the U.S. delegation ended. The U.K. and e.g. others.';
  it.each([
    ['U.S', 'U.S.'],
    ['S. dele', 'U.S. delegation'],
    ['U', 'U.S.'],
    ['U.K', 'U.K.'],
    ['e.g', 'e.g.'],
    ['ended.', 'ended'],
    ['others.', 'others'],
  ])('a selection of “%s” snaps to “%s”', (selected, expected) => {
    const start = text.indexOf(selected);
    const r = snapToWords(text, start, start + selected.length);
    expect(text.slice(r.start, r.end)).toBe(expected);
  });
});
