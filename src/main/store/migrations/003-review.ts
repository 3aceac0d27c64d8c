/**
 * 003: layers and review.
 * - annotators gain a kind: 'person', 'gold' (the adjudicated layer, one reserved annotator named gold) or 'model'.
 * - events gain a globally unique id (and undo/redo name their target by that id), so logs from several
 *   machines can be merged: applying an event is idempotent by id.
 * - review_decisions: an append-only log of review decisions (accept, reject, comment, and revocations
 *   that undo an earlier decision), each with a global id, its reviewer and time.
 */
/** A random (version 4) UUID, computed by SQLite. */
export const UUID_SQL = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

export const sql = /* sql */ `
ALTER TABLE annotators ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'gold', 'model'));
UPDATE annotators SET kind = 'gold' WHERE name = 'gold';
CREATE UNIQUE INDEX annotators_one_gold ON annotators (kind) WHERE kind = 'gold';

CREATE INDEX annotations_layer ON annotations (annotator_id, article_id) WHERE deleted_at IS NULL;

DROP TRIGGER events_append_only_update;
DROP TRIGGER events_append_only_delete;
DROP INDEX events_article;
ALTER TABLE events RENAME TO events_001;
CREATE TABLE events (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  at            TEXT NOT NULL,
  annotator_id  INTEGER NOT NULL REFERENCES annotators (id),
  kind          TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete', 'undo', 'redo', 'import')),
  article_id    TEXT NOT NULL,
  annotation_id TEXT NOT NULL,
  target_seq    INTEGER REFERENCES events (seq),
  target_id     TEXT,
  before        TEXT CHECK (before IS NULL OR json_valid(before)),
  after         TEXT CHECK (after IS NULL OR json_valid(after)),
  -- From 002: the events of one action (tag all occurrences) share it, undone together.
  batch         TEXT
) STRICT;
INSERT INTO events (seq, id, at, annotator_id, kind, article_id, annotation_id, target_seq, target_id, before, after, batch)
  SELECT seq, ${UUID_SQL}, at, annotator_id, kind, article_id, annotation_id, target_seq, NULL, before, after, batch FROM events_001;
UPDATE events SET target_id = (SELECT t.id FROM events t WHERE t.seq = events.target_seq) WHERE target_seq IS NOT NULL;
DROP TABLE events_001;
CREATE INDEX events_article ON events (article_id, annotator_id, seq);
CREATE INDEX events_annotation ON events (annotation_id, seq);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TABLE review_decisions (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,
  at               TEXT NOT NULL,
  reviewer_id      INTEGER NOT NULL REFERENCES annotators (id),
  kind             TEXT NOT NULL CHECK (kind IN ('accept', 'reject', 'comment', 'revoke')),
  article_id       TEXT NOT NULL,
  -- The spans decided on (JSON array of annotation ids, every layer's span of one review item).
  span_ids         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(span_ids)),
  gold_id          TEXT,
  label_id         INTEGER REFERENCES labels (id),
  start            INTEGER,
  end              INTEGER,
  reason           TEXT NOT NULL DEFAULT '',
  comment          TEXT NOT NULL DEFAULT '',
  -- 1 when this decision created the gold span (undoing it removes the span again).
  gold_created     INTEGER NOT NULL DEFAULT 0 CHECK (gold_created IN (0, 1)),
  -- For a revoke: the decision it undoes.
  target_id        TEXT
) STRICT;
CREATE INDEX review_decisions_article ON review_decisions (article_id, seq);
CREATE TRIGGER review_decisions_append_only_update BEFORE UPDATE ON review_decisions
BEGIN
  SELECT RAISE(ABORT, 'review decisions are append-only');
END;
CREATE TRIGGER review_decisions_append_only_delete BEFORE DELETE ON review_decisions
BEGIN
  SELECT RAISE(ABORT, 'review decisions are append-only');
END;
`;
