import type { Article, ArticleStatus, ArticleSummary, DeletedArticle } from '../../shared/domain';
import type { Db } from './database';
import { cached } from './statements';

export interface ArticleRow {
  id: string;
  external_id: string | null;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  language: string | null;
  sha256: string;
  imported_at: string;
  text_length: number;
  annotation_count: number;
  author: string | null;
  machine_translated_from: string | null;
  status: ArticleStatus;
  tags: string;
  previous_version_id: string | null;
}

export interface FullArticleRow extends ArticleRow {
  text: string;
  meta: string;
}

const SUMMARY_COLUMNS = `a.id, a.external_id, a.title, a.source, a.url, a.published_at, a.language, a.sha256,
  a.imported_at, a.text_length, a.author, a.machine_translated_from, a.status, a.tags, a.previous_version_id,
  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.deleted_at IS NULL) AS annotation_count`;

function toSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    source: row.source,
    url: row.url,
    publishedAt: row.published_at,
    language: row.language,
    sha256: row.sha256,
    importedAt: row.imported_at,
    length: row.text_length,
    annotationCount: row.annotation_count,
    author: row.author,
    machineTranslatedFrom: row.machine_translated_from,
    status: row.status,
    tags: row.tags === '[]' ? [] : (JSON.parse(row.tags) as string[]),
    previousVersionId: row.previous_version_id,
  };
}

export function listArticles(db: Db, query?: string): ArticleSummary[] {
  const fts = query ? toFtsQuery(query) : '';
  if (fts) {
    const rows = db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
         WHERE articles_fts MATCH ? AND a.deleted_at IS NULL ORDER BY f.rank`,
      )
      .all(fts) as ArticleRow[];
    return rows.map(toSummary);
  }
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.deleted_at IS NULL ORDER BY a.imported_at, a.rowid`).all() as ArticleRow[];
  return rows.map(toSummary);
}

/** Every word becomes a quoted prefix term, so user input never breaks FTS syntax. */
export function toFtsQuery(query: string): string {
  return query
    .split(/\s+/u)
    .filter(Boolean)
    .map((w) => `"${w.replace(/"/g, '""')}"*`)
    .join(' ');
}

export function getArticle(db: Db, id: string): Article | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS}, a.text, a.meta FROM articles a WHERE a.id = ? AND a.deleted_at IS NULL`).get(id) as
    FullArticleRow | undefined;
  if (!row) return undefined;
  return { ...toSummary(row), text: row.text, meta: JSON.parse(row.meta) as Record<string, unknown> };
}

export function getArticleSummary(db: Db, id: string): ArticleSummary | undefined {
  const row = cached(db, `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ? AND a.deleted_at IS NULL`).get(id) as ArticleRow | undefined;
  return row && toSummary(row);
}

/** Whether a live article has this id (without counting its spans, as a summary does). */
export function articleExists(db: Db, id: string): boolean {
  return cached(db, 'SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL').get(id) !== undefined;
}

/** The titles of these articles (live or not), by id. */
export function articleTitles(db: Db, ids: readonly string[]): Map<string, string> {
  const rows = cached(db, 'SELECT id, title FROM articles WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as {
    id: string;
    title: string;
  }[];
  return new Map(rows.map((r) => [r.id, r.title]));
}

export function findArticleBySha(db: Db, sha256: string): ArticleSummary | undefined {
  const row = cached(db, `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.sha256 = ? AND a.deleted_at IS NULL LIMIT 1`).get(sha256) as ArticleRow | undefined;
  return row && toSummary(row);
}

export interface NewArticle {
  id: string;
  externalId: string | null;
  title: string;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  language: string | null;
  text: string;
  sha256: string;
  importedAt: string;
  meta: Record<string, unknown>;
  author?: string | null;
  machineTranslatedFrom?: string | null;
  previousVersionId?: string | null;
  status?: ArticleStatus;
  tags?: string[];
}

export function insertArticle(db: Db, a: NewArticle): void {
  cached(
    db,
    `INSERT INTO articles (id, external_id, title, source, url, published_at, language, text, text_length, sha256, imported_at, meta,
                           author, machine_translated_from, previous_version_id, status, tags)
     VALUES (@id, @externalId, @title, @source, @url, @publishedAt, @language, @text, @textLength, @sha256, @importedAt, @meta,
             @author, @machineTranslatedFrom, @previousVersionId, @status, @tags)`,
  ).run({
    ...a,
    textLength: a.text.length,
    meta: JSON.stringify(a.meta),
    author: a.author ?? null,
    machineTranslatedFrom: a.machineTranslatedFrom ?? null,
    previousVersionId: a.previousVersionId ?? null,
    status: a.status ?? 'new',
    tags: JSON.stringify(a.tags ?? []),
  });
}

/** The newest live article imported from a URL (a changed page becomes a new version linked to it). */
export function findLatestByUrl(db: Db, url: string): ArticleSummary | undefined {
  const row = cached(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.url = ? AND a.deleted_at IS NULL ORDER BY a.imported_at DESC, a.rowid DESC LIMIT 1`,
  ).get(url) as ArticleRow | undefined;
  return row && toSummary(row);
}

