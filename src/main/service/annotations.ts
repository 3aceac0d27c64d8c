import { randomUUID } from 'node:crypto';
import { compactAttributes, validateAttributes } from '../../shared/attributes';
import type { Annotation } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { appendEvent } from '../store/events';
import * as labelsStore from '../store/labels';
import { requireArticle, requireArticleExists } from './articles';
import { GOLD, ensureAnnotator } from '../store/annotators';
import { annotatorId, annotatorName, writeTransaction, type ServiceContext } from './context';
import { requireLabel } from './labels';
import { checkAttributes, checkRange, notFound, parse } from './validation';

export function listAnnotations(ctx: ServiceContext, input: MethodInput<'listAnnotations'>): Annotation[] {
  const { articleId } = parse('listAnnotations', input);
  requireArticleExists(ctx, articleId);
  return annotationsStore.listAnnotations(ctx.db, articleId);
}

export function createAnnotation(ctx: ServiceContext, input: MethodInput<'createAnnotation'>): Annotation {
  const v = parse('createAnnotation', input);
  return writeTransaction(ctx, () => {
    const article = requireArticle(ctx, v.articleId);
    const label = requireLabel(ctx, v.labelId);
    if (label.archived) throw new WorkbenchError('conflict', `label “${label.name}” is archived; restore it to tag with it`);
    checkRange(article.text, v.start, v.end);
    const id = v.id ?? randomUUID();
    if (annotationsStore.getAnnotation(ctx.db, id)) throw new WorkbenchError('conflict', `annotation ${id} already exists`);
    const attributes = compactAttributes(v.attributes ?? {});
    checkAttributes(label, attributes, null);
    const state: AnnotationState = {
      labelId: label.id,
      start: v.start,
      end: v.end,
      quote: article.text.slice(v.start, v.end),
      note: v.note ?? '',
      confidence: v.confidence ?? null,
      attributes,
      status: 'proposed',
    };
    const actor = annotatorId(ctx);
    const now = ctx.now();
    // The span joins the caller's layer, or the gold layer when a reviewer adds to it; the event names who acted.
    const layer = v.layer === 'gold' ? ensureAnnotator(ctx.db, GOLD, now) : actor;
    annotationsStore.insertAnnotation(ctx.db, { ...state, id, articleId: article.id, annotatorId: layer, now });
    appendEvent(ctx.db, { at: now, annotatorId: actor, kind: 'create', articleId: article.id, annotationId: id, before: null, after: state });
    return annotationsStore.getAnnotation(ctx.db, id)!.annotation;
  });
}

export function updateAnnotation(ctx: ServiceContext, input: MethodInput<'updateAnnotation'>): Annotation {
  const v = parse('updateAnnotation', input);
  return writeTransaction(ctx, () => {
    const current = requireEditable(ctx, requireLiveAnnotation(ctx, v.id));
    const before = annotationsStore.stateOf(current);
    const label = requireLabel(ctx, v.labelId ?? current.labelId);
    if (label.archived && label.id !== current.labelId) {
      throw new WorkbenchError('conflict', `label “${label.name}” is archived; restore it to tag with it`);
    }
    let attributes = v.attributes !== undefined ? compactAttributes(v.attributes) : current.attributes;
    if (label.id !== current.labelId && v.attributes === undefined) {
      // Relabelling keeps what fits the new label; the event log keeps the rest (undo brings it back).
      attributes = Object.fromEntries(Object.entries(attributes).filter(([key, value]) => validateAttributes(label.attributes, { [key]: value }).length === 0));
    }
    checkAttributes(label, attributes, label.id === current.labelId ? current.attributes : null);
    const start = v.start ?? current.start;
    const end = v.end ?? current.end;
    const article = start !== current.start || end !== current.end ? requireArticle(ctx, current.articleId) : null;
    if (article) checkRange(article.text, start, end);
    const after: AnnotationState = {
      labelId: label.id,
      start,
      end,
      quote: article ? article.text.slice(start, end) : current.quote,
      note: v.note ?? current.note,
      confidence: v.confidence !== undefined ? v.confidence : current.confidence,
      attributes,
      status: v.status ?? current.status,
    };
    if (start !== current.start || end !== current.end || label.id !== current.labelId) {
      const twin = annotationsStore.findTwinSpan(ctx.db, { ...current, labelId: label.id, start, end });
      if (twin) {
        throw new WorkbenchError(
          'conflict',
          `${current.annotator}'s layer already has a “${label.name}” span over exactly ${start}-${end} (${twin}); the span was not changed`,
          { annotationId: twin },
        );
      }
    }
    return applyChange(ctx, current.articleId, current.id, 'update', before, after);
  });
}

