import { pairOf, type SideColumns, type SpanPair } from './span-pair';
import { harmonicMean, ratio, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

/**
 * The span-identification score of SemEval-2020 Task 11 (the Propaganda
 * Techniques Corpus), with a as the submission S and b as the gold T.
 * Each span is the set of its character indices;
 *   P = Σ_{s∈S, t∈T} |s∩t| / |s|  /  |S|
 *   R = Σ_{s∈S, t∈T} |s∩t| / |t|  /  |T|
 * summed over articles (pairs only within one article), F1 = 2PR / (P + R).
 * Before scoring, overlapping spans within each side are merged (the
 * organisers' scorer always merges the gold side and merges the submission
 * with -m); spans that only touch stay apart. Labels are ignored (span
 * identification); by label, both sides are first restricted to that label.
 * Articles only one side annotated count too: gold articles missing from the
 * submission add their spans to |T|, and the reverse adds to |S|.
 */
export interface PtcScore extends PrfScore {
  /** Σ |s∩t| / |s| and Σ |s∩t| / |t|, before dividing by the merged span counts. */
  precisionSum: number;
  recallSum: number;
}

interface Sums {
  precisionSum: number;
  recallSum: number;
  aCount: number;
  bCount: number;
}

/** Merged spans of one article (and label) of one side, in scratch arrays. */
interface Merged {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/**
 * Merges the sorted positions `positions[from..to)` (or from..to themselves
 * when positions is null) of a side: spans sharing a character become one.
 */
function mergeInto(side: SideColumns, positions: Int32Array | null, from: number, to: number, into: Merged): void {
  if (into.starts.length < to - from) {
    into.starts = new Int32Array(2 * (to - from));
    into.ends = new Int32Array(2 * (to - from));
  }
  let n = 0;
  for (let g = from; g < to; g++) {
    const p = positions ? positions[g]! : g;
    const start = side.start[p]!;
    const end = side.end[p]!;
    if (n > 0 && start < into.ends[n - 1]!) {
      if (end > into.ends[n - 1]!) into.ends[n - 1] = end;
    } else {
      into.starts[n] = start;
      into.ends[n] = end;
      n++;
    }
  }
  into.count = n;
}

function sweep(s: Merged, t: Merged, into: Sums): void {
  into.aCount += s.count;
  into.bCount += t.count;
  // Both lists are sorted and disjoint within themselves: one sweep finds every intersecting pair.
  let i = 0;
  let j = 0;
  while (i < s.count && j < t.count) {
    const overlap = Math.min(s.ends[i]!, t.ends[j]!) - Math.max(s.starts[i]!, t.starts[j]!);
    if (overlap > 0) {
      into.precisionSum += overlap / (s.ends[i]! - s.starts[i]!);
      into.recallSum += overlap / (t.ends[j]! - t.starts[j]!);
    }
    if (s.ends[i]! <= t.ends[j]!) i++;
    else j++;
  }
}

function finish(sums: Sums): PtcScore {
  const precision = ratio(sums.precisionSum, sums.aCount);
  const recall = ratio(sums.recallSum, sums.bCount);
  return { ...sums, precision, recall, f1: harmonicMean(precision, recall) };
}

export function ptcSpanIdentification(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): ByLabel<PtcScore> {
  return ptcOfPair(pairOf(a, b));
}

/**
 * Articles are summed in the order of a's spans, then b's articles a has none
 * in (by label: none of that label), in the order of b's spans: the floating
 * point sums come out the same whatever builds the pair.
 */
export function ptcOfPair(pair: SpanPair): ByLabel<PtcScore> {
  const { a, b } = pair;
  const L = pair.labels.length;
  const s: Merged = { starts: new Int32Array(16), ends: new Int32Array(16), count: 0 };
  const t: Merged = { starts: new Int32Array(16), ends: new Int32Array(16), count: 0 };

  const overall: Sums = { precisionSum: 0, recallSum: 0, aCount: 0, bCount: 0 };
  for (const k of a.articleOrder) {
    mergeInto(a, null, a.first[k]!, a.first[k + 1]!, s);
    mergeInto(b, null, b.first[k]!, b.first[k + 1]!, t);
    sweep(s, t, overall);
  }
  s.count = 0;
  for (const k of b.articleOrder) {
    if (a.first[k + 1]! > a.first[k]!) continue;
    mergeInto(b, null, b.first[k]!, b.first[k + 1]!, t);
    sweep(s, t, overall);
  }

  const byLabel: Record<string, PtcScore> = {};
  pair.labels.forEach((label, l) => {
    const sums: Sums = { precisionSum: 0, recallSum: 0, aCount: 0, bCount: 0 };
    for (const k of a.articleOrder) {
      const g = k * L + l;
      if (a.labelFirst[g + 1] === a.labelFirst[g]) continue;
      mergeInto(a, a.byLabel, a.labelFirst[g]!, a.labelFirst[g + 1]!, s);
      mergeInto(b, b.byLabel, b.labelFirst[g]!, b.labelFirst[g + 1]!, t);
      sweep(s, t, sums);
    }
    s.count = 0;
    for (const k of b.articleOrder) {
      const g = k * L + l;
      if (b.labelFirst[g + 1] === b.labelFirst[g] || a.labelFirst[g + 1]! > a.labelFirst[g]!) continue;
      mergeInto(b, b.byLabel, b.labelFirst[g]!, b.labelFirst[g + 1]!, t);
      sweep(s, t, sums);
    }
    byLabel[label] = finish(sums);
  });
  return { overall: finish(overall), byLabel };
}
