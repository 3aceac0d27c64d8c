import type { WorkbenchClient } from '../../../shared/api';
import type { Annotation, Attributes, Label } from '../../../shared/domain';
import { initialAttributes } from '../../../shared/initial-attributes';
import { snapToWords } from '../../../shared/text/snap';
import { resizeSpan, type Direction, type Edge, type Unit } from '../../../shared/text/word-steps';
import { errorMessage } from '../api';
import type { AnnotationStore } from './annotation-store';

export type Notify = (message: string, kind?: 'info' | 'error') => void;

export type AnnotationPatch = Partial<Pick<Annotation, 'labelId' | 'note' | 'confidence' | 'attributes' | 'status' | 'start' | 'end'>>;

/**
 * Every change an analyst makes to the open article. Each one shows at once
 * (the store is updated first) and is persisted right after, in order, one
 * write at a time; a write that fails is rolled back on screen and reported.
 */
export class ArticleController {
  private readonly store: AnnotationStore;
  private readonly api: WorkbenchClient;
  private readonly notify: Notify;
  private readonly annotator: () => string;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  private readonly pendingListeners = new Set<(n: number) => void>();
  /** Resolves when every queued write has finished (tests and the bench wait on it). */
  idle: Promise<void> = Promise.resolve();

  constructor(store: AnnotationStore, api: WorkbenchClient, notify: Notify, annotator: () => string) {
    this.store = store;
    this.api = api;
    this.notify = notify;
    this.annotator = annotator;
  }

  get pending(): number {
    return this.pendingWrites;
  }

  onPending(listener: (n: number) => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  /** Creates a span over [start, end) (snapped to words unless `exact`) and selects it. */
  tag(label: Label, range: { start: number; end: number }, exact: boolean): Annotation | null {
    const text = this.store.text;
    const { start, end } = exact ? range : snapToWords(text, range.start, range.end);
    if (end <= start) {
      this.notify('Select some text first.');
      return null;
    }
    const duplicate = this.store.all().find((a) => a.start === start && a.end === end && a.labelId === label.id);
    if (duplicate) {
      this.store.select(duplicate.id);
      this.notify(`That text is already tagged ${label.name}.`);
      return duplicate;
    }
    const now = new Date().toISOString();
    const quote = text.slice(start, end);
    const annotation: Annotation = {
      id: crypto.randomUUID(),
      articleId: this.store.articleId,
      labelId: label.id,
      start,
      end,
      quote,
      annotator: this.annotator(),
      note: '',
      confidence: null,
      attributes: initialAttributes(label, quote, text.slice(end, end + 200)),
      status: 'proposed',
      createdAt: now,
      updatedAt: now,
    };
    this.store.upsert(annotation);
    this.store.select(annotation.id);
    this.write(
      () =>
        this.api.createAnnotation({
          id: annotation.id,
          articleId: annotation.articleId,
          labelId: label.id,
          start,
          end,
          attributes: annotation.attributes,
        }),
      (saved) => this.store.upsert(saved),
      () => this.store.remove(annotation.id),
      'Could not save the new span',
    );
    return annotation;
  }

  update(id: string, patch: AnnotationPatch): void {
    const before = this.store.get(id);
    if (!before) return;
    const optimistic: Annotation = { ...before, ...patch, updatedAt: new Date().toISOString() };
    if (patch.start !== undefined || patch.end !== undefined) optimistic.quote = this.store.text.slice(optimistic.start, optimistic.end);
    if (patch.labelId !== undefined && patch.labelId !== before.labelId && patch.attributes === undefined) {
      const label = this.store.label(patch.labelId);
      if (label) {
        const after = this.store.text.slice(optimistic.end, optimistic.end + 200);
        optimistic.attributes = { ...initialAttributes(label, optimistic.quote, after), ...keepFitting(label, before.attributes) };
      }
      patch = { ...patch, attributes: optimistic.attributes };
    }
    this.store.upsert(optimistic);
    this.write(
      () => this.api.updateAnnotation({ id, ...patch }),
      (saved) => this.store.upsert(saved),
      () => this.store.upsert(before),
      'Could not save the change',
    );
  }

  relabel(id: string, label: Label): void {
    const current = this.store.get(id);
    if (!current || current.labelId === label.id) return;
    this.update(id, { labelId: label.id });
  }

  remove(id: string): void {
    const before = this.store.get(id);
    if (!before) return;
    const order = this.store.visible();
    const index = order.findIndex((a) => a.id === id);
    this.store.remove(id);
    const next = order[index + 1] ?? order[index - 1];
    if (next && next.id !== id) this.store.select(next.id);
    this.write(
      () => this.api.deleteAnnotation({ id }),
      () => undefined,
      () => this.store.upsert(before),
      'Could not delete the span',
    );
  }

  resize(id: string, edge: Edge, direction: Direction, unit: Unit): void {
    const current = this.store.get(id);
    if (!current) return;
    const next = resizeSpan(this.store.text, current, edge, direction, unit);
    if (next) this.update(id, next);
  }

  undo(): void {
    this.undoOrRedo('undo');
  }

  redo(): void {
    this.undoOrRedo('redo');
  }

  private undoOrRedo(kind: 'undo' | 'redo'): void {
    this.write(
      () => (kind === 'undo' ? this.api.undo({ articleId: this.store.articleId }) : this.api.redo({ articleId: this.store.articleId })),
      (result) => {
        if (result.annotationId) {
          if (result.annotation) {
            this.store.upsert(result.annotation);
            this.store.select(result.annotation.id);
          } else {
            this.store.remove(result.annotationId);
          }
        }
        this.notify(result.description);
      },
      () => undefined,
      kind === 'undo' ? 'Could not undo' : 'Could not redo',
    );
  }

  private write<T>(call: () => Promise<T>, onSaved: (value: T) => void, rollback: () => void, failure: string): void {
    this.setPending(this.pendingWrites + 1);
    const run = this.queue.then(async () => {
      try {
        onSaved(await call());
      } catch (error) {
        rollback();
        this.notify(`${failure}: ${errorMessage(error)}`, 'error');
      } finally {
        this.setPending(this.pendingWrites - 1);
      }
    });
    this.queue = run;
    this.idle = run;
  }

  private setPending(n: number): void {
    this.pendingWrites = n;
    for (const l of this.pendingListeners) l(n);
  }
}

function keepFitting(label: Label, attributes: Attributes): Attributes {
  const keys = new Set(label.attributes.map((a) => a.key));
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => keys.has(k)));
}
