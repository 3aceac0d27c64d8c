/** 001: articles, labels, annotators, annotations, the event log, settings, full-text search. */
export const sql = /* sql */ `
CREATE TABLE articles (
  id           TEXT PRIMARY KEY,
  external_id  TEXT,
  title        TEXT NOT NULL,
  source       TEXT,
  url          TEXT,
  published_at TEXT,
  language     TEXT,
  text         TEXT NOT NULL,
  text_length  INTEGER NOT NULL, -- in UTF-16 code units, the unit of every stored offset
  sha256       TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  meta         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta))
) STRICT;
CREATE INDEX articles_sha256 ON articles (sha256);

-- Article text is immutable: a change of text is a new article.
CREATE TRIGGER articles_text_immutable BEFORE UPDATE OF text, sha256 ON articles
BEGIN
  SELECT RAISE(ABORT, 'article text is immutable');
END;

CREATE TABLE labels (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  color       TEXT NOT NULL,
  hotkey      TEXT,
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL,
  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  attributes  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attributes))
) STRICT;
CREATE UNIQUE INDEX labels_hotkey ON labels (hotkey) WHERE hotkey IS NOT NULL AND archived = 0;

CREATE TABLE annotators (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE annotations (
  id           TEXT PRIMARY KEY,
  article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  label_id     INTEGER NOT NULL REFERENCES labels (id),
  start        INTEGER NOT NULL CHECK (start >= 0),
  end          INTEGER NOT NULL CHECK (end > start),
  quote        TEXT NOT NULL,
  annotator_id INTEGER NOT NULL REFERENCES annotators (id),
  note         TEXT NOT NULL DEFAULT '',
  confidence   TEXT CHECK (confidence IN ('low', 'medium', 'high')),
  attributes   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  status       TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
) STRICT;
CREATE INDEX annotations_article ON annotations (article_id, start) WHERE deleted_at IS NULL;
CREATE INDEX annotations_label ON annotations (label_id) WHERE deleted_at IS NULL;

-- Append-only: every change to an annotation, and every undo and redo.
CREATE TABLE events (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  annotator_id  INTEGER NOT NULL REFERENCES annotators (id),
  kind          TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete', 'undo', 'redo')),
  article_id    TEXT NOT NULL,
  annotation_id TEXT NOT NULL,
  target_seq    INTEGER REFERENCES events (seq),
  before        TEXT CHECK (before IS NULL OR json_valid(before)),
  after         TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;
CREATE INDEX events_article ON events (article_id, annotator_id, seq);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content = 'articles', content_rowid = 'rowid');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles
BEGIN
  INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title ON articles
BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
`;
