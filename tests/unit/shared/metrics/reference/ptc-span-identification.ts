import { harmonicMean, labelsOf, mergeSorted, ratio, sortedByArticle, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

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

const NONE = new Int32Array(0);

function scoreArticle(a: readonly ScoredSpan[], aOrder: Int32Array, b: readonly ScoredSpan[], bOrder: Int32Array, into: Sums): void {
  const s = mergeSorted(a, aOrder);
  const t = mergeSorted(b, bOrder);
  into.aCount += s.starts.length;
  into.bCount += t.starts.length;
  // Both lists are sorted and disjoint within themselves: one sweep finds every intersecting pair.
  let i = 0;
  let j = 0;
  while (i < s.starts.length && j < t.starts.length) {
    const overlap = Math.min(s.ends[i]!, t.ends[j]!) - Math.max(s.starts[i]!, t.starts[j]!);
    if (overlap > 0) {
      into.precisionSum += overlap / (s.ends[i]! - s.starts[i]!);
      into.recallSum += overlap / (t.ends[j]! - t.starts[j]!);
    }
    if (s.ends[i]! <= t.ends[j]!) i++;
    else j++;
  }
}

type Orders = Map<string, Int32Array>;

function scoreSpans(a: readonly ScoredSpan[], aBy: Orders, b: readonly ScoredSpan[], bBy: Orders): PtcScore {
  const sums: Sums = { precisionSum: 0, recallSum: 0, aCount: 0, bCount: 0 };
  for (const [article, order] of aBy) scoreArticle(a, order, b, bBy.get(article) ?? NONE, sums);
  for (const [article, order] of bBy) if (!aBy.has(article)) scoreArticle(a, NONE, b, order, sums);
  const precision = ratio(sums.precisionSum, sums.aCount);
  const recall = ratio(sums.recallSum, sums.bCount);
  return { ...sums, precision, recall, f1: harmonicMean(precision, recall) };
}

/** Each article's sorted order split by label in one pass (each part stays sorted: no new sort). */
function ordersByLabel(spans: readonly ScoredSpan[], orders: Orders): Map<string, Orders> {
  const result = new Map<string, Orders>();
  for (const [article, order] of orders) {
    const parts = new Map<string, number[]>();
    for (const index of order) {
      const label = spans[index]!.label;
      const part = parts.get(label);
      if (part) part.push(index);
      else parts.set(label, [index]);
    }
    for (const [label, part] of parts) {
      let byArticle = result.get(label);
      if (!byArticle) result.set(label, (byArticle = new Map()));
      byArticle.set(article, Int32Array.from(part));
    }
  }
  return result;
}

const NO_ORDERS: Orders = new Map();

export function ptcSpanIdentification(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): ByLabel<PtcScore> {
  const aBy = sortedByArticle(a);
  const bBy = sortedByArticle(b);
  const aByLabel = ordersByLabel(a, aBy);
  const bByLabel = ordersByLabel(b, bBy);
  const byLabel: Record<string, PtcScore> = {};
  for (const label of labelsOf(a, b)) byLabel[label] = scoreSpans(a, aByLabel.get(label) ?? NO_ORDERS, b, bByLabel.get(label) ?? NO_ORDERS);
  return { overall: scoreSpans(a, aBy, b, bBy), byLabel };
}
