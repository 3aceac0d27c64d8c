import { z } from 'zod';
import { AGREEMENT_METRICS } from './agreement';
import { ANNOTATION_STATUSES, ARTICLE_STATUSES, CONFIDENCES } from './domain';
import { EXPORT_FORMAT_IDS, IMPORT_FORMAT_IDS, OFFSET_UNITS } from './formats';

/**
 * Runtime schemas for the input of every API method. The service validates
 * each call against these before doing anything else; the input types of the
 * API contract are inferred from them, so the two cannot drift apart.
 */

/**
 * Every string the API accepts, checked here once: well-formed Unicode (SQLite
 * stores UTF-8, so a lone surrogate would come back changed, as U+FFFD, and
 * shift every offset after it) and no NUL character (it ends strings in
 * SQLite's C interfaces: full-text queries, JSON paths).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isWellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);
/** What is wrong with a string under the rule above, or null. */
export function textProblem(value: string): string | null {
  if (!isWellFormed(value)) return 'contains a lone surrogate (not valid Unicode)';
  if (value.includes('\0')) return 'contains a NUL character';
  return null;
}
const str = () =>
  z.string().check((ctx) => {
    const problem = textProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/** An imported file's text: the same rule, with a message naming the file (a NUL usually means binary or UTF-16 text). */
const importedFile = z.strictObject({ name: str().min(1).max(1000), text: z.string() }).check((ctx) => {
  const problem = textProblem(ctx.value.text);
  if (!problem) return;
  const hint = problem.includes('NUL') ? ': it is binary, or text in UTF-16 rather than UTF-8' : '';
  ctx.issues.push({ code: 'custom', message: `“${ctx.value.name}” ${problem}${hint}`, input: ctx.value, path: ['text'] });
});

const id = str().min(1, 'an id is required').max(200);
const labelId = z.int().positive();
const offset = z.int().min(0);
const color = str().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb');
const hotkey = str()
  .regex(/^[1-9]$/, 'a label key is a digit from 1 to 9')
  .nullable();
const attributeValue = z.union([str(), z.number(), z.boolean(), z.array(str().max(200)).max(100)]);
const attributes = z.record(str().min(1).max(100), attributeValue);
const attributeDef = z.strictObject({
  key: str()
    .regex(/^[a-z][a-z0-9_]*$/, 'an attribute key is lower_snake_case')
    .max(60),
  name: str().trim().min(1).max(100),
  type: z.enum(['text', 'integer', 'boolean', 'choice', 'multichoice']),
  options: z.array(str().min(1).max(200)).max(100).optional(),
  suggest: z.boolean().optional(),
  suggestGroup: str()
    .regex(/^[a-z][a-z0-9_]*$/, 'a suggestion group is lower_snake_case')
    .max(40)
    .optional(),
  min: z.int().optional(),
  help: str().max(1000).optional(),
});
const optionalField = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));
const languageCode = str().regex(/^[a-z]{2}$/, 'a language is a two-letter ISO 639-1 code such as "en" or "ru"');
const labelName = str().trim().min(1, 'a label needs a name').max(80);
const annotatorName = str().trim().min(1, 'an annotator needs a name').max(100);
const isoDate = str().regex(/^\d{4}-\d{2}-\d{2}/, 'a date is written YYYY-MM-DD');
const proportion = z.number().min(0).max(1);

/** What an export takes: every filter is optional; none means everything. */
export const exportFilters = z.strictObject({
  labels: z.array(str().min(1).max(100)).max(500).optional(),
  annotators: z.array(annotatorName).max(500).optional(),
  /** all: every span; accepted: spans whose status is accepted; gold: the gold layer (annotator `gold`). */
  status: z.enum(['all', 'accepted', 'gold']).optional(),
  articleStatus: z.array(str().min(1).max(50)).max(20).optional(),
  source: str().min(1).max(500).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  query: str().max(500).optional(),
  samples: z.enum(['include', 'exclude', 'only']).optional(),
  attributes: z.boolean().optional(),
  split: z
    .strictObject({
      train: proportion,
      dev: proportion,
      test: proportion,
      seed: z
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    })
    .refine((v) => Math.abs(v.train + v.dev + v.test - 1) < 1e-6, 'the split proportions must add up to 1')
    .optional(),
  contextChars: z.int().min(0).max(5000).optional(),
});
export type ExportFilters = z.output<typeof exportFilters>;
const layerName = str().trim().min(1, 'an annotator name is required').max(100);
const agreementLabels = z.array(str().trim().min(1).max(80)).max(200);
const agreementPair = { a: layerName, b: layerName, labels: agreementLabels.optional() };
const differentLayers = { message: 'a and b must be two different annotators (or an annotator and gold)', path: ['b'] };

