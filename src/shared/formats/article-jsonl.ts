import { z } from 'zod';

/**
 * Articles as JSON Lines (one record a line) or JSON (one record, or an array
 * of records): `text` and optional `title`, `source`, `url`, `published_at`,
 * `language`, `meta`. Every record is checked before anything is imported;
 * each bad one is reported with its line number and the reason.
 *
 * Records with `spans` are annotation datasets, read by the dataset codecs
 * (src/shared/formats/index.ts); here a `spans` field is ignored and said so.
 */

export interface ArticleRecord {
  text: string;
  title: string | null;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  language: string | null;
  meta: Record<string, unknown>;
}

export interface RecordProblem {
  /** 1-based line of the record in the file (for a JSON array, the line where the record starts). */
  line: number;
  reason: string;
}

export interface ArticleRecords {
  records: { line: number; record: ArticleRecord }[];
  problems: RecordProblem[];
  /** Fields present in the file that this reader does not import (e.g. spans). */
  ignoredFields: string[];
}

const optionalText = (max: number) => z.string().max(max).nullable().optional();

const recordSchema = z.object({
  text: z.string({ error: 'no text (a record needs a "text" string)' }).refine((t) => t.trim() !== '', 'the text is empty'),
  title: optionalText(500),
  source: optionalText(500),
  url: optionalText(4000),
  published_at: optionalText(100),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'language is an ISO 639 code such as "en" or "ru"')
    .nullable()
    .optional(),
  meta: z.record(z.string(), z.unknown()).nullable().optional(),
});

const KNOWN = new Set(['text', 'title', 'source', 'url', 'published_at', 'language', 'meta', 'id', 'external_id', 'sha256', 'offset_unit']);

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path && !issue.message.startsWith('no text') ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function toRecord(value: unknown, line: number, out: ArticleRecords, ignored: Set<string>): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    out.problems.push({ line, reason: 'not a JSON object' });
    return;
  }
  for (const key of Object.keys(value)) if (!KNOWN.has(key)) ignored.add(key);
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    out.problems.push({ line, reason: describe(parsed.error) });
    return;
  }
  const v = parsed.data;
  out.records.push({
    line,
    record: {
      text: v.text,
      title: v.title?.trim() || null,
      source: v.source?.trim() || null,
      url: v.url?.trim() || null,
      publishedAt: v.published_at?.trim() || null,
      language: v.language ?? null,
      meta: v.meta ?? {},
    },
  });
}

/** JSON Lines: one record a line; blank lines are allowed. */
export function parseArticleJsonl(content: string): ArticleRecords {
  const out: ArticleRecords = { records: [], problems: [], ignoredFields: [] };
  const ignored = new Set<string>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.problems.push({ line: i + 1, reason: `bad JSON: ${(error as Error).message}` });
      return;
    }
    toRecord(value, i + 1, out, ignored);
  });
  if (out.records.length === 0 && out.problems.length === 0) out.problems.push({ line: 1, reason: 'the file has no records' });
  out.ignoredFields = [...ignored].sort();
  return out;
}

/** JSON: one record, or an array of records. */
export function parseArticleJson(content: string): ArticleRecords {
  const body = content.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { records: [], problems: [{ line: 1, reason: `bad JSON: ${(error as Error).message}` }], ignoredFields: [] };
  }
  const out: ArticleRecords = { records: [], problems: [], ignoredFields: [] };
  const ignored = new Set<string>();
  if (Array.isArray(value)) {
    const starts = recordStartLines(body);
    value.forEach((item, i) => toRecord(item, starts[i] ?? 1, out, ignored));
  } else toRecord(value, 1, out, ignored);
  if (out.records.length === 0 && out.problems.length === 0) out.problems.push({ line: 1, reason: 'the file has no records' });
  out.ignoredFields = [...ignored].sort();
  return out;
}

/** The line on which each top-level element of a JSON array starts. */
function recordStartLines(json: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      if (depth === 1) starts.push(line);
    } else if (c === '{' || c === '[') {
      if (depth === 1) starts.push(line);
      depth++;
    } else if (c === '}' || c === ']') depth--;
    else if (depth === 1 && /[-0-9tfn]/.test(c) && !/[-0-9.eE+a-z]/.test(json[i - 1] ?? '')) starts.push(line);
  }
  return starts;
}
