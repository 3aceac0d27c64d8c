import { z } from 'zod';
import { ANNOTATION_STATUSES, CONFIDENCES } from './domain';

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
const str = () =>
  z
    .string()
    .refine(isWellFormed, 'contains a lone surrogate (not valid Unicode)')
    .refine((value) => !value.includes('\0'), 'contains a NUL character');

const id = str().min(1, 'an id is required').max(200);
const labelId = z.int().positive();
const offset = z.int().min(0);
const color = str().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb');
const hotkey = str().regex(/^[1-9]$/, 'a label key is a digit from 1 to 9').nullable();
const attributeValue = z.union([str(), z.number(), z.boolean(), z.array(str().max(200)).max(100)]);
const attributes = z.record(str().min(1).max(100), attributeValue);
const attributeDef = z.strictObject({
  key: str().regex(/^[a-z][a-z0-9_]*$/, 'an attribute key is lower_snake_case').max(60),
  name: str().trim().min(1).max(100),
  type: z.enum(['text', 'integer', 'boolean', 'choice', 'multichoice']),
  options: z.array(str().min(1).max(200)).max(100).optional(),
  suggest: z.boolean().optional(),
  suggestGroup: str().regex(/^[a-z][a-z0-9_]*$/, 'a suggestion group is lower_snake_case').max(40).optional(),
  min: z.int().optional(),
  help: str().max(1000).optional(),
});
const labelName = str().trim().min(1, 'a label needs a name').max(80);

export const inputSchemas = {
  getSession: z.strictObject({}),
  setAnnotator: z.strictObject({ name: str().trim().min(1, 'a name is required').max(100) }),

  listArticles: z.strictObject({ query: str().max(500).optional() }),
  getArticle: z.strictObject({ id }),
  updateArticle: z.strictObject({ id, title: str().trim().min(1, 'a title cannot be empty').max(500) }),
  importArticles: z.strictObject({
    files: z
      .array(
        z.strictObject({
          name: str().min(1).max(1000),
          text: str(),
        }),
      )
      .min(1, 'choose at least one file')
      .max(10000),
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

  exportDataset: z.strictObject({
    format: z.enum(['jsonl']),
    articleIds: z.array(id).optional(),
  }),
} as const;

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
