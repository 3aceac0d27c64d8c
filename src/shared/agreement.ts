/**
 * What the agreement API returns. The figure objects are exactly what
 * `workbench agreement --json` prints, so the dashboard and the CLI show the
 * same numbers. A figure with nothing to divide by is null.
 */

export const AGREEMENT_METRICS = ['exact', 'overlap', 'ptc', 'kappa', 'alpha', 'alpha-u'] as const;
export type AgreementMetric = (typeof AGREEMENT_METRICS)[number];
export type SpanMetric = 'exact' | 'overlap' | 'ptc';
export type CoefficientMetric = 'kappa' | 'alpha' | 'alpha-u';

export const METRIC_NAMES: Record<AgreementMetric, string> = {
  exact: 'Exact-match F1',
  overlap: 'Overlap F1',
  ptc: 'PTC span identification F1',
  kappa: 'Cohen’s κ (characters)',
  alpha: 'Krippendorff’s α (tokens)',
  'alpha-u': 'Unitizing α_U',
};

export const isSpanMetric = (m: AgreementMetric): m is SpanMetric => m === 'exact' || m === 'overlap' || m === 'ptc';

export interface PrfFigures {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Precision is over a's spans (the side being scored), recall over b's (the reference). */
export interface SpanAgreementFigure extends PrfFigures {
  metric: SpanMetric;
  a: string;
  b: string;
  by_label: Record<string, PrfFigures>;
}

export interface CoefficientFigure {
  metric: CoefficientMetric;
  value: number | null;
  by_label: Record<string, number | null>;
}

export type AgreementFigure = SpanAgreementFigure | CoefficientFigure;

export interface AgreementLabel {
  key: string;
  name: string;
  color: string;
}

export interface AgreementReport {
  a: string;
  b: string;
  /** Labels compared (keys), in the label order of the schema. */
  labels: AgreementLabel[];
  figures: AgreementFigure[];
  /** Spans per label on each side (before any merging). */
  counts: Record<string, { a: number; b: number }>;
  /** Articles with spans of a, of b, and of both (kappa and both alphas are computed over the last). */
  articles: { a: number; b: number; both: number };
  /** Characters and tokens the chance-corrected coefficients counted. */
  characters: number;
  tokens: number;
  confusion: {
    rows: string[];
    columns: string[];
    counts: Record<string, Record<string, number>>;
  };
}

export interface AgreementOverview {
  annotators: { name: string; spans: number; articles: number }[];
  labels: AgreementLabel[];
  metric: AgreementMetric;
  /** pairwise[a][b]: the metric's overall figure (F1 or coefficient) with a scored against b. */
  pairwise: Record<string, Record<string, number | null>>;
  /** Spans per annotator per label. */
  byAnnotator: Record<string, Record<string, number>>;
  /** Spans per article source per label ("(no source)" when an article has none). */
  bySource: Record<string, Record<string, number>>;
}

export const NO_SOURCE = '(no source)';

export interface AgreementSpan {
  side: 'a' | 'b';
  annotator: string;
  annotationId: string;
  articleId: string;
  articleTitle: string;
  start: number;
  end: number;
  quote: string;
  label: string;
  /** Exact match found on the other side (label drill-down only). */
  exact?: boolean;
  /** Same-label overlap found on the other side (label drill-down only). */
  overlap?: boolean;
  /** For confusion pairs: the index in the list of the span it was paired with. */
  pair?: number;
}

export interface AgreementSpans {
  spans: AgreementSpan[];
  /** Spans behind the number, before `limit` cut the list. */
  total: number;
}
