import { randomUUID } from 'node:crypto';
import type {
  AcceptUnanimousResult,
  Annotation,
  Article,
  Label,
  ReviewDecisionInfo,
  ReviewDecisionResult,
  ReviewItem,
  ReviewQueue,
  UndoResult,
} from '../../shared/domain';
import { GOLD_ANNOTATOR } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { compactAttributes } from '../../shared/attributes';
import { groupSpans, sameAttributes, type SpanGroup } from '../../shared/review/disagreements';
import { mergedConfidence, mergedNote } from '../../shared/review/gold-details';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState, ReviewSpan } from '../store/annotations';
import { ensureAnnotator } from '../store/annotators';
import * as articlesStore from '../store/articles';
import { appendEvent } from '../store/events';
import * as labelsStore from '../store/labels';
import { appendDecision, listDecisions, liveDecisions, type DecisionRow } from '../store/review';
import { applyChange, requireLiveAnnotation } from './annotations';
import { requireArticle, requireArticleExists } from './articles';
import { annotatorId, annotatorName, writeTransaction, type ServiceContext } from './context';
import { same } from './undo';
import { requireLabel } from './labels';
import { checkAttributes, checkRange, parse, shortQuote } from './validation';

/**
 * Review: every layer's spans grouped into items (same text, same label),
 * each decided into the gold layer by a person. Decisions are an append-only
 * log (accept, reject, comment, revoke), each naming its reviewer and time;
 * an accept writes the gold span through the same event log as any edit.
 */

/** Every person's and model's layer (not gold), grouped into review items. */
function groupsOf(ctx: ServiceContext, articleId?: string): SpanGroup<ReviewSpan>[] {
  return groupSpans(annotationsStore.listReviewSpans(ctx.db, articleId));
}

/** The live accept or reject decision on each span id, and the live comments. */
function decisionIndex(rows: readonly DecisionRow[]): { bySpan: Map<string, DecisionRow>; comments: Map<string, DecisionRow[]> } {
  const bySpan = new Map<string, DecisionRow>();
  const comments = new Map<string, DecisionRow[]>();
  for (const d of liveDecisions(rows)) {
    for (const spanId of d.spanIds) {
      if (d.kind === 'comment') comments.set(spanId, [...(comments.get(spanId) ?? []), d]);
      else bySpan.set(spanId, d);
    }
  }
  return { bySpan, comments };
}

function toInfo(d: DecisionRow): ReviewDecisionInfo {
  return {
    id: d.id,
    kind: d.kind as 'accept' | 'reject',
    reviewer: d.reviewer,
    at: d.at,
    reason: d.reason,
    comment: d.comment,
    goldId: d.goldId,
    labelId: d.labelId,
    start: d.start,
    end: d.end,
  };
}

function toItem(group: SpanGroup<ReviewSpan>, title: string, index: ReturnType<typeof decisionIndex>): ReviewItem {
  const decided = group.spans.map((s) => index.bySpan.get(s.id)).filter((d): d is DecisionRow => d !== undefined);
  const latest = decided.sort((a, b) => b.seq - a.seq)[0];
  const comments = new Map<string, DecisionRow>();
  for (const s of group.spans) for (const c of index.comments.get(s.id) ?? []) comments.set(c.id, c);
  return {
    key: group.key,
    articleId: group.articleId,
    articleTitle: title,
    start: group.start,
    end: group.end,
    quote: group.spans[0]!.quote,
    labelId: group.labelId,
    spans: group.spans.map((s) => ({ id: s.id, annotator: s.annotator, attributes: s.attributes, note: s.note, confidence: s.confidence })),
    annotators: group.annotators,
    missing: group.missing,
    kinds: group.kinds,
    unanimous: group.unanimous,
    decision: latest ? toInfo(latest) : null,
    comments: [...comments.values()].sort((a, b) => a.seq - b.seq).map((c) => ({ id: c.id, reviewer: c.reviewer, at: c.at, comment: c.comment })),
  };
}

