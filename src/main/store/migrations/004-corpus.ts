/**
 * 004 corpus: article metadata the analyst sets (status, tags, author, the
 * language a machine translation came from), a link from a changed version of
 * a page to the article it replaces, soft deletion of articles (undoable), the
 * original file kept compressed beside an article, and full-text search over
 * span quotes and notes.
 */
export const sql = /* sql */ `
ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN machine_translated_from TEXT;
ALTER TABLE articles ADD COLUMN status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done', 'reviewed'));
ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE articles ADD COLUMN previous_version_id TEXT REFERENCES articles (id);
ALTER TABLE articles ADD COLUMN deleted_at TEXT;
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX articles_live ON articles (imported_at) WHERE deleted_at IS NULL;

CREATE TABLE article_originals (
  article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  media_type   TEXT NOT NULL,
  compression  TEXT NOT NULL CHECK (compression IN ('gzip')),
  size         INTEGER NOT NULL,
  bytes        BLOB NOT NULL
) STRICT;

CREATE VIRTUAL TABLE annotations_fts USING fts5 (quote, note, content = 'annotations', content_rowid = 'rowid');
INSERT INTO annotations_fts (annotations_fts) VALUES ('rebuild');
CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations
BEGIN
  INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.rowid, new.quote, new.note);
END;
CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations
BEGIN
  INSERT INTO annotations_fts (annotations_fts, rowid, quote, note) VALUES ('delete', old.rowid, old.quote, old.note);
END;
CREATE TRIGGER annotations_fts_update AFTER UPDATE OF quote, note ON annotations
BEGIN
  INSERT INTO annotations_fts (annotations_fts, rowid, quote, note) VALUES ('delete', old.rowid, old.quote, old.note);
  INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.rowid, new.quote, new.note);
END;
`;
