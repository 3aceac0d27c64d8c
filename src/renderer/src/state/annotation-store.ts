import { GOLD_ANNOTATOR, type Annotation, type Label } from '../../../shared/domain';
import { groupSpans } from '../../../shared/review/disagreements';
import type { MarkLayer } from '../editor/mark-decoration';

export function annotatorInitials(name: string): string {
  const words = name.trim().split(/[\s._-]+/u).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
}

/**
 * The annotations of the open article, outside React and outside Lexical:
 * the editor's marks hold only ids and look everything else up here (the
 * Lexical playground's CommentStore pattern). Components subscribe with
 * useSyncExternalStore; the editor subscribes to `onChange` and receives
 * the text ranges that need redrawing.
 */

export interface RangeChange {
  start: number;
  end: number;
}

type ChangeListener = (ranges: RangeChange[]) => void;

export class AnnotationStore {
  readonly articleId: string;
  readonly text: string;
  private annotations = new Map<string, Annotation>();
  private labels = new Map<number, Label>();
  /** Replaced, never changed in place, so a render can compare it. */
  private hiddenLabels: ReadonlySet<number> = new Set<number>();
  private hiddenLayers = new Set<string>();
  /** The layer this window edits (its annotator). */
  private me = '';
  private layerCache: { version: number; layers: Map<string, MarkLayer> | null } = { version: -1, layers: null };
  /** When this store shows one layer beside another: the other layer's spans, to mark what differs. */
  private reference: Set<string> | null = null;
  private selectedId: string | null = null;
  private version = 0;
  /** Changes only when spans are drawn differently (not on selection), so layer lookups stay cached while keys are pressed. */
  private drawVersion = 0;
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly selectionListeners = new Set<(id: string | null) => void>();
  private readonly labelListeners = new Set<() => void>();

  constructor(articleId: string, text: string, annotations: readonly Annotation[], labels: readonly Label[]) {
    this.articleId = articleId;
    this.text = text;
    for (const a of annotations) this.annotations.set(a.id, a);
    this.setLabelsQuietly(labels);
  }

  // ---- reading ----

  get snapshotVersion(): number {
    return this.version;
  }
  get(id: string): Annotation | undefined {
    return this.annotations.get(id);
  }
  all(): Annotation[] {
    return [...this.annotations.values()].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  }
  /** Annotations whose label and layer are not hidden by the filters. */
  visible(): Annotation[] {
    return this.all().filter((a) => !this.hiddenLabels.has(a.labelId) && !this.hiddenLayers.has(a.annotator));
  }

  // ---- layers ----

  /** Whose layer this window edits; spans of other layers are shown beside it. */
  setMe(annotator: string): void {
    this.me = annotator;
  }
  get annotator(): string {
    return this.me;
  }
  /** The annotators with spans in this article, the editing one first, gold last. */
  layers(): string[] {
    return layerNames(this.annotations.values(), this.me);
  }
  /** 0 for the layer being edited, 1, 2, … for the others in order (each drawn with its own outline). */
  layerIndex(annotator: string): number {
    if (annotator === this.me) return 0;
    return this.layers().filter((n) => n !== this.me).indexOf(annotator) + 1;
  }
  isLayerHidden(annotator: string): boolean {
    return this.hiddenLayers.has(annotator);
  }
  hiddenLayersKey(): string {
    return [...this.hiddenLayers].sort().join('\u0000');
  }
  setLayerHidden(annotator: string, hidden: boolean): void {
    if (hidden) this.hiddenLayers.add(annotator);
    else this.hiddenLayers.delete(annotator);
    const sel = this.selectedId && this.annotations.get(this.selectedId);
    if (sel && sel.annotator === annotator && hidden) this.select(null);
    this.bump([{ start: 0, end: this.text.length }]);
  }
  /** How a span's layer shows, when more than one layer is visible (undefined otherwise: one layer looks as it always did). */
  layerOf(id: string): MarkLayer | undefined {
    if (this.layerCache.version !== this.drawVersion) this.layerCache = { version: this.drawVersion, layers: this.computeLayers() };
    return this.layerCache.layers?.get(id);
  }
  /** Without sorting: one pass that stops at the second layer (a one-layer article costs next to nothing per redraw). */
  private severalLayersShown(): boolean {
    let first: string | null = null;
    for (const a of this.annotations.values()) {
      if (this.hiddenLabels.has(a.labelId) || this.hiddenLayers.has(a.annotator)) continue;
      if (first === null) first = a.annotator;
      else if (a.annotator !== first) return true;
    }
    return false;
  }

