import type { Db } from './database';
import { cached } from './statements';
import { UUID_SQL } from './migrations/003-review';

export type DecisionKind = 'accept' | 'reject' | 'comment' | 'revoke';

export interface DecisionRow {
  seq: number;
  id: string;
  at: string;
  reviewer: string;
  reviewerId: number;
  kind: DecisionKind;
  articleId: string;
  spanIds: string[];
  goldId: string | null;
  goldCreated: boolean;
  labelId: number | null;
  start: number | null;
  end: number | null;
  reason: string;
  comment: string;
  targetId: string | null;
  /** Shared by the decisions of one action (accept all unanimous): undone together. */
  batch: string | null;
}

interface RawRow extends Omit<DecisionRow, 'spanIds' | 'goldCreated' | 'reviewer'> {
  reviewer: string;
  span_ids: string;
  gold_created: number;
}

const SELECT = `SELECT d.seq, d.id, d.at, a.name AS reviewer, d.reviewer_id AS reviewerId, d.kind, d.article_id AS articleId, d.span_ids,
  d.gold_id AS goldId, d.gold_created, d.label_id AS labelId, d.start, d.end, d.reason, d.comment, d.target_id AS targetId, d.batch
  FROM review_decisions d JOIN annotators a ON a.id = d.reviewer_id`;

function toRow(r: RawRow): DecisionRow {
  const { span_ids, gold_created, ...rest } = r;
  return { ...rest, spanIds: JSON.parse(span_ids) as string[], goldCreated: gold_created === 1 };
}

export interface NewDecision {
  id?: string;
  at: string;
  reviewerId: number;
  kind: DecisionKind;
  articleId: string;
  spanIds: readonly string[];
  goldId?: string | null;
  goldCreated?: boolean;
  labelId?: number | null;
  start?: number | null;
  end?: number | null;
  reason?: string;
  comment?: string;
  targetId?: string | null;
  batch?: string | null;
}

/** Appends a decision; with an id that is already there it does nothing (applying a log twice is harmless). */
export function appendDecision(db: Db, d: NewDecision): string {
  const row = cached(
    db,
    `INSERT INTO review_decisions (id, at, reviewer_id, kind, article_id, span_ids, gold_id, gold_created, label_id, start, end, reason, comment, target_id, batch, after_event)
       VALUES (coalesce(?, ${UUID_SQL}), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM events))
       ON CONFLICT (id) DO NOTHING RETURNING id`,
  ).get(
    d.id ?? null,
    d.at,
    d.reviewerId,
    d.kind,
    d.articleId,
    JSON.stringify(d.spanIds),
    d.goldId ?? null,
    d.goldCreated ? 1 : 0,
    d.labelId ?? null,
    d.start ?? null,
    d.end ?? null,
    d.reason ?? '',
    d.comment ?? '',
    d.targetId ?? null,
    d.batch ?? null,
  ) as { id: string } | undefined;
  // Appended now (not already there): the spans' rejection mark follows (see migration 006).
  if (row) markReviewStatus(db, d);
  return row?.id ?? d.id!;
}

/** The span ids' review mark (see migration 006): rejected while a live reject stands on them. */
function markReviewStatus(db: Db, d: NewDecision): void {
  if (d.kind === 'accept' || d.kind === 'reject') {
    cached(db, `UPDATE annotations SET review_status = ? WHERE id IN (SELECT value FROM json_each(?))`).run(
      d.kind === 'reject' ? 'rejected' : null,
      JSON.stringify(d.spanIds),
    );
  } else if (d.kind === 'revoke' && d.targetId) {
    // Only a revoked reject changes a mark. Usually it leaves no decision in force; after two machines' logs
    // were merged another may still stand, so the mark is read again from the latest live decision on each span.
    cached(
      db,
      `UPDATE annotations SET review_status = (
         SELECT CASE d.kind WHEN 'reject' THEN 'rejected' END FROM review_decisions d, json_each(d.span_ids) j
         WHERE d.article_id = annotations.article_id AND j.value = annotations.id AND d.kind IN ('accept', 'reject')
           AND NOT EXISTS (SELECT 1 FROM review_decisions r WHERE r.target_id = d.id AND r.kind = 'revoke')
         ORDER BY d.seq DESC LIMIT 1)
       WHERE id IN (SELECT j.value FROM review_decisions t, json_each(t.span_ids) j WHERE t.id = ? AND t.kind = 'reject')`,
    ).run(d.targetId);
  }
}

/** Every decision, oldest first (optionally of some articles). */
export function listDecisions(db: Db, articleIds?: readonly string[]): DecisionRow[] {
  const rows = (
    articleIds
      ? cached(db, `${SELECT} WHERE d.article_id IN (SELECT value FROM json_each(?)) ORDER BY d.seq`).all(JSON.stringify(articleIds))
      : cached(db, `${SELECT} ORDER BY d.seq`).all()
  ) as RawRow[];
  return rows.map(toRow);
}

/** Decisions still in force: accepts, rejects and comments no later revoke undid. */
export function liveDecisions(rows: readonly DecisionRow[]): DecisionRow[] {
  const revoked = new Set(rows.filter((r) => r.kind === 'revoke').map((r) => r.targetId));
  return rows.filter((r) => r.kind !== 'revoke' && !revoked.has(r.id));
}
