import { z } from 'zod';
import { attributesForExport } from '../attributes';
import { ANNOTATION_STATUSES, ARTICLE_STATUSES, CONFIDENCES, type Annotation, type AnnotationStatus, type Article, type Label } from '../domain';
import { toDatasetArticle } from './workbench';
import {
  ATTRIBUTES_LEFT_OUT,
  emptyArticle,
  isRecord,
  jsonLine,
  LossCounter,
  placeSpan,
  readJsonRecords,
  SPLIT_NAMES,
  stringOrNull,
  UnitConverter,
  type DatasetArticle,
  type DatasetFormat,
  type DatasetSpan,
  type DecodeProblem,
  type EncodeOptions,
  type OffsetUnit,
} from './model';

/**
 * The workbench's native dataset: JSON Lines, one article a line, with every
 * annotator's spans (each naming its annotator and status; the gold layer is
 * the annotator `gold`). Offsets are end-exclusive, in the unit the record
 * states (`offset_unit`, code points unless asked otherwise), so that in
 * Python `record["text"][span["start"]:span["end"]] == span["text"]`.
 * The record's shape is `jsonlRecordSchema` below; docs/dataset.schema.json
 * is generated from it (a test keeps the two equal). Version 2 added the
 * article's author, tags, status, machine-translation source and previous
 * version; a version 1 record reads with those empty.
 */
export const JSONL_SCHEMA_VERSION = 2;

const nullableString = z.string().nullable();
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const jsonlSpanSchema = z.object({
  id: z.string().nullable().describe('Stable span id (UUID) in the workbench'),
  start: z.int().min(0).describe('Start offset, inclusive, in the record’s offset_unit'),
  end: z.int().min(1).describe('End offset, exclusive, in the record’s offset_unit'),
  text: z.string().describe('The text at [start, end)'),
  label: z.string().describe('The label’s machine key, e.g. casualty_figure'),
  label_name: z.string().nullable(),
  annotator: z.string().nullable().describe('Whose layer the span belongs to; "gold" is the adjudicated layer'),
  status: z.enum(ANNOTATION_STATUSES).nullable(),
  attributes: z.record(z.string(), attributeValue).describe('Typed attributes; {} when exported without attributes'),
  note: z.string(),
  confidence: z.enum(CONFIDENCES).nullable(),
  created_at: nullableString,
  updated_at: nullableString,
});

export const jsonlRecordSchema = z.object({
  schema_version: z.literal(JSONL_SCHEMA_VERSION),
  id: nullableString.describe('The article’s workbench id'),
  external_id: nullableString.describe('The article’s id in its source collection (file name, PTC article id)'),
  title: nullableString,
  source: nullableString,
  url: nullableString,
  published_at: nullableString,
  language: nullableString,
  author: nullableString,
  tags: z.array(z.string()).describe('Free tags and collections the analyst gave the article'),
  status: z.enum(ARTICLE_STATUSES).describe('The article’s workflow status'),
  machine_translated_from: nullableString.describe(
    'ISO 639-1 code of the language the text was machine-translated from ("und": not known); null when not a translation',
  ),
  previous_version_id: nullableString.describe('The workbench id of the article this one is a changed version of (same URL, different text)'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .describe('SHA-256 of the UTF-8 text'),
  text: z.string().describe('The article text exactly as imported (BOM and line endings kept)'),
  offset_unit: z.enum(['codepoint', 'utf16']).describe('Unit of every span offset: Unicode code points, or UTF-16 code units'),
  split: z.enum(SPLIT_NAMES).nullable().describe('train/dev/test when the export was split'),
  spans: z.array(jsonlSpanSchema),
  meta: z.record(z.string(), z.unknown()),
});

export type JsonlSpanData = z.infer<typeof jsonlSpanSchema>;
export type JsonlRecordData = z.infer<typeof jsonlRecordSchema>;

/** A span as a workbench writes it: every field a workbench always knows is set. */
export interface JsonlSpan extends JsonlSpanData {
  id: string;
  label_name: string;
  annotator: string;
  status: AnnotationStatus;
  created_at: string;
  updated_at: string;
}

/** A record as a workbench writes it (code point offsets unless it says utf16). */
export interface JsonlRecord extends JsonlRecordData {
  id: string;
  title: string;
  sha256: string;
  spans: JsonlSpan[];
}

/** The JSON Schema of one line (draft 2020-12), generated from the zod schema. */
export function jsonlJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(jsonlRecordSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
    $id: 'https://analyst-workbench.local/schemas/dataset.schema.json',
    title: 'Analyst Workbench dataset record (one line of a .jsonl export)',
  };
}

