import { inInputOrder, pairOf, type SpanPair } from './span-pair';
import { harmonicMean, ratio, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

/**
 * Exact-match span agreement: a span of a matches a span of b when article,
 * start, end and label are all equal. Duplicates count as often as they occur:
 * three identical spans on a and two on b make two matches and one unmatched
 * span of a. Precision = matches / |a|, recall = matches / |b|.
 */
export interface ExactMatchScore extends PrfScore {
  matched: number;
}

export interface ExactMatchResult extends ByLabel<ExactMatchScore> {
  /** Per span, in input order: was it matched (drill-down). */
  aMatched: Uint8Array;
  bMatched: Uint8Array;
}

export function exactMatch(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): ExactMatchResult {
  return exactMatchOfPair(pairOf(a, b));
}

export function exactMatchOfPair(pair: SpanPair): ExactMatchResult {
  const { a, b } = pair;
  // Flags per sorted position.
  const aMatched = new Uint8Array(a.count);
  const bMatched = new Uint8Array(b.count);
  for (const k of a.articleOrder) {
    const aEnd = a.first[k + 1]!;
    const bEnd = b.first[k + 1]!;
    // Walk both sorted lists; within a run of equal (start, end), pair equal labels one to one.
    let i = a.first[k]!;
    let j = b.first[k]!;
    while (i < aEnd && j < bEnd) {
      const start = a.start[i]!;
      const end = a.end[i]!;
      const order = start - b.start[j]! || end - b.end[j]!;
      if (order < 0) i++;
      else if (order > 0) j++;
      else {
        let i2 = i;
        while (i2 < aEnd && a.start[i2] === start && a.end[i2] === end) i2++;
        let j2 = j;
        while (j2 < bEnd && b.start[j2] === start && b.end[j2] === end) j2++;
        for (let p = i; p < i2; p++) {
          const label = a.label[p]!;
          for (let q = j; q < j2; q++) {
            if (!bMatched[q] && b.label[q] === label) {
              bMatched[q] = 1;
              aMatched[p] = 1;
              break;
            }
          }
        }
        i = i2;
        j = j2;
      }
    }
  }

  const L = pair.labels.length;
  const aCount = new Float64Array(L);
  const bCount = new Float64Array(L);
  const matchedBy = new Float64Array(L);
  for (let p = 0; p < a.count; p++) {
    aCount[a.label[p]!]!++;
    matchedBy[a.label[p]!]! += aMatched[p]!;
  }
  for (let q = 0; q < b.count; q++) bCount[b.label[q]!]!++;

  const byLabel: Record<string, ExactMatchScore> = {};
  let matched = 0;
  pair.labels.forEach((label, l) => {
    byLabel[label] = score(matchedBy[l]!, aCount[l]!, bCount[l]!);
    matched += matchedBy[l]!;
  });
  return { overall: score(matched, a.count, b.count), byLabel, aMatched: inInputOrder(a, aMatched), bMatched: inInputOrder(b, bMatched) };
}

function score(matched: number, aCount: number, bCount: number): ExactMatchScore {
  const precision = ratio(matched, aCount);
  const recall = ratio(matched, bCount);
  return { precision, recall, f1: harmonicMean(precision, recall), aCount, bCount, matched };
}