export function reviewQueue(ctx: ServiceContext, input: MethodInput<'reviewQueue'>): ReviewQueue {
  const v = parse('reviewQueue', input);
  if (v.articleId) requireArticleExists(ctx, v.articleId);
  const articleIds = v.articleId ? [v.articleId] : undefined;
  const groups = groupsOf(ctx, v.articleId);
  const index = decisionIndex(listDecisions(ctx.db, articleIds));
  const titles = articlesStore.articleTitles(ctx.db, [...new Set(groups.map((g) => g.articleId))]);
  const title = (id: string): string => titles.get(id) ?? id;
  const matching = groups
    .filter((g) => v.labelId === undefined || g.labelId === v.labelId)
    .filter((g) => v.annotator === undefined || g.annotators.includes(v.annotator) || g.missing.includes(v.annotator))
    .filter((g) => v.kind === undefined || (v.kind === 'unanimous' ? g.unanimous : g.kinds.includes(v.kind)))
    .map((g) => toItem(g, title(g.articleId), index));
  const decided = matching.filter((i) => i.decision !== null).length;
  const status = v.status ?? 'all';
  const items = status === 'all' ? matching : matching.filter((i) => (status === 'decided') === (i.decision !== null));
  return { items, total: matching.length, decided, annotators: [...new Set(groups.flatMap((g) => [...g.annotators, ...g.missing]))].sort() };
}

export function reviewDecide(ctx: ServiceContext, input: MethodInput<'reviewDecide'>): ReviewDecisionResult {
  const v = parse('reviewDecide', input);
  return writeTransaction(ctx, () => decide(ctx, v));
}

type DecideInput = ReturnType<typeof parse<'reviewDecide'>>;

/**
 * What many decisions in one transaction share (accept all unanimous): the
 * article text, the decisions in force and the gold spans, read once per
 * article instead of once per decision.
 */
interface DecideCache {
  /** The decisions made through this cache share it (undone as one step). */
  batch: string;
  labels: Map<number, Label>;
  articles: Map<string, { article: Article; index: ReturnType<typeof decisionIndex>; gold: Map<string, Annotation> }>;
}

const goldKey = (start: number, end: number, labelId: number): string => `${start}:${end}:${labelId}`;

function articleState(ctx: ServiceContext, articleId: string, cache: DecideCache | undefined) {
  const cached = cache?.articles.get(articleId);
  if (cached) return cached;
  const state = {
    article: requireArticle(ctx, articleId),
    index: decisionIndex(listDecisions(ctx.db, [articleId])),
    gold: new Map(
      annotationsStore.listSpansByLayer(ctx.db, { annotators: [GOLD_ANNOTATOR], articleIds: [articleId] }).map((g) => [goldKey(g.start, g.end, g.labelId), g]),
    ),
  };
  cache?.articles.set(articleId, state);
  return state;
}

/** What a decision needs of each span decided on. */
type DecidedSpan = Pick<Annotation, 'id' | 'articleId' | 'annotator' | 'labelId' | 'start' | 'end' | 'attributes' | 'note' | 'confidence'>;

/** Each annotator's attributes, for a message: `ana: value 40; bob: value 45`. */
const describeAttributes = (spans: readonly DecidedSpan[]): string =>
  spans
    .map((s) => {
      const entries = Object.entries(s.attributes);
      return `${s.annotator}: ${entries.length ? entries.map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(', ') : 'none'}`;
    })
    .join('; ');

