import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENCODE_OPTIONS,
  checkSpans,
  encodeAll,
  findFormat,
  type DatasetArticle,
  type DatasetSpan,
  type DecodeFile,
  type OffsetUnit,
} from '../../../../src/shared/formats';
import { articleWithSpans, byPosition, codePointSlice } from './support';

const RUNS = { numRuns: 150 };

function roundTrip(formatId: string, articles: DatasetArticle[], offsets: OffsetUnit = 'codepoint') {
  const format = findFormat(formatId)!;
  const { files } = encodeAll(format, articles, { ...DEFAULT_ENCODE_OPTIONS, offsets });
  const decodeFiles: DecodeFile[] = [...files].map(([path, text]) => ({ path: path || `export.${format.extensions[0]}`, text }));
  const decoded = format.decode!(decodeFiles, {});
  expect(decoded.problems.filter((p) => p.code !== 'skipped')).toEqual([]);
  for (const a of decoded.articles) expect(checkSpans(a)).toBeNull();
  return { files, decoded };
}

/** All spans of the decoded articles with the original's text, in a stable order. */
function spansOf(articles: DatasetArticle[], text: string): DatasetSpan[] {
  return articles
    .filter((a) => a.text === text)
    .flatMap((a) => a.spans)
    .sort(byPosition);
}

