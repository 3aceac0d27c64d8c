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

/** One line of a native JSONL file that is not a record: its 1-based line number and why. */
export interface JsonlProblem {
  line: number;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a native JSONL export (the inverse of toJsonlLine): one record a
 * line, blank lines ignored. Lines that are not a record come back as
 * problems naming the line, so a caller can refuse the file as a whole.
 * Offsets stay code points, as written.
 */
export function parseJsonl(content: string): { records: { line: number; record: JsonlRecord }[]; problems: JsonlProblem[] } {
  const records: { line: number; record: JsonlRecord }[] = [];
  const problems: JsonlProblem[] = [];
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        problems.push({ line, message: `not JSON (${(error as Error).message})` });
        return;
      }
      if (!isObject(value) || typeof value.text !== 'string' || typeof value.sha256 !== 'string' || !Array.isArray(value.spans)) {
        problems.push({ line, message: 'not a workbench record (needs text, sha256 and spans)' });
        return;
      }
      if (value.offset_unit !== undefined && value.offset_unit !== 'codepoint') {
        problems.push({ line, message: `offset_unit “${String(value.offset_unit)}” is not codepoint` });
        return;
      }
      const spans = value.spans as unknown[];
      const bad = spans.findIndex(
        (s) =>
          !isObject(s) ||
          typeof s.id !== 'string' ||
          !Number.isInteger(s.start) ||
          !Number.isInteger(s.end) ||
          typeof s.label !== 'string' ||
          typeof s.annotator !== 'string' ||
          typeof s.text !== 'string',
      );
      if (bad >= 0) {
        problems.push({ line, message: `span ${bad + 1} lacks an id, start, end, text, label or annotator` });
        return;
      }
      records.push({ line, record: value as unknown as JsonlRecord });
    });
  return { records, problems };
}
