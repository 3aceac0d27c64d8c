import { ATTRIBUTES_LEFT_OUT, jsonLine, LossCounter, UnitConverter, type DatasetFormat } from './model';

/**
 * One span a line, for span classifiers: label, span text, a context window
 * and the article it came from. Every line has the same keys with the same
 * types (attributes as a JSON string, absent values as null), so Hugging Face
 * `datasets`' JSON loader infers one schema for the whole file.
 */
export interface SpanLine {
  span_id: string | null;
  article_id: string | null;
  external_id: string | null;
  split: string | null;
  label: string;
  label_name: string | null;
  text: string;
  start: number;
  end: number;
  offset_unit: string;
  context_left: string;
  context_right: string;
  annotator: string | null;
  status: string | null;
  confidence: string | null;
  note: string;
  attributes: string;
}

export const spansJsonlFormat: DatasetFormat = {
  id: 'spans-jsonl',
  name: 'Spans JSONL (one span a line)',
  extensions: ['jsonl'],
  output: 'file',
  mimeType: 'application/x-ndjson',
  description: 'One span a line with its label, attributes, text and context window, for span classifiers (Hugging Face datasets reads it).',
  unit: 'selectable',
  carries: { overlaps: true, attributes: true, notes: true, annotators: true, status: true, articleMetadata: false, articleDetails: false },
  createEncoder(options) {
    const losses = new LossCounter();
    return {
      begin: () => [],
      article(article) {
        const units = new UnitConverter(article.text, options.offsets);
        losses.add('article_metadata', 'article title, source, URL, date and full text are not carried (context windows only)', article.spans.length ? 1 : 0);
        if (!options.attributes) losses.add('attributes', ATTRIBUTES_LEFT_OUT, article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        let data = '';
        for (const s of article.spans) {
          const left = contextBefore(article.text, s.start, options.contextChars);
          const right = contextAfter(article.text, s.end, options.contextChars);
          const line: SpanLine = {
            span_id: s.id,
            article_id: article.id,
            external_id: article.externalId,
            split: article.split,
            label: s.label,
            label_name: s.labelName,
            text: s.text,
            start: units.out(s.start),
            end: units.out(s.end),
            offset_unit: options.offsets,
            context_left: left,
            context_right: right,
            annotator: s.annotator,
            status: s.status,
            confidence: s.confidence,
            note: s.note,
            attributes: JSON.stringify(options.attributes ? s.attributes : {}),
          };
          data += `${jsonLine(line)}\n`;
        }
        return data ? [{ file: '', data }] : [];
      },
      end: () => [],
      losses: () => losses.list(),
    };
  },
};

/** Up to `chars` code units before `at`, never starting inside a surrogate pair. */
function contextBefore(text: string, at: number, chars: number): string {
  let from = Math.max(0, at - chars);
  const code = text.charCodeAt(from);
  if (from > 0 && code >= 0xdc00 && code <= 0xdfff) from += 1;
  return text.slice(from, at);
}

function contextAfter(text: string, at: number, chars: number): string {
  let to = Math.min(text.length, at + chars);
  const code = text.charCodeAt(to - 1);
  if (to < text.length && code >= 0xd800 && code <= 0xdbff) to -= 1;
  return text.slice(at, to);
}
