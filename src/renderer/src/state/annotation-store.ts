import { GOLD_ANNOTATOR, type Annotation, type Label } from '../../../shared/domain';
import { disagreementFlags } from '../../../shared/review/disagreements';
import type { MarkLayer } from '../editor/mark-decoration';

export function annotatorInitials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
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
  /** Spans per annotator, kept in step with `annotations` (the layers, without a pass over every span on each key). */
  private annotatorCounts = new Map<string, number>();
  private labels = new Map<number, Label>();
  /** Replaced, never changed in place, so a render can compare it. */
  private hiddenLabels: ReadonlySet<number> = new Set<number>();
  private hiddenLayers = new Set<string>();
  /** The layer this window edits (its annotator). */
  private me = '';
  private layerCache: { version: number; layers: Map<string, MarkLayer> | null; annotators: string } = { version: -1, layers: null, annotators: '' };
  /** When this store shows one layer beside another: the other layer's spans, to mark what differs. */
  private reference: Set<string> | null = null;
  private selectedId: string | null = null;
  private version = 0;
  /** all() and visible(), kept until the spans or the filters change (every key press would otherwise sort thousands of spans). */
  private sorted: Annotation[] | null = null;
  /** See longestSpan(); -1 until it is first needed. */
  private longest = -1;
  private shown: readonly Annotation[] | null = null;
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
    this.countAnnotators();
    this.setLabelsQuietly(labels);
  }

  // ---- reading ----

  get snapshotVersion(): number {
    return this.version;
  }
  get(id: string): Annotation | undefined {
    return this.annotations.get(id);
  }
  /** Every annotation in text order. The array is shared until the spans change: read it, never change it. */
  all(): readonly Annotation[] {
    if (this.sorted === null) this.sorted = [...this.annotations.values()].sort(byPosition);
    return this.sorted;
  }
  /**
   * Visible annotations reaching into [start, end), in no particular order (the key path uses it). From the
   * sorted list when there is one (the span list keeps it), only the spans that start within the longest
   * span's length before `start` are looked at; otherwise one pass over every span, never a sort.
   */
  visibleIn(start: number, end: number): Annotation[] {
    const out: Annotation[] = [];
    const keep = (a: Annotation): boolean => a.start < end && a.end > start && !this.hiddenLabels.has(a.labelId) && !this.hiddenLayers.has(a.annotator);
    const sorted = this.sorted;
    if (sorted) {
      for (let i = firstStartingAt(sorted, start - this.longestSpan()); i < sorted.length && sorted[i]!.start < end; i++) {
        if (keep(sorted[i]!)) out.push(sorted[i]!);
      }
      return out;
    }
    for (const a of this.annotations.values()) if (keep(a)) out.push(a);
    return out;
  }
  /** A span with exactly these offsets, label and annotator, if there is one (found like visibleIn's). */
  findAt(start: number, end: number, labelId: number, annotator: string): Annotation | undefined {
    const same = (a: Annotation): boolean => a.start === start && a.end === end && a.labelId === labelId && a.annotator === annotator;
    const sorted = this.sorted;
    if (sorted) {
      for (let i = firstStartingAt(sorted, start); i < sorted.length && sorted[i]!.start === start; i++) if (same(sorted[i]!)) return sorted[i];
      return undefined;
    }
    for (const a of this.annotations.values()) if (same(a)) return a;
    return undefined;
  }
  /** No span is longer than this (it may be longer than the longest now: a removed span can have been the longest). */
  private longestSpan(): number {
    if (this.longest < 0) {
      this.longest = 0;
      for (const a of this.annotations.values()) this.longest = Math.max(this.longest, a.end - a.start);
    }
    return this.longest;
  }
  /** Annotations whose label and layer are not hidden by the filters (shared like all()). */
  visible(): readonly Annotation[] {
    if (this.shown === null) {
      const all = this.all();
      this.shown =
        this.hiddenLabels.size === 0 && this.hiddenLayers.size === 0
          ? all
          : all.filter((a) => !this.hiddenLabels.has(a.labelId) && !this.hiddenLayers.has(a.annotator));
    }
    return this.shown;
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
    return orderLayers(this.annotatorCounts.keys(), this.me);
  }
  /** 0 for the layer being edited, 1, 2, … for the others in order (each drawn with its own outline). */
  layerIndex(annotator: string): number {
    if (annotator === this.me) return 0;
    return (
      this.layers()
        .filter((n) => n !== this.me)
        .indexOf(annotator) + 1
    );
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
    if (this.layerCache.version !== this.drawVersion)
      this.layerCache = { version: this.drawVersion, layers: this.computeLayers(), annotators: this.annotatorsKey() };
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

  /**
   * Shows this (one-layer) store beside another layer: spans the other lacks
   * (same start, end and label) or has with other attributes are marked.
   */
  compareWith(other: readonly Annotation[]): void {
    this.reference = new Set(other.map((a) => referenceKey(a)));
    this.bump([{ start: 0, end: this.text.length }]);
  }
  private annotatorsKey(): string {
    return [...this.annotatorCounts.keys()].sort().join('\u0000');
  }
  private countAnnotators(): void {
    this.annotatorCounts.clear();
    for (const a of this.annotations.values()) this.countAnnotator(a.annotator, 1);
  }
  private countAnnotator(annotator: string, delta: number): void {
    const n = (this.annotatorCounts.get(annotator) ?? 0) + delta;
    if (n > 0) this.annotatorCounts.set(annotator, n);
    else this.annotatorCounts.delete(annotator);
  }

  /**
   * How spans show among several layers: one shared object per annotator and disagreement (there are only a
   * few), not one per span, so drawing 10,000 marks neither builds 10,000 objects nor works out initials again.
   */
  private markLayers(): (annotator: string, disagreement: boolean) => MarkLayer {
    const others = this.layers().filter((n) => n !== this.me);
    const made = new Map<string, MarkLayer>();
    return (annotator, disagreement) => {
      const key = `${disagreement ? '!' : ''}${annotator}`;
      let layer = made.get(key);
      if (!layer) {
        layer = {
          annotator,
          initials: annotator === GOLD_ANNOTATOR ? 'GOLD' : annotatorInitials(annotator),
          index: annotator === this.me ? 0 : others.indexOf(annotator) + 1,
          gold: annotator === GOLD_ANNOTATOR,
          disagreement,
        };
        made.set(key, layer);
      }
      return layer;
    };
  }

  /**
   * After one span changed, brings the layer marks up to date around it instead of regrouping every
   * span of every layer (that cost tens of milliseconds per key press with two layers of 5,000 spans).
   * A span's disagreement depends only on the spans overlapping it and on who did the article, so the
   * spans overlapping the change are regrouped with their own neighbours and one span of each other
   * annotator (which keeps the article's annotators whole without touching the result). Returns false
   * when the whole map must be computed again (no map yet, another set of annotators, a comparison).
   */
  private patchLayers(ranges: readonly RangeChange[], removed: string | null): boolean {
    const cache = this.layerCache;
    if (cache.version !== this.drawVersion || this.reference) return false;
    if (this.annotatorsKey() !== cache.annotators) return false;
    // One annotator before and after: still one layer, drawn as it always was (no map to patch).
    if (!cache.layers) return this.annotatorCounts.size === 1;
    const map = cache.layers;
    if (removed) map.delete(removed);
    const changed = new Map<string, Annotation>();
    for (const r of ranges) for (const a of this.visibleIn(r.start, Math.max(r.end, r.start + 1))) changed.set(a.id, a);
    if (changed.size === 0) return true;
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of changed.values()) {
      lo = Math.min(lo, a.start);
      hi = Math.max(hi, a.end);
    }
    const context = this.visibleIn(lo, hi);
    const inContext = new Set(context.map((a) => a.id));
    const represented = new Set(context.map((a) => a.annotator));
    for (const a of this.annotations.values()) {
      if (represented.size === this.annotatorCounts.size) break;
      if (represented.has(a.annotator) || inContext.has(a.id) || this.hiddenLabels.has(a.labelId) || this.hiddenLayers.has(a.annotator)) continue;
      represented.add(a.annotator);
      context.push(a);
    }
    const people = context.filter((a) => a.annotator !== GOLD_ANNOTATOR);
    const flags = disagreementFlags(people);
    const disagreeing = new Set(people.filter((_, i) => flags[i] === 1).map((a) => a.id));
    const layerFor = this.markLayers();
    for (const a of changed.values()) map.set(a.id, layerFor(a.annotator, disagreeing.has(a.id)));
    return true;
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
            disagreement: !reference.has(referenceKey(a)),
          },
        ]),
      );
    }
    // Gold is the adjudication, not a side in it: its spans are outlined but never counted as disagreeing.
    const people = visible.filter((a) => a.annotator !== GOLD_ANNOTATOR);
    const flags = disagreementFlags(people);
    const layerFor = this.markLayers();
    const map = new Map<string, MarkLayer>();
    let person = 0;
    for (const a of visible) map.set(a.id, layerFor(a.annotator, a.annotator !== GOLD_ANNOTATOR && flags[person++] === 1));
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
    if (this.longest >= 0) this.longest = Math.max(this.longest, annotation.end - annotation.start);
    if (before) this.countAnnotator(before.annotator, -1);
    this.countAnnotator(annotation.annotator, 1);
    this.patchSorted(before, annotation);
    const ranges = [{ start: annotation.start, end: annotation.end }];
    if (before && (before.start !== annotation.start || before.end !== annotation.end)) ranges.push({ start: before.start, end: before.end });
    // An attribute-only change redraws nothing in one layer, but beside other layers it can make or end an
    // attribute conflict: the marks at that place are drawn again (every span of the conflict shares it).
    const marksMayChange =
      before !== undefined && !sameAttributes(before.attributes, annotation.attributes) && (this.reference !== null || this.severalLayersShown());
    const visual = !before || before.labelId !== annotation.labelId || ranges.length > 1 || marksMayChange;
    this.bump(visual ? ranges : [], null, true);
  }

  remove(id: string): Annotation | undefined {
    const before = this.annotations.get(id);
    if (!before) return undefined;
    this.annotations.delete(id);
    this.countAnnotator(before.annotator, -1);
    this.patchSorted(before, undefined);
    if (this.selectedId === id) this.select(null);
    this.bump([{ start: before.start, end: before.end }], id, true);
    return before;
  }

  /** Replaces everything (after undo/redo or a reload); redraws the whole text. */
  replaceAll(annotations: readonly Annotation[]): void {
    this.annotations = new Map(annotations.map((a) => [a.id, a]));
    this.longest = -1;
    this.countAnnotators();
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

  /**
   * Keeps the sorted list (when there is one) in step with one span's change: a new array (so readers
   * holding the old one see a change), the span taken out and put back in place by binary search,
   * instead of sorting every span again after each key press.
   */
  private patchSorted(before: Annotation | undefined, after: Annotation | undefined): void {
    if (this.sorted === null) return;
    const next = this.sorted.slice();
    if (before) {
      const at = lowerBound(next, before);
      if (next[at] !== before) {
        this.sorted = null;
        return;
      }
      next.splice(at, 1);
    }
    if (after) next.splice(lowerBound(next, after), 0, after);
    this.sorted = next;
  }

  /**
   * `local`: the change is one span's (an upsert, or the id of a removed span): layer marks are patched around it, not recomputed.
   * `sortedKept`: the sorted list was already brought up to date (patchSorted).
   */
  private bump(ranges: RangeChange[], local?: string | null, sortedKept = false): void {
    this.version++;
    if (!sortedKept) this.sorted = null;
    this.shown = null;
    if (ranges.length) {
      const patched = local !== undefined && this.patchLayers(ranges, local);
      this.drawVersion++;
      if (patched) this.layerCache.version = this.drawVersion;
    }
    if (ranges.length) for (const l of this.changeListeners) l(ranges);
    for (const l of this.listeners) l();
  }
}

/** A span's place, label and attributes (keys sorted), for comparing two layers. */
function referenceKey(a: Annotation): string {
  const attributes = Object.keys(a.attributes)
    .sort()
    .map((k) => [k, a.attributes[k]]);
  return `${a.start}:${a.end}:${a.labelId}:${JSON.stringify(attributes)}`;
}

function sameAttributes(x: Annotation['attributes'], y: Annotation['attributes']): boolean {
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && JSON.stringify(x[k]) === JSON.stringify(y[k]));
}

/** Annotator names, `me` first, gold last, the rest in alphabetical order. */
function orderLayers(names: Iterable<string>, me: string): string[] {
  return [...names].sort((a, b) => rank(a, me) - rank(b, me) || a.localeCompare(b));
}

/** Text order: by start, the longer (outer) span first, then by id. */
function byPosition(a: Annotation, b: Annotation): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The first index of a text-ordered list whose span starts at or after `start`. */
function firstStartingAt(list: readonly Annotation[], start: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose span does not come before `x` in text order. */
function lowerBound(list: readonly Annotation[], x: Annotation): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPosition(list[mid]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rank(name: string, me: string): number {
  return name === me ? 0 : name === GOLD_ANNOTATOR ? 2 : 1;
}