/** The files of a dialog import (importFiles, stageImport) and how to read them. */
const importedFiles = {
  files: z
    .array(
      z.strictObject({
        name: str().min(1).max(1000),
        /** The file's bytes, base64: decoding happens in the one import pipeline, not in the door. */
        base64: str()
          .max(200 * 1024 * 1024)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
      }),
    )
    .min(1, 'choose at least one file')
    .max(10000),
  format: z.enum(['auto', 'text', 'html', 'jsonl', 'json']).optional(),
  encoding: str().min(1).max(40).optional(),
};

export const inputSchemas = {
  getSession: z.strictObject({}),
  setAnnotator: z.strictObject({ name: str().trim().min(1, 'a name is required').max(100) }),

  listArticles: z.strictObject({ query: str().max(500).optional() }),
  listArticleItems: z.strictObject({}),
  getArticle: z.strictObject({ id }),
  /** The editor's start-up: the article, its spans and every label, in one call. */
  openArticle: z.strictObject({ id }),
  updateArticle: z.strictObject({
    id,
    title: str().trim().min(1, 'a title cannot be empty').max(500).optional(),
    source: optionalField(500),
    url: optionalField(4000).refine((u) => u == null || /^https?:\/\/\S+$/i.test(u), 'a URL starts with http:// or https://'),
    publishedAt: optionalField(40).refine(
      (d) => d == null || (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(d) && !Number.isNaN(Date.parse(d.slice(0, 10)))),
      'a date is written YYYY-MM-DD (optionally with a time)',
    ),
    language: languageCode.nullable().optional(),
    author: optionalField(500),
    machineTranslatedFrom: z
      .union([languageCode, z.literal('und')])
      .nullable()
      .optional(),
    status: z.enum(ARTICLE_STATUSES).optional(),
    tags: z.array(str().trim().min(1, 'a tag cannot be empty').max(100)).max(100).optional(),
  }),
  deleteArticles: z.strictObject({ ids: z.array(id).min(1, 'name at least one article').max(100000) }),
  restoreArticles: z.strictObject({ ids: z.array(id).min(1).max(100000) }),
  importFiles: z.strictObject({
    ...importedFiles,
    skipInvalid: z.boolean().optional(),
    verbatim: z.boolean().optional(),
    /** Read and check only: report every problem, store nothing (a first pass over a large import). */
    checkOnly: z.boolean().optional(),
  }),
  /** Reads and checks files into a staged import (a new one without importId); nothing is stored until commitImport. */
  stageImport: z.strictObject({
    importId: id.optional(),
    ...importedFiles,
    verbatim: z.boolean().optional(),
  }),
  /** Stores up to `limit` articles of a staged import; with a bad file or record and no skipInvalid, stores nothing and ends it. */
  commitImport: z.strictObject({
    importId: id,
    skipInvalid: z.boolean().optional(),
    limit: z.int().min(1).max(100000).optional(),
  }),
  discardImport: z.strictObject({ importId: id }),
  listDeletedArticles: z.strictObject({}),
  /** Permanent: only articles already in the trash, and only those named. */
  purgeArticles: z.strictObject({ ids: z.array(id).min(1, 'name at least one article').max(100000) }),
  importUrl: z.strictObject({
    url: str()
      .trim()
      .max(4000)
      .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), 'only http:// and https:// addresses can be imported'),
  }),
  search: z.strictObject({
    query: str().trim().min(1, 'type something to search for').max(500),
    labelId: labelId.optional(),
    limit: z.int().min(1).max(1000).optional(),
  }),
  listSpans: z.strictObject({
    labelId: labelId.optional(),
    /** Attribute key → what the span's value must match: a number or comparison (">= 1000", "100-500") for numbers, words a text contains, a choice exactly (src/shared/search/attribute-filter.ts). */
    attributes: z.record(str().min(1).max(100), str().max(500)).optional(),
    annotator: str().max(100).optional(),
    articleId: id.optional(),
    text: str().max(500).optional(),
    limit: z.int().min(1).max(1000000).optional(),
  }),
  importArticles: z.strictObject({
    files: z.array(importedFile).min(1, 'choose at least one file').max(10000),
  }),

  listLabels: z.strictObject({ includeArchived: z.boolean().optional() }),
  createLabel: z.strictObject({
    name: labelName,
    color,
    hotkey: hotkey.optional(),
    description: str().max(4000).optional(),
    attributes: z.array(attributeDef).max(50).optional(),
  }),
  updateLabel: z.strictObject({
    id: labelId,
    name: labelName.optional(),
    color: color.optional(),
    hotkey: hotkey.optional(),
    description: str().max(4000).optional(),
    archived: z.boolean().optional(),
    attributes: z.array(attributeDef).max(50).optional(),
  }),
  reorderLabels: z.strictObject({ ids: z.array(labelId).min(1) }),

  listAnnotations: z.strictObject({ articleId: id }),
  createAnnotation: z
    .strictObject({
      id: z.uuid().optional(),
      articleId: id,
      labelId,
      start: offset,
      end: offset,
      note: str().max(20000).optional(),
      confidence: z.enum(CONFIDENCES).nullable().optional(),
      attributes: attributes.optional(),
      /** Omitted: the caller's own layer. `gold`: the gold layer (a reviewer adding what every analyst missed). */
      layer: z.enum(['own', 'gold']).optional(),
    })
    .refine((v) => v.end > v.start, { message: 'end must be greater than start', path: ['end'] }),
  createAnnotations: z.strictObject({
    articleId: id,
    spans: z
      .array(
        z
          .strictObject({
            id: z.uuid().optional(),
            labelId,
            start: offset,
            end: offset,
            note: str().max(20000).optional(),
            confidence: z.enum(CONFIDENCES).nullable().optional(),
            attributes: attributes.optional(),
          })
          .refine((v) => v.end > v.start, { message: 'end must be greater than start', path: ['end'] }),
      )
      .min(1, 'give at least one span')
      .max(5000),
  }),
  updateAnnotation: z.strictObject({
    id,
    labelId: labelId.optional(),
    start: offset.optional(),
    end: offset.optional(),
    note: str().max(20000).optional(),
    confidence: z.enum(CONFIDENCES).nullable().optional(),
    attributes: attributes.optional(),
    status: z.enum(ANNOTATION_STATUSES).optional(),
  }),
  deleteAnnotation: z.strictObject({ id }),
  copyToMyLayer: z.strictObject({ id, newId: z.uuid().optional() }),
  undo: z.strictObject({ articleId: id }),
  redo: z.strictObject({ articleId: id }),
  attributeSuggestions: z.strictObject({ attribute: str().min(1).max(100), labelId: labelId.optional() }),

  reviewQueue: z.strictObject({
    articleId: id.optional(),
    labelId: labelId.optional(),
    annotator: str().trim().min(1).max(100).optional(),
    kind: z.enum(['only_some', 'label', 'boundary', 'attribute', 'unanimous']).optional(),
    status: z.enum(['open', 'decided', 'all']).optional(),
  }),
  reviewDecide: z
    .strictObject({
      /** The spans of one review item (every layer's span of the same text and label). */
      spanIds: z.array(id).min(1).max(1000),
      action: z.enum(['accept', 'reject', 'comment']),
      /** Accept with another label, other boundaries or corrected attributes. */
      labelId: labelId.optional(),
      start: offset.optional(),
      end: offset.optional(),
      attributes: attributes.optional(),
      /** The gold span's note and confidence; absent, the analysts' notes and the lowest confidence they stated. */
      note: str().max(20000).optional(),
      confidence: z.enum(CONFIDENCES).nullable().optional(),
      reason: str().max(4000).optional(),
      comment: str().max(20000).optional(),
    })
    .refine((v) => v.action !== 'comment' || (v.comment ?? '').trim() !== '', { message: 'a comment needs text', path: ['comment'] }),
  reviewUndo: z.strictObject({ articleId: id.optional() }),
  acceptUnanimous: z.strictObject({ articleId: id.optional(), dryRun: z.boolean().optional() }),

  importLayer: z.strictObject({
    /** A native JSONL export (one article a line). */
    content: str().max(512 * 1024 * 1024),
    fileName: str().max(1000).optional(),
    /** Whose layer to import; omitted, the one analyst whose spans the file holds. */
    annotator: str().trim().min(1).max(100).optional(),
  }),

  importLayerDatabase: z.strictObject({
    /** Another workbench database file, base64. */
    data: str().max(700 * 1024 * 1024),
    fileName: str().max(1000).optional(),
    annotator: str().trim().min(1).max(100).optional(),
  }),

  /** The event log (every span event and review decision) as a file another machine can apply; `since`: the last entry's id of an earlier export. */
  exportEventLog: z.strictObject({ since: id.optional() }),
  /** Applies an exported event log: append-only, idempotent, all or nothing. */
  applyEventLog: z.strictObject({ content: str().max(512 * 1024 * 1024), fileName: str().max(1000).optional() }),

  exportDataset: z.strictObject({
    format: z.enum(EXPORT_FORMAT_IDS),
    articleIds: z.array(id).optional(),
    /** Only these layers (annotator names; `gold` is the reviewed set). Omitted: every layer. */
    annotators: z.array(str().trim().min(1).max(100)).min(1).optional(),
    offsets: z.enum(OFFSET_UNITS).optional(),
    filters: exportFilters.optional(),
  }),
  startExport: z.strictObject({
    format: z.enum(EXPORT_FORMAT_IDS),
    articleIds: z.array(id).optional(),
    /** Only these layers (annotator names; `gold` is the reviewed set). Omitted: every layer. */
    annotators: z.array(str().trim().min(1).max(100)).min(1).optional(),
    offsets: z.enum(OFFSET_UNITS).optional(),
    filters: exportFilters.optional(),
  }),
  exportStatus: z.strictObject({ jobId: id }),
  cancelExport: z.strictObject({ jobId: id }),
  takeExport: z.strictObject({ jobId: id }),
  importAnnotations: z.strictObject({
    format: z.enum(IMPORT_FORMAT_IDS),
    files: z
      .array(
        z.strictObject({
          name: str().min(1).max(1000),
          text: str(),
        }),
      )
      .min(1, 'choose at least one file')
      .max(100000),
    annotator: annotatorName.optional(),
    offsets: z.enum(OFFSET_UNITS).optional(),
    onMismatch: z.enum(['abort', 'skip', 'fix']).optional(),
    /** Decode and check only; nothing is written (the first pass of an import sent in pieces). */
    checkOnly: z.boolean().optional(),
    /** The line of its file the text starts at, when a piece of a JSON Lines file is sent (problems name the file's own lines). */
    firstLine: z.int().min(1).optional(),
  }),

  agreementReport: z
    .strictObject({ ...agreementPair, metrics: z.array(z.enum(AGREEMENT_METRICS)).min(1).optional() })
    .refine((v) => v.a !== v.b, differentLayers),
  agreementOverview: z.strictObject({ labels: agreementLabels.optional(), metric: z.enum(AGREEMENT_METRICS).optional() }),
  agreementSpans: z.discriminatedUnion('by', [
    z
      .strictObject({ by: z.literal('label'), ...agreementPair, label: str().min(1).max(80).optional(), limit: z.int().min(1).max(5000).optional() })
      .refine((v) => v.a !== v.b, differentLayers),
    z
      .strictObject({
        by: z.literal('confusion'),
        ...agreementPair,
        row: str().min(1).max(80),
        column: str().min(1).max(80),
        limit: z.int().min(1).max(5000).optional(),
      })
      .refine((v) => v.a !== v.b, differentLayers),
    z.strictObject({
      by: z.literal('annotator'),
      annotator: layerName,
      label: str().min(1).max(80).optional(),
      source: str().min(1).max(500).optional(),
      limit: z.int().min(1).max(5000).optional(),
    }),
  ]),
} as const;

