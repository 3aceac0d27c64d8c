import type { WorkbenchClient } from '../../../shared/api';
import { validateAttributes } from '../../../shared/attributes';
import { GOLD_ANNOTATOR, type Annotation, type Attributes, type Label } from '../../../shared/domain';
import { initialAttributes } from '../../../shared/initial-attributes';
import { snapToWords } from '../../../shared/text/snap';
import { resizeSpan, type Direction, type Edge, type Unit } from '../../../shared/text/word-steps';
import { errorMessage } from '../api';
import { afterPaint } from '../editor/progressive';
import type { AnnotationStore } from './annotation-store';

export type Notify = (message: string, kind?: 'info' | 'error') => void;

export type AnnotationPatch = Partial<Pick<Annotation, 'labelId' | 'note' | 'confidence' | 'attributes' | 'status' | 'start' | 'end'>>;

/**
 * Every change an analyst makes to the open article. Each one shows at once
 * (the store is updated first) and is persisted right after, in order, one
 * write at a time; a write that fails is rolled back on screen and reported.
 */
export interface SaveStatus {
  /** Writes queued or in flight. */
  pending: number;
  /** A write failed and the spans could not be reloaded from the database: what is shown is not saved. */
  failed: boolean;
}

export class ArticleController {
  private readonly store: AnnotationStore;
  private readonly api: WorkbenchClient;
  private readonly notify: Notify;
  private readonly annotator: () => string;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  private readonly pendingById = new Map<string, number>();
  private failedWrite = false;
  private readonly statusListeners = new Set<(s: SaveStatus) => void>();
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

  get status(): SaveStatus {
    return { pending: this.pendingWrites, failed: this.failedWrite };
  }

  onStatus(listener: (s: SaveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Creates a span over [start, end) (snapped to words unless `exact`) and selects it. */
  tag(label: Label, range: { start: number; end: number }, exact: boolean): Annotation | null {
    const text = this.store.text;
    const { start, end } = exact ? range : snapToWords(text, range.start, range.end);
    if (end <= start) {
      this.notify('Select some text first.');
      return null;
    }
    const me = this.annotator();
    // Another layer's identical span is no duplicate: agreement is measured on exactly that.
    const duplicate = this.store.findAt(start, end, label.id, me);
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
      attributes: initialAttributes(label, quote, text.slice(end, end + 200), text.slice(Math.max(0, start - 300), start)),
      status: 'proposed',
      createdAt: now,
      updatedAt: now,
    };
    this.store.upsert(annotation);
    this.store.select(annotation.id);
    this.write(
      annotation.id,
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
      'Could not save the new span',
    );
    return annotation;
  }

  /**
   * Creates copies of a span (same label, attributes, note and confidence) over
   * the given ranges, in one write: they are undone and redone as one step.
   */
  tagMany(source: Annotation, ranges: readonly { start: number; end: number }[]): Annotation[] {
    if (ranges.length === 0) return [];
    const now = new Date().toISOString();
    const created = ranges.map(({ start, end }): Annotation => ({
      ...source,
      id: crypto.randomUUID(),
      start,
      end,
      quote: this.store.text.slice(start, end),
      annotator: this.annotator(),
      status: 'proposed',
      attributes: structuredClone(source.attributes),
      createdAt: now,
      updatedAt: now,
    }));
    for (const a of created) this.store.upsert(a);
    this.write(
      `batch:${created[0]!.id}`,
      () =>
        this.api.createAnnotations({
          articleId: this.store.articleId,
          spans: created.map((a) => ({
            id: a.id,
            labelId: a.labelId,
            start: a.start,
            end: a.end,
            attributes: a.attributes,
            note: a.note,
            confidence: a.confidence,
          })),
        }),
      (saved) => {
        for (const a of saved) this.store.upsert(a);
      },
      'Could not tag the other occurrences',
    );
    return created;
  }

  /**
   * Whether this analyst may change the span: their own layer, or gold (reviewers edit it). Another
   * analyst's span is left as it is, with a message, instead of being changed on screen and then
   * refused by the database.
   */
  private editable(span: Annotation): boolean {
    if (span.annotator === this.annotator() || span.annotator === GOLD_ANNOTATOR) return true;
    this.notify(`Only ${span.annotator} edits this layer. Copy the span to yours to change it, or decide on it in Review.`);
    return false;
  }

  /** Applies a change to a span and saves it; false (and a message) when it would make the span a copy of another. */
  update(id: string, patch: AnnotationPatch): boolean {
    const before = this.store.get(id);
    if (!before || !this.editable(before)) return false;
    const optimistic: Annotation = { ...before, ...patch, updatedAt: new Date().toISOString() };
    if (patch.start !== undefined || patch.end !== undefined) optimistic.quote = this.store.text.slice(optimistic.start, optimistic.end);
    if (optimistic.start !== before.start || optimistic.end !== before.end || optimistic.labelId !== before.labelId) {
      const twin = this.store.findAt(optimistic.start, optimistic.end, optimistic.labelId, before.annotator);
      if (twin && twin.id !== id) {
        const name = this.store.label(optimistic.labelId)?.name ?? 'span';
        this.notify(`Not changed: “${shorten(twin.quote)}” is already tagged ${name} in this layer.`);
        return false;
      }
    }
    if (patch.labelId !== undefined && patch.labelId !== before.labelId && patch.attributes === undefined) {
      const label = this.store.label(patch.labelId);
      if (label) {
        const after = this.store.text.slice(optimistic.end, optimistic.end + 200);
        optimistic.attributes = {
          ...initialAttributes(label, optimistic.quote, after, this.store.text.slice(Math.max(0, optimistic.start - 300), optimistic.start)),
          ...keepFitting(label, before.attributes),
        };
      }
      patch = { ...patch, attributes: optimistic.attributes };
    }
    this.store.upsert(optimistic);
    this.write(
      id,
      () => this.api.updateAnnotation({ id, ...patch }),
      (saved) => this.store.upsert(saved),
      'Could not save the change',
    );
    return true;
  }

  relabel(id: string, label: Label): void {
    const current = this.store.get(id);
    if (!current || current.labelId === label.id || !this.editable(current)) return;
    const from = this.store.label(current.labelId)?.name ?? 'span';
    if (!this.update(id, { labelId: label.id })) return;
    this.notify(`Relabelled “${shorten(current.quote)}” from ${from} to ${label.name} (Ctrl+Z undoes).`);
  }

  /** Where the last deleted span started: j and k continue from there. */
  removedAt: number | null = null;

  /**
   * Deletes a span and leaves nothing selected, so a second Delete removes
   * nothing; j or k then moves on from where the span was.
   */
  remove(id: string): void {
    const before = this.store.get(id);
    if (!before || !this.editable(before)) return;
    this.store.remove(id);
    this.removedAt = before.start;
    if (this.store.selected === id) this.store.select(null);
    this.write(
      id,
      () => this.api.deleteAnnotation({ id }),
      () => this.store.remove(id),
      'Could not delete the span',
    );
  }

  resize(id: string, edge: Edge, direction: Direction, unit: Unit): void {
    const current = this.store.get(id);
    if (!current || !this.editable(current)) return;
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
      null,
      () => (kind === 'undo' ? this.api.undo({ articleId: this.store.articleId }) : this.api.redo({ articleId: this.store.articleId })),
      (result) => {
        if (result.changes) {
          for (const change of result.changes) {
            if (change.annotation) this.store.upsert(change.annotation);
            else this.store.remove(change.annotationId);
          }
        } else if (result.annotationId) {
          if (result.annotation) {
            this.store.upsert(result.annotation);
            this.store.select(result.annotation.id);
          } else {
            this.store.remove(result.annotationId);
          }
        }
        this.notify(result.description);
      },
      kind === 'undo' ? 'Could not undo' : 'Could not redo',
    );
  }

