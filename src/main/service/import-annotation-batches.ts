import type { AnnotationImportResult } from '../../shared/domain';
import type { DatasetArticle, DatasetFormat, DatasetSpan, DecodeProblem, OffsetUnit } from '../../shared/formats';
import { writeTransaction, type ServiceContext } from './context';
import { emptyImportResult, importWriter, prepareDecoded, type ImportOptions } from './import-annotations';

/**
 * Annotation import for large files (the CLI): records are parsed as they
 * are read, and written in batches of about 100 ms, each its own
 * transaction holding whole articles, so progress shows, a cancel stops
 * between batches and the app's other writers get their turn. A first pass
 * checks every record without writing, so that by default (abort) a bad
 * record still means nothing is imported. Re-importing changes nothing (see
 * importWriter).
 */

/** One line of a JSON Lines file, or one element of a file holding a JSON array of tasks. */
export interface RecordLine {
  file: string;
  /** 1-based line number in its file (element number for an array's element). */
  line: number;
  /** An element of a JSON array: problems name it "task #N", not "line N". */
  element?: boolean;
  /** One article's files of a folder format (brat, PTC), decoded together; their problems name their own files and lines. */
  files?: { path: string; text: string }[];
  text: string;
  /** Bytes of the line, with its line break (for progress). */
  bytes: number;
}

export interface BatchProgress {
  phase: 'checking' | 'importing';
  records: number;
  bytes: number;
  spans: number;
  elapsedMs: number;
}

export interface BatchImportOptions extends ImportOptions {
  offsets?: OffsetUnit;
  onProgress?: (progress: BatchProgress) => void;
  isCancelled?: () => boolean;
  /** Time a batch should take, in ms (about 100). */
  batchMs?: number;
}

export type BatchImportResult = AnnotationImportResult & { cancelled: boolean };

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Decodes one line as a one-record file; problems name the line in its file. */
function decodeLine(format: DatasetFormat, record: RecordLine, offsets: OffsetUnit | undefined): { articles: DatasetArticle[]; problems: DecodeProblem[] } {
  if (record.files) return format.decode!(record.files, offsets ? { offsets } : {});
  const decoded = format.decode!([{ path: record.file, text: record.text }], offsets ? { offsets } : {});
  const where = record.element ? `task #${record.line}` : `line ${record.line}`;
  for (const p of decoded.problems) p.record = p.record?.replace(/^(line 1|record 1|task #1)$/, where) ?? where;
  return decoded;
}

/** Sizes batches so each takes about `target` ms. */
class BatchSizer {
  size = 32;
  constructor(private readonly target: number) {}
  took(ms: number): void {
    if (ms < this.target / 2) this.size = Math.min(this.size * 2, 20_000);
    else if (ms > this.target * 2) this.size = Math.max(1, Math.floor(this.size / 2));
  }
}

/** Imports records streamed twice (check, then write): JSON Lines of a line format, Label Studio tasks, or one article's files of a folder format at a time. */
export async function importRecordLines(
  ctx: ServiceContext,
  format: DatasetFormat,
  open: () => AsyncIterable<RecordLine>,
  options: BatchImportOptions,
): Promise<BatchImportResult> {
  const started = Date.now();
  const progress = (phase: BatchProgress['phase'], records: number, bytes: number, spans: number): void =>
    options.onProgress?.({ phase, records, bytes, spans, elapsedMs: Date.now() - started });

  // Pass 1: every record checked, nothing written.
  const problems: DecodeProblem[] = [];
  let records = 0;
  let bytes = 0;
  let lastTurn = Date.now();
  for await (const record of open()) {
    bytes += record.bytes;
    if (!record.files && record.text.trim() === '') continue;
    const decoded = decodeLine(format, record, options.offsets);
    prepareDecoded(decoded.articles, decoded.problems, { ...options, onMismatch: 'skip' }, emptyImportResult());
    problems.push(...decoded.problems.filter((p) => p.code !== 'skipped'));
    records++;
    if (records % 64 === 0) progress('checking', records, bytes, 0);
    if (Date.now() - lastTurn > 100) {
      if (options.isCancelled?.()) return { ...emptyImportResult(), cancelled: true };
      await nextTurn();
      lastTurn = Date.now();
    }
  }
  progress('checking', records, bytes, 0);
  // With abort, any problem stops the import here, before a single write, listing every problem.
  if (options.onMismatch === 'abort') prepareDecoded([], problems, options, emptyImportResult());

  // Pass 2: written batch by batch.
  const result = emptyImportResult();
  const writer = importWriter(ctx, options, result);
  const sizer = new BatchSizer(options.batchMs ?? 100);
  let batch: { articles: DatasetArticle[]; extra: Map<number, DatasetSpan[]> }[] = [];
  let written = 0;
  bytes = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const t = performance.now();
    const pending = batch;
    batch = [];
    writeTransaction(ctx, () => {
      for (const b of pending) writer.write(b.articles, b.extra);
    });
    sizer.took(performance.now() - t);
  };
  for await (const record of open()) {
    bytes += record.bytes;
    if (!record.files && record.text.trim() === '') continue;
    const decoded = decodeLine(format, record, options.offsets);
    const extra = prepareDecoded(decoded.articles, decoded.problems, options, result);
    batch.push({ articles: decoded.articles, extra });
    written++;
    if (batch.length >= sizer.size) {
      flush();
      progress('importing', written, bytes, result.spansImported);
      if (options.isCancelled?.()) return { ...result, cancelled: true };
      await nextTurn();
    }
  }
  flush();
  progress('importing', written, bytes, result.spansImported);
  return { ...result, cancelled: false };
}

/** Imports already decoded articles (folder formats, whole JSON files) in batches of about 100 ms. */
export async function importDecodedInBatches(
  ctx: ServiceContext,
  articles: DatasetArticle[],
  decodeProblems: DecodeProblem[],
  options: BatchImportOptions,
): Promise<BatchImportResult> {
  const started = Date.now();
  const result = emptyImportResult();
  const extra = prepareDecoded(articles, decodeProblems, options, result);
  const writer = importWriter(ctx, options, result);
  const sizer = new BatchSizer(options.batchMs ?? 100);
  for (let i = 0; i < articles.length;) {
    const end = Math.min(articles.length, i + sizer.size);
    const slice = articles.slice(i, end);
    const sliceExtra = new Map<number, DatasetSpan[]>();
    for (let k = i; k < end; k++) if (extra.has(k)) sliceExtra.set(k - i, extra.get(k)!);
    const t = performance.now();
    writeTransaction(ctx, () => writer.write(slice, sliceExtra));
    sizer.took(performance.now() - t);
    i = end;
    options.onProgress?.({ phase: 'importing', records: i, bytes: 0, spans: result.spansImported, elapsedMs: Date.now() - started });
    if (i < articles.length) {
      if (options.isCancelled?.()) return { ...result, cancelled: true };
      await nextTurn();
    }
  }
  return { ...result, cancelled: false };
}
