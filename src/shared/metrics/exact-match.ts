import { harmonicMean, labelsOf, ratio, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

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

const keyOf = (s: ScoredSpan): string => `${s.article}\u0000${s.start}\u0000${s.end}\u0000${s.label}`;

export function exactMatch(a: readonly ScoredSpan[], b: readonly ScoredSpan[]): ExactMatchResult {
  // Indices of b's spans still free, per key; each a span takes one.
  const freeInB = new Map<string, number[]>();
  b.forEach((s, i) => {
    const k = keyOf(s);
    const list = freeInB.get(k);
    if (list) list.push(i);
    else freeInB.set(k, [i]);
  });
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  a.forEach((s, i) => {
    const free = freeInB.get(keyOf(s));
    if (free && free.length > 0) {
      bMatched[free.pop()!] = 1;
      aMatched[i] = 1;
    }
  });

  const counts = new Map<string, { a: number; b: number; matched: number }>();
  for (const label of labelsOf(a, b)) counts.set(label, { a: 0, b: 0, matched: 0 });
  a.forEach((s, i) => {
    const c = counts.get(s.label)!;
    c.a++;
    c.matched += aMatched[i]!;
  });
  for (const s of b) counts.get(s.label)!.b++;

  const byLabel: Record<string, ExactMatchScore> = {};
  let matched = 0;
  for (const [label, c] of counts) {
    byLabel[label] = score(c.matched, c.a, c.b);
    matched += c.matched;
  }
  return { overall: score(matched, a.length, b.length), byLabel, aMatched, bMatched };
}

function score(matched: number, aCount: number, bCount: number): ExactMatchScore {
  const precision = ratio(matched, aCount);
  const recall = ratio(matched, bCount);
  return { precision, recall, f1: harmonicMean(precision, recall), aCount, bCount, matched };
}