  /**
   * Queues one write. Writes run one at a time, in order. A reply describes
   * the span as of its own write, so it is applied only when no later write
   * for the same span is waiting (that one carries newer state). When a
   * write fails, the spans are reloaded from the database once the queue is
   * empty, so the screen never shows as saved what is not.
   */
  private write<T>(id: string | null, call: () => Promise<T>, onSaved: (value: T) => void, failure: string): void {
    this.count(id, +1);
    const run = this.queue.then(async () => {
      try {
        // Sending the request costs the main thread a millisecond or two: after the frame that shows the change,
        // but not behind a long article's drawing or other background work.
        await new Promise<void>((resolve) => afterPaint(resolve, 'user-visible'));
        const value = await call();
        // The reply changes nothing on screen in the usual case; it waits for the next frame so
        // that it never delays painting what the analyst just did.
        await nextFrame();
        if (id === null || this.pendingById.get(id) === 1) onSaved(value);
      } catch (error) {
        this.failedWrite = true;
        this.notify(`${failure}: ${errorMessage(error)}`, 'error');
      } finally {
        this.count(id, -1);
        if (this.pendingWrites === 0 && this.failedWrite) await this.reloadFromDatabase();
      }
    });
    this.queue = run;
    this.idle = run;
  }

  private async reloadFromDatabase(): Promise<void> {
    try {
      const saved = await this.api.listAnnotations({ articleId: this.store.articleId });
      // Changes queued while reloading are newer than this list: reload again once they are written.
      if (this.pendingWrites > 0) return;
      this.store.replaceAll(saved);
      this.failedWrite = false;
      this.notify('The spans were reloaded as the database has them.');
    } catch (error) {
      this.notify(`Changes are not saved and the database cannot be reached: ${errorMessage(error)}`, 'error');
    }
    this.emitStatus();
  }

  private count(id: string | null, delta: number): void {
    this.pendingWrites += delta;
    if (id !== null) {
      const n = (this.pendingById.get(id) ?? 0) + delta;
      if (n > 0) this.pendingById.set(id, n);
      else this.pendingById.delete(id);
    }
    this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status;
    for (const l of this.statusListeners) l(status);
  }
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 37)}…` : flat;
}

/** The attributes of another label that are valid for this one (relabelling keeps them). */
function keepFitting(label: Label, attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([key, value]) => validateAttributes(label.attributes, { [key]: value }).length === 0));
}
