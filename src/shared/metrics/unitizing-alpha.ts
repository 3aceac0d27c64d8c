import { pairOf, type SpanPair } from './span-pair';
import { mergeSorted, type Figure, type ScoredSpan } from './spans';

/**
 * Krippendorff's unitizing alpha (α_U, Krippendorff 1995) for R raters, as
 * DKPro Agreement's KrippendorffAlphaUnitizingAgreement computes it and
 * INCEpTION reports it. Per label c, each rater's continuum [0, L) is cut into
 * units of c and gaps; the observed disagreement sums over every overlapping
 * pair of segments from two raters
 *   unit vs unit:  (b1 − b2)² + (e1 − e2)²
 *   unit inside the other's gap:  length²
 * then D_O = 2 Σ / (R (R − 1) L²). The expected disagreement is
 *   D_E = (2 / L) Σ_units [ (N_c − 1)(2l³ − 3l² + l) / 3 + l² Σ_{gaps g ≥ l} (g − l + 1) ]
 *         / (R L (R L − 1) − Σ_units l (l − 1)),
 * and α_c = 1 − D_O / D_E (0 when D_O = D_E, as DKPro). Overall, D_O and D_E
 * are each averaged over the labels that occur before dividing.
 *
 * DKPro requires that one rater's units of one label never overlap; here they
 * are merged first (spans that only touch stay two units).
 */
export interface UnitizingStudy {
  /** Continuum length L. */
  length: number;
  /** Units per rater, any order. */
  raters: ReadonlyArray<ReadonlyArray<{ start: number; end: number; label: string }>>;
}

export interface UnitizingCategoryResult {
  observed: number;
  expected: number;
  alpha: Figure;
}

/** One rater's units of one label: sorted, disjoint (merged), clipped to the continuum; the first `count` entries. */
interface Units {
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  count: number;
}

function alphaOf(observed: number, expected: number): Figure {
  if (Number.isNaN(observed) || Number.isNaN(expected)) return null;
  if (observed === expected) return 0;
  return 1 - observed / expected;
}

/** A rater's continuum as alternating gaps and units: segment k is [bounds[k], bounds[k+1]), a unit when isUnit[k]. */
interface Segments {
  bounds: Float64Array;
  isUnit: Uint8Array;
  count: number;
}

function segmentsOf(units: Units, length: number): Segments {
  const bounds = new Float64Array(2 * units.count + 2);
  const isUnit = new Uint8Array(2 * units.count + 1);
  let n = 0;
  let pos = 0;
  for (let k = 0; k < units.count; k++) {
    if (units.starts[k]! > pos) {
      bounds[++n] = units.starts[k]!;
      isUnit[n - 1] = 0;
    }
    bounds[++n] = units.ends[k]!;
    isUnit[n - 1] = 1;
    pos = units.ends[k]!;
  }
  if (pos < length) {
    bounds[++n] = length;
    isUnit[n - 1] = 0;
  }
  return { bounds, isUnit, count: n };
}

/** Σ over every overlapping pair of segments of two raters: unit vs unit (b1 − b2)² + (e1 − e2)², a unit inside the other's gap its length². */
function observedBetween(x: Segments, y: Segments): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  // The two current segments always overlap: both cover the position the walk has reached.
  while (i < x.count && j < y.count) {
    const s1 = x.bounds[i]!;
    const e1 = x.bounds[i + 1]!;
    const s2 = y.bounds[j]!;
    const e2 = y.bounds[j + 1]!;
    const unit1 = x.isUnit[i] === 1;
    const unit2 = y.isUnit[j] === 1;
    if (unit1 && unit2) sum += (s1 - s2) ** 2 + (e1 - e2) ** 2;
    else if (unit1 && s1 >= s2 && e1 <= e2) sum += (e1 - s1) ** 2;
    else if (unit2 && !unit1 && s2 >= s1 && e2 <= e1) sum += (e2 - s2) ** 2;
    if (e1 <= e2) i++;
    if (e2 <= e1) j++;
  }
  return sum;
}

