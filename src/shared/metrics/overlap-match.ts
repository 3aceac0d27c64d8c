import { inInputOrder, pairOf, type SideColumns, type SpanPair } from './span-pair';
import { harmonicMean, ratio, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

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

export function overlapMatch(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): OverlapResult {
  return overlapMatchOfPair(pairOf(a, b));
}

/**
 * Marks each span of one (article, label) group of `xs` that overlaps a span
 * of the matching group of `ys`. Both groups are sorted by start; `reach`
 * (scratch) gets the furthest end of ys reached so far.
 */
function markGroup(xs: SideColumns, xFrom: number, xTo: number, ys: SideColumns, yFrom: number, yTo: number, reach: Int32Array, out: Uint8Array): void {
  let max = -2147483648;
  for (let q = yFrom; q < yTo; q++) {
    const e = ys.end[ys.byLabel[q]!]!;
    if (e > max) max = e;
    reach[q - yFrom] = max;
  }
  const count = yTo - yFrom;
  for (let g = xFrom; g < xTo; g++) {
    const p = xs.byLabel[g]!;
    const xEnd = xs.end[p]!;
    // Last y starting before x ends; some y up to it reaching past x's start overlaps x.
    let lo = 0;
    let hi = count - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ys.start[ys.byLabel[yFrom + mid]!]! < xEnd) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last >= 0 && reach[last]! > xs.start[p]!) out[p] = 1;
  }
}

export function overlapMatchOfPair(pair: SpanPair): OverlapResult {
  const { a, b } = pair;
  const L = pair.labels.length;
  const aFound = new Uint8Array(a.count);
  const bFound = new Uint8Array(b.count);
  let reach = new Int32Array(16);
  for (const k of a.articleOrder) {
    if (b.first[k + 1] === b.first[k]) continue;
    for (let l = 0; l < L; l++) {
      const g = k * L + l;
      const aFrom = a.labelFirst[g]!;
      const aTo = a.labelFirst[g + 1]!;
      const bFrom = b.labelFirst[g]!;
      const bTo = b.labelFirst[g + 1]!;
      if (aFrom === aTo || bFrom === bTo) continue;
      if (reach.length < Math.max(aTo - aFrom, bTo - bFrom)) reach = new Int32Array(2 * Math.max(aTo - aFrom, bTo - bFrom));
      markGroup(a, aFrom, aTo, b, bFrom, bTo, reach, aFound);
      markGroup(b, bFrom, bTo, a, aFrom, aTo, reach, bFound);
    }
  }

  const counts = pair.labels.map(() => ({ a: 0, b: 0, aFound: 0, bFound: 0 }));
  for (let p = 0; p < a.count; p++) {
    const c = counts[a.label[p]!]!;
    c.a++;
    c.aFound += aFound[p]!;
  }
  for (let q = 0; q < b.count; q++) {
    const c = counts[b.label[q]!]!;
    c.b++;
    c.bFound += bFound[q]!;
  }
  const byLabel: Record<string, OverlapScore> = {};
  const total = { a: 0, b: 0, aFound: 0, bFound: 0 };
  pair.labels.forEach((label, l) => {
    const c = counts[l]!;
    byLabel[label] = score(c);
    total.a += c.a;
    total.b += c.b;
    total.aFound += c.aFound;
    total.bFound += c.bFound;
  });
  return { overall: score(total), byLabel, aFound: inInputOrder(a, aFound), bFound: inInputOrder(b, bFound) };
}

function score(c: { a: number; b: number; aFound: number; bFound: number }): OverlapScore {
  const precision = ratio(c.aFound, c.a);
  const recall = ratio(c.bFound, c.b);
  return { precision, recall, f1: harmonicMean(precision, recall), aCount: c.a, bCount: c.b, aFound: c.aFound, bFound: c.bFound };
}
