import type { ExportResult } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import {
  checkSpans,
  DEFAULT_ENCODE_OPTIONS,
  findFormat,
  type DatasetArticle,
  type DatasetEncoder,
  type DatasetSpan,
  type DatasetFormat,
  type EncodeOptions,
  type LossItem,
  type OffsetUnit,
  type SplitName,
} from '../../shared/formats';
import type { ExportFilters, MethodInput } from '../../shared/schemas';
import { attributesForExport } from '../../shared/attributes';
import type { AnnotationRow } from '../store/annotations';
import { toFtsQuery, type FullArticleRow } from '../store/articles';
import { GOLD } from '../store/annotators';
import * as labelsStore from '../store/labels';
import type { ServiceContext } from './context';
import { notFound, parse } from './validation';

/**
 * Dataset export: filters pick articles and spans in SQL, rows are read one
 * article at a time (constant memory), every span is checked against its
 * article before its article is encoded, and the format's encoder streams
 * chunks to a sink (a string for the API, files for the CLI). The loss
 * report says what the format could not carry.
 */

/** The gold layer is the layer of the reserved annotator `gold` (see store/annotators). */
export const GOLD_ANNOTATOR = GOLD;

export interface ExportRequest {
  format: string;
  offsets?: OffsetUnit;
  articleIds?: string[];
  filters?: ExportFilters;
}

export interface ExportProgress {
  articles: number;
  totalArticles: number;
  spans: number;
}

export interface ExportSink {
  write(file: string, data: string): void;
}

export interface ExportSummary {
  format: DatasetFormat;
  offsetUnit: OffsetUnit | null;
  articleCount: number;
  spanCount: number;
  losses: LossItem[];
  notes: string[];
}

export interface StreamOptions {
  onProgress?: (progress: ExportProgress) => void;
  /** An AbortSignal, or anything whose `aborted` says the caller gave up. */
  signal?: Pick<AbortSignal, 'aborted'>;
  /** Progress callback interval, in articles. */
  progressEvery?: number;
}

/** The columns the export reads: the store's row shapes, so both sides of the SQL edge agree. */
type ArticleRow = Pick<FullArticleRow, 'id' | 'external_id' | 'title' | 'source' | 'url' | 'published_at' | 'language' | 'sha256' | 'text' | 'meta'> & {
  rowid: number;
};

type SpanRow = Omit<AnnotationRow, 'article_id' | 'deleted_at'>;


