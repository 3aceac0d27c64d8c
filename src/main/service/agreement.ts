import {
  AGREEMENT_METRICS,
  NO_SOURCE,
  isSpanMetric,
  type AgreementFigure,
  type AgreementLabel,
  type AgreementMetric,
  type AgreementOverview,
  type AgreementReport,
  type AgreementSpan,
  type AgreementSpans,
  type PrfFigures,
} from '../../shared/agreement';
import type { Label } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { kappaOfPair } from '../../shared/metrics/cohen-kappa';
import { exactMatch, exactMatchOfPair } from '../../shared/metrics/exact-match';
import { alphaOfPair } from '../../shared/metrics/krippendorff-alpha';
import { labelConfusion, labelConfusionOfPair } from '../../shared/metrics/label-confusion';
import { overlapMatch, overlapMatchOfPair } from '../../shared/metrics/overlap-match';
import { ptcOfPair } from '../../shared/metrics/ptc-span-identification';
import { SpanPairBuilder, type SideColumns, type SpanPair } from '../../shared/metrics/span-pair';
import type { ScoredSpan } from '../../shared/metrics/spans';
import { unitizingAlphaOfPair } from '../../shared/metrics/unitizing-alpha';
import { OffsetConverter } from '../../shared/offsets';
import type { MethodInput } from '../../shared/schemas';
import { tokenize } from '../../shared/text/tokens';
import * as annotationsStore from '../store/annotations';
import type { SpanBounds, SpanRef } from '../store/annotations';
import * as annotatorsStore from '../store/annotators';
import * as articlesStore from '../store/articles';
import * as labelsStore from '../store/labels';
import type { ServiceContext } from './context';
import { parse } from './validation';

/**
 * Agreement between two layers (two annotators, or an annotator and gold),
 * per label and overall, and the figures behind the dashboard. Read-only.
 * Every metric sees offsets in Unicode code points, as the PTC scorer and
 * Python do, so a character is a character whatever the script.
 */

/** The live spans of the named layers (bounds and row ids, no quotes), grouped by layer (annotator name; gold is the gold layer), for the drill-down lists. */
function spanRefsByLayer(ctx: ServiceContext, names: readonly string[]): Map<string, SpanRef[]> {
  return groupByLayer(annotationsStore.listLayerSpanRefs(ctx.db, names));
}

function groupByLayer<T extends { annotator: string }>(spans: readonly T[]): Map<string, T[]> {
  const layers = new Map<string, T[]>();
  for (const span of spans) {
    const list = layers.get(span.annotator);
    if (list) list.push(span);
    else layers.set(span.annotator, [span]);
  }
  return layers;
}

/**
 * Article facts the metrics need, for every live article in one query
 * (lengths in UTF-16 units and in code points: equal means no character
 * outside the BMP, so offsets need no conversion). Texts are read only for
 * what needs them: tokens (alpha) and offset conversion of articles with
 * astral characters.
 */
class ArticleFacts {
  private readonly lengths = new Map<string, { units: number; codePoints: number }>();
  private readonly texts = new Map<string, { text: string; converter?: OffsetConverter; tokens?: Int32Array }>();
  private titles: Map<string, string> | null = null;
  private textQuery: ReturnType<ServiceContext['db']['prepare']> | null = null;

  constructor(private readonly ctx: ServiceContext) {
    const rows = ctx.db.prepare('SELECT id, text_length, length(text) FROM articles WHERE deleted_at IS NULL').raw(true).all() as [string, number, number][];
    for (const [id, units, codePoints] of rows) this.lengths.set(id, { units, codePoints });
  }

  private text(id: string) {
    let facts = this.texts.get(id);
    if (!facts) {
      this.textQuery ??= this.ctx.db.prepare('SELECT text FROM articles WHERE id = ?');
      const row = this.textQuery.get(id) as { text: string } | undefined;
      if (!row) throw new WorkbenchError('not_found', `no article with id ${id}`, { kind: 'article', id });
      facts = { text: row.text };
      this.texts.set(id, facts);
    }
    return facts;
  }

