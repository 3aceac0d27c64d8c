import type { ScoredSpan } from './spans';

/**
 * Two sides' spans as columns of numbers, sorted once and shared by every
 * metric: what the metrics run on. A million spans as objects with string
 * labels cost a map lookup per span per metric and a sort per metric family;
 * here articles and labels are numbers, each side is sorted once by article,
 * start, end and input position, and grouped once more by label within each
 * article (a stable counting sort, so no second comparison sort).
 *
 * `spanPair(a, b)` builds it from ScoredSpan arrays; the service builds it
 * straight from its database rows with `SpanPairBuilder`.
 */
export interface SideColumns {
  /** Spans on this side. */
  count: number;
  /** Spans of article k (an index into SpanPair.articles) are the sorted positions [first[k], first[k + 1]). */
  first: Int32Array;
  /** Per sorted position: start, end, label (an index into SpanPair.labels), and the span's position in the input. */
  start: Int32Array;
  end: Int32Array;
  label: Int32Array;
  index: Int32Array;
  /**
   * Sorted positions grouped by label within each article, each group still
   * in sorted order: the group of article k and label l is
   * byLabel[labelFirst[k * L + l] .. labelFirst[k * L + l + 1]), L the number of labels.
   */
  byLabel: Int32Array;
  labelFirst: Int32Array;
  /** Articles with spans on this side, in the order of their first span in the input (sums whose order shows keep it). */
  articleOrder: Int32Array;
}

export interface SpanPair {
  /** Every article either side has spans in (indices are what the columns hold). */
  articles: string[];
  /** Every label on either side, sorted (as labelsOf). */
  labels: string[];
  a: SideColumns;
  b: SideColumns;
  /** Articles both sides have spans in, sorted by id (as articlesBothAnnotated). */
  both: Int32Array;
}

/** Spans of one side in input order, as numbers (article and label indices); what SpanPairBuilder collects. */
class RawSide {
  length = 0;
  article = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  label = new Int32Array(1024);

  reserve(more: number): void {
    if (this.length + more <= this.article.length) return;
    const size = Math.max(2 * this.article.length, this.length + more);
    const grow = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const grown = new Int32Array(size);
      grown.set(old.subarray(0, this.length));
      return grown;
    };
    this.article = grow(this.article);
    this.start = grow(this.start);
    this.end = grow(this.end);
    this.label = grow(this.label);
  }
}

/**
 * Collects two sides' spans with articles and labels as numbers, then sorts
 * them into a SpanPair. Articles and labels are registered by name; their
 * numbering is internal.
 */
export class SpanPairBuilder {
  private readonly articleIndex = new Map<string, number>();
  private readonly articleNames: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private readonly labelNames: string[] = [];
  private readonly sides: [RawSide, RawSide] = [new RawSide(), new RawSide()];

  article(id: string): number {
    let k = this.articleIndex.get(id);
    if (k === undefined) {
      k = this.articleNames.length;
      this.articleIndex.set(id, k);
      this.articleNames.push(id);
    }
    return k;
  }

  label(key: string): number {
    let l = this.labelIndex.get(key);
    if (l === undefined) {
      l = this.labelNames.length;
      this.labelIndex.set(key, l);
      this.labelNames.push(key);
    }
    return l;
  }

  /** Adds a span to side 0 (a) or 1 (b); article and label are numbers from article() and label(). */
  add(side: 0 | 1, article: number, start: number, end: number, label: number): void {
    const s = this.sides[side];
    s.reserve(1);
    const i = s.length++;
    s.article[i] = article;
    s.start[i] = start;
    s.end[i] = end;
    s.label[i] = label;
  }

  /**
   * Adds one article's spans to a side from (label id, start, end) triplets;
   * `labelOf` gives a label id's number from label().
   */
  addTriplets(side: 0 | 1, article: number, triplets: ArrayLike<number>, labelOf: (labelId: number) => number): void {
    const s = this.sides[side];
    const count = Math.floor(triplets.length / 3);
    s.reserve(count);
    let lastId = NaN;
    let last = 0;
    for (let t = 0; t < count; t++) {
      const i = s.length++;
      const id = triplets[3 * t]!;
      if (id !== lastId) last = labelOf((lastId = id));
      s.article[i] = article;
      s.start[i] = triplets[3 * t + 1]!;
      s.end[i] = triplets[3 * t + 2]!;
      s.label[i] = last;
    }
  }

