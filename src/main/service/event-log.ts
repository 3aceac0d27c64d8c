import type { AnnotatorKind } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import {
  parseEventLog,
  serialiseEventLog,
  type EventLogApplyResult,
  type EventLogExport,
  type LogEntry,
  type PortableDecision,
  type PortableEvent,
  type PortableState,
} from '../../shared/event-log';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { ensureAnnotator, GOLD } from '../store/annotators';
import * as articlesStore from '../store/articles';
import { appendEvent, type EventKind } from '../store/events';
import * as labelsStore from '../store/labels';
import { appendDecision, type DecisionKind } from '../store/review';
import { checkPersonName, writeTransaction, type ServiceContext } from './context';
import { parse } from './validation';

/**
 * The event log for a later team hub: exported as the JSONL of
 * src/shared/event-log.ts (articles by SHA-256, labels by key, annotators by
 * name, every event and decision by its global id) and applied on another
 * machine. Applying is append-only and idempotent (an id already here is
 * skipped) and, in the same order, gives the same spans and decisions on
 * every machine: timestamps come from the entries. A bad entry is refused
 * by line and id, and nothing of the file is applied.
 */

export type { PortableDecision, PortableEvent, PortableState, LogEntry } from '../../shared/event-log';

interface EventRow {
  seq: number;
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

interface DecisionRow {
  seq: number;
  after_event: number;
  id: string;
  at: string;
  reviewer: string;
  kind: DecisionKind;
  sha256: string;
  span_ids: string;
  gold_id: string | null;
  gold_created: number;
  label_id: number | null;
  start: number | null;
  end: number | null;
  reason: string;
  comment: string;
  target_id: string | null;
  batch: string | null;
}

/** Where an export resumes: after this event and after this decision (sequence numbers of this database). */
interface Cursor {
  eventSeq: number;
  decisionSeq: number;
}

/**
 * `since`: the id of the last entry of an earlier export (an event or a
 * decision). Everything written here after it follows, in one order.
 */
function cursorAfter(ctx: ServiceContext, since: string | undefined): Cursor {
  if (since === undefined) return { eventSeq: 0, decisionSeq: 0 };
  const event = ctx.db.prepare('SELECT seq FROM events WHERE id = ?').get(since) as { seq: number } | undefined;
  if (event) {
    // Decisions written after this event recorded it (or a later one) as the last event before them.
    const decision = ctx.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM review_decisions WHERE after_event < ?').get(event.seq) as { seq: number };
    return { eventSeq: event.seq, decisionSeq: decision.seq };
  }
  const decision = ctx.db.prepare('SELECT seq, after_event FROM review_decisions WHERE id = ?').get(since) as { seq: number; after_event: number } | undefined;
  if (decision) return { eventSeq: decision.after_event, decisionSeq: decision.seq };
  throw new WorkbenchError(
    'not_found',
    `no event or review decision with id ${since} in this database; --since takes the id of an entry of an earlier export`,
    {
      since,
    },
  );
}

/** Every entry after the cursor, events and decisions interleaved in the order this database wrote them. */
export function* eventLogEntries(ctx: ServiceContext, since?: string): Generator<LogEntry> {
  const cursor = cursorAfter(ctx, since);
  const labelKey = new Map(labelsStore.listLabels(ctx.db, true).map((l) => [l.id, l.key]));
  const keyOf = (id: number): string => labelKey.get(id) ?? `label_${id}`;
  const portable = (json: string | null): PortableState | null => {
    if (!json) return null;
    const { labelId, ...rest } = JSON.parse(json) as AnnotationState;
    return { label: keyOf(labelId), ...rest };
  };
  const events = ctx.db
    .prepare(
      `SELECT e.seq, e.id, e.at, who.name AS actor, who.kind AS actor_kind, owner.name AS layer, e.kind, ar.sha256, e.annotation_id, e.target_id, e.before, e.after
       FROM events e JOIN annotators who ON who.id = e.annotator_id JOIN articles ar ON ar.id = e.article_id
       LEFT JOIN annotations n ON n.id = e.annotation_id LEFT JOIN annotators owner ON owner.id = n.annotator_id
       WHERE e.seq > ? ORDER BY e.seq`,
    )
    .iterate(cursor.eventSeq) as IterableIterator<EventRow>;
  // Decisions are fewer than events: read them whole, then slot each in after the last event written before it.
  const decisions = ctx.db
    .prepare(
      `SELECT d.seq, d.after_event, d.id, d.at, a.name AS reviewer, d.kind, ar.sha256, d.span_ids, d.gold_id, d.gold_created, d.label_id,
              d.start, d.end, d.reason, d.comment, d.target_id, d.batch
       FROM review_decisions d JOIN annotators a ON a.id = d.reviewer_id JOIN articles ar ON ar.id = d.article_id
       WHERE d.seq > ? ORDER BY d.seq`,
    )
    .all(cursor.decisionSeq) as DecisionRow[];
  const toDecision = (d: DecisionRow): PortableDecision => ({
    type: 'decision',
    id: d.id,
    at: d.at,
    reviewer: d.reviewer,
    kind: d.kind,
    article: d.sha256,
    spanIds: JSON.parse(d.span_ids) as string[],
    goldId: d.gold_id,
    goldCreated: d.gold_created === 1,
    label: d.label_id === null ? null : keyOf(d.label_id),
    start: d.start,
    end: d.end,
    reason: d.reason,
    comment: d.comment,
    targetId: d.target_id,
    batch: d.batch,
  });
  let next = 0;
  for (const r of events) {
    while (next < decisions.length && decisions[next]!.after_event < r.seq) yield toDecision(decisions[next++]!);
    const event: PortableEvent = {
      type: 'event',
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
    };
    yield event;
  }
  while (next < decisions.length) yield toDecision(decisions[next++]!);
}

export function exportEventLog(ctx: ServiceContext, input: MethodInput<'exportEventLog'>): EventLogExport {
  const v = parse('exportEventLog', input);
  const entries = [...eventLogEntries(ctx, v.since)];
  return {
    content: serialiseEventLog(entries),
    events: entries.filter((e) => e.type === 'event').length,
    decisions: entries.filter((e) => e.type === 'decision').length,
    last: entries.at(-1)?.id ?? null,
  };
}

export function applyEventLog(ctx: ServiceContext, input: MethodInput<'applyEventLog'>): EventLogApplyResult {
  const v = parse('applyEventLog', input);
  const file = v.fileName ?? 'the event log';
  const parsed = parseEventLog(v.content);
  if ('problem' in parsed) {
    const p = parsed.problem;
    throw new WorkbenchError('invalid_input', `${file}, line ${p.line}${p.id ? ` (entry ${p.id})` : ''}: ${p.message}; nothing was applied`, {
      line: p.line,
      id: p.id,
    });
  }
  return applyEntries(ctx, parsed.entries, (i, message) => {
    const e = parsed.entries[i]!;
    return new WorkbenchError('invalid_input', `${file}, line ${parsed.lines[i]} (${e.type} ${e.id}): ${message}; nothing was applied`, {
      line: parsed.lines[i],
      id: e.id,
    });
  });
}

/**
 * Applies entries in order, in one transaction: all or nothing. `bad(i,
 * message)` makes the error for entry i (a log this database cannot take:
 * an unknown article or label, a span outside its text, a span in another
 * layer, an undo of an event not here).
 */
export function applyEntries(
  ctx: ServiceContext,
  entries: readonly LogEntry[],
  bad: (index: number, message: string) => WorkbenchError = (i, message) =>
    new WorkbenchError('invalid_input', `entry ${i + 1} (${entries[i]!.type} ${entries[i]!.id}): ${message}; nothing was applied`),
): EventLogApplyResult {
  return writeTransaction(ctx, () => {
    let current = 0;
    const fail = (message: string): never => {
      throw bad(current, message);
    };
    const articles = new Map<string, { id: string; text: string }>();
    const articleOf = (sha: string): { id: string; text: string } => {
      let found = articles.get(sha);
      if (!found) {
        const summary = articlesStore.findArticleBySha(ctx.db, sha);
        if (!summary) return fail(`names an article (SHA-256 ${sha.slice(0, 12)}…) this database does not have; import it first`);
        found = { id: summary.id, text: articlesStore.getArticle(ctx.db, summary.id)!.text };
        articles.set(sha, found);
      }
      return found;
    };
    const labels = new Map<string, number>();
    const labelId = (key: string): number => {
      let id = labels.get(key);
      if (id === undefined) {
        const found = labelsStore.findLabelByKey(ctx.db, key);
        if (!found) return fail(`names label “${key}”, which this database does not have; create it first`);
        id = found.id;
        labels.set(key, id);
      }
      return id;
    };
    const person = (name: string): string => {
      if (name === GOLD) return name;
      try {
        return checkPersonName(name);
      } catch (error) {
        return fail((error as Error).message);
      }
    };
    const local = (s: PortableState | null, text: string): AnnotationState | null => {
      if (!s) return null;
      if (s.end <= s.start || s.end > text.length) fail(`span ${s.start}-${s.end} lies outside its article (length ${text.length})`);
      if (text.slice(s.start, s.end) !== s.quote) fail(`the quote of span ${s.start}-${s.end} is not the article's text there`);
      // Stored in the key order of the source, so the event's JSON is the same text on every machine.
      return {
        labelId: labelId(s.label),
        start: s.start,
        end: s.end,
        quote: s.quote,
        note: s.note,
        confidence: s.confidence,
        attributes: s.attributes,
        status: s.status,
      } as AnnotationState;
    };
    const eventSeq = ctx.db.prepare('SELECT seq FROM events WHERE id = ?');
    const hasDecision = ctx.db.prepare('SELECT 1 FROM review_decisions WHERE id = ?');
    const result: EventLogApplyResult = { events: 0, decisions: 0, alreadyHere: 0 };
    for (; current < entries.length; current++) {
      const entry = entries[current]!;
      if (entry.type === 'event') {
        if (eventSeq.get(entry.id)) {
          result.alreadyHere += 1;
          continue;
        }
        applyEvent(ctx, entry, { articleOf, local, person, fail, eventSeq });
        result.events += 1;
      } else {
        if (hasDecision.get(entry.id)) {
          result.alreadyHere += 1;
          continue;
        }
        const d = entry;
        appendDecision(ctx.db, {
          id: d.id,
          at: d.at,
          reviewerId: ensureAnnotator(ctx.db, person(d.reviewer), d.at),
          kind: d.kind,
          articleId: articleOf(d.article).id,
          spanIds: d.spanIds,
          goldId: d.goldId,
          goldCreated: d.goldCreated,
          labelId: d.label === null ? null : labelId(d.label),
          start: d.start,
          end: d.end,
          reason: d.reason,
          comment: d.comment,
          targetId: d.targetId,
          batch: d.batch,
        });
        result.decisions += 1;
      }
    }
    return result;
  });
}

function applyEvent(
  ctx: ServiceContext,
  e: PortableEvent,
  h: {
    articleOf: (sha: string) => { id: string; text: string };
    local: (s: PortableState | null, text: string) => AnnotationState | null;
    person: (name: string) => string;
    fail: (message: string) => never;
    eventSeq: { get(id: string): unknown };
  },
): void {
  const article = h.articleOf(e.article);
  const actor = ensureAnnotator(ctx.db, h.person(e.actor), e.at, e.actorKind);
  const before = h.local(e.before, article.text);
  const after = h.local(e.after, article.text);
  let targetSeq: number | null = null;
  if (e.targetId !== null) {
    const target = h.eventSeq.get(e.targetId) as { seq: number } | undefined;
    if (!target) h.fail(`${e.kind === 'redo' ? 'redoes' : 'undoes'} event ${e.targetId}, which this database does not have; apply the earlier log first`);
    targetSeq = target!.seq;
  }
  const layer = h.person(e.layer);
  const found = annotationsStore.getAnnotation(ctx.db, e.annotationId);
  if (found) {
    if (found.annotation.annotator !== layer) {
      h.fail(
        `changes span ${e.annotationId} as ${layer}'s, but here it is in ${found.annotation.annotator}'s layer; nobody's layer is changed by another's log`,
      );
    }
    if (found.annotation.articleId !== article.id) h.fail(`names span ${e.annotationId} in another article than the one it is in here`);
    // A skipped undo or redo (before equals after) wrote nothing where it happened, so nothing is written here either.
    const skipped = (e.kind === 'undo' || e.kind === 'redo') && JSON.stringify(e.before) === JSON.stringify(e.after);
    if (!skipped) {
      annotationsStore.writeAnnotationState(ctx.db, e.annotationId, after ?? annotationsStore.stateOf(found.annotation), e.at, after === null);
    }
  } else if (after) {
    const layerId = ensureAnnotator(ctx.db, layer, e.at);
    annotationsStore.insertAnnotation(ctx.db, { ...after, id: e.annotationId, articleId: article.id, annotatorId: layerId, now: e.at });
  }
  appendEvent(ctx.db, { id: e.id, at: e.at, annotatorId: actor, kind: e.kind, articleId: article.id, annotationId: e.annotationId, targetSeq, before, after });
}