  /** Live (not deleted): spans of deleted articles are not compared. */
  live = (id: string): boolean => this.lengths.has(id);
  title = (id: string): string => {
    this.titles ??= articlesStore.articleTitles(this.ctx.db, [...this.lengths.keys()]);
    return this.titles.get(id) ?? id;
  };
  converter = (id: string): OffsetConverter => {
    const facts = this.text(id);
    return (facts.converter ??= new OffsetConverter(facts.text));
  };
  /** True when the article has no character outside the BMP: its indices are already code points. */
  identity = (id: string): boolean => {
    const l = this.lengths.get(id);
    return l !== undefined && l.units === l.codePoints;
  };
  length = (id: string): number => {
    const l = this.lengths.get(id);
    if (!l) throw new WorkbenchError('not_found', `no article with id ${id}`, { kind: 'article', id });
    return l.codePoints;
  };

  /** Token bounds in code points. */
  tokens(id: string): Int32Array {
    const facts = this.text(id);
    if (!facts.tokens) {
      const bounds = tokenize(facts.text);
      const converter = this.identity(id) ? null : this.converter(id);
      facts.tokens = converter ? bounds.map((offset) => converter.toCodePoint(offset)) : bounds;
    }
    return facts.tokens;
  }
}

interface Side<T extends SpanBounds = SpanBounds> {
  name: string;
  annotations: T[];
  /** The same spans, index for index, in code points with label keys. */
  scored: ScoredSpan[];
}

interface Comparison<T extends SpanBounds = SpanBounds> {
  a: Side<T>;
  b: Side<T>;
  labels: AgreementLabel[];
  facts: ArticleFacts;
}

function resolveLabels(ctx: ServiceContext, requested: readonly string[] | undefined): { all: Map<number, Label>; allowed: Set<number> | null } {
  const labels = labelsStore.listLabels(ctx.db, true);
  const all = new Map(labels.map((l) => [l.id, l]));
  if (!requested || requested.length === 0) return { all, allowed: null };
  const allowed = new Set<number>();
  const unknown: string[] = [];
  for (const wanted of requested) {
    const w = wanted.toLowerCase();
    const label = labels.find((l) => l.key.toLowerCase() === w || l.name.toLowerCase() === w);
    if (label) allowed.add(label.id);
    else unknown.push(wanted);
  }
  if (unknown.length > 0) {
    throw new WorkbenchError(
      'invalid_input',
      `unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `“${u}”`).join(', ')}; labels: ${labels.map((l) => l.key).join(', ')}`,
      { unknown },
    );
  }
  return { all, allowed };
}

function requireLayer<T>(layers: Map<string, T[]>, name: string): T[] {
  const spans = layers.get(name);
  if (!spans) {
    const known = [...layers.keys()].sort();
    throw new WorkbenchError('not_found', `no spans by “${name}”; annotators with spans: ${known.length ? known.join(', ') : 'none yet'}`, {
      kind: 'annotator',
      name,
      known,
    });
  }
  return spans;
}

function toSide<T extends SpanBounds>(name: string, spans: T[], labels: Map<number, Label>, allowed: Set<number> | null, facts: ArticleFacts): Side<T> {
  const annotations = allowed ? spans.filter((s) => allowed.has(s.labelId)) : spans;
  const keys = new Map([...labels.values()].map((l) => [l.id, l.key]));
  const scored = annotations.map((s): ScoredSpan => {
    const converter = facts.identity(s.articleId) ? null : facts.converter(s.articleId);
    return {
      article: s.articleId,
      start: converter ? converter.toCodePoint(s.start) : s.start,
      end: converter ? converter.toCodePoint(s.end) : s.end,
      label: keys.get(s.labelId) ?? `label-${s.labelId}`,
    };
  });
  return { name, annotations, scored };
}

/**
 * One layer's spans for the figures, straight from the packed groups: per
 * article, label id, start, end triplets in code points (converted once per
 * article, only where the text has characters outside the BMP), the label
 * filter applied. No object per span.
 */
interface LayerSpans {
  name: string;
  groups: { articleId: string; triplets: number[] }[];
  /** Spans per label id. */
  labelCounts: Map<number, number>;
  spans: number;
}

/**
 * The layers of the named annotators (every layer when `names` is null) that
 * have spans in live articles; a layer whose spans the label filter removes
 * is present and empty (an unknown name's error lists who has spans).
 */
