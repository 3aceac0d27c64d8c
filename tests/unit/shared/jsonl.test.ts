import { describe, expect, it } from 'vitest';
import type { Annotation, Article, Label } from '../../../src/shared/domain';
import { toJsonlLine, toJsonlRecord, type JsonlRecord } from '../../../src/shared/formats/jsonl';
import { CAFE_COMBINING, FLAG_UA, LINE_SEPARATOR_TEXT, PILE_OF_POO, TRICKY_TEXT, codePointSlice, indexOfOrThrow } from '../../fixtures/tricky-text';

function article(text: string): Article {
  return {
    id: 'art-1',
    externalId: 'ext',
    title: 'T',
    source: 'wire',
    url: 'https://example.org/a',
    publishedAt: '2025-01-01',
    language: 'en',
    sha256: 'abc',
    importedAt: '2025-01-02T00:00:00.000Z',
    length: text.length,
    annotationCount: 0,
    author: null,
    machineTranslatedFrom: null,
    status: 'new',
    tags: [],
    previousVersionId: null,
    text,
    meta: { fileName: 'a.txt' },
  };
}

function annotation(id: string, text: string, start: number, end: number, labelId = 1): Annotation {
  return {
    id,
    articleId: 'art-1',
    labelId,
    start,
    end,
    quote: text.slice(start, end),
    annotator: 'ana',
    note: 'n',
    confidence: 'high',
    attributes: { source: 'x' },
    status: 'proposed',
    createdAt: '2025-01-03T00:00:00.000Z',
    updatedAt: '2025-01-04T00:00:00.000Z',
  };
}

const claim: Label = {
  id: 1,
  key: 'claim',
  name: 'Claim',
  color: '#2563eb',
  hotkey: '1',
  description: '',
  position: 0,
  archived: false,
  attributes: [],
};

describe('toJsonlRecord', () => {
  it('converts UTF-16 offsets to code points so that code point slicing gives the span text', () => {
    const text = TRICKY_TEXT;
    const spans = [
      [indexOfOrThrow(text, PILE_OF_POO), indexOfOrThrow(text, PILE_OF_POO) + 2],
      [indexOfOrThrow(text, FLAG_UA), indexOfOrThrow(text, 'flag') + 4],
      [indexOfOrThrow(text, CAFE_COMBINING), indexOfOrThrow(text, CAFE_COMBINING) + CAFE_COMBINING.length],
      [indexOfOrThrow(text, 'Tabs'), indexOfOrThrow(text, 'spaces') + 6],
      [0, text.length],
      [text.length - 3, text.length],
    ] as const;
    const anns = spans.map(([s, e], i) => annotation(`a${i}`, text, s, e));
    const record = toJsonlRecord(article(text), anns, new Map([[1, claim]]));
    expect(record.offset_unit).toBe('codepoint');
    expect(record.text).toBe(text);
    expect(record.spans).toHaveLength(spans.length);
    for (const span of record.spans) {
      expect(codePointSlice(record.text, span.start, span.end)).toBe(span.text);
    }
    // An astral character moves every later offset: the whole-text span ends at the code point length.
    const whole = record.spans.find((s) => s.id === 'a4')!;
    expect(whole.end).toBe(Array.from(text).length);
    expect(whole.end).toBeLessThan(text.length);
  });

  it('sorts spans by start, then end, and maps every field', () => {
    const text = 'abcdefgh';
    const record = toJsonlRecord(
      article(text),
      [annotation('late', text, 4, 6), annotation('long', text, 1, 5), annotation('short', text, 1, 3)],
      new Map([[1, claim]]),
    );
    expect(record.spans.map((s) => s.id)).toEqual(['short', 'long', 'late']);
    expect(record.spans[0]).toEqual({
      id: 'short',
      start: 1,
      end: 3,
      text: 'bc',
      label: 'claim',
      label_name: 'Claim',
      annotator: 'ana',
      status: 'proposed',
      attributes: { source: 'x' },
      note: 'n',
      confidence: 'high',
      created_at: '2025-01-03T00:00:00.000Z',
      updated_at: '2025-01-04T00:00:00.000Z',
    });
    expect(record).toMatchObject({
      id: 'art-1',
      external_id: 'ext',
      source: 'wire',
      url: 'https://example.org/a',
      published_at: '2025-01-01',
      language: 'en',
      sha256: 'abc',
      meta: { fileName: 'a.txt' },
    });
  });

  it('names a label it does not know by its id rather than failing', () => {
    const record = toJsonlRecord(article('abc'), [annotation('x', 'abc', 0, 1, 42)], new Map());
    expect(record.spans[0]).toMatchObject({ label: 'label_42', label_name: 'Label 42' });
  });

  it('throws rather than export an offset inside a surrogate pair', () => {
    const text = `a${PILE_OF_POO}`;
    expect(() => toJsonlRecord(article(text), [annotation('x', text, 0, 2)], new Map())).toThrow(RangeError);
  });
});

describe('toJsonlLine', () => {
  it('writes one line that parses back to the record, with U+2028/U+2029 escaped', () => {
    const record = toJsonlRecord(article(LINE_SEPARATOR_TEXT), [], new Map());
    const line = toJsonlLine(record);
    expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(line).toContain('\\u2028');
    expect(line).toContain('\\u2029');
    expect(JSON.parse(line) as JsonlRecord).toEqual(record);
  });

  it('keeps a BOM and CRLF in the text through a round trip', () => {
    const record = toJsonlRecord(article(TRICKY_TEXT), [], new Map());
    const parsed = JSON.parse(toJsonlLine(record)) as JsonlRecord;
    expect(parsed.text.startsWith('\uFEFF')).toBe(true);
    expect(parsed.text).toContain('\r\n');
    expect(parsed.text).toBe(TRICKY_TEXT);
  });
});

describe('parseJsonl', () => {
  it('reads back what toJsonlLine wrote, and names each line that is not a record', async () => {
    const { parseJsonl, toJsonlLine } = await import('../../../src/shared/formats/jsonl');
    const record = {
      schema_version: 2 as const,
      split: null,
      id: 'a1',
      external_id: null,
      title: 'T',
      source: null,
      url: null,
      published_at: null,
      language: null,
      author: null,
      tags: [],
      status: 'new' as const,
      machine_translated_from: null,
      previous_version_id: null,
      sha256: 'abc',
      text: 'A 💩 text\u2028here',
      offset_unit: 'codepoint' as const,
      meta: {},
      spans: [
        {
          id: 's1',
          start: 2,
          end: 3,
          text: '💩',
          label: 'claim',
          label_name: 'Claim',
          annotator: 'ana',
          status: 'proposed' as const,
          attributes: {},
          note: '',
          confidence: null,
          created_at: 't',
          updated_at: 't',
        },
      ],
    };
    const content = `${toJsonlLine(record)}\n\nnot json\n{"text": "x"}\n${JSON.stringify({ ...record, spans: [{ id: 's' }] })}\n`;
    const { records, problems } = parseJsonl(content);
    expect(records).toEqual([{ line: 1, record }]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(problems[1]!.message).toMatch(/needs text, sha256 and spans/);
    expect(problems[2]!.message).toMatch(/span 1 lacks/);
  });
});
