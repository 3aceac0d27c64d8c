import { availableParallelism } from 'node:os';
import type { ExportResult, Label } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import {
  ATTRIBUTES_LEFT_OUT,
  checkSpans,
  DEFAULT_ENCODE_OPTIONS,
  jsonlPrebuiltLine,
  LossCounter,
  SPLIT_NAMES,
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
import { toFtsQuery } from '../store/articles';
import { GOLD } from '../store/annotators';
import * as exportStore from '../store/dataset-export';
import { A, S, type ExportSelection } from '../store/dataset-export';
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
  /**
   * Text, or UTF-8 bytes (whole native JSONL lines built by SQLite). Bytes
   * are valid only during the call (a worker thread's buffer is used again
   * afterwards): a sink that keeps them keeps a copy.
   */
  write(file: string, data: string | Uint8Array): void;
}

/** Bytes a sink was given, as text (sinks that keep or print strings). */
export function textOf(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
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
  /** Let SQLite build native JSONL lines where it can (default); false always uses the codec (the tests compare the two). */
  prebuiltLines?: boolean;
  /**
   * Build half of the native JSONL lines in a second thread (see
   * store/export-worker): default on for a database file with at least
   * SECOND_THREAD_FROM articles on a machine with more than one core.
   */
  secondThread?: boolean;
}

/** Below this many articles a second thread costs more to start than it saves. */
export const SECOND_THREAD_FROM = 5_000;

type ArticleItem = exportStore.JsonlExportItem;

/** The chosen articles as raw rows, or, for the native JSONL, as lines SQLite built wherever it could (see store/dataset-export). */
function* articleItems(
  ctx: ServiceContext,
  format: DatasetFormat,
  selection: ExportSelection,
  labels: ReadonlyMap<number, Label>,
  encodeOptions: EncodeOptions,
  prebuilt: boolean,
  parallel: boolean,
  wholeLines: boolean,
): Generator<ArticleItem> {
  if (format.id === 'jsonl' && prebuilt) {
    const multiChoice = [...labels.values()].flatMap((l) => l.attributes.filter((d) => d.type === 'multichoice').map((d) => `${l.id}:${d.key}`));
    yield* exportStore.jsonlExportItems(ctx.db, selection, {
      multiChoice,
      attributes: encodeOptions.attributes,
      offsets: encodeOptions.offsets,
      parallel,
      wholeLines,
    });
    return;
  }
  for (const { article, spans } of exportStore.exportRows(ctx.db, selection)) yield { kind: 'rows', article, spans };
}

/** Article fields only the native JSONL carries: said in the loss report of any other format whose articles have them. */
export const UNCARRIED_ARTICLE_FIELDS = {
  key: 'article_fields',
  message: 'article author, tags, status, machine-translation source and previous version are left out (only the native JSONL carries them)',
} as const;

/**
 * A split asked for that no article landed in (articles are drawn one by one, so a small corpus can leave
 * 10% empty): said, never left for the analyst to find out from a missing file.
 */
export function emptySplitNotes(split: NonNullable<ExportFilters['split']>, articles: ReadonlyMap<SplitName, number>, total: number): string[] {
  const counts = SPLIT_NAMES.map((name) => `${name} ${articles.get(name) ?? 0}`).join(', ');
  return SPLIT_NAMES.filter((name) => split[name] > 0 && !articles.get(name)).map(
    (name) =>
      `the ${name} split is empty: none of the ${total} articles exported landed in it (${Math.round(split[name] * 100)}% asked; articles per split: ${counts}), so no ${name} file was written; with so few articles, try another --seed or other proportions`,
  );
}

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

