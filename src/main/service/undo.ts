import { validateAttributes } from '../../shared/attributes';
import type { UndoResult } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { appendEvent, listEvents, undoRedoStacks, type AnnotationEvent } from '../store/events';
import * as labelsStore from '../store/labels';
import { requireArticleExists } from './articles';
import { annotatorId, writeTransaction, type ServiceContext } from './context';
import { notFound, parse, shortQuote } from './validation';

export function undo(ctx: ServiceContext, input: MethodInput<'undo'>): UndoResult {
  const { articleId } = parse('undo', input);
  return writeTransaction(ctx, () => undoOrRedo(ctx, articleId, 'undo'));
}

export function redo(ctx: ServiceContext, input: MethodInput<'redo'>): UndoResult {
  const { articleId } = parse('redo', input);
  return writeTransaction(ctx, () => undoOrRedo(ctx, articleId, 'redo'));
}

function undoOrRedo(ctx: ServiceContext, articleId: string, kind: 'undo' | 'redo'): UndoResult {
  requireArticleExists(ctx, articleId);
  const author = annotatorId(ctx);
  // Gold spans written by review decisions are undone through review (reviewUndo), which also revokes the decision.
  const reviewed = new Set(
    (ctx.db.prepare('SELECT gold_id FROM review_decisions WHERE article_id = ? AND gold_id IS NOT NULL').all(articleId) as { gold_id: string }[]).map(
      (r) => r.gold_id,
    ),
  );
  const events = listEvents(ctx.db, articleId, author);
  const stacks = undoRedoStacks(reviewed.size ? events.filter((e) => !reviewed.has(e.annotationId)) : events);
  const stack = kind === 'undo' ? stacks.undo : stacks.redo;
  const target: AnnotationEvent | undefined = stack.at(-1);
  if (!target) {
    return { done: false, description: kind === 'undo' ? 'Nothing to undo' : 'Nothing to redo', annotation: null, annotationId: null };
  }
  if (!target.batch) return undoOne(ctx, articleId, author, target, kind).result;
  // One action changed several spans (tag all occurrences): they go back together.
  const group: AnnotationEvent[] = [];
  for (let i = stack.length - 1; i >= 0 && stack[i]!.batch === target.batch; i--) group.push(stack[i]!);
  const outcomes = group.map((event) => undoOne(ctx, articleId, author, event, kind));
  const skipped = outcomes.filter((o) => o.skipped).length;
  const first = outcomes[0]!.result;
  const verb = kind === 'undo' ? 'Undid' : 'Redid';
  return {
    done: true,
    description:
      `${verb} ${outcomes.length - skipped} of ${outcomes.length} changes made together (${outcomes[0]!.what})` +
      (skipped ? `; skipped ${skipped} changed since, nothing was overwritten` : ''),
    annotation: first.annotation,
    annotationId: first.annotationId,
    changes: outcomes.map((o) => ({ annotationId: o.result.annotationId!, annotation: o.result.annotation })),
  };
}