export interface ArticleMetadataChange {
  title?: string;
  source?: string | null;
  url?: string | null;
  publishedAt?: string | null;
  language?: string | null;
  author?: string | null;
  machineTranslatedFrom?: string | null;
  status?: ArticleStatus;
  tags?: string[];
}

const METADATA_COLUMNS: Record<keyof ArticleMetadataChange, string> = {
  title: 'title',
  source: 'source',
  url: 'url',
  publishedAt: 'published_at',
  language: 'language',
  author: 'author',
  machineTranslatedFrom: 'machine_translated_from',
  status: 'status',
  tags: 'tags',
};

export function updateArticleMetadata(db: Db, id: string, change: ArticleMetadataChange): boolean {
  const keys = (Object.keys(change) as (keyof ArticleMetadataChange)[]).filter((k) => change[k] !== undefined);
  if (keys.length === 0) return getArticleSummary(db, id) !== undefined;
  const sets = keys.map((k) => `${METADATA_COLUMNS[k]} = @${k}`).join(', ');
  const values: Record<string, unknown> = { id };
  for (const k of keys) values[k] = k === 'tags' ? JSON.stringify(change.tags) : change[k];
  return db.prepare(`UPDATE articles SET ${sets} WHERE id = @id AND deleted_at IS NULL`).run(values).changes === 1;
}

/** Soft deletion: the article and its spans stay in the file, hidden, so the deletion can be undone. */
export function markArticlesDeleted(db: Db, ids: readonly string[], at: string): number {
  const stmt = db.prepare('UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
  return ids.reduce((n, id) => n + stmt.run(at, id).changes, 0);
}

export function restoreArticles(db: Db, ids: readonly string[]): number {
  const stmt = db.prepare('UPDATE articles SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL');
  return ids.reduce((n, id) => n + stmt.run(id).changes, 0);
}

/** The trash: soft-deleted articles, newest deletion first, with the spans they would bring back. */
export function listDeletedArticles(db: Db): DeletedArticle[] {
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS}, a.deleted_at FROM articles a WHERE a.deleted_at IS NOT NULL ORDER BY a.deleted_at DESC, a.rowid DESC`)
    .all() as (ArticleRow & { deleted_at: string })[];
  return rows.map((row) => ({ ...toSummary(row), deletedAt: row.deleted_at }));
}

export function getDeletedArticle(db: Db, id: string): DeletedArticle | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS}, a.deleted_at FROM articles a WHERE a.id = ? AND a.deleted_at IS NOT NULL`).get(id) as
    (ArticleRow & { deleted_at: string }) | undefined;
  return row && { ...toSummary(row), deletedAt: row.deleted_at };
}

/**
 * Removes a deleted article for good: its spans and kept original go with it
 * (ON DELETE CASCADE, and the search index by trigger); a newer version that
 * pointed at it no longer does. Live articles are never touched.
 */