/** The filters as a store selection; unknown label keys are refused, unknown annotators noted. */
function selectionOf(ctx: ServiceContext, request: ExportRequest, labelIdsByKey: ReadonlyMap<string, number>): { selection: ExportSelection; notes: string[] } {
  const f = request.filters ?? {};
  const notes: string[] = [];
  if (request.articleIds) {
    for (const id of request.articleIds) if (!exportStore.isLiveArticle(ctx.db, id)) throw notFound('article', id);
  }
  const selection: ExportSelection = {
    articleIds: request.articleIds,
    source: f.source,
    from: f.from,
    to: f.to,
    ftsQuery: f.query ? toFtsQuery(f.query) || undefined : undefined,
    samples: f.samples,
    articleStatus: f.articleStatus,
    acceptedOnly: f.status === 'accepted',
  };
  if (f.labels?.length) {
    const unknown = f.labels.filter((k) => !labelIdsByKey.has(k));
    if (unknown.length)
      throw new WorkbenchError('invalid_input', `no label with key ${unknown.map((k) => `“${k}”`).join(', ')}; labels are named by key (see Labels…)`, {
        labels: unknown,
      });
    selection.labelIds = f.labels.map((k) => labelIdsByKey.get(k)!);
  }
  const annotators = exportStore.annotatorIdsByName(ctx.db);
  let annotatorIds: number[] | undefined;
  if (f.annotators?.length) {
    for (const name of f.annotators) if (!annotators.has(name)) notes.push(`no annotator named “${name}” in this database: no spans of theirs`);
    annotatorIds = f.annotators.filter((name) => annotators.has(name)).map((name) => annotators.get(name)!);
  }
  if (f.status === 'gold') {
    const gold = annotators.get(GOLD_ANNOTATOR);
    if (gold === undefined || exportStore.liveSpanCountOf(ctx.db, gold) === 0)
      notes.push('there is no gold layer yet (no spans by the annotator “gold”): the export has articles without spans');
    annotatorIds = gold === undefined ? [] : (annotatorIds ?? [gold]).filter((id) => id === gold);
  }
  selection.annotatorIds = annotatorIds;
  return { selection, notes };
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
export function* exportSteps(
  ctx: ServiceContext,
  request: ExportRequest,
  sink: ExportSink,
  options: StreamOptions = {},
): Generator<ExportProgress, ExportSummary> {
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
  const labels = new Map(labelsStore.listLabels(ctx.db, true).map((l) => [l.id, l]));
  const { selection, notes } = selectionOf(ctx, request, new Map([...labels.values()].map((l) => [l.key, l.id])));
  const annotatorNames = new Map([...exportStore.annotatorIdsByName(ctx.db)].map(([name, id]) => [id, name]));
  const totalArticles = exportStore.countExportArticles(ctx.db, selection);
  // A one-file format split into train/dev/test gets one encoder (and one file, named by the split) per split.
  const perSplit = Boolean(f.split) && format.output === 'file';
  const encoders = new Map<string, DatasetEncoder>();
  const emit = (stream: string, chunks: { file: string; data: string | Uint8Array }[]): void => {
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
  // Stored attributes repeat (the same technique on many spans): each distinct value is parsed once, per label.
  const attributeCache = new Map<string, DatasetSpan['attributes']>();
  const attributesOf = (labelId: number, raw: string): DatasetSpan['attributes'] => {
    if (raw === '{}') return {};
    const cacheKey = `${labelId}\u0000${raw}`;
    let value = attributeCache.get(cacheKey);
    if (!value) {
      if (attributeCache.size > 10_000) attributeCache.clear();
      // Multi-choice values always as arrays (a single technique stored before they were multi-choice included).
      value = attributesForExport(labels.get(labelId)?.attributes ?? [], JSON.parse(raw) as DatasetSpan['attributes']);
      attributeCache.set(cacheKey, value);
    }
    return value;
  };
  const articleOf = (row: exportStore.ExportArticleRow, spanRows: readonly exportStore.ExportSpanRow[]): DatasetArticle => {
    // Raw rows become the codecs' spans directly (no intermediate objects).
    const spans: DatasetSpan[] = new Array<DatasetSpan>(spanRows.length);
    for (let i = 0; i < spanRows.length; i++) {
      const s = spanRows[i]!;
      const labelId = s[S.labelId];
      const label = labels.get(labelId);
      spans[i] = {
        id: s[S.id],
        start: s[S.start],
        end: s[S.end],
        text: s[S.quote],
        label: label?.key ?? `label_${labelId}`,
        labelName: label?.name ?? `Label ${labelId}`,
        annotator: annotatorNames.get(s[S.annotatorId]) ?? null,
        status: s[S.status] as DatasetSpan['status'],
        attributes: attributesOf(labelId, s[S.attributes]),
        note: s[S.note],
        confidence: s[S.confidence] as DatasetSpan['confidence'],
        createdAt: s[S.createdAt],
        updatedAt: s[S.updatedAt],
      };
    }
    const articleId = row[A.id];
    return {
      id: articleId,
      externalId: row[A.externalId],
      title: row[A.title],
      source: row[A.source],
      url: row[A.url],
      publishedAt: row[A.publishedAt],
      language: row[A.language],
      author: row[A.author],
      tags: row[A.tags] === '[]' ? [] : (JSON.parse(row[A.tags]) as string[]),
      status: row[A.status] as DatasetArticle['status'],
      machineTranslatedFrom: row[A.machineTranslatedFrom],
      previousVersionId: row[A.previousVersionId],
      sha256: row[A.sha256],
      text: row[A.text],
      meta: row[A.meta] === '{}' ? {} : (JSON.parse(row[A.meta]) as Record<string, unknown>),
      split: f.split ? splitOf(articleId, f.split) : null,
      spans,
    };
  };
  // Losses of the lines SQLite built (the encoder counts its own).
  const prebuiltLosses = new LossCounter();
  const perSplitArticles = new Map<SplitName, number>();
  const countSplit = (split: SplitName | null): void => {
    if (split) perSplitArticles.set(split, (perSplitArticles.get(split) ?? 0) + 1);
  };
  const parallel = options.secondThread ?? (totalArticles >= SECOND_THREAD_FROM && availableParallelism() > 1);
  for (const item of articleItems(ctx, format, selection, labels, encodeOptions, options.prebuiltLines ?? true, parallel, !f.split)) {
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'the export was cancelled; nothing was kept');
    if (item.kind === 'bytes') {
      encoderFor(null);
      if (!encodeOptions.attributes) prebuiltLosses.add('attributes', ATTRIBUTES_LEFT_OUT, item.attributeSpans);
      emit('', [{ file: '', data: item.line }]);
      spanCount += item.spanCount;
    } else if (item.kind === 'line') {
      const split = f.split ? splitOf(item.id, f.split) : null;
      countSplit(split);
      encoderFor(split);
      if (!encodeOptions.attributes) prebuiltLosses.add('attributes', ATTRIBUTES_LEFT_OUT, item.attributeSpans);
      emit(perSplit ? (split ?? '') : '', [{ file: '', data: jsonlPrebuiltLine(item, encodeOptions, split) }]);
      spanCount += item.spanCount;
    } else {
      const article = articleOf(item.article, item.spans);
      countSplit(article.split);
      const failure = checkSpans(article);
      if (failure) throw new WorkbenchError('conflict', `export stopped before writing: ${failure.message}`, failure);
      emit(perSplit ? (article.split ?? '') : '', encoderFor(article.split).article(article));
      spanCount += article.spans.length;
    }
    articleCount++;
    const progress = { articles: articleCount, totalArticles, spans: spanCount };
    if (options.onProgress && articleCount % every === 0) options.onProgress(progress);
    yield progress;
  }
  for (const [stream, encoder] of encoders) emit(stream, encoder.end());
  options.onProgress?.({ articles: articleCount, totalArticles, spans: spanCount });
  if (f.split) notes.push(...emptySplitNotes(f.split, perSplitArticles, articleCount));
  const losses = new Map<string, LossItem>();
  const uncarried = articleCount > 0 && !format.carries.articleDetails ? exportStore.countArticlesWithUncarriedFields(ctx.db, selection) : 0;
  if (uncarried > 0) losses.set(UNCARRIED_ARTICLE_FIELDS.key, { ...UNCARRIED_ARTICLE_FIELDS, count: uncarried });
  for (const list of [...[...encoders.values()].map((encoder) => encoder.losses()), prebuiltLosses.list()]) {
    for (const item of list) {
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

/** The API input as an export request (`annotators` may also come at the top level, as the review door sends it). */
export function requestOf(v: MethodInput<'exportDataset'>): ExportRequest {
  const filters = v.annotators ? { ...v.filters, annotators: [...(v.filters?.annotators ?? []), ...v.annotators] } : v.filters;
  return { format: v.format, offsets: v.offsets, articleIds: v.articleIds, filters };
}

/** A sink that keeps every stream's pieces in memory (the app's exports; the CLI streams to disk instead). */
export function memorySink(): ExportSink & { files: Map<string, string[]> } {
  const files = new Map<string, string[]>();
  return {
    files,
    write(file, data) {
      const text = textOf(data);
      const parts = files.get(file);
      if (parts) parts.push(text);
      else files.set(file, [text]);
    },
  };
}

/** The finished export as the API returns it: file names from the clock, one file or many. */
export function exportResultOf(ctx: ServiceContext, summary: ExportSummary, files: Map<string, string[]>, split: boolean): ExportResult {
  const stamp = ctx.now().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const base = `workbench-${summary.format.id === 'jsonl' ? 'export' : summary.format.id}-${stamp}`;
  const ext = summary.format.extensions[0]!;
  const single = summary.format.output === 'file' && !split;
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

/** The API method: the whole export in memory, in one call. */
export function exportDataset(ctx: ServiceContext, input: MethodInput<'exportDataset'>, options: StreamOptions = {}): ExportResult {
  const v = parse('exportDataset', input);
  const sink = memorySink();
  const summary = streamExport(ctx, requestOf(v), sink, options);
  return exportResultOf(ctx, summary, sink.files, Boolean(v.filters?.split));
}

/** Where a stream of an export goes: the single file, a split's file (`base.train.jsonl`), or a folder format's own path. */
export function exportFileName(format: DatasetFormat, stream: string, base: string): string {
  const ext = format.extensions[0]!;
  if (format.output === 'folder') return stream;
  return stream === '' ? `${base}.${ext}` : `${base}.${stream}.${ext}`;
}
