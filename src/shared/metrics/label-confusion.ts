import { byStart, groupBy, type ScoredSpan } from './spans';

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

export function labelConfusion(
  a: readonly ScoredSpan[],
  b: readonly ScoredSpan[],
  options: { withPairs?: boolean } = {},
): ConfusionResult {
  const counts: Record<string, Record<string, number>> = {};
  const pairs: Record<string, Record<string, [number, number][]>> = {};
  const add = (row: string, column: string, ai: number, bi: number): void => {
    const r = (counts[row] ??= {});
    r[column] = (r[column] ?? 0) + 1;
    if (options.withPairs) ((pairs[row] ??= {})[column] ??= []).push([ai, bi]);
  };
  const aOverlapped = new Uint8Array(a.length);
  const bOverlapped = new Uint8Array(b.length);
  const indexed = (spans: readonly ScoredSpan[]) => spans.map((s, index) => ({ start: s.start, end: s.end, index, article: s.article }));
  const aBy = groupBy(indexed(a), (s) => s.article);
  const bBy = groupBy(indexed(b), (s) => s.article);
  for (const [article, xs] of aBy) {
    const ys = bBy.get(article);
    if (!ys) continue;
    xs.sort(byStart);
    ys.sort(byStart);
    // Sweep: ys whose start is before x's end, kept while they may still reach later xs.
    let next = 0;
    let active: typeof ys = [];
    for (const x of xs) {
      while (next < ys.length && ys[next]!.start < x.end) active.push(ys[next++]!);
      active = active.filter((y) => y.end > x.start);
      for (const y of active) {
        if (y.start < x.end) {
          add(a[x.index]!.label, b[y.index]!.label, x.index, y.index);
          aOverlapped[x.index] = 1;
          bOverlapped[y.index] = 1;
        }
      }
    }
  }
  a.forEach((s, i) => {
    if (!aOverlapped[i]) add(s.label, NO_SPAN, i, -1);
  });
  b.forEach((s, i) => {
    if (!bOverlapped[i]) add(NO_SPAN, s.label, -1, i);
  });
  const withNone = (labels: Set<string>): string[] => {
    const none = labels.delete(NO_SPAN);
    return [...[...labels].sort(), ...(none ? [NO_SPAN] : [])];
  };
  const rowSet = new Set(Object.keys(counts));
  const columnSet = new Set(Object.values(counts).flatMap((r) => Object.keys(r)));
  return { rows: withNone(rowSet), columns: withNone(columnSet), counts, ...(options.withPairs ? { pairs } : {}) };
}
