import { randomUUID } from 'node:crypto';
import { compactAttributes } from '../../shared/attributes';
import type { Annotation } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { appendEvent } from '../store/events';
import { requireArticle } from './articles';
import { annotatorId, writeTransaction, type ServiceContext } from './context';
import { requireLabel } from './labels';
import { checkAttributes, checkRange, parse } from './validation';

/**
 * Creates several spans of one article at once (tag all occurrences): one
 * transaction, so a bad span leaves the database as it was, and one batch in
 * the event log, so one undo takes them all back. Each span is checked as
 * createAnnotation checks one; the error names the span by its position.
 */
export function createAnnotations(ctx: ServiceContext, input: MethodInput<'createAnnotations'>): Annotation[] {
  const v = parse('createAnnotations', input);
  return writeTransaction(ctx, () => {
    const article = requireArticle(ctx, v.articleId);
    const author = annotatorId(ctx);
    const now = ctx.now();
    const batch = randomUUID();
    const ids = new Set<string>();
    return v.spans.map((span, index) => {
      const where = `span ${index + 1} of ${v.spans.length}`;
      try {
        const label = requireLabel(ctx, span.labelId);
        if (label.archived) throw new WorkbenchError('conflict', `label “${label.name}” is archived; restore it to tag with it`);
        checkRange(article.text, span.start, span.end);
        const id = span.id ?? randomUUID();
        if (ids.has(id) || annotationsStore.getAnnotation(ctx.db, id)) throw new WorkbenchError('conflict', `annotation ${id} already exists`);
        ids.add(id);
        const attributes = compactAttributes(span.attributes ?? {});
        checkAttributes(label, attributes, null);
        const state: AnnotationState = {
          labelId: label.id,
          start: span.start,
          end: span.end,
          quote: article.text.slice(span.start, span.end),
          note: span.note ?? '',
          confidence: span.confidence ?? null,
          attributes,
          status: 'proposed',
        };
        annotationsStore.insertAnnotation(ctx.db, { ...state, id, articleId: article.id, annotatorId: author, now });
        appendEvent(ctx.db, { at: now, annotatorId: author, kind: 'create', articleId: article.id, annotationId: id, before: null, after: state, batch });
        return annotationsStore.getAnnotation(ctx.db, id)!.annotation;
      } catch (error) {
        if (error instanceof WorkbenchError) throw new WorkbenchError(error.code, `${where}: ${error.message}`, error.details);
        throw error;
      }
    });
  });
}