/** A stored article and its annotations as one native record, in code points (multi-choice values as arrays). */
export function toJsonlRecord(article: Article, annotations: readonly Annotation[], labels: ReadonlyMap<number, Label>): JsonlRecord {
  const dataset = toDatasetArticle(article, annotations, labels);
  for (const span of dataset.spans) {
    const defs = [...labels.values()].find((l) => l.key === span.label)?.attributes ?? [];
    span.attributes = attributesForExport(defs, span.attributes);
  }
  return jsonlRecordOf(dataset, { offsets: 'codepoint', attributes: true }) as JsonlRecord;
}

/** One line per record; U+2028/U+2029 escaped, so a line never breaks inside a record. */
export function toJsonlLine(record: JsonlRecordData): string {
  return jsonLine(record);
}

/** The codecs' article as one native record, offsets in the unit asked for. */
export function jsonlRecordOf(article: DatasetArticle, options: Pick<EncodeOptions, 'offsets' | 'attributes'>): JsonlRecordData {
  const units = new UnitConverter(article.text, options.offsets);
  return {
    schema_version: JSONL_SCHEMA_VERSION,
    id: article.id,
    external_id: article.externalId,
    title: article.title,
    source: article.source,
    url: article.url,
    published_at: article.publishedAt,
    language: article.language,
    author: article.author,
    tags: article.tags,
    status: article.status ?? 'new',
    machine_translated_from: article.machineTranslatedFrom,
    previous_version_id: article.previousVersionId,
    sha256: article.sha256,
    text: article.text,
    offset_unit: options.offsets,
    split: article.split,
    spans: article.spans.map((s): JsonlSpanData => ({
      id: s.id,
      start: units.out(s.start),
      end: units.out(s.end),
      text: s.text,
      label: s.label,
      label_name: s.labelName,
      annotator: s.annotator,
      status: s.status,
      attributes: options.attributes ? s.attributes : {},
      note: s.note,
      confidence: s.confidence,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })),
    meta: article.meta,
  };
}

const q = JSON.stringify;