function loadLayers(ctx: ServiceContext, names: readonly string[] | null, allowed: Set<number> | null, facts: ArticleFacts): Map<string, LayerSpans> {
  const layers = new Map<string, LayerSpans>();
  const wanted = names && new Set(names);
  for (const annotator of annotatorsStore.listAnnotators(ctx.db)) {
    if (wanted && !wanted.has(annotator.name)) continue;
    for (const group of annotationsStore.listLayerSpanGroups(ctx.db, annotator.id)) {
      if (!facts.live(group.articleId)) continue;
      let layer = layers.get(annotator.name);
      if (!layer) layers.set(annotator.name, (layer = { name: annotator.name, groups: [], labelCounts: new Map(), spans: 0 }));
      addGroup(layer, group, allowed, facts);
    }
  }
  return layers;
}

/** Adds one article's spans to a layer: the label filter applied, offsets in code points. */
function addGroup(layer: LayerSpans, group: { articleId: string; triplets: number[] }, allowed: Set<number> | null, facts: ArticleFacts): void {
  const article = group.articleId;
  const converter = facts.identity(article) ? null : facts.converter(article);
  const t = group.triplets;
  let kept = 0;
  for (let i = 0; i + 2 < t.length; i += 3) {
    const labelId = t[i]!;
    if (allowed && !allowed.has(labelId)) continue;
    t[kept] = labelId;
    t[kept + 1] = converter ? converter.toCodePoint(t[i + 1]!) : t[i + 1]!;
    t[kept + 2] = converter ? converter.toCodePoint(t[i + 2]!) : t[i + 2]!;
    kept += 3;
  }
  if (kept === 0) return;
  t.length = kept;
  layer.groups.push({ articleId: article, triplets: t });
  layer.spans += kept / 3;
  for (let i = 0; i < kept; i += 3) layer.labelCounts.set(t[i]!, (layer.labelCounts.get(t[i]!) ?? 0) + 1);
}

/** A layer that has no spans is `not_found`, naming who has spans. */
function requireLayerSpans(ctx: ServiceContext, layers: Map<string, LayerSpans>, name: string, facts: ArticleFacts): LayerSpans {
  const layer = layers.get(name);
  if (layer) return layer;
  const known = [...loadLayers(ctx, null, null, facts).keys()].sort();
  throw new WorkbenchError('not_found', `no spans by “${name}”; annotators with spans: ${known.length ? known.join(', ') : 'none yet'}`, {
    kind: 'annotator',
    name,
    known,
  });
}

/** Two layers as the columns every metric runs on (labels by key). */
function pairOfLayers(a: LayerSpans, b: LayerSpans, labels: Map<number, Label>): SpanPair {
  const builder = new SpanPairBuilder();
  const labelIndex = new Map<number, number>();
  const labelOf = (labelId: number): number => {
    let l = labelIndex.get(labelId);
    if (l === undefined) labelIndex.set(labelId, (l = builder.label(labels.get(labelId)?.key ?? `label-${labelId}`)));
    return l;
  };
  for (const [side, layer] of [a, b].entries()) {
    for (const { articleId, triplets } of layer.groups) builder.addTriplets(side as 0 | 1, builder.article(articleId), triplets, labelOf);
  }
  return builder.build();
}

interface PairComparison {
  a: LayerSpans;
  b: LayerSpans;
  pair: SpanPair;
  labels: AgreementLabel[];
  facts: ArticleFacts;
}

function compareLayers(a: LayerSpans, b: LayerSpans, all: Map<number, Label>, facts: ArticleFacts): PairComparison {
  const used = new Set([...a.labelCounts.keys(), ...b.labelCounts.keys()]);
  const labels = [...all.values()]
    .filter((l) => used.has(l.id))
    .sort((x, y) => x.position - y.position || x.id - y.id)
    .map((l) => ({ key: l.key, name: l.name, color: l.color }));
  return { a, b, pair: pairOfLayers(a, b, all), labels, facts };
}

function presentLabels(all: Map<number, Label>, ...sides: Side[]): AgreementLabel[] {
  const used = new Set<number>();
  for (const side of sides) for (const s of side.annotations) used.add(s.labelId);
  return [...all.values()]
    .filter((l) => used.has(l.id))
    .sort((x, y) => x.position - y.position || x.id - y.id)
    .map((l) => ({ key: l.key, name: l.name, color: l.color }));
}

