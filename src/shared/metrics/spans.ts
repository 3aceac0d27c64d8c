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
