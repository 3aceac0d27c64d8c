import { describe, expect, it } from 'vitest';
import { groupSpans, type LayerSpan } from '../../../src/shared/review/disagreements';

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
