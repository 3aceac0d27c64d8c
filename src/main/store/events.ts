import type { Db } from './database';
import { cached } from './statements';
import type { AnnotationState } from './annotations';
import { UUID_SQL } from './migrations/003-review';

/** `import` records a span brought in from another analyst's file or database (its state as that file had it). */
export type EventKind = 'create' | 'update' | 'delete' | 'undo' | 'redo' | 'import';

export interface EventRow {
  seq: number;
  id: string;
  at: string;
  annotator_id: number;
  kind: EventKind;
  article_id: string;
  annotation_id: string;
  target_seq: number | null;
  target_id: string | null;
  before: string | null;
  after: string | null;
  batch: string | null;
}

export interface AnnotationEvent {
  seq: number;
  /** Globally unique: the same event has the same id on every machine. */
  id: string;
  kind: EventKind;
  annotationId: string;
  targetSeq: number | null;
  before: AnnotationState | null;
  after: AnnotationState | null;
  /** Shared by the events of one action (tag all occurrences): undone and redone together. */
  batch?: string | null;
}

export function appendEvent(
  db: Db,
  e: {
    /** Given when the event comes from elsewhere (replaying another log); a new UUID otherwise. */
    id?: string;
    at: string;
    annotatorId: number;
    kind: EventKind;
    articleId: string;
    annotationId: string;
    targetSeq?: number | null;
    before: AnnotationState | null;
    after: AnnotationState | null;
    batch?: string | null;
  },
): number {
  const info = cached(
    db,
    `INSERT INTO events (id, at, annotator_id, kind, article_id, annotation_id, target_seq, target_id, before, after, batch)
       VALUES (coalesce(?, ${UUID_SQL}), ?, ?, ?, ?, ?, ?, (SELECT id FROM events WHERE seq = ?), ?, ?, ?)`,
  ).run(
    e.id ?? null,
    e.at,
    e.annotatorId,
    e.kind,
    e.articleId,
    e.annotationId,
    e.targetSeq ?? null,
    e.targetSeq ?? null,
    e.before ? JSON.stringify(e.before) : null,
    e.after ? JSON.stringify(e.after) : null,
    e.batch ?? null,
  );
  return Number(info.lastInsertRowid);
}

/** One annotator's events on one article, oldest first. */
export function listEvents(db: Db, articleId: string, annotatorId: number): AnnotationEvent[] {
  const rows = cached(db, 'SELECT * FROM events WHERE article_id = ? AND annotator_id = ? ORDER BY seq').all(articleId, annotatorId) as EventRow[];
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    kind: r.kind,
    annotationId: r.annotation_id,
    targetSeq: r.target_seq,
    before: r.before ? (JSON.parse(r.before) as AnnotationState) : null,
    after: r.after ? (JSON.parse(r.after) as AnnotationState) : null,
    ...(r.batch ? { batch: r.batch } : {}),
  }));
}

/**
 * Replays the log into undo and redo stacks: a change pushes onto the undo
 * stack and clears the redo stack; an undo moves its target to the redo
 * stack; a redo moves it back.
 */
export function undoRedoStacks(events: readonly AnnotationEvent[]): { undo: AnnotationEvent[]; redo: AnnotationEvent[] } {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const undo: AnnotationEvent[] = [];
  let redo: AnnotationEvent[] = [];
  for (const e of events) {
    if (e.kind === 'undo' || e.kind === 'redo') {
      const target = e.targetSeq === null ? undefined : bySeq.get(e.targetSeq);
      if (!target) continue;
      const from = e.kind === 'undo' ? undo : redo;
      const to = e.kind === 'undo' ? redo : undo;
      const i = from.lastIndexOf(target);
      if (i >= 0) from.splice(i, 1);
      to.push(target);
    } else if (e.kind !== 'import') {
      // An import brings in another machine's work; it is nobody's step to undo here.
      undo.push(e);
      redo = [];
    }
  }
  return { undo, redo };
}

/** The kind of the newest event of one span (null when it has none). */
export function lastEventKind(db: Db, annotationId: string): EventKind | null {
  const row = db.prepare('SELECT kind FROM events WHERE annotation_id = ? ORDER BY seq DESC LIMIT 1').get(annotationId) as { kind: EventKind } | undefined;
  return row?.kind ?? null;
}
