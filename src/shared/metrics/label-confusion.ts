import { inInputOrder, pairOf, type SpanPair } from './span-pair';
import type { ScoredSpan } from './spans';

/** The row or column for spans the other side has nothing overlapping. */
export const NO_SPAN = '(none)';

/**
 * Label confusion matrix over overlapping spans: every pair of a span of a and
 * a span of b in the same article that share at least one character counts
 * once in cell [a's label][b's label]. A span of a that overlaps nothing of b
 * counts in [its label][(none)], and a span of b that overlaps nothing of a in
 * [(none)][its label].
 */
export interface ConfusionResult {
  /** Row labels (a's), then (none) when used. */
  rows: string[];
  /** Column labels (b's), then (none) when used. */
  columns: string[];
  /** counts[row][column]. */
  counts: Record<string, Record<string, number>>;
  /** The pairs behind each cell, as indices into a and b (−1 for none), when asked for. */
  pairs?: Record<string, Record<string, [number, number][]>>;
}

export function labelConfusion(a: readonly ScoredSpan[], b: readonly ScoredSpan[], options: { withPairs?: boolean } = {}): ConfusionResult {
  return labelConfusionOfPair(pairOf(a, b), options);
}

export function labelConfusionOfPair(pair: SpanPair, options: { withPairs?: boolean } = {}): ConfusionResult {
  const { a, b } = pair;
  const L = pair.labels.length;
  const none = L; // the (none) row and column
  // Cells counted in a matrix; `firstHits` keeps the order cells were first used, the order of the result's keys.
  const cells = new Float64Array((L + 1) * (L + 1));
  const firstHits: number[] = [];
  const pairs: Record<string, Record<string, [number, number][]>> = {};
  const name = (l: number): string => (l === none ? NO_SPAN : pair.labels[l]!);
  const add = (row: number, column: number, ai: number, bi: number): void => {
    const cell = row * (L + 1) + column;
    if (cells[cell]!++ === 0) firstHits.push(cell);
    if (options.withPairs) ((pairs[name(row)] ??= {})[name(column)] ??= []).push([ai, bi]);
  };
  const aOverlapped = new Uint8Array(a.count);
  const bOverlapped = new Uint8Array(b.count);
  let active = new Int32Array(16);
  for (const k of a.articleOrder) {
    const yFrom = b.first[k]!;
    const yTo = b.first[k + 1]!;
    if (yFrom === yTo) continue;
    // Sweep by start: b's spans that started before x ends, kept while they may still reach later spans of a.
    let next = yFrom;
    let size = 0;
    for (let p = a.first[k]!; p < a.first[k + 1]!; p++) {
      const xStart = a.start[p]!;
      const xEnd = a.end[p]!;
      while (next < yTo && b.start[next]! < xEnd) {
        if (size === active.length) {
          const grown = new Int32Array(2 * size);
          grown.set(active);
          active = grown;
        }
        active[size++] = next++;
      }
      let kept = 0;
      for (let m = 0; m < size; m++) if (b.end[active[m]!]! > xStart) active[kept++] = active[m]!;
      size = kept;
      for (let m = 0; m < size; m++) {
        const q = active[m]!;
        if (b.start[q]! >= xEnd) continue; // taken in for an earlier, longer span of a
        add(a.label[p]!, b.label[q]!, a.index[p]!, b.index[q]!);
        aOverlapped[p] = 1;
        bOverlapped[q] = 1;
      }
    }
  }
  for (const [side, overlapped, which] of [
    [a, aOverlapped, 0],
    [b, bOverlapped, 1],
  ] as const) {
    const flags = inInputOrder(side, overlapped);
    const labels = new Int32Array(side.count);
    for (let p = 0; p < side.count; p++) labels[side.index[p]!] = side.label[p]!;
    for (let i = 0; i < side.count; i++) {
      if (flags[i]) continue;
      if (which === 0) add(labels[i]!, none, i, -1);
      else add(none, labels[i]!, -1, i);
    }
  }
  const counts: Record<string, Record<string, number>> = {};
  for (const cell of firstHits) {
    const row = Math.floor(cell / (L + 1));
    const column = cell % (L + 1);
    (counts[name(row)] ??= {})[name(column)] = cells[cell]!;
  }
  const withNone = (labels: Set<string>): string[] => {
    const hasNone = labels.delete(NO_SPAN);
    return [...[...labels].sort(), ...(hasNone ? [NO_SPAN] : [])];
  };
  const rowSet = new Set(Object.keys(counts));
  const columnSet = new Set(Object.values(counts).flatMap((r) => Object.keys(r)));
  return { rows: withNone(rowSet), columns: withNone(columnSet), counts, ...(options.withPairs ? { pairs } : {}) };
}
