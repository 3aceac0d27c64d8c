import type { AnnotationStatus, ArticleStatus, AttributeValue, Confidence } from '../domain';
import { OffsetConverter, splitsSurrogatePair } from '../offsets';

/**
 * The one in-memory shape every dataset codec reads and writes. Offsets are
 * JavaScript string indices (UTF-16 code units, end-exclusive) into `text`
 * exactly as stored; each codec converts to its file's unit at its edge.
 */
export type OffsetUnit = 'codepoint' | 'utf16';
export const OFFSET_UNITS: readonly OffsetUnit[] = ['codepoint', 'utf16'];

export type SplitName = 'train' | 'dev' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'dev', 'test'];

export interface DatasetSpan {
  id: string | null;
  start: number;
  end: number;
  text: string;
  /** The label's machine key (`casualty_figure`), or the name a foreign file uses. */
  label: string;
  labelName: string | null;
  annotator: string | null;
  status: AnnotationStatus | null;
  attributes: Record<string, AttributeValue>;
  note: string;
  confidence: Confidence | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** Set when the span is a model's prediction (a Label Studio `predictions` entry): its annotator is a model. */
  prediction?: true;
}

export interface DatasetArticle {
  /** The workbench id, when the article came from (or went to) a workbench. */
  id: string | null;
  externalId: string | null;
  title: string | null;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  language: string | null;
  author: string | null;
  /** Free tags and collections the analyst gave the article. */
  tags: string[];
  /** The article's workflow status; null when the file does not say. */
  status: ArticleStatus | null;
  /** ISO 639-1 code of the language the text was machine-translated from ("und": not known); null when not a translation. */
  machineTranslatedFrom: string | null;
  /** The workbench id of the article this one is a changed version of (same URL, different text). */
  previousVersionId: string | null;
  /** SHA-256 of the UTF-8 text, when known (the workbench matches articles by it). */
  sha256: string | null;
  text: string;
  meta: Record<string, unknown>;
  split: SplitName | null;
  spans: DatasetSpan[];
}

/** What an export could not carry, counted. */
export interface LossItem {
  key: string;
  count: number;
  message: string;
}

/** One file of output, or a piece of one. `file` is relative; '' is the single stream of a one-file format. */
export interface OutputChunk {
  file: string;
  data: string;
}

export interface EncodeOptions {
  offsets: OffsetUnit;
  /** Write span attributes (true) or leave them out (false, counted in the loss report). */
  attributes: boolean;
  /** Characters of context either side of a span, for spans-jsonl. */
  contextChars: number;
}

export const DEFAULT_ENCODE_OPTIONS: EncodeOptions = { offsets: 'codepoint', attributes: true, contextChars: 100 };

/** A streaming encoder: call `begin`, `article` once per article, then `end`; each returns chunks to append. */
export interface DatasetEncoder {
  begin(): OutputChunk[];
  article(article: DatasetArticle): OutputChunk[];
  end(): OutputChunk[];
  losses(): LossItem[];
}

export interface DecodeFile {
  /** Path or name as the user gave it; used in problem reports and, for brat/ptc, to pair files. */
  path: string;
  text: string;
}

export interface DecodeOptions {
  /** The unit of offsets in the file when the file does not say. */
  offsets?: OffsetUnit;
}

export type DecodeProblemCode =
  | 'parse'
  | 'text_mismatch'
  | 'offsets'
  | 'discontinuous'
  | 'unknown_article'
  | 'unsupported'
  /** Information only: a record or line that the format allows but the workbench does not import (a rejected Prodigy answer, a brat relation). */
  | 'skipped';

/** Something a decoder could not take as it stands; never dropped silently. */
export interface DecodeProblem {
  code: DecodeProblemCode;
  file: string;
  /** Line number (1-based) or record index/id. */
  record: string | null;
  /** The span's id in the file, or its position. */
  span: string | null;
  message: string;
  expected?: string;
  found?: string;
  /** For text mismatches: the span as the file places it (offsets already in UTF-16), so the user may fix or skip it. */
  candidate?: { articleIndex: number; span: DatasetSpan };
}

