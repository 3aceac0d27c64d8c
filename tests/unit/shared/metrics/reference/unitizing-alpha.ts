import { articlesBothAnnotated, labelsOf, mergeSorted, sortedByArticle, type Figure, type ScoredSpan } from './spans';

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

/** One rater's units of one label: sorted, disjoint (merged), clipped to the continuum. */
interface Units {
  starts: number[];
  ends: number[];
}

function alphaOf(observed: number, expected: number): Figure {
  if (Number.isNaN(observed) || Number.isNaN(expected)) return null;
  if (observed === expected) return 0;
  return 1 - observed / expected;
}

/** A rater's continuum as alternating gaps and units: segment k is [bounds[k], bounds[k+1]), a unit when isUnit[k]. */
function segmentsOf(units: Units, length: number): { bounds: number[]; isUnit: boolean[] } {
  const bounds = [0];
  const isUnit: boolean[] = [];
  let pos = 0;
  for (let k = 0; k < units.starts.length; k++) {
    if (units.starts[k]! > pos) {
      bounds.push(units.starts[k]!);
      isUnit.push(false);
    }
    bounds.push(units.ends[k]!);
    isUnit.push(true);
    pos = units.ends[k]!;
  }
  if (pos < length) {
    bounds.push(length);
    isUnit.push(false);
  }
  return { bounds, isUnit };
}

function pairDistance(s1: number, e1: number, unit1: boolean, s2: number, e2: number, unit2: boolean): number {
  if (unit1 && unit2) return (s1 - s2) ** 2 + (e1 - e2) ** 2;
  if (unit1 && !unit2 && s1 >= s2 && e1 <= e2) return (e1 - s1) ** 2;
  if (unit2 && !unit1 && s2 >= s1 && e2 <= e1) return (e2 - s2) ** 2;
  return 0;
}

function categoryFromUnits(perRater: readonly Units[], L: number): UnitizingCategoryResult {
  const R = perRater.length;
  const segments = perRater.map((units) => segmentsOf(units, L));

  let observedSum = 0;
  for (let r1 = 0; r1 < R; r1++) {
    for (let r2 = r1 + 1; r2 < R; r2++) {
      const x = segments[r1]!;
      const y = segments[r2]!;
      let i = 0;
      let j = 0;
      // The two current segments always overlap: both cover the position the walk has reached.
      while (i < x.isUnit.length && j < y.isUnit.length) {
        const xEnd = x.bounds[i + 1]!;
        const yEnd = y.bounds[j + 1]!;
        observedSum += pairDistance(x.bounds[i]!, xEnd, x.isUnit[i]!, y.bounds[j]!, yEnd, y.isUnit[j]!);
        if (xEnd <= yEnd) i++;
        if (yEnd <= xEnd) j++;
      }
    }
  }
  const observed = (2 * observedSum) / (R * (R - 1) * L * L);

  // Gaps of every rater, sorted, with suffix sums for Σ_{g ≥ l} (g − l + 1).
  const gapList: number[] = [];
  for (const seg of segments) for (let k = 0; k < seg.isUnit.length; k++) if (!seg.isUnit[k]) gapList.push(seg.bounds[k + 1]! - seg.bounds[k]!);
  const gaps = Float64Array.from(gapList).sort();
  const suffix = new Float64Array(gaps.length + 1);
  for (let k = gaps.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + gaps[k]!;
  const firstAtLeast = (l: number): number => {
    let lo = 0;
    let hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gaps[mid]! >= l) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  let N = 0;
  for (const units of perRater) N += units.starts.length;
  let squaredLengths = 0;
  let sum = 0;
  for (const units of perRater) {
    for (let k = 0; k < units.starts.length; k++) {
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

/** Units of one label per rater, clipped to the continuum, merged where they overlap, sorted. */
function unitsOf(units: ReadonlyArray<{ start: number; end: number; label: string }>, label: string, length: number): Units {
  const spans = units
    .filter((u) => u.label === label)
    .map((u) => ({ article: '', label, start: Math.max(0, u.start), end: Math.min(length, u.end) }))
    .filter((u) => u.end > u.start)
    .sort((x, y) => x.start - y.start || x.end - y.end);
  return mergeSorted(spans, Int32Array.from(spans.keys()));
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
  const articles = articlesBothAnnotated(a, b);
  const labels = labelsOf(a, b);
  const sides = [a, b].map((spans) => ({ spans, byArticle: sortedByArticle(spans) }));
  // Per label, per side: merged units in continuum order, built article by article (already sorted).
  const units = new Map(labels.map((l) => [l, sides.map((): Units => ({ starts: [], ends: [] }))]));
  let offset = 0;
  for (const article of articles) {
    const length = lengths.get(article);
    if (length === undefined) throw new RangeError(`no length given for article ${article}`);
    sides.forEach(({ spans, byArticle }, side) => {
      for (const index of byArticle.get(article)!) {
        const s = spans[index]!;
        const start = offset + Math.max(0, s.start);
        const end = offset + Math.min(length, s.end);
        if (end <= start) continue;
        const u = units.get(s.label)![side]!;
        const last = u.ends.length - 1;
        if (last >= 0 && start < u.ends[last]!) {
          if (end > u.ends[last]!) u.ends[last] = end;
        } else {
          u.starts.push(start);
          u.ends.push(end);
        }
      }
    });
    offset += length;
  }
  if (articles.length === 0) return { overall: null, byLabel: {}, articles, length: 0 };
  const byLabel: Record<string, UnitizingCategoryResult> = {};
  for (const label of labels) {
    const perSide = units.get(label)!;
    if (perSide.every((u) => u.starts.length === 0)) continue; // only in articles one side alone tagged
    byLabel[label] = categoryFromUnits(perSide, offset);
  }
  return { ...combine(byLabel), articles, length: offset };
}
