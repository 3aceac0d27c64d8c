import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMatches, parseQuery, tokenize } from '../../../src/shared/search/query';

/**
 * findMatches looks a long ASCII text up from where each unit's first word
 * occurs instead of tokenizing it all (the search results' highlights). The
 * definition is the word-by-word scan, which it takes when given the
 * tokens: both must place every match alike.
 */

const WORDS = ['talks', 'Talks', 'ceasefire', 'cease', 'fire', 'officials', 'said', 'say', 'a', 'an', 'Kiev', 'regime', 'x1', '1x', 'v1.234', 'and'];
const NUMBERS = ['2500', '2,500', '2 500', '2.500', '12,345a', '1,234,567', '175', '2,5000', '500', '12,500'];
const GAPS = [' ', ' ', ' ', ' ', '  ', ', ', '. ', '\n', '\r\n\r\n', '-', "'", '"', ' (', ') ', '\t', '/'];

// Mostly a few words, so phrases and repeated words (a match starting inside the last one) are common.
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('talks', 'said', 'officials', 'a', 'Talks') },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,6}$/) },
);
const asciiText = fc
  .array(fc.tuple(piece, fc.constantFrom(...GAPS)), { minLength: 150, maxLength: 400 })
  .map((parts) => parts.map(([word, gap]) => word + gap).join(''))
  .filter((text) => text.length >= 512);

const term = fc
  .tuple(fc.array(fc.constantFrom(...WORDS, ...NUMBERS, 'tal', 'off', 'c'), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([words, prefix]) => {
    const phrase = words.length > 1 ? `"${words.join(' ')}"` : words[0]!;
    return prefix ? `${phrase}*` : phrase;
  });
const query = fc.array(fc.tuple(term, fc.constantFrom(' ', ' OR ', ' -')), { minLength: 1, maxLength: 4 }).map((terms) =>
  terms
    .map(([t, join]) => join + t)
    .join('')
    .trim(),
);

describe('findMatches on long ASCII texts', () => {
  it('places every match where the word-by-word scan does', () => {
    fc.assert(
      fc.property(asciiText, query, (text, q) => {
        const parsed = parseQuery(q.replace(/^-/, ''));
        expect(findMatches(text, parsed)).toEqual(findMatches(text, parsed, tokenize(text)));
      }),
      { numRuns: 400 },
    );
  });

  it('worked example: a phrase found again inside its last match is not a match', () => {
    const text = `${'filler words here. '.repeat(30)}talks talks talks talks talks`;
    const parsed = parseQuery('"talks talks"');
    expect(findMatches(text, parsed).map((r) => r.start - text.indexOf('talks'))).toEqual([0, 12]);
    expect(findMatches(text, parsed, tokenize(text))).toEqual(findMatches(text, parsed));
  });

  it('worked example: a phrase, a prefix and a word, in order, none inside another', () => {
    const text = `${'filler words here. '.repeat(30)}Officials said the ceasefire talks stalled; talks-ceasefire, said officials. Talkshow.`;
    const parsed = parseQuery('"officials said" OR talk* OR ceasefire');
    const found = findMatches(text, parsed).map((r) => text.slice(r.start, r.end));
    expect(found).toEqual(['Officials said', 'ceasefire', 'talks', 'talks', 'ceasefire', 'Talkshow']);
    expect(findMatches(text, parsed, tokenize(text))).toEqual(findMatches(text, parsed));
  });
});