function loadComparison<T extends SpanBounds>(
  ctx: ServiceContext,
  a: string,
  b: string,
  labels: readonly string[] | undefined,
  layers: Map<string, T[]>,
): Comparison<T> {
  const { all, allowed } = resolveLabels(ctx, labels);
  const facts = new ArticleFacts(ctx);
  const sideA = toSide(a, requireLayer(layers, a), all, allowed, facts);
  const sideB = toSide(b, requireLayer(layers, b), all, allowed, facts);
  return { a: sideA, b: sideB, labels: presentLabels(all, sideA, sideB), facts };
}

function prf(score: PrfFigures): PrfFigures {
  return { precision: score.precision, recall: score.recall, f1: score.f1 };
}

function computeFigure(metric: AgreementMetric, c: PairComparison): AgreementFigure {
  const keys = c.labels.map((l) => l.key);
  const pair = c.pair;
  if (isSpanMetric(metric)) {
    const result = metric === 'exact' ? exactMatchOfPair(pair) : metric === 'overlap' ? overlapMatchOfPair(pair) : ptcOfPair(pair);
    const byLabel: Record<string, PrfFigures> = {};
    for (const key of keys) byLabel[key] = result.byLabel[key] ? prf(result.byLabel[key]) : { precision: null, recall: null, f1: null };
    return { metric, a: c.a.name, b: c.b.name, ...prf(result.overall), by_label: byLabel };
  }
  let value: number | null;
  let byLabelValues: Record<string, number | null>;
  if (metric === 'kappa') {
    const r = kappaOfPair(pair, bothLengths(c));
    value = r.overall;
    byLabelValues = Object.fromEntries(Object.entries(r.byLabel).map(([k, v]) => [k, v.kappa]));
  } else if (metric === 'alpha') {
    const r = alphaOfPair(pair, (id) => c.facts.tokens(id));
    value = r.overall;
    byLabelValues = r.byLabel;
  } else {
    const r = unitizingAlphaOfPair(pair, bothLengths(c));
    value = r.overall;
    byLabelValues = Object.fromEntries(Object.entries(r.byLabel).map(([k, v]) => [k, v.alpha]));
  }
  const byLabel: Record<string, number | null> = {};
  for (const key of keys) byLabel[key] = byLabelValues[key] ?? null;
  return { metric, value, by_label: byLabel };
}

/** Code-point lengths of the articles both sides annotated. */
function bothLengths(c: PairComparison): Map<string, number> {
  return new Map(Array.from(c.pair.both, (k) => [c.pair.articles[k]!, c.facts.length(c.pair.articles[k]!)]));
}

function articleCount(side: SideColumns): number {
  let n = 0;
  for (let k = 0; k + 1 < side.first.length; k++) if (side.first[k + 1]! > side.first[k]!) n++;
  return n;
}

export function agreementReport(ctx: ServiceContext, input: MethodInput<'agreementReport'>): AgreementReport {
  const v = parse('agreementReport', input);
  const { all, allowed } = resolveLabels(ctx, v.labels);
  const facts = new ArticleFacts(ctx);
  const layers = loadLayers(ctx, [v.a, v.b], allowed, facts);
  const c = compareLayers(requireLayerSpans(ctx, layers, v.a, facts), requireLayerSpans(ctx, layers, v.b, facts), all, facts);
  const metrics = v.metrics ?? [...AGREEMENT_METRICS];
  const counts: AgreementReport['counts'] = {};
  const idOf = new Map([...all.values()].map((l) => [l.key, l.id]));
  for (const l of c.labels) counts[l.key] = { a: c.a.labelCounts.get(idOf.get(l.key)!) ?? 0, b: c.b.labelCounts.get(idOf.get(l.key)!) ?? 0 };
  const both = Array.from(c.pair.both, (k) => c.pair.articles[k]!);
  const confusion = labelConfusionOfPair(c.pair);
  return {
    a: v.a,
    b: v.b,
    labels: c.labels,
    figures: metrics.map((m) => computeFigure(m, c)),
    counts,
    articles: { a: articleCount(c.pair.a), b: articleCount(c.pair.b), both: both.length },
    characters: both.reduce((sum, id) => sum + c.facts.length(id), 0),
    tokens: metrics.includes('alpha') ? both.reduce((sum, id) => sum + c.facts.tokens(id).length / 2, 0) : 0,
    confusion: { rows: confusion.rows, columns: confusion.columns, counts: confusion.counts },
  };
}