/**
 * The options of one file streamed to the browser host's upload route (the
 * bytes travel as the request body, not as base64 in JSON); the same fields
 * and rules as importFiles. Not an API method: only the host's upload door
 * takes it.
 */
export const uploadImportSchema = z.strictObject({
  name: str().min(1, 'the file needs a name').max(1000),
  format: z.enum(['auto', 'text', 'html', 'jsonl', 'json']).optional(),
  encoding: str().min(1).max(40).optional(),
  skipInvalid: z.boolean().optional(),
  verbatim: z.boolean().optional(),
  checkOnly: z.boolean().optional(),
  /** Read and check into a staged import (see stageImport) instead of storing: the answer is a StagedImport. */
  stage: z.boolean().optional(),
  /** The staged import to add the file to (a new one when absent). */
  importId: str().min(1).max(200).optional(),
});

export type UploadImportOptions = Omit<z.input<typeof uploadImportSchema>, 'name'>;

export type InputSchemas = typeof inputSchemas;
export type MethodName = keyof InputSchemas;
export type MethodInput<M extends MethodName> = z.input<InputSchemas[M]>;
export type ParsedInput<M extends MethodName> = z.output<InputSchemas[M]>;

/** Keys that JSON may carry but a plain object cannot hold as data (they would be dropped or change the prototype). */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/**
 * Finds a key named `__proto__` anywhere in a raw input (as JSON.parse or a
 * structured clone produces it). Schemas cannot see one: the object and
 * record parsers drop it silently, so it is refused by name before parsing.
 */
export function findForbiddenKey(input: unknown, path: string[] = []): { path: string; key: string } | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const key of Object.keys(input)) {
    if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key].join('.'), key };
    const found = findForbiddenKey((input as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Formats zod issues as one readable line plus structured details. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { message: string; details: { path: string; message: string }[] } {
  const details = issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(input)', message: issue.message }));
  const message = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return { message, details };
}
