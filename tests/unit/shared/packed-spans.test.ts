import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain';
import { packSpans, unpackSpans } from '../../../src/shared/packed-spans';

const TEXT = 'Officials said 2,500 people fled 🇺🇦 Kharkiv.';

function span(overrides: Partial<Annotation>): Annotation {
  return {
    id: 's1',
    articleId: 'a1',
    labelId: 1,
    start: 0,
    end: 9,
    quote: 'Officials',
    annotator: 'ana',
    note: '',
    confidence: null,
    attributes: {},
    status: 'proposed',
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    ...overrides,
  };
}

describe('packed spans: the editor’s wire form of an article’s spans', () => {
  it('keeps one array per field, names each annotator once, and lists only the quotes, times, notes, confidences, attributes and statuses it cannot rebuild', () => {
    const spans = [
      span({}),
      span({ id: 's2', start: 15, end: 20, quote: '2,500', annotator: 'ben', attributes: { category: 'killed', count: 2500 }, confidence: 'high' }),
      span({ id: 's3', start: 33, end: 37, quote: '🇺🇦', annotator: 'ana', note: 'flag', updatedAt: '2026-11-30T11:00:00.000Z', status: 'accepted' }),
    ];
    const packed = packSpans('a1', TEXT, spans);
    expect(packed).toEqual({
      articleId: 'a1',
      annotators: ['ana', 'ben'],
      id: ['s1', 's2', 's3'],
      labelId: [1, 1, 1],
      start: [0, 15, 33],
      end: [9, 20, 37],
      annotator: [0, 1, 0],
      quotes: [],
      notes: [[2, 'flag']],
      confidences: [[1, 'high']],
      attributes: [[1, { category: 'killed', count: 2500 }]],
      statuses: [[2, 'accepted']],
      createdAt: ['2026-11-30T10:00:00.000Z', '2026-11-30T10:00:00.000Z', '2026-11-30T10:00:00.000Z'],
      updatedAt: [null, null, '2026-11-30T11:00:00.000Z'],
    });
    expect(unpackSpans(TEXT, packed)).toEqual(spans);
  });

  it('carries a stored quote that is not the text at its offsets as it is, never replaced by the text', () => {
    const stale = span({ id: 's9', start: 0, end: 9, quote: 'Officials said' });
    const packed = packSpans('a1', TEXT, [span({}), stale]);
    expect(packed.quotes).toEqual([[1, 'Officials said']]);
    expect(unpackSpans(TEXT, packed)[1]!.quote).toBe('Officials said');
  });

  it('gives back exactly the spans it packed, through JSON, for any text and spans', () => {
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(
        text,
        fc.array(
          fc.record({
            a: fc.nat(),
            b: fc.nat(),
            annotator: fc.constantFrom('ana', 'ben', 'gold', 'model x'),
            note: fc.string(),
            confidence: fc.constantFrom(null, 'low', 'medium', 'high'),
            status: fc.constantFrom('proposed', 'accepted', 'rejected'),
            edited: fc.boolean(),
            staleQuote: fc.option(fc.string(), { freq: 5 }),
            count: fc.option(fc.integer()),
          }),
          { maxLength: 20 },
        ),
        (t, raw) => {
          const spans = raw.map((r, i): Annotation => {
            const start = r.a % t.length;
            const end = start + 1 + (r.b % (t.length - start));
            return span({
              id: `s${i}`,
              start,
              end,
              quote: r.staleQuote ?? t.slice(start, end),
              annotator: r.annotator,
              note: r.note,
              confidence: r.confidence as Annotation['confidence'],
              status: r.status as Annotation['status'],
              attributes: r.count === null ? {} : { count: r.count },
              updatedAt: r.edited ? '2026-12-01T00:00:00.000Z' : '2026-11-30T10:00:00.000Z',
            });
          });
          const wire = JSON.parse(JSON.stringify(packSpans('a1', t, spans))) as ReturnType<typeof packSpans>;
          expect(unpackSpans(t, wire)).toEqual(spans);
        },
      ),
    );
  });
});
