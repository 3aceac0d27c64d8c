import { attributesForExport } from '../attributes';
import type { Annotation, Article, Label } from '../domain';
import { OffsetConverter } from '../offsets';

/**
 * The workbench's native dataset: JSON Lines, one article a line, spans with
 * Unicode code point offsets (end-exclusive), so that in Python
 * `record["text"][span["start"]:span["end"]] == span["text"]` for every span.
 */
export interface JsonlSpan {
  id: string;
  start: number;
  end: number;
  text: string;
  label: string;
  label_name: string;
  annotator: string;
  status: string;
  attributes: Record<string, unknown>;
  note: string;
  confidence: string | null;
  created_at: string;
  updated_at: string;
}

export interface JsonlRecord {
  id: string;
  external_id: string | null;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  language: string | null;
  sha256: string;
  text: string;
  offset_unit: 'codepoint';
  spans: JsonlSpan[];
  meta: Record<string, unknown>;
}

export function toJsonlRecord(article: Article, annotations: readonly Annotation[], labels: ReadonlyMap<number, Label>): JsonlRecord {
  const offsets = new OffsetConverter(article.text);
  const spans = [...annotations]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((a): JsonlSpan => {
      const label = labels.get(a.labelId);
      return {
        id: a.id,
        start: offsets.toCodePoint(a.start),
        end: offsets.toCodePoint(a.end),
        text: a.quote,
        label: label?.key ?? `label_${a.labelId}`,
        label_name: label?.name ?? `Label ${a.labelId}`,
        annotator: a.annotator,
        status: a.status,
        // Multi-choice values always as arrays, a single technique stored before 002 included.
        attributes: attributesForExport(label?.attributes ?? [], a.attributes),
        note: a.note,
        confidence: a.confidence,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      };
    });
  return {
    id: article.id,
    external_id: article.externalId,
    title: article.title,
    source: article.source,
    url: article.url,
    published_at: article.publishedAt,
    language: article.language,
    sha256: article.sha256,
    text: article.text,
    offset_unit: 'codepoint',
    spans,
    meta: article.meta,
  };
}

/** One line per record; JSON.stringify escapes line separators, so a line never breaks inside a record. */
export function toJsonlLine(record: JsonlRecord): string {
  return JSON.stringify(record).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
