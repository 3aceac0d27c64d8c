import { articlesBothAnnotated, labelsOf, sortedByArticle, type Figure, type ScoredSpan } from './spans';

/**
 * Krippendorff's alpha for nominal data, from the coincidence matrix:
 * α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k,
 * where each unit with m ≥ 2 values adds 1/(m − 1) to o_ck for every ordered
 * pair of its values from different coders, and n = Σ n_c counts pairable values.
 */
export interface Coincidences {
  /** Pairable values (n). */
  n: number;
  /** Σ_{c≠k} o_ck. */
  disagreement: number;
  /** n_c per value. */
  valueTotals: Map<string | number, number>;
}

export function alphaFromCoincidences({ n, disagreement, valueTotals }: Coincidences): Figure {
  let sumSquares = 0;
  for (const nc of valueTotals.values()) sumSquares += nc * nc;
  const expected = n * n - sumSquares; // Σ_{c≠k} n_c n_k
  if (n <= 1 || expected === 0) return null;
  return 1 - ((n - 1) * disagreement) / expected;
}

/**
 * α (nominal) for any number of coders with missing values: `units[u][coder]`
 * is a value, or null / undefined when that coder gave none. Units with fewer
 * than two values are not pairable and are left out, as Krippendorff defines.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): Figure {
  const c: Coincidences = { n: 0, disagreement: 0, valueTotals: new Map() };
  for (const unit of units) {
    const values = unit.filter((v): v is string | number => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    c.n += m;
    for (const v of values) c.valueTotals.set(v, (c.valueTotals.get(v) ?? 0) + 1);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) if (i !== j && values[i] !== values[j]) c.disagreement += 1 / (m - 1);
    }
  }
  return alphaFromCoincidences(c);
}

export interface TokenAlphaResult {
  /** Per label: each token is "inside a span of this label" or not. */
  byLabel: Record<string, Figure>;
  /** Each token's value is the set of labels whose spans overlap it (the empty set included). */
  overall: Figure;
  tokens: number;
  articles: string[];
}

/**
 * Krippendorff's alpha (nominal) over tokens, two coders (a and b), every
 * token of every article both sides annotated one unit. A token takes a label
 * from a side when one of that side's spans of the label shares at least one
 * character with it. `tokens` gives each article's token bounds
 * ([start0, end0, start1, end1, ...], sorted, in the unit of the span offsets).
 */
export function alphaOverTokens(a: readonly ScoredSpan[], b: readonly ScoredSpan[], tokens: ReadonlyMap<string, ArrayLike<number>>): TokenAlphaResult {
  const labels = labelsOf(a, b);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const words = Math.max(1, Math.ceil(labels.length / 32));
  const articles = articlesBothAnnotated(a, b);
  const aBy = sortedByArticle(a);
  const bBy = sortedByArticle(b);

  const perLabel = labels.map(() => ({ both: 0, aOnly: 0, bOnly: 0 }));
  const overall: Coincidences = { n: 0, disagreement: 0, valueTotals: new Map() };
  let tokenCount = 0;
  // Up to 16 labels, a token's value (its label set as bits) indexes a plain array: no map operation per token.
  const histogram = labels.length <= 16 ? new Float64Array(1 << labels.length) : null;

  for (const article of articles) {
    const bounds = tokens.get(article);
    if (!bounds) throw new RangeError(`no tokens given for article ${article}`);
    const count = bounds.length / 2;
    tokenCount += count;
    const maskA = new Uint32Array(count * words);
    const maskB = new Uint32Array(count * words);
    const mark = (spans: readonly ScoredSpan[], order: Int32Array, mask: Uint32Array): void => {
      for (const index of order) {
        const s = spans[index]!;
        const li = labelIndex.get(s.label)!;
        const word = li >>> 5;
        const bit = 1 << (li & 31);
        // First token ending after the span starts.
        let lo = 0;
        let hi = count;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (bounds[2 * mid + 1]! > s.start) hi = mid;
          else lo = mid + 1;
        }
        for (let t = lo; t < count && bounds[2 * t]! < s.end; t++) mask[t * words + word]! |= bit;
      }
    };
    mark(a, aBy.get(article)!, maskA);
    mark(b, bBy.get(article)!, maskB);

    for (let t = 0; t < count; t++) {
      let keyA: string | number = maskA[t * words]!;
      let keyB: string | number = maskB[t * words]!;
      if (words > 1) {
        keyA = Array.from(maskA.subarray(t * words, (t + 1) * words)).join(',');
        keyB = Array.from(maskB.subarray(t * words, (t + 1) * words)).join(',');
      }
      overall.n += 2;
      if (histogram) {
        histogram[keyA as number]!++;
        histogram[keyB as number]!++;
      } else {
        overall.valueTotals.set(keyA, (overall.valueTotals.get(keyA) ?? 0) + 1);
        overall.valueTotals.set(keyB, (overall.valueTotals.get(keyB) ?? 0) + 1);
      }
      if (keyA !== keyB) {
        overall.disagreement += 2;
        for (let w = 0; w < words; w++) {
          const x = maskA[t * words + w]!;
          const y = maskB[t * words + w]!;
          let bits = x | y;
          while (bits !== 0) {
            const low = bits & -bits;
            const li = w * 32 + 31 - Math.clz32(low);
            const inA = (x & low) !== 0;
            const inB = (y & low) !== 0;
            const p = perLabel[li]!;
            if (inA && inB) p.both++;
            else if (inA) p.aOnly++;
            else p.bOnly++;
            bits ^= low;
          }
        }
      } else {
        for (let w = 0; w < words; w++) {
          let bits = maskA[t * words + w]!;
          while (bits !== 0) {
            const low = bits & -bits;
            perLabel[w * 32 + 31 - Math.clz32(low)]!.both++;
            bits ^= low;
          }
        }
      }
    }
  }

  if (histogram) histogram.forEach((count, value) => count > 0 && overall.valueTotals.set(value, count));
  const byLabel: Record<string, Figure> = {};
  labels.forEach((label, li) => {
    const p = perLabel[li]!;
    const inside = 2 * p.both + p.aOnly + p.bOnly;
    byLabel[label] = alphaFromCoincidences({
      n: 2 * tokenCount,
      disagreement: 2 * (p.aOnly + p.bOnly),
      valueTotals: new Map([
        [1, inside],
        [0, 2 * tokenCount - inside],
      ]),
    });
  });
  return { byLabel, overall: alphaFromCoincidences(overall), tokens: tokenCount, articles };
}