/** `known`: the spans, when the caller has just read them (accept all unanimous); otherwise they are read by id. */
function decide(ctx: ServiceContext, v: DecideInput, cache?: DecideCache, known?: readonly DecidedSpan[]): ReviewDecisionResult {
  const spans: readonly DecidedSpan[] = known ?? [...new Set(v.spanIds)].map((id) => requireLiveAnnotation(ctx, id));
  const first = spans[0]!;
  if (spans.some((s) => s.articleId !== first.articleId)) {
    throw new WorkbenchError('invalid_input', 'the spans of one decision must all be in one article', { spanIds: v.spanIds });
  }
  if (spans.some((s) => s.annotator === GOLD_ANNOTATOR)) {
    throw new WorkbenchError('invalid_input', 'gold spans are the outcome of review, not something to decide on; edit them directly');
  }
  const reviewer = annotatorId(ctx);
  const now = ctx.now();
  const spanIds = spans.map((s) => s.id);
  if (v.action === 'comment') {
    const id = appendDecision(ctx.db, {
      id: randomUUID(),
      at: now,
      reviewerId: reviewer,
      kind: 'comment',
      articleId: first.articleId,
      spanIds,
      comment: v.comment!.trim(),
    });
    return { decision: { id, kind: 'comment', reviewer: annotatorName(ctx), at: now }, gold: null };
  }
  // A new decision replaces the one in force on these spans (undoing its gold span, if it made one).
  const state = articleState(ctx, first.articleId, cache);
  const previous = new Map(
    spanIds
      .map((id) => state.index.bySpan.get(id))
      .filter((d): d is DecisionRow => d !== undefined)
      .map((d) => [d.id, d]),
  );
  for (const d of previous.values()) revoke(ctx, d, reviewer, now);
  if (previous.size && cache) cache.articles.delete(first.articleId); // gold spans may have gone

  if (v.action === 'reject') {
    const id = appendDecision(ctx.db, {
      id: randomUUID(),
      at: now,
      reviewerId: reviewer,
      kind: 'reject',
      articleId: first.articleId,
      spanIds,
      reason: v.reason?.trim() ?? '',
      comment: v.comment?.trim() ?? '',
    });
    return { decision: { id, kind: 'reject', reviewer: annotatorName(ctx), at: now }, gold: null };
  }

  const { article } = state;
  const labelId = v.labelId ?? first.labelId;
  let label = cache?.labels.get(labelId);
  if (!label) {
    label = requireLabel(ctx, labelId);
    cache?.labels.set(labelId, label);
  }
  if (label.archived) throw new WorkbenchError('conflict', `label “${label.name}” is archived; restore it to accept with it`);
  const start = v.start ?? first.start;
  const end = v.end ?? first.end;
  checkRange(article.text, start, end);
  if (v.attributes === undefined && spans.some((s) => !sameAttributes(s.attributes, first.attributes))) {
    // Taking one side's values would drop the other's without anyone choosing: the reviewer says which.
    throw new WorkbenchError(
      'conflict',
      `not accepted: the annotators disagree on the attributes of “${shortQuote(article.text.slice(first.start, first.end))}” (${describeAttributes(spans)}); choose the values to accept in the decision’s details`,
      { spanIds },
    );
  }
  const attributes = v.attributes !== undefined ? compactAttributes(v.attributes) : first.attributes;
  if (v.attributes !== undefined || label.id !== first.labelId) checkAttributes(label, attributes, null);
  const note = v.note !== undefined ? v.note.trim() : mergedNote(spans);
  const confidence = v.confidence !== undefined ? v.confidence : mergedConfidence(spans);
  const goldState: AnnotationState = {
    labelId: label.id,
    start,
    end,
    quote: article.text.slice(start, end),
    note,
    confidence,
    attributes,
    status: 'accepted',
  };
  const goldLayer = ensureAnnotator(ctx.db, GOLD_ANNOTATOR, now);
  const existing = previous.size
    ? annotationsStore
        .listSpansByLayer(ctx.db, { annotators: [GOLD_ANNOTATOR], articleIds: [article.id] })
        .find((s) => s.start === start && s.end === end && s.labelId === label.id)
    : state.gold.get(goldKey(start, end, label.id));
  let gold: Annotation;
  let goldCreated = false;
  if (existing) {
    // Gold already holds this span: only what the reviewer gave explicitly changes it.
    const before = annotationsStore.stateOf(existing);
    const after: AnnotationState = {
      ...before,
      ...(v.attributes !== undefined ? { attributes } : {}),
      ...(v.note !== undefined ? { note } : {}),
      ...(v.confidence !== undefined ? { confidence } : {}),
    };
    gold = same(before, after) ? existing : applyChange(ctx, article.id, existing.id, 'update', before, after);
  } else {
    const goldId = randomUUID();
    annotationsStore.insertAnnotation(ctx.db, { ...goldState, id: goldId, articleId: article.id, annotatorId: goldLayer, now });
    appendEvent(ctx.db, { at: now, annotatorId: reviewer, kind: 'create', articleId: article.id, annotationId: goldId, before: null, after: goldState });
    gold = { ...goldState, id: goldId, articleId: article.id, annotator: GOLD_ANNOTATOR, createdAt: now, updatedAt: now };
    goldCreated = true;
    cache?.articles.get(article.id)?.gold.set(goldKey(start, end, label.id), gold);
  }
  const id = appendDecision(ctx.db, {
    id: randomUUID(),
    at: now,
    reviewerId: reviewer,
    kind: 'accept',
    articleId: article.id,
    spanIds,
    batch: cache?.batch ?? null,
    goldId: gold.id,
    goldCreated,
    labelId: label.id,
    start,
    end,
    comment: v.comment?.trim() ?? '',
  });
  return { decision: { id, kind: 'accept', reviewer: annotatorName(ctx), at: now }, gold };
}