  build(): SpanPair {
    // Labels are numbered in sorted order, so label l of every metric is labels[l] of labelsOf.
    const used = new Uint8Array(this.labelNames.length);
    for (const side of this.sides) for (let i = 0; i < side.length; i++) used[side.label[i]!] = 1;
    const present = this.labelNames.map((_, l) => l).filter((l) => used[l]);
    const sortedLabels = present.map((l) => this.labelNames[l]!).sort();
    const rank = new Map(sortedLabels.map((key, i) => [key, i]));
    const relabel = new Int32Array(this.labelNames.length);
    for (const l of present) relabel[l] = rank.get(this.labelNames[l]!)!;

    const articles = this.articleNames.length;
    const a = sortSide(this.sides[0], articles, sortedLabels.length, relabel);
    const b = sortSide(this.sides[1], articles, sortedLabels.length, relabel);
    const both: number[] = [];
    for (let k = 0; k < articles; k++) if (a.first[k + 1]! > a.first[k]! && b.first[k + 1]! > b.first[k]!) both.push(k);
    const names = this.articleNames;
    both.sort((x, y) => (names[x]! < names[y]! ? -1 : names[x]! > names[y]! ? 1 : 0));
    return { articles: names, labels: sortedLabels, a, b, both: Int32Array.from(both) };
  }
}

/** The pair of two ScoredSpan arrays. */
export function spanPair(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): SpanPair {
  const builder = new SpanPairBuilder();
  for (const [side, spans] of [a, b].entries()) {
    let lastArticle: string | undefined;
    let lastLabel: string | undefined;
    let k = 0;
    let l = 0;
    for (const s of spans) {
      // Spans usually come grouped: look a name up only when it changes.
      if (s.article !== lastArticle) k = builder.article((lastArticle = s.article));
      if (s.label !== lastLabel) l = builder.label((lastLabel = s.label));
      builder.add(side as 0 | 1, k, s.start, s.end, l);
    }
  }
  return builder.build();
}

const EMPTY = new Int32Array(0);

/**
 * Sorts one side: a counting sort by article (stable, so input order is kept
 * within an article), then each article by start, end and input position,
 * then a stable counting sort by label within each article.
 */