export interface DecodeResult {
  articles: DatasetArticle[];
  problems: DecodeProblem[];
}

export interface FormatCarries {
  overlaps: boolean;
  attributes: boolean;
  notes: boolean;
  annotators: boolean;
  status: boolean;
  /** Title, source, URL, date. */
  articleMetadata: boolean;
  /** Author, tags, article status, machine-translation source, previous version. */
  articleDetails: boolean;
}

export interface DatasetFormat {
  id: string;
  name: string;
  /** File endings, without the dot; the first is the default. */
  extensions: readonly string[];
  /** 'file': one stream; 'folder': many files (a folder, or a zip in the browser). */
  output: 'file' | 'folder';
  mimeType: string;
  /** One sentence for help texts and the export dialog. */
  description: string;
  /** The offset unit of the file; null when it has no character offsets (conll). */
  unit: 'selectable' | 'codepoint' | null;
  carries: FormatCarries;
  createEncoder(options: EncodeOptions): DatasetEncoder;
  /** Present when the format can be imported. */
  decode?: (files: readonly DecodeFile[], options: DecodeOptions) => DecodeResult;
}

export function emptySpan(fields: Partial<DatasetSpan> & Pick<DatasetSpan, 'start' | 'end' | 'text' | 'label'>): DatasetSpan {
  return {
    id: null,
    labelName: null,
    annotator: null,
    status: null,
    attributes: {},
    note: '',
    confidence: null,
    createdAt: null,
    updatedAt: null,
    ...fields,
  };
}

export function emptyArticle(fields: Partial<DatasetArticle> & Pick<DatasetArticle, 'text'>): DatasetArticle {
  return {
    id: null,
    externalId: null,
    title: null,
    source: null,
    url: null,
    publishedAt: null,
    language: null,
    author: null,
    tags: [],
    status: null,
    machineTranslatedFrom: null,
    previousVersionId: null,
    sha256: null,
    meta: {},
    split: null,
    spans: [],
    ...fields,
  };
}

/** Counts losses by key while an encoder runs. */
/** The loss entry of every format when spans are exported without their attributes. */
export const ATTRIBUTES_LEFT_OUT = 'span attributes left out (--no-attributes)';

export class LossCounter {
  private readonly items = new Map<string, LossItem>();

  add(key: string, message: string, count = 1): void {
    if (count <= 0) return;
    const item = this.items.get(key);
    if (item) item.count += count;
    else this.items.set(key, { key, message, count });
  }

  list(): LossItem[] {
    return [...this.items.values()];
  }
}

/** Converts UTF-16 offsets of one text to the unit a file uses, and back. */
export class UnitConverter {
  private readonly converter: OffsetConverter;
  constructor(
    readonly text: string,
    readonly unit: OffsetUnit,
  ) {
    this.converter = new OffsetConverter(text);
  }
  /** UTF-16 -> file unit. */
  out(utf16: number): number {
    return this.unit === 'utf16' ? utf16 : this.converter.toCodePoint(utf16);
  }
  /** File unit -> UTF-16; throws RangeError when out of range or inside a surrogate pair. */
  in(offset: number): number {
    if (this.unit === 'codepoint') return this.converter.toUtf16(offset);
    if (!Number.isInteger(offset) || offset < 0 || offset > this.text.length) {
      throw new RangeError(`offset ${offset} is outside the text (0-${this.text.length})`);
    }
    if (splitsSurrogatePair(this.text, offset)) throw new RangeError(`offset ${offset} splits a surrogate pair`);
    return offset;
  }
  get length(): number {
    return this.unit === 'utf16' ? this.text.length : this.converter.codePointLength;
  }
}

/** A span that does not quote its article exactly, found before anything is written. */
export interface SpanCheckFailure {
  articleId: string | null;
  spanId: string | null;
  message: string;
}

