import { articlesBothAnnotated, groupBy, labelsOf, mergeOverlapping, type Figure, type ScoredSpan } from './spans';

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

interface Segment {
  start: number;
  end: number;
  unit: boolean;
}

function segmentsOf(units: readonly { start: number; end: number }[], length: number): Segment[] {
  const segments: Segment[] = [];
  let pos = 0;
  for (const u of units) {
    if (u.start > pos) segments.push({ start: pos, end: u.start, unit: false });
    segments.push({ start: u.start, end: u.end, unit: true });
    pos = u.end;
  }
  if (pos < length) segments.push({ start: pos, end: length, unit: false });
  return segments;
}

function pairDistance(x: Segment, y: Segment): number {
  if (x.unit && y.unit) return (x.start - y.start) ** 2 + (x.end - y.end) ** 2;
  if (x.unit && x.start >= y.start && x.end <= y.end) return (x.end - x.start) ** 2;
  if (y.unit && y.start >= x.start && y.end <= x.end) return (y.end - y.start) ** 2;
  return 0;
}

function alphaOf(observed: number, expected: number): Figure {
  if (Number.isNaN(observed) || Number.isNaN(expected)) return null;
  if (observed === expected) return 0;
  return 1 - observed / expected;
}

/** Units of one label per rater, clipped to the continuum, merged where they overlap, sorted. */
function unitsByRater(study: UnitizingStudy, label: string): { start: number; end: number }[][] {
  return study.raters.map((units) =>
    mergeOverlapping(
      units
        .filter((u) => u.label === label)
        .map((u) => ({ start: Math.max(0, u.start), end: Math.min(study.length, u.end) }))
        .filter((u) => u.end > u.start),
    ),
  );
}

export function unitizingCategory(study: UnitizingStudy, label: string): UnitizingCategoryResult {
  const L = study.length;
  const R = study.raters.length;
  const perRater = unitsByRater(study, label);
  const segments = perRater.map((units) => segmentsOf(units, L));

  let observedSum = 0;
  for (let r1 = 0; r1 < R; r1++) {
    for (let r2 = r1 + 1; r2 < R; r2++) {
      const s1 = segments[r1]!;
      const s2 = segments[r2]!;
      let i = 0;
      let j = 0;
      while (i < s1.length && j < s2.length) {
        // The two segments overlap here: both cover the position the walk has reached.
        const x = s1[i]!;
        const y = s2[j]!;
        observedSum += pairDistance(x, y);
        if (x.end <= y.end) i++;
        if (y.end <= x.end) j++;
      }
    }
  }
  const observed = (2 * observedSum) / (R * (R - 1) * L * L);

  // Gaps of every rater, sorted, with suffix sums for Σ_{g ≥ l} (g − l + 1).
  const gaps: number[] = [];
  for (const segs of segments) for (const s of segs) if (!s.unit) gaps.push(s.end - s.start);
  gaps.sort((x, y) => x - y);
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

  const units = perRater.flat();
  const N = units.length;
  let squaredLengths = 0;
  let sum = 0;
  for (const u of units) {
    const l = u.end - u.start;
    squaredLengths += l * (l - 1);
    const k = firstAtLeast(l);
    const fitting = gaps.length - k;
    const gapTerm = suffix[k]! - fitting * (l - 1);
    sum += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * gapTerm;
  }
  const expected = ((sum * 2) / L) / (R * L * (R * L - 1) - squaredLengths);
  return { observed, expected, alpha: alphaOf(observed, expected) };
}

export interface UnitizingResult {
  overall: Figure;
  byLabel: Record<string, UnitizingCategoryResult>;
}

export function unitizingAlpha(study: UnitizingStudy, labels?: readonly string[]): UnitizingResult {
  const present = labels ?? [...new Set(study.raters.flatMap((units) => units.map((u) => u.label)))].sort();
  const byLabel: Record<string, UnitizingCategoryResult> = {};
  let observed = 0;
  let expected = 0;
  for (const label of present) {
    const r = unitizingCategory(study, label);
    byLabel[label] = r;
    observed += r.observed;
    expected += r.expected;
  }
  return { overall: alphaOf(observed / present.length, expected / present.length), byLabel };
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
  const aBy = groupBy(a, (s) => s.article);
  const bBy = groupBy(b, (s) => s.article);
  const raterA: { start: number; end: number; label: string }[] = [];
  const raterB: { start: number; end: number; label: string }[] = [];
  let offset = 0;
  for (const article of articles) {
    const length = lengths.get(article);
    if (length === undefined) throw new RangeError(`no length given for article ${article}`);
    const shift = (s: ScoredSpan) => ({
      start: offset + Math.max(0, s.start),
      end: offset + Math.min(length, s.end),
      label: s.label,
    });
    for (const s of aBy.get(article)!) raterA.push(shift(s));
    for (const s of bBy.get(article)!) raterB.push(shift(s));
    offset += length;
  }
  const labels = labelsOf(
    raterA.map((u) => ({ ...u, article: '' })),
    raterB.map((u) => ({ ...u, article: '' })),
  );
  const result = articles.length === 0 ? { overall: null, byLabel: {} } : unitizingAlpha({ length: offset, raters: [raterA, raterB] }, labels);
  return { ...result, articles, length: offset };
}
