import { harmonicMean, labelsOf, ratio, sortedByArticle, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

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

/** Per label, the spans of one side in one article sorted by start, with the furthest end reached so far. */
function reachByLabel(spans: readonly ScoredSpan[], order: Int32Array): Map<string, { starts: number[]; maxEnds: number[] }> {
  const byLabel = new Map<string, { starts: number[]; maxEnds: number[] }>();
  for (const index of order) {
    const s = spans[index]!;
    let entry = byLabel.get(s.label);
    if (!entry) {
      entry = { starts: [], maxEnds: [] };
      byLabel.set(s.label, entry);
    }
    const last = entry.maxEnds.length ? entry.maxEnds[entry.maxEnds.length - 1]! : -Infinity;
    entry.starts.push(s.start);
    entry.maxEnds.push(Math.max(last, s.end));
  }
  return byLabel;
}

/** Marks each span of `xs` that overlaps a same-label span of the other side. */
function markOverlapping(xs: readonly ScoredSpan[], order: Int32Array, other: Map<string, { starts: number[]; maxEnds: number[] }>, out: Uint8Array): void {
  for (const index of order) {
    const x = xs[index]!;
    const ys = other.get(x.label);
    if (!ys) continue;
    // Last y starting before x ends; some y up to it reaching past x's start overlaps x.
    let lo = 0;
    let hi = ys.starts.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ys.starts[mid]! < x.end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last >= 0 && ys.maxEnds[last]! > x.start) out[index] = 1;
  }
}

export function overlapMatch(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): OverlapResult {
  const aFound = new Uint8Array(a.length);
  const bFound = new Uint8Array(b.length);
  const aBy = sortedByArticle(a);
  const bBy = sortedByArticle(b);
  for (const [article, ai] of aBy) {
    const bi = bBy.get(article);
    if (!bi) continue;
    markOverlapping(a, ai, reachByLabel(b, bi), aFound);
    markOverlapping(b, bi, reachByLabel(a, ai), bFound);
  }

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