/** Checks that every span lies inside the text, on code point boundaries, and quotes it exactly. */
export function checkSpans(article: DatasetArticle): SpanCheckFailure | null {
  for (const span of article.spans) {
    const where = { articleId: article.id ?? article.externalId, spanId: span.id };
    if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end > span.start && span.end <= article.text.length)) {
      return { ...where, message: `span ${span.id ?? '?'} has offsets ${span.start}-${span.end} outside its article (length ${article.text.length})` };
    }
    if (splitsSurrogatePair(article.text, span.start) || splitsSurrogatePair(article.text, span.end)) {
      return { ...where, message: `span ${span.id ?? '?'} (${span.start}-${span.end}) splits a character in two` };
    }
    const found = article.text.slice(span.start, span.end);
    if (found !== span.text) {
      return {
        ...where,
        message: `span ${span.id ?? '?'} of article ${where.articleId ?? '?'} records “${span.text}” but its offsets ${span.start}-${span.end} hold “${found}”`,
      };
    }
  }
  return null;
}

/** JSON for one line: U+2028/U+2029 escaped so no JavaScript line reader splits a record. */
const LINE_SEPARATORS = /[\u2028\u2029]/;
export function jsonLine(value: unknown): string {
  const json = JSON.stringify(value);
  return LINE_SEPARATORS.test(json) ? json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}

/** Reads JSON Lines; also accepts one pretty-printed object, or several, as some tools write them. */
export function readJsonRecords(file: DecodeFile, problems: DecodeProblem[]): { record: unknown; at: string }[] {
  const text = file.text.replace(/^\uFEFF/, '');
  const out: { record: unknown; at: string }[] = [];
  const lines = text.split(/\r?\n/);
  let allParsed = true;
  const lineRecords: { record: unknown; at: string }[] = [];
  const lineErrors: DecodeProblem[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      lineRecords.push({ record: JSON.parse(line), at: `line ${i + 1}` });
    } catch (error) {
      allParsed = false;
      lineErrors.push({ code: 'parse', file: file.path, record: `line ${i + 1}`, span: null, message: `not JSON: ${(error as Error).message}` });
    }
  });
  if (allParsed) return lineRecords;
  // Not one record a line: try the whole file as one JSON value (a pretty-printed record or an array).
  try {
    const whole = JSON.parse(text) as unknown;
    (Array.isArray(whole) ? whole : [whole]).forEach((record, i) => out.push({ record, at: `record ${i + 1}` }));
    return out;
  } catch {
    problems.push(...lineErrors);
    return lineRecords;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Checks a span read from a file against its article and turns it into a DatasetSpan or a problem. */
export function placeSpan(
  args: {
    file: string;
    record: string;
    spanRef: string;
    articleIndex: number;
    converter: UnitConverter;
    start: unknown;
    end: unknown;
    recordedText: string | null;
    fields: Omit<DatasetSpan, 'start' | 'end' | 'text'>;
    /** Line breaks written as spaces in the file's quote (brat). */
    compare?: (recorded: string, found: string) => boolean;
  },
  problems: DecodeProblem[],
): DatasetSpan | null {
  const { file, record, spanRef, converter } = args;
  const base = { file, record, span: spanRef };
  if (typeof args.start !== 'number' || typeof args.end !== 'number' || !(args.end > args.start)) {
    problems.push({ ...base, code: 'offsets', message: `span ${spanRef} has no valid start/end (${String(args.start)}, ${String(args.end)})` });
    return null;
  }
  let start: number;
  let end: number;
  try {
    start = converter.in(args.start);
    end = converter.in(args.end);
  } catch (error) {
    problems.push({
      ...base,
      code: 'offsets',
      message: `span ${spanRef} (${args.start}-${args.end}, ${converter.unit === 'utf16' ? 'UTF-16' : 'code point'} offsets): ${(error as Error).message}`,
    });
    return null;
  }
  const found = converter.text.slice(start, end);
  const span: DatasetSpan = { ...args.fields, start, end, text: found };
  if (args.recordedText !== null) {
    const same = args.compare ? args.compare(args.recordedText, found) : args.recordedText === found;
    if (!same) {
      problems.push({
        ...base,
        code: 'text_mismatch',
        message: `span ${spanRef} records “${args.recordedText}” but the text at ${args.start}-${args.end} is “${found}”`,
        expected: args.recordedText,
        found,
        candidate: { articleIndex: args.articleIndex, span: { ...span, text: args.recordedText } },
      });
      return null;
    }
  }
  return span;
}
