import { sortedByArticle, type ScoredSpan } from './spans';

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
  const counts: Record<string, Record<string, number>> = {};
  const pairs: Record<string, Record<string, [number, number][]>> = {};
  const add = (row: string, column: string, ai: number, bi: number): void => {
    const r = (counts[row] ??= {});
    r[column] = (r[column] ?? 0) + 1;
    if (options.withPairs) ((pairs[row] ??= {})[column] ??= []).push([ai, bi]);
  };
  const aOverlapped = new Uint8Array(a.length);
  const bOverlapped = new Uint8Array(b.length);
  const aBy = sortedByArticle(a);
  const bBy = sortedByArticle(b);
  for (const [article, xs] of aBy) {
    const ys = bBy.get(article);
    if (!ys) continue;
    // Sweep by start: b's spans that started before x ends, kept while they may still reach later spans of a.
    let next = 0;
    let active: number[] = [];
    for (const xi of xs) {
      const x = a[xi]!;
      while (next < ys.length && b[ys[next]!]!.start < x.end) active.push(ys[next++]!);
      active = active.filter((yi) => b[yi]!.end > x.start);
      for (const yi of active) {
        if (b[yi]!.start >= x.end) continue; // taken in for an earlier, longer span of a
        add(x.label, b[yi]!.label, xi, yi);
        aOverlapped[xi] = 1;
        bOverlapped[yi] = 1;
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