/** The chosen fields of each span, in a canonical order (spans at the same place sort by their fields). */
const pick = <K extends keyof DatasetSpan>(spans: DatasetSpan[], keys: readonly K[]) =>
  spans
    .map((s) => Object.fromEntries(keys.map((k) => [k, s[k]])))
    .sort((a, b) => (a.start as number) - (b.start as number) || (a.end as number) - (b.end as number) || JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('round trips over random texts (astral, combining marks, CRLF, BOM) with random overlapping spans', () => {
  it('jsonl keeps every field, in code points and in UTF-16', () => {
    fc.assert(
      fc.property(articleWithSpans(), fc.constantFrom<OffsetUnit>('codepoint', 'utf16'), (article, unit) => {
        const { decoded } = roundTrip('jsonl', [article], unit);
        expect(decoded.articles).toHaveLength(1);
        expect(decoded.articles[0]!.text).toBe(article.text);
        expect(decoded.articles[0]!.spans).toEqual(article.spans);
      }),
      RUNS,
    );
  });

  it('prodigy keeps offsets, labels, annotators, attributes, notes; tokens obey spaCy’s rules', () => {
    fc.assert(
      fc.property(articleWithSpans(), (article) => {
        const { files, decoded } = roundTrip('prodigy', [article]);
        const keys = ['start', 'end', 'label', 'annotator', 'attributes', 'note', 'confidence', 'status', 'id'] as const;
        expect(pick(spansOf(decoded.articles, article.text), keys)).toEqual(pick([...article.spans].sort(byPosition), keys));
        for (const line of files.get('')!.trim().split('\n')) {
          const record = JSON.parse(line) as {
            text: string;
            tokens: { text: string; start: number; end: number; ws: boolean }[];
            spans: { start: number; end: number; token_start: number; token_end: number }[];
          };
          // Doc(words, spaces).text == text
          expect(record.tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('')).toBe(record.text);
          // Token offsets are code points of that text; Doc.char_span(start, end) is exact on token boundaries.
          let at = 0;
          for (const t of record.tokens) {
            expect(t.start).toBe(at);
            expect(codePointSlice(record.text, t.start, t.end)).toBe(t.text);
            at = t.end + (t.ws ? 1 : 0);
          }
          for (const s of record.spans) {
            expect(record.tokens[s.token_start]!.start).toBe(s.start);
            expect(record.tokens[s.token_end]!.end).toBe(s.end);
          }
        }
      }),
      RUNS,
    );
  });

  it('doccano keeps offsets and labels', () => {
    fc.assert(
      fc.property(articleWithSpans(), fc.constantFrom<OffsetUnit>('codepoint', 'utf16'), (article, unit) => {
        const { decoded } = roundTrip('doccano', [article], unit);
        expect(pick(spansOf(decoded.articles, article.text), ['start', 'end', 'label'])).toEqual(
          pick([...article.spans].sort(byPosition), ['start', 'end', 'label']),
        );
      }),
      RUNS,
    );
  });

  it('labelstudio keeps offsets, labels, annotators, notes and span ids', () => {
    fc.assert(
      fc.property(articleWithSpans(), (article) => {
        const { decoded } = roundTrip('labelstudio', [article]);
        const keys = ['start', 'end', 'label', 'annotator', 'note', 'id'] as const;
        expect(pick(spansOf(decoded.articles, article.text), keys)).toEqual(pick([...article.spans].sort(byPosition), keys));
      }),
      RUNS,
    );
  });

  it('brat keeps offsets, labels, attributes, confidence and notes', () => {
    fc.assert(
      fc.property(articleWithSpans({ annotators: ['ana'], arrays: false }), (article) => {
        const { decoded } = roundTrip('brat', [article]);
        const keys = ['start', 'end', 'label', 'attributes', 'note', 'confidence'] as const;
        expect(pick(spansOf(decoded.articles, article.text), keys)).toEqual(pick([...article.spans].sort(byPosition), keys));
      }),
      RUNS,
    );
  });

  it('ptc keeps Propaganda framing spans and techniques, and re-exports the same files', () => {
    const techniques = ['Doubt', 'Loaded_Language', 'Flag-Waving'];
    fc.assert(
      fc.property(
        articleWithSpans({ labels: ['propaganda_framing'], attributes: false, notes: false }),
        fc.array(fc.oneof(fc.constant(null), fc.uniqueArray(fc.constantFrom(...techniques), { minLength: 1, maxLength: 2 })), { minLength: 8, maxLength: 8 }),
        (article, picks) => {
          article.spans.forEach((s, i) => {
            s.attributes = picks[i] ? { technique: picks[i]! } : {};
          });
          const { files, decoded } = roundTrip('ptc', [article]);
          // PTC carries fragments and techniques, not span identity: compare (start, end, technique) triples.
          const triples = (spans: DatasetSpan[]) =>
            spans.flatMap((s) => ((s.attributes.technique as string[] | undefined) ?? ['']).map((t) => `${s.start}-${s.end}-${t}`)).sort();
          const withTechnique = (spans: DatasetSpan[]) => triples(spans.filter((s) => s.attributes.technique));
          expect(withTechnique(decoded.articles[0]!.spans)).toEqual(withTechnique(article.spans));
          if (article.spans.some((s) => !s.attributes.technique)) expect(triples(decoded.articles[0]!.spans)).toEqual(triples(article.spans));
          const again = encodeAll(findFormat('ptc')!, decoded.articles, DEFAULT_ENCODE_OPTIONS).files;
          const sortedLines = (m: Map<string, string>) => [...m].map(([k, v]) => [k, k.endsWith('.labels') ? v.split('\n').sort().join('\n') : v]);
          expect(sortedLines(again)).toEqual(sortedLines(files));
        },
      ),
      RUNS,
    );
  });

  it('every JSON export quotes each span exactly at its code point offsets', () => {
    fc.assert(
      fc.property(articleWithSpans(), (article) => {
        const record = JSON.parse(encodeAll(findFormat('jsonl')!, [article], DEFAULT_ENCODE_OPTIONS).files.get('')!) as {
          text: string;
          spans: { start: number; end: number; text: string }[];
        };
        for (const s of record.spans) expect(codePointSlice(record.text, s.start, s.end)).toBe(s.text);
        const spans = encodeAll(findFormat('spans-jsonl')!, [article], DEFAULT_ENCODE_OPTIONS).files.get('') ?? '';
        for (const line of spans.split('\n').filter(Boolean)) {
          const s = JSON.parse(line) as { start: number; end: number; text: string };
          expect(codePointSlice(article.text, s.start, s.end)).toBe(s.text);
        }
      }),
      RUNS,
    );
  });
});
