import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disagreementFlags, groupSpans, type LayerSpan } from '../../../src/shared/review/disagreements';

const span = (id: string, annotator: string, start: number, end: number, labelId = 1, attributes = {}, articleId = 'a'): LayerSpan => ({
  id,
  annotator,
  articleId,
  start,
  end,
  labelId,
  attributes,
});

const summary = (spans: LayerSpan[]) =>
  groupSpans(spans).map((g) => ({ key: g.key, annotators: g.annotators, missing: g.missing, kinds: g.kinds, unanimous: g.unanimous }));

describe('groupSpans (worked examples)', () => {
  it('one group per text and label; unanimous when every annotator of the article made it alike', () => {
    expect(summary([span('a1', 'ana', 0, 5), span('b1', 'ben', 0, 5)])).toEqual([
      { key: 'a:0:5:1', annotators: ['ana', 'ben'], missing: [], kinds: [], unanimous: true },
    ]);
  });

  it('a single annotator is never unanimous, and the annotators of another article do not count', () => {
    expect(summary([span('a1', 'ana', 0, 5), span('b1', 'ben', 0, 5, 1, {}, 'other')])).toEqual([
      { key: 'a:0:5:1', annotators: ['ana'], missing: [], kinds: [], unanimous: false },
      { key: 'other:0:5:1', annotators: ['ben'], missing: [], kinds: [], unanimous: false },
    ]);
  });

  it('names only-some, label, boundary and attribute disagreements', () => {
    expect(
      summary([
        span('a1', 'ana', 0, 5, 1),
        span('b1', 'ben', 0, 5, 2), // same text, other label
        span('a2', 'ana', 10, 20, 1),
        span('b2', 'ben', 12, 20, 1), // same label, overlapping, other boundaries
        span('a3', 'ana', 30, 35, 3, { value: 1 }),
        span('b3', 'ben', 30, 35, 3, { value: 2 }), // same span, attributes differ
        span('a4', 'ana', 40, 45, 1),
        span('b4', 'ben', 45, 50, 1), // touching is not overlapping
      ]),
    ).toEqual([
      { key: 'a:0:5:1', annotators: ['ana'], missing: ['ben'], kinds: ['only_some', 'label'], unanimous: false },
      { key: 'a:0:5:2', annotators: ['ben'], missing: ['ana'], kinds: ['only_some', 'label'], unanimous: false },
      { key: 'a:10:20:1', annotators: ['ana'], missing: ['ben'], kinds: ['only_some', 'boundary'], unanimous: false },
      { key: 'a:12:20:1', annotators: ['ben'], missing: ['ana'], kinds: ['only_some', 'boundary'], unanimous: false },
      { key: 'a:30:35:3', annotators: ['ana', 'ben'], missing: [], kinds: ['attribute'], unanimous: false },
      { key: 'a:40:45:1', annotators: ['ana'], missing: ['ben'], kinds: ['only_some'], unanimous: false },
      { key: 'a:45:50:1', annotators: ['ben'], missing: ['ana'], kinds: ['only_some'], unanimous: false },
    ]);
  });

  it('keeps both of one annotator’s duplicate spans in the group (duplicates count as often as they occur)', () => {
    const [group] = groupSpans([span('a1', 'ana', 0, 5), span('a2', 'ana', 0, 5), span('b1', 'ben', 0, 5)]);
    expect(group!.spans.map((s) => s.id)).toEqual(['a1', 'a2', 'b1']);
    expect(group!.unanimous).toBe(true);
  });
});

describe('disagreementFlags (the editor’s per-span view of groupSpans)', () => {
  const flagged = (spans: LayerSpan[]): string[] => {
    const flags = disagreementFlags(spans);
    return spans.filter((_, i) => flags[i] === 1).map((s) => s.id);
  };

  it('flags every span of a group with any kind of disagreement, and only those', () => {
    expect(
      flagged([
        span('a0', 'ana', 0, 5, 1),
        span('b0', 'ben', 0, 5, 1), // both made it alike: agreed
        span('a1', 'ana', 6, 9, 1),
        span('b1', 'ben', 6, 9, 2), // same text, other label
        span('a2', 'ana', 10, 20, 1),
        span('b2', 'ben', 12, 20, 1), // same label, overlapping, other boundaries
        span('a3', 'ana', 30, 35, 3, { value: 1 }),
        span('b3', 'ben', 30, 35, 3, { value: 2 }), // attributes differ
        span('a4', 'ana', 40, 45, 4, { tags: ['x', 'y'] }),
        span('b4', 'ben', 40, 45, 4, { tags: ['x', 'y'] }), // equal multi-choice values agree
        span('a5', 'ana', 50, 55, 1), // ben did not make it: only some
      ]),
    ).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a5']);
  });

  it('with one annotator, flags only what that layer contradicts itself on', () => {
    expect(flagged([span('a0', 'ana', 0, 5, 1), span('a1', 'ana', 3, 8, 1), span('a2', 'ana', 10, 12, 2), span('a3', 'ana', 20, 25, 1)])).toEqual(['a0', 'a1']);
    expect(disagreementFlags([])).toEqual(new Uint8Array(0));
  });

  it('equals groupSpans on random layers of one article (every span, every kind)', () => {
    const spanArb = fc.record({
      annotator: fc.constantFrom('ana', 'ben', 'cy'),
      start: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 0, max: 8 }),
      labelId: fc.integer({ min: 1, max: 3 }),
      value: fc.constantFrom(undefined, 1, 2, 'x', ['a'], ['a', 'b']),
    });
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 40 }), (drawn) => {
        const spans = drawn.map((d, i) => span(`s${i}`, d.annotator, d.start, d.start + d.length, d.labelId, d.value === undefined ? {} : { value: d.value }));
        const expected = new Set(
          groupSpans(spans)
            .filter((g) => g.kinds.length > 0)
            .flatMap((g) => g.spans.map((s) => s.id)),
        );
        expect(flagged(spans)).toEqual(spans.filter((s) => expected.has(s.id)).map((s) => s.id));
        // In text order (as the editor passes them), which takes the path that sorts only within each place.
        const inTextOrder = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
        expect(flagged(inTextOrder)).toEqual(inTextOrder.filter((s) => expected.has(s.id)).map((s) => s.id));
      }),
      { numRuns: 1000 },
    );
  });
});