function undoOne(
  ctx: ServiceContext,
  articleId: string,
  author: number,
  target: AnnotationEvent,
  kind: 'undo' | 'redo',
): { result: UndoResult; skipped: boolean; what: string } {
  const found = annotationsStore.getAnnotation(ctx.db, target.annotationId);
  if (!found) throw notFound('annotation', target.annotationId);
  const currentState = found.deletedAt ? null : annotationsStore.stateOf(found.annotation);
  // `from` is the state the event left behind, `to` the one undo (or redo) goes back to.
  const from = kind === 'undo' ? target.after : target.before;
  const to = kind === 'undo' ? target.before : target.after;
  const plan = planUndo(currentState, from, to);
  if (plan.next && currentState && plan.next.labelId !== currentState.labelId && !plan.conflicts.length) {
    // Going back to another label: attributes set since that the label does not define are someone's work.
    const label = labelsStore.getLabel(ctx.db, plan.next.labelId);
    const foreign = Object.entries(plan.next.attributes).filter(
      ([key, value]) => !same(to?.attributes[key], value) && validateAttributes(label?.attributes ?? [], { [key]: value }).length > 0,
    );
    plan.conflicts.push(...foreign.map(([key]) => `attribute ${key}`));
  }
  const nextState = plan.conflicts.length ? currentState : plan.next;
  const now = ctx.now();
  if (!plan.conflicts.length) {
    if (nextState) annotationsStore.writeAnnotationState(ctx.db, target.annotationId, nextState, now, false);
    else if (currentState) annotationsStore.writeAnnotationState(ctx.db, target.annotationId, currentState, now, true);
  }
  // Recorded even when skipped, so the history moves past a change that can no longer be undone.
  appendEvent(ctx.db, {
    at: now,
    annotatorId: author,
    kind,
    articleId,
    annotationId: target.annotationId,
    targetSeq: target.seq,
    before: currentState,
    after: nextState,
    batch: target.batch ?? null,
  });
  const shown = nextState ?? target.before ?? target.after;
  const labelName = shown ? (labelsStore.getLabel(ctx.db, shown.labelId)?.name ?? 'span') : 'span';
  const verb = { create: 'tag', update: 'edit', delete: 'delete', undo: 'undo', redo: 'redo', import: 'import' }[target.kind];
  const after = annotationsStore.getAnnotation(ctx.db, target.annotationId)!;
  const what = `${verb} ${labelName} “${shortQuote(shown?.quote ?? '')}”`;
  return {
    skipped: plan.conflicts.length > 0,
    what,
    result: {
      done: true,
      description: plan.conflicts.length
        ? `Skipped ${kind} of ${what}: it was changed since (${plan.conflicts.join(', ')}); nothing was overwritten`
        : `${kind === 'undo' ? 'Undid' : 'Redid'} ${what}`,
      annotation: after.deletedAt ? null : after.annotation,
      annotationId: target.annotationId,
    },
  };
}

const FIELD_GROUPS: { name: string; keys: (keyof AnnotationState)[] }[] = [
  { name: 'label', keys: ['labelId'] },
  { name: 'boundaries', keys: ['start', 'end', 'quote'] },
  { name: 'note', keys: ['note'] },
  { name: 'confidence', keys: ['confidence'] },
  { name: 'status', keys: ['status'] },
];

/** Structural equality that ignores the order of object keys (attributes are sets of key/value pairs). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && same(left[key], right[key]));
}

/**
 * What undoing (or redoing) one event does to a span as it is now. Only the
 * fields that event changed are put back, so later changes to other fields,
 * by anyone, survive; if a field the event changed has been changed again
 * since, nothing is written and the conflicting fields are named.
 */
export function planUndo(
  current: AnnotationState | null,
  from: AnnotationState | null,
  to: AnnotationState | null,
): { next: AnnotationState | null; conflicts: string[] } {
  if (from === null) {
    // Bringing back a span the event removed; if it is there already, someone else brought it back.
    return current ? { next: current, conflicts: ['the span exists again'] } : { next: to, conflicts: [] };
  }
  if (current === null) return { next: null, conflicts: to === null ? [] : ['deleted'] };
  if (to === null) {
    // Removing a span the event created: only if nobody changed it since.
    const changed = FIELD_GROUPS.filter((g) => g.keys.some((k) => !same(current[k], from[k]))).map((g) => g.name);
    if (!same(current.attributes, from.attributes)) changed.push('attributes');
    return { next: null, conflicts: changed };
  }
  const next: AnnotationState = { ...current, attributes: { ...current.attributes } };
  const conflicts: string[] = [];
  for (const group of FIELD_GROUPS) {
    if (group.keys.every((k) => same(from[k], to[k]))) continue;
    if (group.keys.some((k) => !same(current[k], from[k]))) conflicts.push(group.name);
    else for (const k of group.keys) (next as unknown as Record<string, unknown>)[k] = to[k];
  }
  const keys = new Set([...Object.keys(from.attributes), ...Object.keys(to.attributes)]);
  for (const key of keys) {
    if (same(from.attributes[key], to.attributes[key])) continue;
    if (!same(current.attributes[key], from.attributes[key])) conflicts.push(`attribute ${key}`);
    else if (to.attributes[key] === undefined) delete next.attributes[key];
    else next.attributes[key] = to.attributes[key]!;
  }
  return { next, conflicts };
}