/** Appends a revoke of `d`; an accept that made its gold span takes the span away again (if nobody else's decision stands on it). */
function revoke(ctx: ServiceContext, d: DecisionRow, reviewer: number, now: string): void {
  revokeAll(ctx, [d], reviewer, now, null);
}

/** Revokes several decisions of one article at once (an undone batch), reading the decisions in force once. */
function revokeAll(ctx: ServiceContext, decisions: readonly DecisionRow[], reviewer: number, now: string, batch: string | null): void {
  for (const d of decisions) {
    appendDecision(ctx.db, {
      id: randomUUID(),
      at: now,
      reviewerId: reviewer,
      kind: 'revoke',
      articleId: d.articleId,
      spanIds: d.spanIds,
      targetId: d.id,
      batch,
    });
  }
  const made = decisions.filter((d) => d.kind === 'accept' && d.goldCreated && d.goldId);
  if (made.length === 0) return;
  const articles = [...new Set(made.map((d) => d.articleId))];
  const stillUsed = new Set(liveDecisions(listDecisions(ctx.db, articles)).map((o) => o.goldId));
  for (const d of made) {
    if (stillUsed.has(d.goldId)) continue;
    const found = annotationsStore.getAnnotation(ctx.db, d.goldId!);
    if (!found || found.deletedAt) continue;
    applyChange(ctx, d.articleId, d.goldId!, 'delete', annotationsStore.stateOf(found.annotation), null);
  }
}

/** Undoes this reviewer's latest decision still in force (in one article, when given). */
export function reviewUndo(ctx: ServiceContext, input: MethodInput<'reviewUndo'>): UndoResult {
  const { articleId } = parse('reviewUndo', input);
  return writeTransaction(ctx, () => {
    const me = annotatorName(ctx);
    const live = liveDecisions(listDecisions(ctx.db, articleId ? [articleId] : undefined)).filter((d) => d.reviewer === me);
    const last = live.at(-1);
    if (!last) return { done: false, description: 'No review decision to undo', annotation: null, annotationId: null };
    if (last.batch) {
      // One action decided many items (accept all unanimous): it is undone as one step.
      const batch = live.filter((d) => d.batch === last.batch);
      revokeAll(ctx, batch, annotatorId(ctx), ctx.now(), randomUUID());
      return {
        done: true,
        description: `Undid accepting ${batch.length} unanimous item${batch.length === 1 ? '' : 's'}`,
        annotation: null,
        annotationId: last.spanIds[0] ?? null,
      };
    }
    revoke(ctx, last, annotatorId(ctx), ctx.now());
    const span = annotationsStore.getAnnotation(ctx.db, last.spanIds[0]!);
    const label = span ? labelsStore.getLabel(ctx.db, span.annotation.labelId)?.name : undefined;
    const what = span ? `${label ?? 'span'} “${shortQuote(span.annotation.quote)}”` : 'span';
    return {
      done: true,
      description: `Undid ${last.kind} of ${what}`,
      annotation: span && !span.deletedAt ? span.annotation : null,
      annotationId: last.spanIds[0] ?? null,
    };
  });
}

/** Accepts every open unanimous item (same span, same label and attributes from every annotator of the article). */
export function acceptUnanimous(ctx: ServiceContext, input: MethodInput<'acceptUnanimous'>): AcceptUnanimousResult {
  const v = parse('acceptUnanimous', input);
  return writeTransaction(ctx, () => {
    const open = reviewQueue(ctx, { ...(v.articleId ? { articleId: v.articleId } : {}), kind: 'unanimous', status: 'open' }).items;
    if (v.dryRun) return { count: open.length, accepted: 0, dryRun: true };
    const cache: DecideCache = { batch: randomUUID(), labels: new Map(), articles: new Map() };
    for (const item of open) {
      // The queue has just read these spans inside this transaction: the decision need not read them again.
      const spans = item.spans.map((s) => ({
        id: s.id,
        annotator: s.annotator,
        attributes: s.attributes,
        note: s.note,
        confidence: s.confidence,
        articleId: item.articleId,
        labelId: item.labelId,
        start: item.start,
        end: item.end,
      }));
      decide(ctx, { spanIds: spans.map((s) => s.id), action: 'accept' } as DecideInput, cache, spans);
    }
    return { count: open.length, accepted: open.length, dryRun: false };
  });
}
