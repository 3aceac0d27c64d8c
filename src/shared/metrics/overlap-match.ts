import { byStart, groupBy, harmonicMean, labelsOf, ratio, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

/**
 * Overlap (relaxed) span agreement: a span counts as found when the other side
 * has a span with the same label in the same article sharing at least one
 * character with it (spans that only touch do not overlap). Precision = a's
 * spans found in b / |a|; recall = b's spans found in a / |b|.
 */
export interface OverlapScore extends PrfScore {
  /** a's spans that overlap a same-label span of b. */
  aFound: number;
  /** b's spans that overlap a same-label span of a. */
  bFound: number;
}

export interface OverlapResult extends ByLabel<OverlapScore> {
  aFound: Uint8Array;
  bFound: Uint8Array;
}

interface Indexed {
  start: number;
  end: number;
  index: number;
}

/** Marks each span of `xs` that overlaps any span of `ys` (both of one article and label). */
function markOverlapping(xs: readonly Indexed[], ys: readonly Indexed[], out: Uint8Array): void {
  if (ys.length === 0) return;
  const sorted = [...ys].sort(byStart);
  // prefixMaxEnd[i] = the furthest end among the first i+1 spans by start.
  const prefixMaxEnd = new Float64Array(sorted.length);
  let max = -Infinity;
  sorted.forEach((y, i) => {
    max = Math.max(max, y.end);
    prefixMaxEnd[i] = max;
  });
  for (const x of xs) {
    // Last y starting before x ends.
    let lo = 0;
    let hi = sorted.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < x.end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last >= 0 && prefixMaxEnd[last]! > x.start) out[x.index] = 1;
  }
}

export function overlapMatch(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): OverlapResult {
  const aFound = new Uint8Array(a.length);
  const bFound = new Uint8Array(b.length);
  const key = (s: Indexed & { span: ScoredSpan }): string => `${s.span.article}\u0000${s.span.label}`;
  const groupsA = groupBy(
    a.map((span, index) => ({ start: span.start, end: span.end, index, span })),
    key,
  );
  const groupsB = groupBy(
    b.map((span, index) => ({ start: span.start, end: span.end, index, span })),
    key,
  );
  for (const [k, xs] of groupsA) markOverlapping(xs, groupsB.get(k) ?? [], aFound);
  for (const [k, ys] of groupsB) markOverlapping(ys, groupsA.get(k) ?? [], bFound);

  const counts = new Map<string, { a: number; b: number; aFound: number; bFound: number }>();
  for (const label of labelsOf(a, b)) counts.set(label, { a: 0, b: 0, aFound: 0, bFound: 0 });
  a.forEach((s, i) => {
    const c = counts.get(s.label)!;
    c.a++;
    c.aFound += aFound[i]!;
  });
  b.forEach((s, i) => {
    const c = counts.get(s.label)!;
    c.b++;
    c.bFound += bFound[i]!;
  });
  const byLabel: Record<string, OverlapScore> = {};
  const total = { a: 0, b: 0, aFound: 0, bFound: 0 };
  for (const [label, c] of counts) {
    byLabel[label] = score(c);
    total.a += c.a;
    total.b += c.b;
    total.aFound += c.aFound;
    total.bFound += c.bFound;
  }
  return { overall: score(total), byLabel, aFound, bFound };
}

function score(c: { a: number; b: number; aFound: number; bFound: number }): OverlapScore {
  const precision = ratio(c.aFound, c.a);
  const recall = ratio(c.bFound, c.b);
  return { precision, recall, f1: harmonicMean(precision, recall), aCount: c.a, bCount: c.b, aFound: c.aFound, bFound: c.bFound };
}
