import type { AnnotationStatus, Attributes, Confidence } from '../../shared/domain';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** Corpus-wide queries: full-text search over articles and spans, and the span table. */

export interface SpanRowData {
  rowid: number;
  id: string;
  article_id: string;
  article_title: string;
  source: string | null;
  label_id: number;
  start: number;
  end: number;
  quote: string;
  annotator: string;
  note: string;
  confidence: Confidence | null;
  status: AnnotationStatus;
  attributes: string;
  updated_at: string;
}

const SPAN_SELECT = `SELECT n.rowid, n.id, n.article_id, a.title AS article_title, a.source, n.label_id, n.start, n.end, n.quote,
  p.name AS annotator, n.note, n.confidence, coalesce(n.review_status, n.status) AS status, n.attributes, n.updated_at
  FROM annotations n JOIN articles a ON a.id = n.article_id JOIN annotators p ON p.id = n.annotator_id`;

/** Prepared statements kept per connection: search runs the same few statements on every keystroke. */
const statements = new WeakMap<Db, Map<string, Statement>>();
function cached(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let statement = byDb.get(sql);
  if (!statement) byDb.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/**
 * Articles ranked per search: FTS5 computes bm25 for every match before it can
 * sort, which for a word in every article of a 10,000-article corpus costs
 * tens of milliseconds. Ranking the newest RANK_WINDOW matches keeps a search
 * under a few milliseconds; a query that matches more is too broad to read
 * through anyway (the result says it was cut).
 */
export const RANK_WINDOW = 1000;

export function parseAttributes(json: string): Attributes {
  return json === '{}' ? {} : (JSON.parse(json) as Attributes);
}

/** Live articles matching an FTS5 expression over title and text, best first among the newest RANK_WINDOW matches. */
export function searchArticleIds(db: Db, fts: string, limit: number): { id: string; title: string; text: string }[] {
  // Only ids go through the sort; titles and texts are read for the few that are shown.
  const ids = cached(
    db,
    `SELECT a.id FROM (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}) f
     JOIN articles a ON a.rowid = f.rowid WHERE a.deleted_at IS NULL ORDER BY f.rank LIMIT ?`,
  )
    .pluck()
    .all(fts, limit) as string[];
  const read = cached(db, 'SELECT id, title, text FROM articles WHERE id = ?');
  return ids.map((id) => read.get(id) as { id: string; title: string; text: string });
}

/**
 * Live spans whose quote or note matches an FTS5 expression, newest first.
 * Not ranked: a span's quote and note are a few words, where bm25 says little,
 * and ranking every match of a common word costs more than the whole search.
 */
export function searchSpans(db: Db, fts: string, limit: number, labelId?: number): SpanRowData[] {
  return cached(
    db,
    `${SPAN_SELECT} JOIN annotations_fts f ON f.rowid = n.rowid
     WHERE annotations_fts MATCH ? AND n.deleted_at IS NULL AND a.deleted_at IS NULL ${labelId ? 'AND n.label_id = ?' : ''}
     ORDER BY f.rowid DESC LIMIT ?`,
  ).all(...(labelId ? [fts, labelId, limit] : [fts, limit])) as SpanRowData[];
}

export interface SpanFilter {
  labelIds?: number[];
  annotator?: string;
  articleId?: string;
  limit: number;
  /** 'insertion' skips sorting (the first few of many, for search results). */
  order?: 'article' | 'insertion';
}

export function listSpanRows(db: Db, filter: SpanFilter): SpanRowData[] {
  const where = ['n.deleted_at IS NULL', 'a.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.labelIds?.length) {
    where.push(`n.label_id IN (${filter.labelIds.map(() => '?').join(', ')})`);
    params.push(...filter.labelIds);
  }
  if (filter.annotator) {
    where.push('p.name = ?');
    params.push(filter.annotator);
  }
  if (filter.articleId) {
    where.push('n.article_id = ?');
    params.push(filter.articleId);
  }
  params.push(filter.limit);
  const order = filter.order === 'insertion' ? 'n.rowid' : 'a.imported_at, a.rowid, n.start, n.end';
  return cached(db, `${SPAN_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`).all(...params) as SpanRowData[];
}

/** Texts of the given articles, for span context. */
export function articleTexts(db: Db, ids: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  const stmt = cached(db, 'SELECT text FROM articles WHERE id = ?').pluck();
  for (const id of ids) if (!map.has(id)) map.set(id, stmt.get(id) as string);
  return map;
}