export function deleteAnnotation(ctx: ServiceContext, input: MethodInput<'deleteAnnotation'>): Annotation {
  const { id } = parse('deleteAnnotation', input);
  return writeTransaction(ctx, () => {
    const current = requireEditable(ctx, requireLiveAnnotation(ctx, id));
    applyChange(ctx, current.articleId, id, 'delete', annotationsStore.stateOf(current), null);
    return current;
  });
}

export function attributeSuggestions(ctx: ServiceContext, input: MethodInput<'attributeSuggestions'>): string[] {
  const { attribute, labelId } = parse('attributeSuggestions', input);
  const labels = labelsStore.listLabels(ctx.db, true);
  const group = labels.find((l) => l.id === labelId)?.attributes.find((d) => d.key === attribute)?.suggestGroup;
  if (!group) return annotationsStore.attributeValues(ctx.db, [{ attribute, labelId }]);
  // Every attribute of the same group, in every label, offers its values.
  const sources = labels.flatMap((l) => l.attributes.filter((d) => d.suggestGroup === group).map((d) => ({ labelId: l.id, attribute: d.key })));
  return annotationsStore.attributeValues(ctx.db, sources);
}

/** Writes a span's new state (or its soft deletion) and records the event; call inside a write transaction. */
export function applyChange(
  ctx: ServiceContext,
  articleId: string,
  annotationId: string,
  kind: 'update' | 'delete',
  before: AnnotationState,
  after: AnnotationState | null,
): Annotation {
  const now = ctx.now();
  annotationsStore.writeAnnotationState(ctx.db, annotationId, after ?? before, now, after === null);
  appendEvent(ctx.db, { at: now, annotatorId: annotatorId(ctx), kind, articleId, annotationId, before, after });
  return annotationsStore.getAnnotation(ctx.db, annotationId)!.annotation;
}

export function requireLiveAnnotation(ctx: ServiceContext, id: string): Annotation {
  const found = annotationsStore.getAnnotation(ctx.db, id);
  if (!found || found.deletedAt) throw notFound('annotation', id);
  return found.annotation;
}

/**
 * An analyst edits only their own layer; the gold layer is edited by whoever
 * reviews. Another analyst's spans are reached through review decisions or
 * "copy to my layer".
 */
export function requireEditable(ctx: ServiceContext, span: Annotation): Annotation {
  const me = annotatorName(ctx);
  if (span.annotator === me || span.annotator === GOLD) return span;
  throw new WorkbenchError(
    'forbidden',
    `this span is in ${span.annotator}'s layer; ${me} can change only their own layer (copy it to your layer, or review it)`,
    { annotationId: span.id, layer: span.annotator, annotator: me },
  );
}

/** A copy of any layer's span in the caller's own layer (a new id; the original stays as it was). */
export function copyToMyLayer(ctx: ServiceContext, input: MethodInput<'copyToMyLayer'>): Annotation {
  const { id, newId } = parse('copyToMyLayer', input);
  return writeTransaction(ctx, () => {
    const source = requireLiveAnnotation(ctx, id);
    const me = annotatorName(ctx);
    const mine = annotationsStore
      .listSpansByLayer(ctx.db, { annotators: [me], articleIds: [source.articleId] })
      .find((s) => s.start === source.start && s.end === source.end && s.labelId === source.labelId);
    if (mine) {
      throw new WorkbenchError('conflict', `your layer already has this span (${mine.id})`, { annotationId: mine.id });
    }
    const copyId = newId ?? randomUUID();
    const state: AnnotationState = { ...annotationsStore.stateOf(source), status: 'proposed' };
    const actor = annotatorId(ctx);
    const now = ctx.now();
    annotationsStore.insertAnnotation(ctx.db, { ...state, id: copyId, articleId: source.articleId, annotatorId: actor, now });
    appendEvent(ctx.db, { at: now, annotatorId: actor, kind: 'create', articleId: source.articleId, annotationId: copyId, before: null, after: state });
    return annotationsStore.getAnnotation(ctx.db, copyId)!.annotation;
  });
}