/** Escapes U+2028/U+2029 (see jsonLine); indexOf is a plain scan, cheaper than a regular expression per line. */
function lineSafe(json: string): string {
  return json.indexOf('\u2028') === -1 && json.indexOf('\u2029') === -1 ? json : json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The same line as `jsonLine(jsonlRecordOf(article, options))`, built as a
 * string: the export writes millions of spans and skipping the nested
 * record objects and the generic serialiser's walk over them is measurably
 * faster (see tests/bench/export-bench.ts). A test keeps the two equal.
 */
export function jsonlLineOf(article: DatasetArticle, options: Pick<EncodeOptions, 'offsets' | 'attributes'>): string {
  const units = options.offsets === 'utf16' ? null : new UnitConverter(article.text, 'codepoint');
  let spans = '';
  for (let i = 0; i < article.spans.length; i++) {
    const s = article.spans[i]!;
    const start = units ? units.out(s.start) : s.start;
    const end = units ? units.out(s.end) : s.end;
    spans +=
      (i === 0 ? '{"id":' : ',{"id":') +
      q(s.id) +
      ',"start":' +
      start +
      ',"end":' +
      end +
      ',"text":' +
      q(s.text) +
      ',"label":' +
      q(s.label) +
      ',"label_name":' +
      q(s.labelName) +
      ',"annotator":' +
      q(s.annotator) +
      ',"status":' +
      q(s.status) +
      ',"attributes":' +
      (options.attributes ? q(s.attributes) : '{}') +
      ',"note":' +
      q(s.note) +
      ',"confidence":' +
      q(s.confidence) +
      ',"created_at":' +
      q(s.createdAt) +
      ',"updated_at":' +
      q(s.updatedAt) +
      '}';
  }
  return lineSafe(
    `{"schema_version":${JSONL_SCHEMA_VERSION},"id":${q(article.id)},"external_id":${q(article.externalId)},"title":${q(article.title)},"source":${q(article.source)},"url":${q(article.url)},"published_at":${q(article.publishedAt)},"language":${q(article.language)},"author":${q(article.author)},"tags":${q(article.tags)},"status":${q(article.status ?? 'new')},"machine_translated_from":${q(article.machineTranslatedFrom)},"previous_version_id":${q(article.previousVersionId)},"sha256":${q(article.sha256)},"text":${q(article.text)},"offset_unit":${q(options.offsets)},"split":${q(article.split)},"spans":[${spans}],"meta":${q(article.meta)}}`,
  );
}

/** Stored meta as the codec writes it (parsed and serialised again); most articles share one, so the last answer is kept. */
let lastMeta = { stored: '{}', json: '{}' };
export function jsonlMetaJson(stored: string): string {
  if (stored !== lastMeta.stored) lastMeta = { stored, json: q(JSON.parse(stored)) };
  return lastMeta.json;
}

/** A line whose article fields and spans were already serialised (by SQLite in the export), up to the text and the spans' array contents. */
export interface PrebuiltJsonlParts {
  /** `{"schema_version":2,"id":…` through the text, no closing brace. */
  head: string;
  /** The spans as a JSON array. */
  spans: string;
  /** The stored meta (JSON). */
  meta: string;
}

/** The same line as jsonlLineOf for the same article (a test keeps the two equal), from pre-serialised parts. */
export function jsonlPrebuiltLine(parts: PrebuiltJsonlParts, options: Pick<EncodeOptions, 'offsets'>, split: DatasetArticle['split']): string {
  const meta = parts.meta === '{}' ? '{}' : jsonlMetaJson(parts.meta);
  return `${lineSafe(`${parts.head},"offset_unit":${q(options.offsets)},"split":${q(split)},"spans":${parts.spans},"meta":${meta}}`)}\n`;
}