  /** Shows this (one-layer) store beside another layer: spans the other lacks (same start, end and label) are marked. */
  compareWith(other: readonly Annotation[]): void {
    this.reference = new Set(other.map((a) => `${a.start}:${a.end}:${a.labelId}`));
    this.bump([{ start: 0, end: this.text.length }]);
  }
  private computeLayers(): Map<string, MarkLayer> | null {
    if (!this.reference && !this.severalLayersShown()) return null;
    const visible = this.visible();
    if (this.reference) {
      const reference = this.reference;
      return new Map(
        visible.map((a) => [
          a.id,
          {
            annotator: a.annotator,
            initials: a.annotator === GOLD_ANNOTATOR ? 'GOLD' : annotatorInitials(a.annotator),
            index: 0,
            gold: a.annotator === GOLD_ANNOTATOR,
            disagreement: !reference.has(`${a.start}:${a.end}:${a.labelId}`),
          },
        ]),
      );
    }
    const others = this.layers().filter((n) => n !== this.me);
    const people = visible.filter((a) => a.annotator !== GOLD_ANNOTATOR);
    const disagreeing = new Set(groupSpans(people).filter((g) => g.kinds.length > 0).flatMap((g) => g.spans.map((s) => s.id)));
    const map = new Map<string, MarkLayer>();
    for (const a of visible) {
      map.set(a.id, {
        annotator: a.annotator,
        initials: a.annotator === GOLD_ANNOTATOR ? 'GOLD' : annotatorInitials(a.annotator),
        index: a.annotator === this.me ? 0 : others.indexOf(a.annotator) + 1,
        gold: a.annotator === GOLD_ANNOTATOR,
        disagreement: disagreeing.has(a.id),
      });
    }
    return map;
  }
  label(id: number): Label | undefined {
    return this.labels.get(id);
  }
  allLabels(): Label[] {
    return [...this.labels.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  }
  /** The hidden labels: a new set whenever the filter changes. */
  get hiddenLabelIds(): ReadonlySet<number> {
    return this.hiddenLabels;
  }
  isHidden(labelId: number): boolean {
    return this.hiddenLabels.has(labelId);
  }
  get selected(): string | null {
    return this.selectedId;
  }

  // ---- writing (local state only; the caller persists) ----

  upsert(annotation: Annotation): void {
    const before = this.annotations.get(annotation.id);
    this.annotations.set(annotation.id, annotation);
    const ranges = [{ start: annotation.start, end: annotation.end }];
    if (before && (before.start !== annotation.start || before.end !== annotation.end)) ranges.push({ start: before.start, end: before.end });
    const visual = !before || before.labelId !== annotation.labelId || ranges.length > 1;
    this.bump(visual ? ranges : []);
  }

  remove(id: string): Annotation | undefined {
    const before = this.annotations.get(id);
    if (!before) return undefined;
    this.annotations.delete(id);
    if (this.selectedId === id) this.select(null);
    this.bump([{ start: before.start, end: before.end }]);
    return before;
  }

  /** Replaces everything (after undo/redo or a reload); redraws the whole text. */
  replaceAll(annotations: readonly Annotation[]): void {
    this.annotations = new Map(annotations.map((a) => [a.id, a]));
    if (this.selectedId && !this.annotations.has(this.selectedId)) this.select(null);
    this.bump([{ start: 0, end: this.text.length }]);
  }

  /** New label definitions; redraws only when something visible (colour, name) changed. */
  setLabels(labels: readonly Label[]): void {
    const same =
      labels.length === this.labels.size &&
      labels.every((l) => {
        const old = this.labels.get(l.id);
        return old && old.color === l.color && old.name === l.name && old.archived === l.archived && old.position === l.position;
      });
    this.setLabelsQuietly(labels);
    if (same) {
      this.version++;
      for (const l of this.listeners) l();
      return;
    }
    for (const l of this.labelListeners) l();
    this.bump([{ start: 0, end: this.text.length }]);
  }

  setHidden(labelId: number, hidden: boolean): void {
    const next = new Set(this.hiddenLabels);
    if (hidden) next.add(labelId);
    else next.delete(labelId);
    this.hiddenLabels = next;
    const sel = this.selectedId && this.annotations.get(this.selectedId);
    if (sel && sel.labelId === labelId && hidden) this.select(null);
    this.bump([{ start: 0, end: this.text.length }]);
  }

  select(id: string | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    for (const l of this.selectionListeners) l(id);
    this.version++;
    for (const l of this.listeners) l();
  }

  // ---- subscriptions ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
  onSelect(listener: (id: string | null) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }
  onLabels(listener: () => void): () => void {
    this.labelListeners.add(listener);
    return () => this.labelListeners.delete(listener);
  }

  private setLabelsQuietly(labels: readonly Label[]): void {
    this.labels = new Map(labels.map((l) => [l.id, l]));
  }

  private bump(ranges: RangeChange[]): void {
    this.version++;
    if (ranges.length) this.drawVersion++;
    if (ranges.length) for (const l of this.changeListeners) l(ranges);
    for (const l of this.listeners) l();
  }
}

/** The annotators of these spans, `me` first, gold last. */
export function layerNames(annotations: Iterable<Annotation>, me: string): string[] {
  const names = new Set<string>();
  for (const a of annotations) names.add(a.annotator);
  return [...names].sort((a, b) => rank(a, me) - rank(b, me) || a.localeCompare(b));
}

function rank(name: string, me: string): number {
  return name === me ? 0 : name === GOLD_ANNOTATOR ? 2 : 1;
}
