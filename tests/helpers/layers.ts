import { randomUUID } from 'node:crypto';
import { insertAnnotation } from '../../src/main/store/annotations';
import { ensureAnnotator } from '../../src/main/store/annotators';
import type { Db } from '../../src/main/store/database';

/**
 * Writes a span straight into an annotator's layer (no duplicate checks), so
 * tests can give two annotators the very same span as agreement expects.
 */
export function putSpan(db: Db, annotator: string, articleId: string, labelId: number, text: string, start: number, end: number): string {
  const id = randomUUID();
  insertAnnotation(db, {
    id,
    articleId,
    annotatorId: ensureAnnotator(db, annotator, '2025-03-01T10:00:00.000Z'),
    labelId,
    start,
    end,
    quote: text.slice(start, end),
    note: '',
    confidence: null,
    attributes: {},
    status: 'proposed',
    now: '2025-03-01T10:00:00.000Z',
  });
  return id;
}
