import { describe, expect, it } from 'vitest';
import { nextWordEnd, previousWordEnd, previousWordStart, resizeSpan } from '../../../src/shared/text/word-steps';

const TEXT = 'Officials said 2,500 soldiers \u{1F4A9} were missing.';
const span = (quote: string) => {
  const start = TEXT.indexOf(quote);
  return { start, end: start + quote.length };
};
const quoteOf = (r: { start: number; end: number } | null) => (r ? TEXT.slice(r.start, r.end) : null);

describe('resizeSpan', () => {
  it('grows and shrinks the end by whole words', () => {
    expect(quoteOf(resizeSpan(TEXT, span('Officials'), 'end', 'grow', 'word'))).toBe('Officials said');
    expect(quoteOf(resizeSpan(TEXT, span('Officials said 2,500'), 'end', 'shrink', 'word'))).toBe('Officials said');
  });

  it('grows and shrinks the start by whole words', () => {
    // "2,500" is one word, as when snapping a selection.
    expect(quoteOf(resizeSpan(TEXT, span('soldiers'), 'start', 'grow', 'word'))).toBe('2,500 soldiers');
    expect(quoteOf(resizeSpan(TEXT, span('said 2,500'), 'start', 'shrink', 'word'))).toBe('2,500');
  });

  it('steps over an astral character as one character, never splitting it', () => {
    const grown = resizeSpan(TEXT, span('soldiers '), 'end', 'grow', 'char')!;
    expect(TEXT.slice(grown.start, grown.end)).toBe('soldiers \u{1F4A9}');
    const shrunk = resizeSpan(TEXT, grown, 'end', 'shrink', 'char')!;
    expect(TEXT.slice(shrunk.start, shrunk.end)).toBe('soldiers ');
  });

  it('steps over a flag pair and a letter with its combining accent as one character', () => {
    const text = 'the \u{1F1FA}\u{1F1E6} caf\u0065\u0301 x';
    const flagStart = text.indexOf('\u{1F1FA}');
    const grown = resizeSpan(text, { start: 0, end: flagStart }, 'end', 'grow', 'char')!;
    expect(text.slice(grown.start, grown.end)).toBe('the \u{1F1FA}\u{1F1E6}');
    const cafe = text.indexOf('caf');
    const accent = resizeSpan(text, { start: cafe, end: cafe + 3 }, 'end', 'grow', 'char')!;
    expect(text.slice(accent.start, accent.end)).toBe('caf\u0065\u0301');
    const back = resizeSpan(text, accent, 'end', 'shrink', 'char')!;
    expect(text.slice(back.start, back.end)).toBe('caf');
  });

  it('refuses a step that would empty the span or leave the text', () => {
    expect(resizeSpan(TEXT, span('Officials'), 'end', 'shrink', 'word')).toBeNull();
    expect(resizeSpan(TEXT, span('Officials'), 'start', 'grow', 'char')).toBeNull();
    expect(resizeSpan(TEXT, span('missing.'), 'end', 'grow', 'word')).toBeNull();
  });
});

describe('word boundaries', () => {
  it('finds the next word end and previous word start, a number with separators being one word', () => {
    expect(TEXT.slice(0, nextWordEnd(TEXT, 9))).toBe('Officials said');
    expect(TEXT.slice(0, nextWordEnd(TEXT, TEXT.indexOf(' 2,500')))).toBe('Officials said 2,500');
    expect(TEXT.slice(previousWordStart(TEXT, TEXT.indexOf(' soldiers')))).toMatch(/^2,500 soldiers/);
    expect(TEXT.slice(0, previousWordEnd(TEXT, TEXT.indexOf(' soldiers')))).toBe('Officials said');
    // A full stop at the end of a sentence is not a joiner.
    expect(TEXT.slice(0, nextWordEnd(TEXT, TEXT.indexOf(' missing')))).toBe('Officials said 2,500 soldiers \u{1F4A9} were missing');
  });
});

describe('word steps over abbreviations', () => {
  const text = 'Talks with the U.S. delegation ended.';
  it('grows the end over "U.S." as one word, full stop included', () => {
    const start = text.indexOf('the');
    expect(text.slice(start, nextWordEnd(text, start + 3))).toBe('the U.S.');
  });
  it('shrinks back over it as one word', () => {
    const end = text.indexOf(' delegation');
    expect(text.slice(previousWordStart(text, end), end)).toBe('U.S.');
  });
});
