import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kappaOverCharacters } from '../../../../src/shared/metrics/cohen-kappa';
import { exactMatch } from '../../../../src/shared/metrics/exact-match';
import { alphaOverTokens } from '../../../../src/shared/metrics/krippendorff-alpha';
import { labelConfusion } from '../../../../src/shared/metrics/label-confusion';
import { overlapMatch } from '../../../../src/shared/metrics/overlap-match';
import { ptcSpanIdentification } from '../../../../src/shared/metrics/ptc-span-identification';
import type { ScoredSpan } from '../../../../src/shared/metrics/spans';
import { unitizingAlphaOverArticles } from '../../../../src/shared/metrics/unitizing-alpha';
import { tokenize } from '../../../../src/shared/text/tokens';
import * as reference from './reference';

/**
 * The metrics run on sorted columns (span-pair.ts); ./reference holds them as
 * they were on span objects. On random spans (duplicates, nesting, spans past
 * the article's end, articles only one side has, inputs in any order, from one
 * label to more than 32) every figure, count and drill-down flag must be
 * exactly equal: the same floating-point sums in the same order, not merely close.
 */
const ARTICLES = ['doc-b', 'doc-a', 'doc-d', 'doc-c'];

function labelNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `label-${String.fromCharCode(97 + (i % 26))}${i}`);
}

const study = fc.integer({ min: 1, max: 40 }).chain((labelCount) => {
  const labels = labelNames(labelCount);
  const span = fc
    .record({
      article: fc.constantFrom(...ARTICLES),
      start: fc.integer({ min: 0, max: 70 }),
      length: fc.integer({ min: 1, max: 25 }),
      label: fc.constantFrom(...labels),
    })
    .map(({ article, start, length, label }): ScoredSpan => ({ article, start, end: start + length, label }));
  // Some spans of b copy or shift spans of a, so exact and overlapping matches occur often.
  const side = fc.array(span, { maxLength: 60 });
  return fc.record({
    a: side,
    bOwn: side,
    copies: fc.array(fc.record({ from: fc.nat(), shift: fc.integer({ min: -3, max: 3 }), relabel: fc.boolean() }), { maxLength: 40 }),
    texts: fc.tuple(...ARTICLES.map(() => fc.stringMatching(/^[a-z ,.'-]{20,80}$/))),
    labels: fc.constant(labels),
  });
});

describe('metrics on sorted columns equal the metrics on span objects', () => {
  it('gives exactly the reference figures on random spans', () => {
    fc.assert(
      fc.property(study, ({ a, bOwn, copies, texts, labels }) => {
        const b = [...bOwn];
        for (const { from, shift, relabel } of copies) {
          if (a.length === 0) break;
          const s = a[from % a.length]!;
          const start = Math.max(0, s.start + shift);
          b.splice(from % (b.length + 1), 0, {
            ...s,
            start,
            end: Math.max(start + 1, s.end + shift),
            label: relabel ? labels[from % labels.length]! : s.label,
          });
        }
        const lengths = new Map(ARTICLES.map((id, i) => [id, texts[i]!.length]));
        const tokens = new Map(ARTICLES.map((id, i) => [id, tokenize(texts[i]!)]));

        expect(exactMatch(a, b)).toEqual(reference.exactMatch(a, b));
        expect(overlapMatch(a, b)).toEqual(reference.overlapMatch(a, b));
        expect(ptcSpanIdentification(a, b)).toEqual(reference.ptcSpanIdentification(a, b));
        expect(kappaOverCharacters(a, b, lengths)).toEqual(reference.kappaOverCharacters(a, b, lengths));
        expect(alphaOverTokens(a, b, tokens)).toEqual(reference.alphaOverTokens(a, b, tokens));
        expect(unitizingAlphaOverArticles(a, b, lengths)).toEqual(reference.unitizingAlphaOverArticles(a, b, lengths));
        const confusion = labelConfusion(a, b, { withPairs: true });
        const expected = reference.labelConfusion(a, b, { withPairs: true });
        expect(confusion).toEqual(expected);
        // The same key order too: the report's JSON reads the same.
        expect(JSON.stringify(confusion)).toBe(JSON.stringify(expected));
        expect(JSON.stringify(labelConfusion(a, b))).toBe(JSON.stringify(reference.labelConfusion(a, b)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives exactly the reference figures on long articles, many spans at one start, and reversed spans', () => {
    // Offsets far apart (the numeric sorts rather than the counting ones), runs of one start longer than 32, start > end.
    const offset = fc.oneof(fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 40 }));
    // Reversed spans only near the start: the previous sort could not order a start of 2^21 or more with a smaller end
    // (the store never holds such a span: end > start is checked).
    const span = fc
      .record({ article: fc.constantFrom('p', 'q'), start: offset, end: offset, label: fc.constantFrom('x', 'y', 'z') })
      .map((s): ScoredSpan => (s.start > s.end && s.start >= 2 ** 21 ? { ...s, start: s.end, end: s.start } : s));
    const sameStart = fc.array(fc.record({ end: fc.integer({ min: 1, max: 30 }), label: fc.constantFrom('x', 'y') }), { minLength: 0, maxLength: 50 });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 40 }), fc.array(span, { maxLength: 40 }), sameStart, (a, bOwn, run) => {
        const b = [...bOwn, ...run.map(({ end, label }): ScoredSpan => ({ article: 'p', start: 0, end, label }))];
        const lengths = new Map([
          ['p', 3_000_100],
          ['q', 2_000_000],
        ]);
        expect(exactMatch(a, b)).toEqual(reference.exactMatch(a, b));
        expect(overlapMatch(a, b)).toEqual(reference.overlapMatch(a, b));
        expect(ptcSpanIdentification(a, b)).toEqual(reference.ptcSpanIdentification(a, b));
        expect(kappaOverCharacters(a, b, lengths)).toEqual(reference.kappaOverCharacters(a, b, lengths));
        expect(unitizingAlphaOverArticles(a, b, lengths)).toEqual(reference.unitizingAlphaOverArticles(a, b, lengths));
        expect(JSON.stringify(labelConfusion(a, b, { withPairs: true }))).toBe(JSON.stringify(reference.labelConfusion(a, b, { withPairs: true })));
      }),
      { numRuns: 200 },
    );
  });
});