function sortSide(raw: RawSide, articles: number, labels: number, relabel: Int32Array): SideColumns {
  const n = raw.length;
  const first = new Int32Array(articles + 1);
  const seen = new Uint8Array(articles);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = raw.article[i]!;
    first[k + 1]!++;
    if (!seen[k]) {
      seen[k] = 1;
      order.push(k);
    }
  }
  for (let k = 0; k < articles; k++) first[k + 1]! += first[k]!;
  const fill = first.slice(0, articles);
  const byArticle = new Int32Array(n);
  for (let i = 0; i < n; i++) byArticle[fill[raw.article[i]!]!++] = i;

  const index = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const label = new Int32Array(n);
  let keys = new Float64Array(0);
  let starts = new Int32Array(0);
  for (let k = 0; k < articles; k++) {
    const from = first[k]!;
    const to = first[k + 1]!;
    const size = to - from;
    if (size === 0) continue;
    let maxEnd = 0;
    let negative = false;
    for (let p = from; p < to; p++) {
      const i = byArticle[p]!;
      if (raw.end[i]! > maxEnd) maxEnd = raw.end[i]!;
      if (raw.start[i]! > maxEnd) maxEnd = raw.start[i]!;
      if (raw.start[i]! < 0 || raw.end[i]! < 0) negative = true;
    }
    // Counting by start when the article is not much longer than its spans and no start is shared by many (the usual case).
    let byStart: Int32Array | null = null;
    if (!negative && maxEnd <= 16 * size + 4096) {
      if (starts.length < maxEnd + 2) starts = new Int32Array(maxEnd + 2);
      byStart = starts.subarray(0, maxEnd + 2);
      byStart.fill(0);
      let longestRun = 0;
      for (let p = from; p < to; p++) longestRun = Math.max(longestRun, ++byStart[raw.start[byArticle[p]!]! + 1]!);
      if (longestRun > 32) byStart = null;
    }
    if (byStart) {
      // A counting sort by start (stable: input order kept), then each run of one start by end (insertion sort, stable).
      const next = byStart;
      for (let x = 1; x < next.length; x++) next[x]! += next[x - 1]!;
      for (let p = from; p < to; p++) {
        const i = byArticle[p]!;
        index[from + next[raw.start[i]!]!++] = i;
      }
      for (let p = from + 1; p < to; p++) {
        const i = index[p]!;
        const s = raw.start[i]!;
        const e = raw.end[i]!;
        let q = p - 1;
        while (q >= from && raw.start[index[q]!] === s && raw.end[index[q]!]! > e) {
          index[q + 1] = index[q]!;
          q--;
        }
        index[q + 1] = i;
      }
    } else if (!negative && (maxEnd + 1) * (maxEnd + 1) * size < 2 ** 53) {
      // (start, end, position) as one number: a numeric sort, no comparator calls.
      if (keys.length < size) keys = new Float64Array(size);
      const part = keys.subarray(0, size);
      for (let p = 0; p < size; p++) {
        const i = byArticle[from + p]!;
        part[p] = (raw.start[i]! * (maxEnd + 1) + raw.end[i]!) * size + p;
      }
      part.sort();
      for (let p = 0; p < size; p++) index[from + p] = byArticle[from + (part[p]! % size)]!;
    } else {
      const part = Array.from(byArticle.subarray(from, to));
      part.sort((x, y) => raw.start[x]! - raw.start[y]! || raw.end[x]! - raw.end[y]! || x - y);
      index.set(part, from);
    }
  }
  for (let p = 0; p < n; p++) {
    const i = index[p]!;
    start[p] = raw.start[i]!;
    end[p] = raw.end[i]!;
    label[p] = relabel[raw.label[i]!]!;
  }

  // Group by label within each article: counts per (article, label), then a stable scatter.
  const L = labels;
  const labelFirst = new Int32Array(articles * L + 1);
  const byLabel = n === 0 ? EMPTY : new Int32Array(n);
  if (L > 0) {
    for (let k = 0; k < articles; k++) for (let p = first[k]!; p < first[k + 1]!; p++) labelFirst[k * L + label[p]! + 1]!++;
    for (let g = 0; g < articles * L; g++) labelFirst[g + 1]! += labelFirst[g]!;
    const next = labelFirst.slice(0, articles * L);
    for (let k = 0; k < articles; k++) for (let p = first[k]!; p < first[k + 1]!; p++) byLabel[next[k * L + label[p]!]!++] = p;
  }
  return { count: n, first, start, end, label, index, byLabel, labelFirst, articleOrder: Int32Array.from(order) };
}

const pairCache = new WeakMap<readonly ScoredSpan[], WeakMap<readonly ScoredSpan[], SpanPair>>();

/**
 * spanPair, computed once per pair of arrays and shared by every metric that
 * runs on them (the arrays must not be changed afterwards).
 */
export function pairOf(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): SpanPair {
  let byB = pairCache.get(a);
  if (!byB) pairCache.set(a, (byB = new WeakMap()));
  let pair = byB.get(b);
  if (!pair) byB.set(b, (pair = spanPair(a, b)));
  return pair;
}

/** Per input position, the values of a per-sorted-position array (flags the metrics computed on sorted columns). */
export function inInputOrder(side: SideColumns, sorted: Uint8Array): Uint8Array {
  const out = new Uint8Array(side.count);
  for (let p = 0; p < side.count; p++) out[side.index[p]!] = sorted[p]!;
  return out;
}
