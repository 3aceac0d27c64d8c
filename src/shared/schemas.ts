import { z } from 'zod';
import { ANNOTATION_STATUSES, CONFIDENCES } from './domain';

/**
 * Runtime schemas for the input of every API method. The service validates
 * each call against these before doing anything else; the input types of the
 * API contract are inferred from them, so the two cannot drift apart.
 */

const id = z.string().min(1, 'an id is required').max(200);
const labelId = z.int().positive();
const offset = z.int().min(0);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb');
const hotkey = z.string().regex(/^[1-9]$/, 'a label key is a digit from 1 to 9').nullable();
const attributeValue = z.union([z.string(), z.number(), z.boolean()]);
const attributes = z.record(z.string().min(1).max(100), attributeValue);
const attributeDef = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'an attribute key is lower_snake_case').max(60),
  name: z.string().trim().min(1).max(100),
  type: z.enum(['text', 'integer', 'boolean', 'choice']),
  options: z.array(z.string().min(1).max(200)).max(100).optional(),
  suggest: z.boolean().optional(),
  suggestGroup: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a suggestion group is lower_snake_case').max(40).optional(),
  min: z.int().optional(),
  help: z.string().max(1000).optional(),
});
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const labelName = z.string().trim().min(1, 'a label needs a name').max(80);

export const inputSchemas = {
  getSession: z.strictObject({}),
  setAnnotator: z.strictObject({ name: z.string().trim().min(1, 'a name is required').max(100) }),

  listArticles: z.strictObject({ query: z.string().max(500).optional() }),
  getArticle: z.strictObject({ id }),
  updateArticle: z.strictObject({ id, title: z.string().trim().min(1, 'a title cannot be empty').max(500) }),
  importArticles: z.strictObject({
    files: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(1000),
          // SQLite stores UTF-8: a lone surrogate would come back as U+FFFD and shift every offset.
          text: z.string().refine((t) => !LONE_SURROGATE.test(t), 'the text contains a lone surrogate (not valid Unicode)'),
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
    description: z.string().max(4000).optional(),
    attributes: z.array(attributeDef).max(50).optional(),
  }),
  updateLabel: z.strictObject({
    id: labelId,
    name: labelName.optional(),
    color: color.optional(),
    hotkey: hotkey.optional(),
    description: z.string().max(4000).optional(),
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
      note: z.string().max(20000).optional(),
      confidence: z.enum(CONFIDENCES).nullable().optional(),
      attributes: attributes.optional(),
      /** Omitted: the caller's own layer. `gold`: the gold layer (a reviewer adding what every analyst missed). */
      layer: z.enum(['own', 'gold']).optional(),
    })
    .refine((v) => v.end > v.start, { message: 'end must be greater than start', path: ['end'] }),
  updateAnnotation: z.strictObject({
    id,
    labelId: labelId.optional(),
    start: offset.optional(),
    end: offset.optional(),
    note: z.string().max(20000).optional(),
    confidence: z.enum(CONFIDENCES).nullable().optional(),
    attributes: attributes.optional(),
    status: z.enum(ANNOTATION_STATUSES).optional(),
  }),
  deleteAnnotation: z.strictObject({ id }),
  copyToMyLayer: z.strictObject({ id, newId: z.uuid().optional() }),
  undo: z.strictObject({ articleId: id }),
  redo: z.strictObject({ articleId: id }),
  attributeSuggestions: z.strictObject({ attribute: z.string().min(1).max(100), labelId: labelId.optional() }),

  exportDataset: z.strictObject({
    format: z.enum(['jsonl']),
    articleIds: z.array(id).optional(),
  }),
} as const;

export type InputSchemas = typeof inputSchemas;
export type MethodName = keyof InputSchemas;
export type MethodInput<M extends MethodName> = z.input<InputSchemas[M]>;
export type ParsedInput<M extends MethodName> = z.output<InputSchemas[M]>;

/** Formats zod issues as one readable line plus structured details. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { message: string; details: { path: string; message: string }[] } {
  const details = issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(input)', message: issue.message }));
  const message = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return { message, details };
}
