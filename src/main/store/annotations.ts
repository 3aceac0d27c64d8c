import type { Annotation, AnnotationStatus, Attributes, Confidence } from '../../shared/domain';
import type { Db } from './database';

interface AnnotationRow {
  id: string;
  article_id: string;
  label_id: number;
  start: number;
  end: number;
  quote: string;
  annotator: string;
  note: string;
  confidence: Confidence | null;
  attributes: string;
  status: AnnotationStatus;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const SELECT = `SELECT n.*, a.name AS annotator FROM annotations n JOIN annotators a ON a.id = n.annotator_id`;

function toAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    articleId: row.article_id,
    labelId: row.label_id,
    start: row.start,
    end: row.end,
    quote: row.quote,
    annotator: row.annotator,
    note: row.note,
    confidence: row.confidence,
    attributes: row.attributes === '{}' ? {} : (JSON.parse(row.attributes) as Attributes),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listAnnotations(db: Db, articleId: string): Annotation[] {
  const rows = db
    .prepare(`${SELECT} WHERE n.article_id = ? AND n.deleted_at IS NULL ORDER BY n.start, n.end DESC, n.id`)
    .all(articleId) as AnnotationRow[];
  return rows.map(toAnnotation);
}

/** Live annotations with one label, in every article (schema checks). */
export function listAnnotationsOfLabel(db: Db, labelId: number): Annotation[] {
  const rows = db.prepare(`${SELECT} WHERE n.label_id = ? AND n.deleted_at IS NULL`).all(labelId) as AnnotationRow[];
  return rows.map(toAnnotation);
}

/** Live annotations of many articles, grouped by article id (for exports). */
export function listAnnotationsByArticle(db: Db): Map<string, Annotation[]> {
  const rows = db
    .prepare(`${SELECT} WHERE n.deleted_at IS NULL ORDER BY n.article_id, n.start, n.end DESC, n.id`)
    .all() as AnnotationRow[];
  const map = new Map<string, Annotation[]>();
  for (const row of rows) {
    const list = map.get(row.article_id) ?? [];
    list.push(toAnnotation(row));
    map.set(row.article_id, list);
  }
  return map;
}

/** The annotation, deleted or not, with its deletion time. */
export function getAnnotation(db: Db, id: string): { annotation: Annotation; deletedAt: string | null } | undefined {
  const row = db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as AnnotationRow | undefined;
  return row && { annotation: toAnnotation(row), deletedAt: row.deleted_at };
}

/** The stored state of an annotation, as written to the event log. */
export interface AnnotationState {
  labelId: number;
  start: number;
  end: number;
  quote: string;
  note: string;
  confidence: Confidence | null;
  attributes: Attributes;
  status: AnnotationStatus;
}

export function insertAnnotation(
  db: Db,
  a: AnnotationState & { id: string; articleId: string; annotatorId: number; now: string },
): void {
  db.prepare(
    `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, note, confidence, attributes, status, created_at, updated_at)
     VALUES (@id, @articleId, @labelId, @start, @end, @quote, @annotatorId, @note, @confidence, @attributes, @status, @now, @now)`,
  ).run({ ...a, attributes: JSON.stringify(a.attributes) });
}

/** Writes a state; `deleted` soft-deletes (or restores, when false). */
export function writeAnnotationState(db: Db, id: string, state: AnnotationState, now: string, deleted: boolean): void {
  db.prepare(
    `UPDATE annotations SET label_id = @labelId, start = @start, end = @end, quote = @quote, note = @note,
       confidence = @confidence, attributes = @attributes, status = @status, updated_at = @now,
       deleted_at = CASE WHEN @deleted THEN coalesce(deleted_at, @now) ELSE NULL END
     WHERE id = @id`,
  ).run({ ...state, id, now, deleted: deleted ? 1 : 0, attributes: JSON.stringify(state.attributes) });
}

export function stateOf(a: Annotation): AnnotationState {
  return {
    labelId: a.labelId,
    start: a.start,
    end: a.end,
    quote: a.quote,
    note: a.note,
    confidence: a.confidence,
    attributes: a.attributes,
    status: a.status,
  };
}

/** Distinct values of one attribute used before, most used first. */
export function attributeValues(db: Db, attribute: string, labelId?: number): string[] {
  const rows = db
    .prepare(
      `SELECT json_extract(attributes, '$."' || replace(?, '"', '') || '"') AS v, count(*) AS n
       FROM annotations WHERE deleted_at IS NULL ${labelId ? 'AND label_id = ?' : ''}
       GROUP BY v HAVING v IS NOT NULL AND typeof(v) = 'text' ORDER BY n DESC, v LIMIT 50`,
    )
    .all(...(labelId ? [attribute, labelId] : [attribute])) as { v: string }[];
  return rows.map((r) => r.v);
}