export function purgeDeletedArticle(db: Db, id: string): boolean {
  if (!db.prepare('SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NOT NULL').get(id)) return false;
  db.prepare('UPDATE articles SET previous_version_id = NULL WHERE previous_version_id = ?').run(id);
  return db.prepare('DELETE FROM articles WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes === 1;
}

export function isDeleted(db: Db, id: string): boolean {
  const row = db.prepare('SELECT deleted_at FROM articles WHERE id = ?').get(id) as { deleted_at: string | null } | undefined;
  return Boolean(row?.deleted_at);
}

/** Live span counts per article and label. */
export function labelCountsByArticle(db: Db): Map<string, Record<number, number>> {
  const rows = db
    .prepare(
      `SELECT n.article_id, n.label_id, count(*) AS n FROM annotations n JOIN articles a ON a.id = n.article_id
       WHERE n.deleted_at IS NULL AND a.deleted_at IS NULL GROUP BY n.article_id, n.label_id`,
    )
    .all() as { article_id: string; label_id: number; n: number }[];
  const map = new Map<string, Record<number, number>>();
  for (const row of rows) {
    let counts = map.get(row.article_id);
    if (!counts) map.set(row.article_id, (counts = {}));
    counts[row.label_id] = row.n;
  }
  return map;
}

/** Annotator names with live spans, per article. */
export function annotatorsByArticle(db: Db): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT DISTINCT n.article_id, p.name FROM annotations n JOIN annotators p ON p.id = n.annotator_id
       WHERE n.deleted_at IS NULL ORDER BY p.name`,
    )
    .all() as { article_id: string; name: string }[];
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(row.article_id, [...(map.get(row.article_id) ?? []), row.name]);
  return map;
}

export function saveOriginal(db: Db, articleId: string, mediaType: string, size: number, gzipped: Uint8Array): void {
  cached(db, 'INSERT INTO article_originals (article_id, media_type, compression, size, bytes) VALUES (?, ?, ?, ?, ?)').run(
    articleId,
    mediaType,
    'gzip',
    size,
    gzipped,
  );
}

export function getOriginal(db: Db, articleId: string): { mediaType: string; size: number; bytes: Buffer } | undefined {
  const row = db.prepare('SELECT media_type, size, bytes FROM article_originals WHERE article_id = ?').get(articleId) as
    { media_type: string; size: number; bytes: Buffer } | undefined;
  return row && { mediaType: row.media_type, size: row.size, bytes: row.bytes };
}

/**
 * Removes just-imported articles that nothing refers to yet (no span, event, review decision
 * or later version), newest first; returns the ids it had to keep.
 */
export function deleteUntouchedArticles(db: Db, ids: readonly string[]): string[] {
  const remove = cached(
    db,
    `DELETE FROM articles WHERE id = @id
       AND NOT EXISTS (SELECT 1 FROM annotations WHERE article_id = @id)
       AND NOT EXISTS (SELECT 1 FROM events WHERE article_id = @id)
       AND NOT EXISTS (SELECT 1 FROM review_decisions WHERE article_id = @id)
       AND NOT EXISTS (SELECT 1 FROM articles later WHERE later.previous_version_id = @id)`,
  );
  const kept: string[] = [];
  for (const id of [...ids].reverse()) if (remove.run({ id }).changes === 0) kept.push(id);
  return kept.reverse();
}

export function updateArticleTitle(db: Db, id: string, title: string): boolean {
  return db.prepare('UPDATE articles SET title = ? WHERE id = ?').run(title, id).changes === 1;
}

export function countArticles(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM articles WHERE deleted_at IS NULL').get() as { n: number }).n;
}

/** Ids of live articles added as first-run samples. */
export function sampleArticleIds(db: Db): Set<string> {
  const rows = db.prepare(`SELECT id FROM articles WHERE deleted_at IS NULL AND json_extract(meta, '$.origin') = 'sample'`).pluck().all() as string[];
  return new Set(rows);
}
