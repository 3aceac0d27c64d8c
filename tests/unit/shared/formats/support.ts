import fc from 'fast-check';
import { emptyArticle, emptySpan, type DatasetArticle, type DatasetSpan } from '../../../../src/shared/formats';

/** Pieces that break naive offset handling: astral characters, flags, combining marks, CRLF, RTL, tabs, runs of spaces. */
export const TRICKY_PIECES = [
  'word',
  'Ceasefire',
  '2,500',
  ' ',
  ' ',
  '  ',
  '\t',
  '\r\n',
  '\n',
  '\r',
  '.',
  ',',
  '“',
  '\u{1F4A9}',
  '\u{1F1FA}\u{1F1E6}',
  'cafe\u0301',
  '\u0301',
  '\u041A\u0438\u0435\u0432',
  '\u0627\u0644\u0645\u062A\u062D\u062F\u062B',
  '\u2028',
  '%',
  '\\',
] as const;

/** Random article text, sometimes starting with a BOM. */
export const trickyText = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...TRICKY_PIECES), { minLength: 1, maxLength: 40 }))
  .map(([bom, pieces]) => (bom ? '\uFEFF' : '') + pieces.join(''));

/** UTF-16 offsets that are code point boundaries. */
export function boundaries(text: string): number[] {
  const out = [0];
  let i = 0;
  for (const ch of text) {
    i += ch.length;
    out.push(i);
  }
  return out;
}

const attributeText = fc
  .array(fc.constantFrom('Yuri', 'Ushakov', ' ', '%', 'Кремль', '\u{1F4A9}', 'a_b', '-'), { minLength: 1, maxLength: 5 })
  .map((p) => p.join(''))
  .filter((v) => !/^-?\d+$/.test(v) && v !== 'true' && v !== 'false');

export interface SpanGenOptions {
  labels?: readonly string[];
  annotators?: readonly (string | null)[];
  attributes?: boolean;
  notes?: boolean;
  /** Multi-choice (array) attribute values; off for brat, whose one-option values read back as single words. */
  arrays?: boolean;
}

/** An article over random tricky text with random, often overlapping, spans on code point boundaries. */
export function articleWithSpans(options: SpanGenOptions = {}): fc.Arbitrary<DatasetArticle> {
  const labels = options.labels ?? ['claim', 'condition', 'casualty_figure', 'propaganda_framing'];
  const annotators = options.annotators ?? ['ana', 'bob', 'gold'];
  return trickyText.chain((text) => {
    const cuts = boundaries(text);
    const span = fc
      .record({
        a: fc.integer({ min: 0, max: cuts.length - 1 }),
        b: fc.integer({ min: 0, max: cuts.length - 1 }),
        label: fc.constantFrom(...labels),
        annotator: fc.constantFrom(...annotators),
        id: fc.uuid(),
        attributes:
          options.attributes === false
            ? fc.constant({})
            : fc.dictionary(
                fc.constantFrom('source', 'value', 'approximate', 'kind', 'technique'),
                options.arrays === false
                  ? fc.oneof(attributeText, fc.integer({ min: 0, max: 100000 }), fc.boolean())
                  : fc.oneof(
                      attributeText,
                      fc.integer({ min: 0, max: 100000 }),
                      fc.boolean(),
                      fc.uniqueArray(fc.constantFrom('Doubt', 'Loaded_Language', 'Name_Calling,Labeling'), { minLength: 1, maxLength: 3 }),
                    ),
                { maxKeys: 3 },
              ),
        note: options.notes === false ? fc.constant('') : fc.oneof(fc.constant(''), fc.constantFrom('check\nthis', 'tab\there', 'back\\slash', 'plain note')),
        confidence: fc.constantFrom(null, 'low', 'medium', 'high' as const),
        status: fc.constantFrom('proposed', 'accepted', 'rejected' as const),
      })
      .filter(({ a, b }) => a !== b)
      .map(({ a, b, ...rest }): DatasetSpan => {
        const start = cuts[Math.min(a, b)]!;
        const end = cuts[Math.max(a, b)]!;
        return emptySpan({ ...rest, start, end, text: text.slice(start, end) });
      });
    return fc.array(span, { maxLength: cuts.length > 1 ? 8 : 0 }).map((spans) => emptyArticle({ id: 'a1', externalId: 'ext-1', text, spans }));
  });
}

export function byPosition(a: { start: number; end: number; label: string; annotator?: string | null }, b: typeof a): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || String(a.annotator).localeCompare(String(b.annotator));
}

/** Python's text[start:end] on code points. */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
