import type { AnnotatorKind } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { ensureAnnotator } from '../store/annotators';
import * as articlesStore from '../store/articles';
import { appendEvent, type EventKind } from '../store/events';
import * as labelsStore from '../store/labels';
import { appendDecision, type DecisionKind } from '../store/review';
import { writeTransaction, type ServiceContext } from './context';

/**
 * The event log in a form another machine can apply (the later team hub):
 * articles named by the SHA-256 of their text, labels by key, annotators by
 * name, every event and decision by its global id. Applying is idempotent
 * (an id already here is skipped) and, in the same order, gives the same
 * spans and decisions on every machine: timestamps come from the events.
 */

export type PortableState = Omit<AnnotationState, 'labelId'> & { label: string };

export interface PortableEvent {
  id: string;
  at: string;
  /** Who acted. */
  actor: string;
  actorKind: AnnotatorKind;
  /** Whose layer the span is in. */
  layer: string;
  kind: EventKind;
  article: string;
  annotationId: string;
  targetId: string | null;
  before: PortableState | null;
  after: PortableState | null;
}

export interface PortableDecision {
  id: string;
  at: string;
  reviewer: string;
  kind: DecisionKind;
  article: string;
  spanIds: string[];
  goldId: string | null;
  goldCreated: boolean;
  label: string | null;
  start: number | null;
  end: number | null;
  reason: string;
  comment: string;
  targetId: string | null;
}

export interface PortableLog {
  events: PortableEvent[];
  decisions: PortableDecision[];
}

interface Row {
  id: string;
  at: string;
  actor: string;
  actor_kind: AnnotatorKind;
  layer: string | null;
  kind: EventKind;
  sha256: string;
  annotation_id: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
}

export function exportEventLog(ctx: ServiceContext): PortableLog {
  const labelKey = new Map(labelsStore.listLabels(ctx.db, true).map((l) => [l.id, l.key]));
  const portable = (json: string | null): PortableState | null => {
    if (!json) return null;
    const { labelId, ...rest } = JSON.parse(json) as AnnotationState;
    return { ...rest, label: labelKey.get(labelId) ?? `label_${labelId}` };
  };
  const rows = ctx.db
    .prepare(
      `SELECT e.id, e.at, who.name AS actor, who.kind AS actor_kind, owner.name AS layer, e.kind, ar.sha256, e.annotation_id, e.target_id, e.before, e.after
       FROM events e JOIN annotators who ON who.id = e.annotator_id JOIN articles ar ON ar.id = e.article_id
       LEFT JOIN annotations n ON n.id = e.annotation_id LEFT JOIN annotators owner ON owner.id = n.annotator_id
       ORDER BY e.seq`,
    )
    .all() as Row[];
  const events = rows.map(
    (r): PortableEvent => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      actorKind: r.actor_kind,
      layer: r.layer ?? r.actor,
      kind: r.kind,
      article: r.sha256,
      annotationId: r.annotation_id,
      targetId: r.target_id,
      before: portable(r.before),
      after: portable(r.after),
    }),
  );
  const decisions = ctx.db
    .prepare(
      `SELECT d.*, a.name AS reviewer, ar.sha256 FROM review_decisions d JOIN annotators a ON a.id = d.reviewer_id
       JOIN articles ar ON ar.id = d.article_id ORDER BY d.seq`,
    )
    .all() as (Record<string, unknown> & { label_id: number | null })[];
  return {
    events,
    decisions: decisions.map((d) => ({
      id: d.id as string,
      at: d.at as string,
      reviewer: d.reviewer as string,
      kind: d.kind as DecisionKind,
      article: d.sha256 as string,
      spanIds: JSON.parse(d.span_ids as string) as string[],
      goldId: d.gold_id as string | null,
      goldCreated: d.gold_created === 1,
      label: d.label_id === null ? null : (labelKey.get(d.label_id) ?? null),
      start: d.start as number | null,
      end: d.end as number | null,
      reason: d.reason as string,
      comment: d.comment as string,
      targetId: d.target_id as string | null,
    })),
  };
}

/** Applies a log in order; returns how many events and decisions were new here. All or nothing. */
export function applyEventLog(ctx: ServiceContext, log: PortableLog): { events: number; decisions: number } {
  return writeTransaction(ctx, () => {
    const articleId = (sha: string): string => {
      const found = articlesStore.findArticleBySha(ctx.db, sha);
      if (!found) throw new WorkbenchError('not_found', `the log names an article (SHA-256 ${sha.slice(0, 12)}…) this database does not have; import it first`);
      return found.id;
    };
    const labelId = (key: string): number => {
      const found = labelsStore.findLabelByKey(ctx.db, key);
      if (!found) throw new WorkbenchError('not_found', `the log names label “${key}”, which this database does not have`);
      return found.id;
    };
    const local = (s: PortableState | null): AnnotationState | null => {
      if (!s) return null;
      const { label, ...rest } = s;
      return { ...rest, labelId: labelId(label) };
    };
    const has = ctx.db.prepare('SELECT seq FROM events WHERE id = ?');
    let events = 0;
    for (const e of log.events) {
      if (has.get(e.id)) continue;
      const article = articleId(e.article);
      const actor = ensureAnnotator(ctx.db, e.actor, e.at, e.actorKind);
      const before = local(e.before);
      const after = local(e.after);
      const targetSeq = e.targetId ? ((has.get(e.targetId) as { seq: number } | undefined)?.seq ?? null) : null;
      const found = annotationsStore.getAnnotation(ctx.db, e.annotationId);
      if (!found && after) {
        const layer = ensureAnnotator(ctx.db, e.layer, e.at);
        annotationsStore.insertAnnotation(ctx.db, { ...after, id: e.annotationId, articleId: article, annotatorId: layer, now: e.at });
      } else if (found) {
        // A skipped undo or redo (before equals after) wrote nothing where it happened, so nothing is written here either.
        const skipped = (e.kind === 'undo' || e.kind === 'redo') && JSON.stringify(e.before) === JSON.stringify(e.after);
        if (!skipped) {
          annotationsStore.writeAnnotationState(ctx.db, e.annotationId, after ?? annotationsStore.stateOf(found.annotation), e.at, after === null);
        }
      }
      appendEvent(ctx.db, { id: e.id, at: e.at, annotatorId: actor, kind: e.kind, articleId: article, annotationId: e.annotationId, targetSeq, before, after });
      events += 1;
    }
    const hasDecision = ctx.db.prepare('SELECT 1 FROM review_decisions WHERE id = ?');
    let decisions = 0;
    for (const d of log.decisions) {
      if (hasDecision.get(d.id)) continue;
      appendDecision(ctx.db, {
        id: d.id,
        at: d.at,
        reviewerId: ensureAnnotator(ctx.db, d.reviewer, d.at),
        kind: d.kind,
        articleId: articleId(d.article),
        spanIds: d.spanIds,
        goldId: d.goldId,
        goldCreated: d.goldCreated,
        labelId: d.label === null ? null : labelId(d.label),
        start: d.start,
        end: d.end,
        reason: d.reason,
        comment: d.comment,
        targetId: d.targetId,
      });
      decisions += 1;
    }
    return { events, decisions };
  });
}