/** The overall figure a metric reports: F1 for span metrics, the coefficient otherwise. */
export function headline(figure: AgreementFigure): number | null {
  return 'value' in figure ? figure.value : figure.f1;
}

export function agreementOverview(ctx: ServiceContext, input: MethodInput<'agreementOverview'>): AgreementOverview {
  const v = parse('agreementOverview', input);
  const metric = v.metric ?? 'exact';
  const { all, allowed } = resolveLabels(ctx, v.labels);
  const facts = new ArticleFacts(ctx);
  const layers = loadLayers(ctx, null, allowed, facts);
  const names = [...layers.keys()].sort((x, y) => (x === 'gold' ? 1 : y === 'gold' ? -1 : x.localeCompare(y)));

  const pairwise: AgreementOverview['pairwise'] = {};
  for (const a of names) {
    pairwise[a] = {};
    for (const b of names) {
      if (a === b) continue;
      pairwise[a][b] = headline(computeFigure(metric, compareLayers(layers.get(a)!, layers.get(b)!, all, facts)));
    }
  }

  const keyOf = (labelId: number): string => all.get(labelId)?.key ?? `label-${labelId}`;
  const summaries = new Map(articlesStore.listArticles(ctx.db).map((s) => [s.id, s]));
  const byAnnotator: AgreementOverview['byAnnotator'] = {};
  const bySource: AgreementOverview['bySource'] = {};
  const bump = (table: Record<string, Record<string, number>>, row: string, column: string, count: number): void => {
    const r = (table[row] ??= {});
    r[column] = (r[column] ?? 0) + count;
  };
  for (const name of names) {
    byAnnotator[name] = {};
    for (const { articleId, triplets: t } of layers.get(name)!.groups) {
      const source = summaries.get(articleId)?.source ?? NO_SOURCE;
      const perLabel = new Map<number, number>();
      for (let i = 0; i < t.length; i += 3) perLabel.set(t[i]!, (perLabel.get(t[i]!) ?? 0) + 1);
      for (const [labelId, count] of perLabel) {
        bump(byAnnotator, name, keyOf(labelId), count);
        bump(bySource, source, keyOf(labelId), count);
      }
    }
  }
  const usedLabels = new Set([...layers.values()].flatMap((layer) => [...layer.labelCounts.keys()]));
  return {
    annotators: names.map((name) => {
      const layer = layers.get(name)!;
      return { name, spans: layer.spans, articles: layer.groups.length };
    }),
    labels: [...all.values()]
      .filter((l) => usedLabels.has(l.id))
      .sort((x, y) => x.position - y.position || x.id - y.id)
      .map((l) => ({ key: l.key, name: l.name, color: l.color })),
    metric,
    pairwise,
    byAnnotator,
    bySource,
  };
}

const DEFAULT_LIMIT = 500;

/** A drill-down entry before its id and quote are read: its row id, and its article's place in title order. */
type DraftSpan = Omit<AgreementSpan, 'annotationId' | 'quote'> & { rowid: number; rank: number };

/**
 * The spans behind one agreement figure, in article-title order, at most
 * `limit` of them (with the total). Every span of the layers is counted and
 * sorted from its bounds alone; ids and quotes are read only for the spans
 * returned, so a drill-down over a million spans reads a few hundred quotes.
 */
