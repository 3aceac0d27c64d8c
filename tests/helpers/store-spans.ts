import { DEFAULT_LABELS } from '../../src/shared/default-labels';
import type { Annotation, Label } from '../../src/shared/domain';

/** The default labels as the renderer's AnnotationStore receives them (ids 1, 2, 3…). */
export const STORE_LABELS: Label[] = DEFAULT_LABELS.map((l, i) => ({ ...l, id: i + 1, position: i, archived: false }));

/** A span of `text` for an AnnotationStore: `length` characters from `start`, cut at the text's end. */
export function storeSpan(text: string, id: string, annotator: string, start: number, length: number, labelId: number): Annotation {
  const end = Math.min(text.length, start + length);
  return {
    id,
    articleId: 'a',
    labelId,
    start,
    end,
    quote: text.slice(start, end),
    annotator,
    note: '',
    confidence: null,
    attributes: {},
    status: 'proposed',
    createdAt: 'x',
    updatedAt: 'x',
  };
}
