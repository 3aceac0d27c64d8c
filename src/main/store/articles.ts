import type { Article, ArticleSummary } from '../../shared/domain';
import type { Db } from './database';

interface ArticleRow {
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
}

interface FullArticleRow extends ArticleRow {
  text: string;
  meta: string;
}

const SUMMARY_COLUMNS = `a.id, a.external_id, a.title, a.source, a.url, a.published_at, a.language, a.sha256,
  a.imported_at, a.text_length,
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
  };
}

export function listArticles(db: Db, query?: string): ArticleSummary[] {
  const fts = query ? toFtsQuery(query) : '';
  if (fts) {
    const rows = db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
         WHERE articles_fts MATCH ? ORDER BY f.rank`,
      )
      .all(fts) as ArticleRow[];
    return rows.map(toSummary);
  }
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a ORDER BY a.imported_at, a.rowid`).all() as ArticleRow[];
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
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS}, a.text, a.meta FROM articles a WHERE a.id = ?`).get(id) as
    | FullArticleRow
    | undefined;
  if (!row) return undefined;
  return { ...toSummary(row), text: row.text, meta: JSON.parse(row.meta) as Record<string, unknown> };
}

export function getArticleSummary(db: Db, id: string): ArticleSummary | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?`).get(id) as ArticleRow | undefined;
  return row && toSummary(row);
}

export function findArticleBySha(db: Db, sha256: string): ArticleSummary | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.sha256 = ? LIMIT 1`).get(sha256) as
    | ArticleRow
    | undefined;
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
}

export function insertArticle(db: Db, a: NewArticle): void {
  db.prepare(
    `INSERT INTO articles (id, external_id, title, source, url, published_at, language, text, text_length, sha256, imported_at, meta)
     VALUES (@id, @externalId, @title, @source, @url, @publishedAt, @language, @text, @textLength, @sha256, @importedAt, @meta)`,
  ).run({ ...a, textLength: a.text.length, meta: JSON.stringify(a.meta) });
}

export function updateArticleTitle(db: Db, id: string, title: string): boolean {
  return db.prepare('UPDATE articles SET title = ? WHERE id = ?').run(title, id).changes === 1;
}

export function countArticles(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
}