export function agreementSpans(ctx: ServiceContext, input: MethodInput<'agreementSpans'>): AgreementSpans {
  const v = parse('agreementSpans', input);
  const limit = v.limit ?? DEFAULT_LIMIT;
  const facts = new ArticleFacts(ctx);
  const ranks = new Map<string, number>();
  const rankOf = (articleId: string): number => {
    let rank = ranks.get(articleId);
    if (rank === undefined) ranks.set(articleId, (rank = -1));
    return rank;
  };
  const draft = (side: Side<SpanRef>, index: number, which: 'a' | 'b'): DraftSpan => {
    const ref = side.annotations[index]!;
    return {
      side: which,
      annotator: side.name,
      articleId: ref.articleId,
      articleTitle: '',
      start: ref.start,
      end: ref.end,
      label: side.scored[index]!.label,
      rowid: ref.rowid,
      rank: rankOf(ref.articleId),
    };
  };
  /** Titles looked up and ranked once per article (title, then id), so sorting compares numbers. */
  const rankArticles = (drafts: DraftSpan[]): void => {
    const ids = [...ranks.keys()].map((id) => ({ id, title: facts.title(id) }));
    ids.sort((x, y) => x.title.localeCompare(y.title) || x.id.localeCompare(y.id));
    ids.forEach((a, i) => ranks.set(a.id, i));
    const titles = new Map(ids.map((a) => [a.id, a.title]));
    for (const d of drafts) {
      d.rank = ranks.get(d.articleId)!;
      d.articleTitle = titles.get(d.articleId)!;
    }
  };
  const byPlace = (x: DraftSpan, y: DraftSpan): number => x.rank - y.rank || x.start - y.start || x.end - y.end || (x.side < y.side ? -1 : 1);
  /** The drafts as returned: ids and quotes read for these spans only. */
  const finish = (drafts: DraftSpan[]): AgreementSpan[] => {
    const details = annotationsStore.spanIdsAndQuotes(
      ctx.db,
      drafts.map((d) => d.rowid),
    );
    return drafts.map(({ rowid, rank: _rank, ...d }) => ({ ...d, annotationId: details.get(rowid)!.id, quote: details.get(rowid)!.quote }));
  };

  if (v.by === 'annotator') {
    const layers = spanRefsByLayer(ctx, [v.annotator]);
    const { all, allowed } = resolveLabels(ctx, v.label ? [v.label] : undefined);
    const side = toSide(v.annotator, requireLayer(layers, v.annotator), all, allowed, facts);
    const sources = v.source ? new Map(articlesStore.listArticles(ctx.db).map((s) => [s.id, s.source ?? NO_SOURCE])) : null;
    const drafts = side.annotations.map((_, i) => draft(side, i, 'a')).filter((d) => !sources || (sources.get(d.articleId) ?? NO_SOURCE) === v.source);
    rankArticles(drafts);
    drafts.sort(byPlace);
    return { spans: finish(drafts.slice(0, limit)), total: drafts.length };
  }

  const c = loadComparison(ctx, v.a, v.b, v.labels, spanRefsByLayer(ctx, [v.a, v.b]));
  if (v.by === 'label') {
    const exact = exactMatch(c.a.scored, c.b.scored);
    const overlap = overlapMatch(c.a.scored, c.b.scored);
    const drafts: DraftSpan[] = [];
    c.a.scored.forEach((s, i) => {
      if (!v.label || s.label === v.label) drafts.push({ ...draft(c.a, i, 'a'), exact: exact.aMatched[i] === 1, overlap: overlap.aFound[i] === 1 });
    });
    c.b.scored.forEach((s, i) => {
      if (!v.label || s.label === v.label) drafts.push({ ...draft(c.b, i, 'b'), exact: exact.bMatched[i] === 1, overlap: overlap.bFound[i] === 1 });
    });
    rankArticles(drafts);
    drafts.sort(byPlace);
    return { spans: finish(drafts.slice(0, limit)), total: drafts.length };
  }

  const confusion = labelConfusion(c.a.scored, c.b.scored, { withPairs: true });
  const pairs = confusion.pairs?.[v.row]?.[v.column] ?? [];
  const drafts: DraftSpan[] = [];
  for (const [ai, bi] of pairs) {
    if (drafts.length >= limit * 2) break;
    const first = drafts.length;
    if (ai >= 0) drafts.push(draft(c.a, ai, 'a'));
    if (bi >= 0) drafts.push(draft(c.b, bi, 'b'));
    if (ai >= 0 && bi >= 0) {
      drafts[first]!.pair = first + 1;
      drafts[first + 1]!.pair = first;
    }
  }
  rankArticles(drafts);
  return { spans: finish(drafts), total: pairs.length };
}
