import { harmonicMean, labelsOf, ratio, sortedByArticle, type ByLabel, type PrfScore, type ScoredSpan } from './spans';

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
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  const aBy = sortedByArticle(a);
  const bBy = sortedByArticle(b);
  for (const [article, ai] of aBy) {
    const bi = bBy.get(article);
    if (!bi) continue;
    // Walk both sorted lists; within a run of equal (start, end), pair equal labels one to one.
    let i = 0;
    let j = 0;
    while (i < ai.length && j < bi.length) {
      const x = a[ai[i]!]!;
      const y = b[bi[j]!]!;
      const order = x.start - y.start || x.end - y.end;
      if (order < 0) i++;
      else if (order > 0) j++;
      else {
        let i2 = i;
        while (i2 < ai.length && a[ai[i2]!]!.start === x.start && a[ai[i2]!]!.end === x.end) i2++;
        let j2 = j;
        while (j2 < bi.length && b[bi[j2]!]!.start === x.start && b[bi[j2]!]!.end === x.end) j2++;
        for (let p = i; p < i2; p++) {
          const label = a[ai[p]!]!.label;
          for (let q = j; q < j2; q++) {
            if (!bMatched[bi[q]!] && b[bi[q]!]!.label === label) {
              bMatched[bi[q]!] = 1;
              aMatched[ai[p]!] = 1;
              break;
            }
          }
        }
        i = i2;
        j = j2;
      }
    }
  }

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
