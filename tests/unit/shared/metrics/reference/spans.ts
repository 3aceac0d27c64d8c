/**
 * What every agreement metric works on: the spans of two sides ("a", the side
 * being scored, and "b", the reference), each a label on [start, end) of one
 * article. Offsets are whatever unit the caller chose (the service passes
 * Unicode code points); every metric only compares them.
 */
export interface ScoredSpan {
  article: string;
  start: number;
  end: number;
  label: string;
}

/** A figure that has nothing to divide by (no spans on a side, no variation) is null, never a made-up 0 or 1. */
export type Figure = number | null;

export function ratio(numerator: number, denominator: number): Figure {
  return denominator === 0 ? null : numerator / denominator;
}

export function harmonicMean(precision: Figure, recall: Figure): Figure {
  if (precision === null || recall === null) return null;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Precision over a's spans, recall over b's. */
export interface PrfScore {
  precision: Figure;
  recall: Figure;
  f1: Figure;
  /** Spans (or merged spans, for PTC) on each side. */
  aCount: number;
  bCount: number;
}

export interface ByLabel<T> {
  overall: T;
  byLabel: Record<string, T>;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Facts about one array of spans, computed once and shared by every metric
 * that runs on it (the arrays must not be changed afterwards, as for
 * sortedByArticle): a report with every metric reads each side once for them.
 */
const labelCache = new WeakMap<readonly ScoredSpan[], Set<string>>();
const articleCache = new WeakMap<readonly ScoredSpan[], Set<string>>();

function labelSet(spans: readonly ScoredSpan[]): Set<string> {
  let set = labelCache.get(spans);
  if (!set) {
    set = new Set();
    // Runs of one label are common (spans come grouped): skip the set lookup within a run.
    let last: string | undefined;
    for (const s of spans) if (s.label !== last) set.add((last = s.label));
    labelCache.set(spans, set);
  }
  return set;
}

function articleSet(spans: readonly ScoredSpan[]): Set<string> {
  let set = articleCache.get(spans);
  if (!set) {
    set = new Set();
    let last: string | undefined;
    for (const s of spans) if (s.article !== last) set.add((last = s.article));
    articleCache.set(spans, set);
  }
  return set;
}

/** Every label on either side, sorted. */
export function labelsOf(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): string[] {
  return [...new Set([...labelSet(a), ...labelSet(b)])].sort();
}

export const byStart = (x: { start: number; end: number }, y: { start: number; end: number }): number => x.start - y.start || x.end - y.end;

/**
 * Unions intervals that share at least one character; intervals that only
 * touch ([0,5) and [5,9)) stay apart. Overlap is transitive: [0,4), [3,6),
 * [5,9) become [0,9). Returns new, sorted intervals.
 */
export function mergeOverlapping(intervals: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...intervals].sort(byStart);
  const merged: { start: number; end: number }[] = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && start < last.end) {
      if (end > last.end) last.end = end;
    } else {
      merged.push({ start, end });
    }
  }
  return merged;
}

/** Articles in which both sides have at least one span, sorted. */
export function articlesBothAnnotated(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): string[] {
  const inB = articleSet(b);
  return [...articleSet(a)].filter((article) => inB.has(article)).sort();
}

/** The articles of one side's spans. */
export function articlesOf(spans: readonly ScoredSpan[]): ReadonlySet<string> {
  return articleSet(spans);
}

const sortedIndexCache = new WeakMap<readonly ScoredSpan[], Map<string, Int32Array>>();

/**
 * Each article's spans as indices into `spans`, sorted by start then end.
 * Computed once per array and shared by every metric that runs on it (the
 * arrays must not be changed afterwards).
 */
export function sortedByArticle(spans: readonly ScoredSpan[]): Map<string, Int32Array> {
  const cached = sortedIndexCache.get(spans);
  if (cached) return cached;
  const lists = new Map<string, number[]>();
  for (let i = 0; i < spans.length; i++) {
    const article = spans[i]!.article;
    const list = lists.get(article);
    if (list) list.push(i);
    else lists.set(article, [i]);
  }
  const result = new Map<string, Int32Array>();
  for (const [article, list] of lists) result.set(article, sortIndices(spans, list));
  sortedIndexCache.set(spans, result);
  return result;
}

/**
 * Indices of spans sorted by start, then end, then index. When start, end and
 * the position in the list fit in 53 bits together (articles under 2 million
 * characters, lists under 2,048 spans), each becomes one number and a numeric
 * sort does the work without a comparator call per comparison.
 */
function sortIndices(spans: readonly ScoredSpan[], list: readonly number[]): Int32Array {
  const order = Int32Array.from(list);
  let maxEnd = 0;
  for (const i of list) if (spans[i]!.end > maxEnd) maxEnd = spans[i]!.end;
  if (list.length > 2048 || maxEnd >= 2 ** 21 || list.some((i) => spans[i]!.start < 0)) {
    order.sort((x, y) => spans[x]!.start - spans[y]!.start || spans[x]!.end - spans[y]!.end || x - y);
    return order;
  }
  const keys = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const s = spans[list[k]!]!;
    keys[k] = (s.start * 2 ** 21 + s.end) * 2048 + k;
  }
  keys.sort();
  for (let k = 0; k < keys.length; k++) order[k] = list[keys[k]! % 2048]!;
  return order;
}

/** mergeOverlapping for spans already sorted by start (the indices `order` into `spans`). */
export function mergeSorted(spans: readonly ScoredSpan[], order: ArrayLike<number>): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const s = spans[order[k]!]!;
    const last = ends.length - 1;
    if (last >= 0 && s.start < ends[last]!) {
      if (s.end > ends[last]!) ends[last] = s.end;
    } else {
      starts.push(s.start);
      ends.push(s.end);
    }
  }
  return { starts, ends };
}