export const jsonlFormat: DatasetFormat = {
  id: 'jsonl',
  name: 'Workbench JSONL',
  extensions: ['jsonl'],
  output: 'file',
  mimeType: 'application/x-ndjson',
  description: 'The native format: one article a line with every annotator’s spans, attributes, notes and status (schema in docs/dataset.schema.json).',
  unit: 'selectable',
  carries: { overlaps: true, attributes: true, notes: true, annotators: true, status: true, articleMetadata: true, articleDetails: true },
  createEncoder(options) {
    const losses = new LossCounter();
    return {
      begin: () => [],
      article(article) {
        if (!options.attributes) losses.add('attributes', ATTRIBUTES_LEFT_OUT, article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        return [{ file: '', data: `${jsonlLineOf(article, options)}\n` }];
      },
      end: () => [],
      losses: () => losses.list(),
    };
  },
  decode(files, options) {
    const problems: DecodeProblem[] = [];
    const articles: DatasetArticle[] = [];
    for (const file of files) {
      for (const { record, at } of readJsonRecords(file, problems)) {
        const article = decodeRecord(record, file.path, at, articles.length, options.offsets ?? 'codepoint', problems);
        if (article) articles.push(article);
      }
    }
    return { articles, problems };
  },
};

function decodeRecord(
  record: unknown,
  file: string,
  at: string,
  articleIndex: number,
  defaultUnit: OffsetUnit,
  problems: DecodeProblem[],
): DatasetArticle | null {
  if (!isRecord(record) || typeof record.text !== 'string') {
    problems.push({ code: 'parse', file, record: at, span: null, message: 'a record needs a "text" string' });
    return null;
  }
  const unit: OffsetUnit = record.offset_unit === 'utf16' || record.offset_unit === 'codepoint' ? record.offset_unit : defaultUnit;
  const converter = new UnitConverter(record.text, unit);
  const meta = isRecord(record.meta) ? { ...record.meta } : {};
  const article = emptyArticle({
    id: stringOrNull(record.id),
    externalId: stringOrNull(record.external_id),
    title: stringOrNull(record.title),
    source: stringOrNull(record.source),
    url: stringOrNull(record.url),
    publishedAt: stringOrNull(record.published_at),
    language: stringOrNull(record.language),
    ...articleDetailsOf(record, file, at, problems),
    sha256: typeof record.sha256 === 'string' && /^[0-9a-f]{64}$/.test(record.sha256) ? record.sha256 : null,
    text: record.text,
    meta,
    split: SPLIT_NAMES.includes(record.split as never) ? (record.split as DatasetArticle['split']) : null,
  });
  const spans = Array.isArray(record.spans) ? record.spans : [];
  spans.forEach((raw, i) => {
    const ref = isRecord(raw) && typeof raw.id === 'string' ? raw.id : `#${i + 1}`;
    if (!isRecord(raw)) {
      problems.push({ code: 'parse', file, record: at, span: ref, message: `span ${ref} is not an object` });
      return;
    }
    const parsed = jsonlSpanSchema.partial().safeParse(raw);
    if (!parsed.success || typeof raw.label !== 'string' || raw.label === '') {
      problems.push({
        code: 'parse',
        file,
        record: at,
        span: ref,
        message: `span ${ref}: ${parsed.success ? 'a span needs a label' : parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      });
      return;
    }
    const s = parsed.data;
    const fields: Omit<DatasetSpan, 'start' | 'end' | 'text'> = {
      id: s.id ?? null,
      label: raw.label,
      labelName: s.label_name ?? null,
      annotator: s.annotator ?? null,
      status: s.status ?? null,
      attributes: s.attributes ?? {},
      note: s.note ?? '',
      confidence: s.confidence ?? null,
      createdAt: s.created_at ?? null,
      updatedAt: s.updated_at ?? null,
    };
    const span = placeSpan(
      {
        file,
        record: at,
        spanRef: ref,
        articleIndex,
        converter,
        start: raw.start,
        end: raw.end,
        recordedText: typeof raw.text === 'string' ? raw.text : null,
        fields,
      },
      problems,
    );
    if (span) article.spans.push(span);
  });
  return article;
}

/**
 * The article fields of schema version 2 (absent from version 1 records). A
 * value of the wrong type is reported and read as empty, never guessed.
 */
function articleDetailsOf(
  record: Record<string, unknown>,
  file: string,
  at: string,
  problems: DecodeProblem[],
): Pick<DatasetArticle, 'author' | 'tags' | 'status' | 'machineTranslatedFrom' | 'previousVersionId'> {
  const wrong = (field: string, expected: string): void => {
    problems.push({ code: 'parse', file, record: at, span: null, message: `"${field}" must be ${expected}; the article is read without it` });
  };
  const text = (field: string): string | null => {
    const value = record[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    wrong(field, 'a string or null');
    return null;
  };
  let tags: string[] = [];
  if (Array.isArray(record.tags) && record.tags.every((t) => typeof t === 'string')) tags = record.tags as string[];
  else if (record.tags !== undefined && record.tags !== null) wrong('tags', 'an array of strings');
  let status: DatasetArticle['status'] = null;
  if (ARTICLE_STATUSES.includes(record.status as never)) status = record.status as DatasetArticle['status'];
  else if (record.status !== undefined && record.status !== null) wrong('status', `one of ${ARTICLE_STATUSES.join(', ')}`);
  return {
    author: text('author'),
    tags,
    status,
    machineTranslatedFrom: text('machine_translated_from'),
    previousVersionId: text('previous_version_id'),
  };
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