/** FNV-1a over seed and article id, mapped to [0, 1): the same article lands in the same split whatever else is exported. */
export function splitOf(articleId: string, split: NonNullable<ExportFilters['split']>): SplitName {
  let h = 0x811c9dc5 ^ split.seed;
  for (let i = 0; i < articleId.length; i++) {
    h ^= articleId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  const x = (h >>> 0) / 4294967296;
  if (x < split.train) return 'train';
  if (x < split.train + split.dev) return 'dev';
  return 'test';
}

function buildQueries(ctx: ServiceContext, request: ExportRequest): { articleSql: string; articleParams: unknown[]; spanSql: string; spanParams: unknown[]; notes: string[] } {
  const f = request.filters ?? {};
  const notes: string[] = [];
  // Deleted articles (kept for undo and restore) are never exported.
  const where: string[] = ['a.deleted_at IS NULL'];
  const params: unknown[] = [];
  let join = '';
  let order = 'a.imported_at, a.rowid';
  if (request.articleIds) {
    const known = ctx.db.prepare('SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL');
    for (const id of request.articleIds) if (!known.get(id)) throw notFound('article', id);
    // The articles asked for, in the order asked.
    join = 'JOIN json_each(?) chosen ON chosen.value = a.id';
    order = 'chosen.key';
    params.push(JSON.stringify(request.articleIds));
  }
  if (f.source) {
    where.push(`a.source = ?`);
    params.push(f.source);
  }
  if (f.from) {
    where.push(`coalesce(a.published_at, a.imported_at) >= ?`);
    params.push(f.from);
  }
  if (f.to) {
    // A bare date includes that whole day.
    where.push(`substr(coalesce(a.published_at, a.imported_at), 1, ${f.to.length}) <= ?`);
    params.push(f.to);
  }
  if (f.query) {
    const fts = toFtsQuery(f.query);
    if (fts) {
      where.push(`a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`);
      params.push(fts);
    }
  }
  if (f.samples === 'exclude') where.push(`coalesce(json_extract(a.meta, '$.origin'), '') <> 'sample'`);
  if (f.samples === 'only') where.push(`json_extract(a.meta, '$.origin') = 'sample'`);
  if (f.articleStatus?.length) {
    where.push(`a.status IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(f.articleStatus));
  }
  const articleSql = `SELECT a.rowid, a.id, a.external_id, a.title, a.source, a.url, a.published_at, a.language, a.sha256, a.text, a.meta
    FROM articles a ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;

  const spanWhere = ['n.article_id = ?', 'n.deleted_at IS NULL'];
  const spanParams: unknown[] = [];
  if (f.labels?.length) {
    const known = new Set(labelsStore.listLabels(ctx.db, true).map((l) => l.key));
    const unknown = f.labels.filter((k) => !known.has(k));
    if (unknown.length) throw new WorkbenchError('invalid_input', `no label with key ${unknown.map((k) => `“${k}”`).join(', ')}; labels are named by key (see Labels…)`, { labels: unknown });
    spanWhere.push(`l.key IN (SELECT value FROM json_each(?))`);
    spanParams.push(JSON.stringify(f.labels));
  }
  if (f.annotators?.length) {
    spanWhere.push(`u.name IN (SELECT value FROM json_each(?))`);
    spanParams.push(JSON.stringify(f.annotators));
    const present = new Set((ctx.db.prepare('SELECT name FROM annotators').all() as { name: string }[]).map((r) => r.name));
    for (const name of f.annotators) if (!present.has(name)) notes.push(`no annotator named “${name}” in this database: no spans of theirs`);
  }
  if (f.status === 'accepted') spanWhere.push(`n.status = 'accepted'`);
  if (f.status === 'gold') {
    spanWhere.push(`u.name = ?`);
    spanParams.push(GOLD_ANNOTATOR);
    const gold = ctx.db.prepare('SELECT count(*) AS n FROM annotations n JOIN annotators u ON u.id = n.annotator_id WHERE u.name = ? AND n.deleted_at IS NULL').get(GOLD_ANNOTATOR) as { n: number };
    if (gold.n === 0) notes.push('there is no gold layer yet (no spans by the annotator “gold”): the export has articles without spans');
  }
  const spanSql = `SELECT n.id, n.label_id, n.start, n.end, n.quote, u.name AS annotator, n.note, n.confidence, n.attributes, n.status, n.created_at, n.updated_at
    FROM annotations n JOIN annotators u ON u.id = n.annotator_id JOIN labels l ON l.id = n.label_id
    WHERE ${spanWhere.join(' AND ')} ORDER BY n.start, n.end, n.id`;
  return { articleSql, articleParams: params, spanSql, spanParams, notes };
}

function resolveFormat(id: string): DatasetFormat {
  const format = findFormat(id);
  if (!format) throw new WorkbenchError('unsupported_format', `unknown export format “${id}”`);
  return format;
}

/** Streams an export into `sink` in one go (see exportSteps). */
export function streamExport(ctx: ServiceContext, request: ExportRequest, sink: ExportSink, options: StreamOptions = {}): ExportSummary {
  const steps = exportSteps(ctx, request, sink, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The export as a generator: it yields after each article so a caller can
 * let the event loop run (a Ctrl+C, a cancel button) and stop it with
 * `return()`. Nothing is written for an article whose spans fail the check.
 */
export function* exportSteps(ctx: ServiceContext, request: ExportRequest, sink: ExportSink, options: StreamOptions = {}): Generator<ExportProgress, ExportSummary> {
  const format = resolveFormat(request.format);
  const f = request.filters ?? {};
  const encodeOptions: EncodeOptions = {
    ...DEFAULT_ENCODE_OPTIONS,
    offsets: request.offsets ?? 'codepoint',
    attributes: f.attributes ?? true,
    contextChars: f.contextChars ?? DEFAULT_ENCODE_OPTIONS.contextChars,
  };
  if (format.unit === 'codepoint' && encodeOptions.offsets === 'utf16') {
    throw new WorkbenchError('invalid_input', `${format.name} counts code points by definition; --offsets utf16 does not apply to it`);
  }
  const { articleSql, articleParams, spanSql, spanParams, notes } = buildQueries(ctx, request);
  const labels = new Map(labelsStore.listLabels(ctx.db, true).map((l) => [l.id, l]));
  const spanStatement = ctx.db.prepare(spanSql);
  const totalArticles = (ctx.db.prepare(`SELECT count(*) AS n FROM (${articleSql})`).get(...articleParams) as { n: number }).n;
  // A one-file format split into train/dev/test gets one encoder (and one file, named by the split) per split.
  const perSplit = Boolean(f.split) && format.output === 'file';
  const encoders = new Map<string, DatasetEncoder>();
  const emit = (stream: string, chunks: { file: string; data: string }[]): void => {
    for (const c of chunks) sink.write(perSplit && c.file === '' ? stream : c.file, c.data);
  };
  const encoderFor = (split: SplitName | null): DatasetEncoder => {
    const stream = perSplit ? (split ?? '') : '';
    let encoder = encoders.get(stream);
    if (!encoder) {
      encoder = format.createEncoder(encodeOptions);
      encoders.set(stream, encoder);
      emit(stream, encoder.begin());
    }
    return encoder;
  };
  if (!perSplit) encoderFor(null);
  let articleCount = 0;
  let spanCount = 0;
  const every = options.progressEvery ?? 1000;
  // Article rows are iterated, not loaded: the text of 100,000 articles never sits in memory at once.
  for (const row of ctx.db.prepare(articleSql).iterate(...articleParams) as IterableIterator<ArticleRow>) {
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'the export was cancelled; nothing was kept');
    const spanRows = spanStatement.all(row.id, ...spanParams) as SpanRow[];
    // Rows come sorted by the query; they become the codecs' spans directly (no intermediate objects).
    const spans: DatasetSpan[] = spanRows.map((s) => {
      const label = labels.get(s.label_id);
      return {
        id: s.id,
        start: s.start,
        end: s.end,
        text: s.quote,
        label: label?.key ?? `label_${s.label_id}`,
        labelName: label?.name ?? `Label ${s.label_id}`,
        annotator: s.annotator,
        status: s.status,
        // Multi-choice values always as arrays (a single technique stored before they were multi-choice included).
        attributes: s.attributes === '{}' ? {} : attributesForExport(label?.attributes ?? [], JSON.parse(s.attributes) as DatasetSpan['attributes']),
        note: s.note,
        confidence: s.confidence,
        createdAt: s.created_at,
        updatedAt: s.updated_at,
      };
    });
    const article: DatasetArticle = {
      id: row.id,
      externalId: row.external_id,
      title: row.title,
      source: row.source,
      url: row.url,
      publishedAt: row.published_at,
      language: row.language,
      sha256: row.sha256,
      text: row.text,
      meta: row.meta === '{}' ? {} : (JSON.parse(row.meta) as Record<string, unknown>),
      split: f.split ? splitOf(row.id, f.split) : null,
      spans,
    };
    const failure = checkSpans(article);
    if (failure) throw new WorkbenchError('conflict', `export stopped before writing: ${failure.message}`, failure);
    emit(perSplit ? (article.split ?? '') : '', encoderFor(article.split).article(article));
    articleCount++;
    spanCount += article.spans.length;
    const progress = { articles: articleCount, totalArticles, spans: spanCount };
    if (options.onProgress && articleCount % every === 0) options.onProgress(progress);
    yield progress;
  }
  for (const [stream, encoder] of encoders) emit(stream, encoder.end());
  options.onProgress?.({ articles: articleCount, totalArticles, spans: spanCount });
  const losses = new Map<string, LossItem>();
  for (const encoder of encoders.values()) {
    for (const item of encoder.losses()) {
      const seen = losses.get(item.key);
      if (seen) seen.count += item.count;
      else losses.set(item.key, { ...item });
    }
  }
  return {
    format,
    offsetUnit: format.unit === null ? null : format.unit === 'codepoint' ? 'codepoint' : encodeOptions.offsets,
    articleCount,
    spanCount,
    losses: [...losses.values()],
    notes,
  };
}

/** The API method: the whole export in memory (the app's dialog; the CLI streams to disk instead). */
export function exportDataset(ctx: ServiceContext, input: MethodInput<'exportDataset'>, options: StreamOptions = {}): ExportResult {
  const v = parse('exportDataset', input);
  const files = new Map<string, string[]>();
  // `annotators` (the layers to export) may also come at the top level, as the review door sends it.
  const filters = v.annotators ? { ...v.filters, annotators: [...(v.filters?.annotators ?? []), ...v.annotators] } : v.filters;
  const summary = streamExport(ctx, { format: v.format, offsets: v.offsets, articleIds: v.articleIds, filters }, {
    write(file, data) {
      const parts = files.get(file);
      if (parts) parts.push(data);
      else files.set(file, [data]);
    },
  }, options);
  const stamp = ctx.now().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const base = `workbench-${summary.format.id === 'jsonl' ? 'export' : summary.format.id}-${stamp}`;
  const ext = summary.format.extensions[0]!;
  const single = summary.format.output === 'file' && !v.filters?.split;
  const list = [...files].map(([path, parts]) => ({ path: exportFileName(summary.format, path, base), content: parts.join('') }));
  return {
    filename: single ? `${base}.${ext}` : `${base}.zip`,
    mimeType: summary.format.mimeType,
    content: single ? (list[0]?.content ?? '') : '',
    files: single && list.length === 0 ? [{ path: `${base}.${ext}`, content: '' }] : list,
    format: summary.format.id,
    offsetUnit: summary.offsetUnit,
    articleCount: summary.articleCount,
    spanCount: summary.spanCount,
    losses: summary.losses,
    notes: summary.notes,
  };
}

/** Where a stream of an export goes: the single file, a split's file (`base.train.jsonl`), or a folder format's own path. */
export function exportFileName(format: DatasetFormat, stream: string, base: string): string {
  const ext = format.extensions[0]!;
  if (format.output === 'folder') return stream;
  return stream === '' ? `${base}.${ext}` : `${base}.${stream}.${ext}`;
}