function categoryFromUnits(perRater: readonly Units[], L: number): UnitizingCategoryResult {
  const R = perRater.length;
  const segments = perRater.map((units) => segmentsOf(units, L));

  let observedSum = 0;
  // Integer terms (squared offsets) stay exact below 2^53: summing each pair of raters apart gives the same number.
  for (let r1 = 0; r1 < R; r1++) for (let r2 = r1 + 1; r2 < R; r2++) observedSum += observedBetween(segments[r1]!, segments[r2]!);
  const observed = (2 * observedSum) / (R * (R - 1) * L * L);

  // Gaps of every rater, sorted, with suffix sums for Σ_{g ≥ l} (g − l + 1).
  let gapCount = 0;
  for (const seg of segments) for (let k = 0; k < seg.count; k++) gapCount += 1 - seg.isUnit[k]!;
  const gaps = new Float64Array(gapCount);
  let g = 0;
  for (const seg of segments) for (let k = 0; k < seg.count; k++) if (!seg.isUnit[k]) gaps[g++] = seg.bounds[k + 1]! - seg.bounds[k]!;
  gaps.sort();
  const suffix = new Float64Array(gaps.length + 1);
  for (let k = gaps.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + gaps[k]!;
  const firstAtLeast = firstAtLeastOf(gaps, perRater);

  let N = 0;
  for (const units of perRater) N += units.count;
  let squaredLengths = 0;
  let sum = 0;
  for (const units of perRater) {
    for (let k = 0; k < units.count; k++) {
      const l = units.ends[k]! - units.starts[k]!;
      squaredLengths += l * (l - 1);
      const first = firstAtLeast(l);
      const gapTerm = suffix[first]! - (gaps.length - first) * (l - 1);
      sum += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * gapTerm;
    }
  }
  const expected = (sum * 2) / L / (R * L * (R * L - 1) - squaredLengths);
  return { observed, expected, alpha: alphaOf(observed, expected) };
}

/**
 * The index of the first gap at least l long, for every unit length l: a
 * table over the lengths when they are short (the usual case), else a binary search.
 */
function firstAtLeastOf(gaps: Float64Array, perRater: readonly Units[]): (l: number) => number {
  let longest = 0;
  for (const units of perRater) for (let k = 0; k < units.count; k++) longest = Math.max(longest, units.ends[k]! - units.starts[k]!);
  if (longest <= 1 << 20) {
    const table = new Int32Array(longest + 1);
    let p = 0;
    for (let l = 0; l <= longest; l++) {
      while (p < gaps.length && gaps[p]! < l) p++;
      table[l] = p;
    }
    return (l) => table[l]!;
  }
  return (l) => {
    let lo = 0;
    let hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gaps[mid]! >= l) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Units of one label per rater, clipped to the continuum, merged where they overlap, sorted. */
function unitsOf(units: ReadonlyArray<{ start: number; end: number; label: string }>, label: string, length: number): Units {
  const spans = units
    .filter((u) => u.label === label)
    .map((u) => ({ article: '', label, start: Math.max(0, u.start), end: Math.min(length, u.end) }))
    .filter((u) => u.end > u.start)
    .sort((x, y) => x.start - y.start || x.end - y.end);
  const { starts, ends } = mergeSorted(spans, Int32Array.from(spans.keys()));
  return { starts, ends, count: starts.length };
}

export function unitizingCategory(study: UnitizingStudy, label: string): UnitizingCategoryResult {
  return categoryFromUnits(
    study.raters.map((units) => unitsOf(units, label, study.length)),
    study.length,
  );
}

export interface UnitizingResult {
  overall: Figure;
  byLabel: Record<string, UnitizingCategoryResult>;
}

function combine(byLabel: Record<string, UnitizingCategoryResult>): UnitizingResult {
  const labels = Object.keys(byLabel);
  let observed = 0;
  let expected = 0;
  for (const label of labels) {
    observed += byLabel[label]!.observed;
    expected += byLabel[label]!.expected;
  }
  return { overall: alphaOf(observed / labels.length, expected / labels.length), byLabel };
}

export function unitizingAlpha(study: UnitizingStudy, labels?: readonly string[]): UnitizingResult {
  const present = labels ?? [...new Set(study.raters.flatMap((units) => units.map((u) => u.label)))].sort();
  const byLabel: Record<string, UnitizingCategoryResult> = {};
  for (const label of present) byLabel[label] = unitizingCategory(study, label);
  return combine(byLabel);
}

/**
 * α_U between two sides over the articles both annotated: the articles are
 * laid end to end (sorted by id) as one continuum, each offset shifted by the
 * lengths of the articles before it, so no unit spans two articles.
 */
export function unitizingAlphaOverArticles(
  a: readonly ScoredSpan[],
  b: readonly ScoredSpan[],
  lengths: ReadonlyMap<string, number>,
): UnitizingResult & { articles: string[]; length: number } {
  return unitizingAlphaOfPair(pairOf(a, b), lengths);
}

export function unitizingAlphaOfPair(pair: SpanPair, lengths: ReadonlyMap<string, number>): UnitizingResult & { articles: string[]; length: number } {
  const articles = Array.from(pair.both, (k) => pair.articles[k]!);
  const labels = pair.labels;
  const L = labels.length;
  const sides = [pair.a, pair.b];
  // Per label, per side: merged units in continuum order, built article by article (each group is sorted).
  const units = labels.map((_, l) =>
    sides.map((side): { starts: Float64Array; ends: Float64Array; count: number } => {
      let spans = 0;
      for (const k of pair.both) spans += side.labelFirst[k * L + l + 1]! - side.labelFirst[k * L + l]!;
      return { starts: new Float64Array(spans), ends: new Float64Array(spans), count: 0 };
    }),
  );
  let offset = 0;
  for (const k of pair.both) {
    const article = pair.articles[k]!;
    const length = lengths.get(article);
    if (length === undefined) throw new RangeError(`no length given for article ${article}`);
    for (let r = 0; r < sides.length; r++) {
      const side = sides[r]!;
      for (let l = 0; l < L; l++) {
        const u = units[l]![r]!;
        for (let g = side.labelFirst[k * L + l]!; g < side.labelFirst[k * L + l + 1]!; g++) {
          const p = side.byLabel[g]!;
          const start = offset + Math.max(0, side.start[p]!);
          const end = offset + Math.min(length, side.end[p]!);
          if (end <= start) continue;
          const last = u.count - 1;
          if (last >= 0 && start < u.ends[last]!) {
            if (end > u.ends[last]!) u.ends[last] = end;
          } else {
            u.starts[u.count] = start;
            u.ends[u.count++] = end;
          }
        }
      }
    }
    offset += length;
  }
  if (articles.length === 0) return { overall: null, byLabel: {}, articles, length: 0 };
  const byLabel: Record<string, UnitizingCategoryResult> = {};
  labels.forEach((label, l) => {
    const perSide = units[l]!;
    if (perSide.every((u) => u.count === 0)) return; // only in articles one side alone tagged
    byLabel[label] = categoryFromUnits(perSide, offset);
  });
  return { ...combine(byLabel), articles, length: offset };
}
