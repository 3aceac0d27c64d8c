import type { Annotation, AnnotationStatus, Attributes, Confidence } from '../../shared/domain';
import { emptyPackedSpans, pushSpan, type PackedSpans } from '../../shared/packed-spans';
import type { Db } from './database';
import { cached } from './statements';

export interface AnnotationRow {
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
  const rows = cached(db, `${SELECT} WHERE n.article_id = ? AND n.deleted_at IS NULL ORDER BY n.start, n.end DESC, n.id`).all(articleId) as AnnotationRow[];
  return rows.map(toAnnotation);
}

/**
 * An article's live spans packed for the editor, in the order of
 * `listAnnotations`: raw rows straight into one array per field, with no
 * object per span on the way (issue 12: 50,000 spans in a fraction of the time).
 */
export function listPackedSpans(db: Db, articleId: string, text: string): PackedSpans {
  type Row = [string, number, number, number, string, number, string, Confidence | null, string, AnnotationStatus, string, string];
  // Rows come in the index's order (start); ties are put in order here, not by a sort of every row in SQLite.
  const rows = cached(
    db,
    `SELECT n.id, n.label_id, n.start, n.end, n.quote, n.annotator_id, n.note, n.confidence, n.attributes, n.status, n.created_at, n.updated_at
     FROM annotations n WHERE n.article_id = ? AND n.deleted_at IS NULL ORDER BY n.start`,
  )
    .raw(true)
    .all(articleId) as Row[];
  rows.sort((x, y) => x[2] - y[2] || y[3] - x[3] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const names = new Map(cached(db, 'SELECT id, name FROM annotators').raw(true).all() as [number, string][]);
  const packed = emptyPackedSpans(articleId);
  const annotatorIndex = new Map<string, number>();
  for (const [id, labelId, start, end, quote, annotatorId, note, confidence, attributes, status, createdAt, updatedAt] of rows)
    pushSpan(packed, annotatorIndex, text, {
      id,
      labelId,
      start,
      end,
      quote,
      annotator: names.get(annotatorId)!,
      note,
      confidence,
      attributes: attributes === '{}' ? {} : (JSON.parse(attributes) as Attributes),
      status,
      createdAt,
      updatedAt,
    });
  return packed;
}

/** Live annotations with one label, in every article (schema checks). */
export function listAnnotationsOfLabel(db: Db, labelId: number): Annotation[] {
  const rows = cached(db, `${SELECT} WHERE n.label_id = ? AND n.deleted_at IS NULL`).all(labelId) as AnnotationRow[];
  return rows.map(toAnnotation);
}

/** Live annotations of many articles, grouped by article id (for exports). */
export function listAnnotationsByArticle(db: Db): Map<string, Annotation[]> {
  const rows = cached(db, `${SELECT} WHERE n.deleted_at IS NULL ORDER BY n.article_id, n.start, n.end DESC, n.id`).all() as AnnotationRow[];
  const map = new Map<string, Annotation[]>();
  for (const row of rows) {
    const list = map.get(row.article_id) ?? [];
    list.push(toAnnotation(row));
    map.set(row.article_id, list);
  }
  return map;
}

/** A live span as review needs it (no timestamps or status). */
export interface ReviewSpan {
  id: string;
  annotator: string;
  articleId: string;
  labelId: number;
  start: number;
  end: number;
  attributes: Attributes;
  note: string;
  confidence: Confidence | null;
  quote: string;
}

/** The live spans of every person's and model's layer (not gold), of one article or all, in no particular order. */
export function listReviewSpans(db: Db, articleId?: string): ReviewSpan[] {
  const sql = `SELECT n.id, a.name, n.article_id, n.label_id, n.start, n.end, n.attributes, n.note, n.confidence, n.quote
    FROM annotations n JOIN annotators a ON a.id = n.annotator_id
    WHERE n.deleted_at IS NULL AND a.kind <> 'gold'${articleId === undefined ? '' : ' AND n.article_id = ?'}`;
  const rows = (articleId === undefined ? db.prepare(sql).raw(true).all() : db.prepare(sql).raw(true).all(articleId)) as [
    string,
    string,
    string,
    number,
    number,
    number,
    string,
    string,
    Confidence | null,
    string,
  ][];
  return rows.map(([id, annotator, article, labelId, start, end, attributes, note, confidence, quote]) => ({
    id,
    annotator,
    articleId: article,
    labelId,
    start,
    end,
    attributes: attributes === '{}' ? {} : (JSON.parse(attributes) as Attributes),
    note,
    confidence,
    quote,
  }));
}

/** A live span's place and layer only: what agreement figures need, read lean for a million spans. */
export interface SpanBounds {
  articleId: string;
  labelId: number;
  start: number;
  end: number;
  annotator: string;
}

/** A live span's bounds with its row id, so its id and quote can be read later for the few that are shown. */
export interface SpanRef extends SpanBounds {
  rowid: number;
}

/**
 * The live spans of the named layers without their quotes, notes or
 * attributes (the drill-down behind an agreement figure sorts and counts
 * every span, then shows a few hundred), in layer, article, start, end
 * (longest first) order. Read as one packed group per article and layer, as
 * listLayerSpanGroups reads them: no sort in SQLite, no row per span.
 */
export function listLayerSpanRefs(db: Db, annotators: readonly string[]): SpanRef[] {
  const refs: SpanRef[] = [];
  const layers = cached(db, 'SELECT id, name FROM annotators WHERE name IN (SELECT value FROM json_each(?)) ORDER BY name')
    .raw(true)
    .all(JSON.stringify(annotators)) as [number, string][];
  const groups = cached(
    db,
    `SELECT article_id, '[' || group_concat(label_id || ',' || start || ',' || end || ',' || rowid, ',') || ']'
     FROM annotations
     WHERE annotator_id = ? AND deleted_at IS NULL GROUP BY article_id`,
  ).raw(true);
  for (const [annotatorId, annotator] of layers) {
    for (const [articleId, packed] of groups.all(annotatorId) as [string, string][]) {
      const q = JSON.parse(packed) as number[];
      const first = refs.length;
      for (let i = 0; i + 3 < q.length; i += 4) refs.push({ rowid: q[i + 3]!, articleId, labelId: q[i]!, start: q[i + 1]!, end: q[i + 2]!, annotator });
      const group = refs.slice(first).sort((x, y) => x.start - y.start || y.end - x.end || x.rowid - y.rowid);
      for (let i = 0; i < group.length; i++) refs[first + i] = group[i]!;
    }
  }
  return refs;
}

/** Ids and quotes of the spans with these row ids (the ones a drill-down shows). */
export function spanIdsAndQuotes(db: Db, rowids: readonly number[]): Map<number, { id: string; quote: string }> {
  const rows = cached(db, 'SELECT rowid, id, quote FROM annotations WHERE rowid IN (SELECT value FROM json_each(?))').raw(true).all(JSON.stringify(rowids)) as [
    number,
    string,
    string,
  ][];
  return new Map(rows.map(([rowid, id, quote]) => [rowid, { id, quote }]));
}

/**
 * One layer's live spans, one entry per article (sorted by article id). SQLite
 * packs each group as a JSON array of integers: crossing into JavaScript once
 * per group, and parsing with the JSON parser, is several times faster than
 * one row per span. The annotations_layer index is ordered as the groups
 * (annotator, article), so SQLite walks it without sorting.
 */
export function listLayerSpanGroups(db: Db, annotatorId: number): { articleId: string; triplets: number[] }[] {
  const groups = cached(
    db,
    `SELECT article_id, '[' || group_concat(label_id || ',' || start || ',' || end, ',') || ']'
     FROM annotations
     WHERE annotator_id = ? AND deleted_at IS NULL GROUP BY article_id`,
  )
    .raw(true)
    .all(annotatorId) as [string, string][];
  return groups.map(([articleId, packed]) => ({ articleId, triplets: JSON.parse(packed) as number[] }));
}

/** The annotation, deleted or not, with its deletion time. */
export function getAnnotation(db: Db, id: string): { annotation: Annotation; deletedAt: string | null } | undefined {
  const row = cached(db, `${SELECT} WHERE n.id = ?`).get(id) as AnnotationRow | undefined;
  return row && { annotation: toAnnotation(row), deletedAt: row.deleted_at };
}

/** Another live span of the same layer and label over exactly [start, end): what a span moved or relabelled there would duplicate. */
export function findTwinSpan(
  db: Db,
  span: { id: string; articleId: string; annotator: string; labelId: number; start: number; end: number },
): string | undefined {
  return cached(
    db,
    `SELECT n.id FROM annotations n JOIN annotators u ON u.id = n.annotator_id
     WHERE n.article_id = ? AND n.start = ? AND n.deleted_at IS NULL AND n.end = ? AND n.label_id = ? AND u.name = ? AND n.id <> ? LIMIT 1`,
  )
    .pluck()
    .get(span.articleId, span.start, span.end, span.labelId, span.annotator, span.id) as string | undefined;
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

export function insertAnnotation(db: Db, a: AnnotationState & { id: string; articleId: string; annotatorId: number; now: string }): void {
  cached(
    db,
    `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, note, confidence, attributes, status, created_at, updated_at)
     VALUES (@id, @articleId, @labelId, @start, @end, @quote, @annotatorId, @note, @confidence, @attributes, @status, @now, @now)`,
  ).run({ ...a, attributes: JSON.stringify(a.attributes) });
}

/** Writes a state; `deleted` soft-deletes (or restores, when false). */
export function writeAnnotationState(db: Db, id: string, state: AnnotationState, now: string, deleted: boolean): void {
  cached(
    db,
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

/** Distinct text values stored under any of the given (label, attribute) pairs, most used first. */
export function attributeValues(db: Db, sources: readonly { labelId?: number; attribute: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const { attribute, labelId } of sources) {
    const rows = cached(
      db,
      // json_each, not a JSON path built from the name: any attribute name (quotes, backslashes) is just a key.
      `SELECT j.value AS v, count(*) AS n
         FROM annotations a, json_each(a.attributes) j
         WHERE a.deleted_at IS NULL ${labelId ? 'AND a.label_id = ?' : ''} AND j.key = ? AND j.type = 'text'
         GROUP BY v`,
    ).all(...(labelId ? [labelId, attribute] : [attribute])) as { v: string; n: number }[];
    for (const r of rows) counts.set(r.v, (counts.get(r.v) ?? 0) + r.n);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 50)
    .map(([v]) => v);
}

export interface LayerFilter {
  /** Annotator names; `gold` is the gold layer. Omitted: every layer. */
  annotators?: readonly string[];
  /** Omitted: every article. */
  articleIds?: readonly string[];
  /** Label keys (strings) or label ids (numbers). Omitted: every label. */
  labels?: readonly (string | number)[];
}

/**
 * Live spans by layer (annotator), in a stable order: article, start, end
 * descending, id. An empty list in any filter matches nothing.
 */
export function listSpansByLayer(db: Db, filter: LayerFilter = {}): Annotation[] {
  const where = ['n.deleted_at IS NULL'];
  const params: (string | number)[] = [];
  const inList = (column: string, values: readonly (string | number)[]) => {
    if (values.length === 0) where.push('0');
    else {
      where.push(`${column} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(values));
    }
  };
  if (filter.annotators) inList('a.name', filter.annotators);
  if (filter.articleIds) inList('n.article_id', filter.articleIds);
  if (filter.labels) {
    const keys = filter.labels.filter((l): l is string => typeof l === 'string');
    const ids = filter.labels.filter((l): l is number => typeof l === 'number');
    if (keys.length === 0 && ids.length === 0) where.push('0');
    else {
      where.push(`(n.label_id IN (SELECT value FROM json_each(?)) OR n.label_id IN (SELECT id FROM labels WHERE key IN (SELECT value FROM json_each(?))))`);
      params.push(JSON.stringify(ids), JSON.stringify(keys));
    }
  }
  const rows = cached(db, `${SELECT} WHERE ${where.join(' AND ')} ORDER BY n.article_id, n.start, n.end DESC, n.id`).all(...params) as AnnotationRow[];
  return rows.map(toAnnotation);
}
