import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyArticle, emptySpan, jsonLine, jsonlRecordOf, UnitConverter } from '../../../../src/shared/formats';
import { jsonlLineOf } from '../../../../src/shared/formats/jsonl';
import { prodigyLine, prodigyRecord } from '../../../../src/shared/formats/prodigy';
import { articleWithSpans } from './support';

describe('jsonl export line built as a string', () => {
  it('is byte for byte the line the generic serialiser writes, in both offset units, with and without attributes', () => {
    fc.assert(
      fc.property(articleWithSpans(), fc.constantFrom('codepoint' as const, 'utf16' as const), fc.boolean(), (article, offsets, attributes) => {
        expect(jsonlLineOf(article, { offsets, attributes })).toBe(jsonLine(jsonlRecordOf(article, { offsets, attributes })));
      }),
      { numRuns: 200 },
    );
  });

  it('counts code points after an astral character and escapes line separators, so Python and JavaScript line readers agree', () => {
    const text = '\u{1F4A9} truce\u2028talks';
    const article = emptyArticle({
      id: 'a1',
      text,
      meta: { origin: 'import' },
      spans: [emptySpan({ id: 's1', start: 3, end: 8, text: 'truce', label: 'claim' })],
    });
    const line = jsonlLineOf(article, { offsets: 'codepoint', attributes: true });
    expect(line).not.toMatch(/[\u2028\u2029]/);
    expect(line).toContain('\\u2028');
    const record = JSON.parse(line) as { text: string; spans: { start: number; end: number; text: string }[] };
    expect(record.spans[0]).toMatchObject({ start: 2, end: 7 });
    expect([...record.text].slice(2, 7).join('')).toBe('truce');
  });
});

describe('prodigy export line built as a string', () => {
  it('is byte for byte the line of the record object, for every layer of random articles', () => {
    fc.assert(
      fc.property(articleWithSpans(), fc.constantFrom('codepoint' as const, 'utf16' as const), fc.boolean(), (article, offsets, attributes) => {
        const units = new UnitConverter(article.text, offsets);
        for (const annotator of [null, 'ana']) {
          const spans = article.spans.filter((s) => annotator === null || s.annotator === annotator);
          expect(prodigyLine(article, annotator, spans, units, { offsets, attributes })).toBe(
            jsonLine(prodigyRecord(article, annotator, spans, units, { offsets, attributes })),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
