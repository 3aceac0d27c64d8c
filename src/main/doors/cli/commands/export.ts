import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { WorkbenchError } from '../../../../shared/errors';
import { DATASET_FORMATS, OFFSET_UNITS, SPLIT_NAMES, findFormat, type LossItem, type OffsetUnit } from '../../../../shared/formats';
import { describeIssues, exportFilters, type ExportFilters } from '../../../../shared/schemas';
import type { ServiceContext } from '../../../service/context';
import { exportFileName, exportSteps, textOf, type ExportSink } from '../../../service/export';
import { SyncAhead } from '../sync-ahead';

/** `workbench export`: streams a dataset to a file, a folder, or standard output. */

const formatLines = DATASET_FORMATS.map((f) => `    ${f.id.padEnd(12)} ${f.description}`).join('\n');

export const EXPORT_HELP = `Usage: workbench export --format FORMAT --out PATH|- [filters] [--db PATH]

Writes a labelled dataset. JSON and CSV offsets are Unicode code points,
end-exclusive, unless --offsets utf16: in Python,
record["text"][span["start"]:span["end"]] == span["text"]. Every span is
checked against its article before it is written; a file or folder is
written whole or not at all. What the format cannot carry is listed on
standard error.

  --format FORMAT      One of:
${formatLines}
  --out PATH|-         File to write (- = standard output); a folder for brat and ptc.
                       With --split, one file per split: data.jsonl -> data.train.jsonl, ...
  --offsets UNIT       codepoint (default) or utf16 (JavaScript string indices)
  --label KEY          Only spans with this label key (repeatable)
  --annotator NAME     Only spans by this annotator (repeatable); "gold" is the gold layer
  --layer NAME         The same as --annotator
  --status S           all (default), accepted (reviewed and accepted), gold (the gold layer)
  --article-status S   Only articles with this status (repeatable)
  --source NAME        Only articles from this source
  --from DATE          Only articles published (or imported) on or after DATE (YYYY-MM-DD)
  --to DATE            ... on or before DATE
  --query WORDS        Only articles matching a full-text search
  --samples MODE       include (default), exclude or only the bundled sample articles
  --no-attributes      Leave span attributes out
  --split T,D,T        Seeded article-level train/dev/test split, e.g. 0.8,0.1,0.1
  --seed N             Seed of the split (default 1)
  --context N          Characters of context either side, for spans-jsonl (default 100)
  --article ID         Only this article (repeatable)
`;

export const EXPORT_OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  offsets: { type: 'string' },
  label: { type: 'string', multiple: true },
  annotator: { type: 'string', multiple: true },
  layer: { type: 'string', multiple: true },
  status: { type: 'string' },
  'article-status': { type: 'string', multiple: true },
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  query: { type: 'string' },
  samples: { type: 'string' },
  'no-attributes': { type: 'boolean' },
  split: { type: 'string' },
  seed: { type: 'string' },
  context: { type: 'string' },
  article: { type: 'string', multiple: true },
} as const;

function usage(message: string): WorkbenchError {
  return new WorkbenchError('invalid_input', message, { usage: true });
}

/** Turns the command's options into validated export filters (the same schema the API uses). */
export function filtersFromOptions(values: Record<string, unknown>): ExportFilters {
  const raw: Record<string, unknown> = {};
  if (values.label) raw.labels = values.label;
  // --layer NAME is the review door's name for the same filter (an annotator's layer; gold is the reviewed set).
  const layers = [...((values.annotator as string[] | undefined) ?? []), ...((values.layer as string[] | undefined) ?? [])];
  if (layers.length) raw.annotators = layers;
  if (values.status) raw.status = values.status;
  if (values['article-status']) raw.articleStatus = values['article-status'];
  if (values.source) raw.source = values.source;
  if (values.from) raw.from = values.from;
  if (values.to) raw.to = values.to;
  if (values.query) raw.query = values.query;
  if (values.samples) raw.samples = values.samples;
  if (values['no-attributes']) raw.attributes = false;
  if (values.context !== undefined) raw.contextChars = Number(values.context);
  if (values.split) {
    const parts = String(values.split).split(',').map(Number);
    if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p)))
      throw usage(`--split takes three proportions, train,dev,test (e.g. 0.8,0.1,0.1), not “${String(values.split)}”`);
    raw.split = { train: parts[0], dev: parts[1], test: parts[2], seed: values.seed === undefined ? 1 : Number(values.seed) };
  } else if (values.seed !== undefined) throw usage('--seed goes with --split');
  const parsed = exportFilters.safeParse(raw);
  if (!parsed.success) throw usage(describeIssues(parsed.error.issues).message.replace(/^(\w+)/, (k) => `--${k}`));
  return parsed.data;
}

/** A one-file stream is written out in pieces of about this size. */
const FLUSH_BYTES = 1 << 20;

/** Written but not yet flushed to disk: past this much a one-file stream is flushed in the background (with syncAhead). */
const SYNC_AHEAD_BYTES = 32 << 20;

/**
 * Writes export streams to disk. One-file formats keep their file open and
 * write in 1 MB pieces; folder formats (one small file per article, hundreds
 * of thousands of them) append each chunk and close at once, so no more
 * than one descriptor is open. With `syncAhead`, a one-file stream is
 * flushed to disk in a second thread as it grows (see SyncAhead), so the
 * fsync before the file is closed has only the last pieces left to wait for.
 */
export class FileSink implements ExportSink {
  private readonly fds = new Map<string, number>();
  private readonly buffers = new Map<string, (string | Uint8Array)[]>();
  private readonly sizes = new Map<string, number>();
  private readonly folders = new Set<string>();
  private readonly stages = new Map<string, { buffer: Buffer; used: number }>();
  private syncAhead: SyncAhead | null = null;
  private unsynced = 0;
  bytes = 0;
  /** Background flushes asked for (with syncAhead). */
  flushesAhead = 0;

  constructor(
    private readonly resolve: (stream: string) => { path: string; folder: boolean; shown: string },
    private readonly options: { syncAhead?: boolean } = {},
  ) {}

  write(stream: string, data: string | Uint8Array): void {
    const target = this.resolve(stream);
    if (target.folder) {
      try {
        const dir = dirname(target.path);
        if (!this.folders.has(dir)) {
          mkdirSync(dir, { recursive: true });
          this.folders.add(dir);
        }
        appendFileSync(target.path, data);
        this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      } catch (error) {
        throw new WorkbenchError('io', `cannot write ${target.shown}: ${(error as Error).message}`);
      }
      return;
    }
    let parts = this.buffers.get(stream);
    if (!parts) {
      try {
        this.fds.set(stream, openSync(target.path, 'w'));
      } catch (error) {
        throw new WorkbenchError('io', `cannot write ${target.shown}: ${(error as Error).message}`);
      }
      parts = [];
      this.buffers.set(stream, parts);
      this.sizes.set(stream, 0);
    }
    if (typeof data === 'string') parts.push(data);
    else parts.push(this.stage(stream, data));
    const size = this.sizes.get(stream)! + data.length;
    this.sizes.set(stream, size);
    if (size > FLUSH_BYTES) this.flush(stream);
  }

  /** A copy of bytes the caller will reuse, in the stream's staging buffer (emptied by each flush). */
  private stage(stream: string, data: Uint8Array): Uint8Array {
    let stage = this.stages.get(stream);
    if (!stage) this.stages.set(stream, (stage = { buffer: Buffer.allocUnsafe(2 * FLUSH_BYTES), used: 0 }));
    if (stage.used + data.byteLength > stage.buffer.length) {
      this.flush(stream);
      if (data.byteLength > stage.buffer.length) return Buffer.from(data);
    }
    stage.buffer.set(data, stage.used);
    stage.used += data.byteLength;
    return stage.buffer.subarray(stage.used - data.byteLength, stage.used);
  }

  private flush(stream: string): void {
    const parts = this.buffers.get(stream)!;
    if (parts.length === 0) return;
    // Runs of text are joined and encoded once (measuring a string's UTF-8 length and then writing it would encode it twice); bytes go as they are.
    const pieces: Uint8Array[] = [];
    let text: string[] = [];
    for (const part of parts) {
      if (typeof part === 'string') text.push(part);
      else {
        if (text.length) pieces.push(Buffer.from(text.join(''), 'utf8'));
        text = [];
        pieces.push(part);
      }
    }
    if (text.length) pieces.push(Buffer.from(text.join(''), 'utf8'));
    const fd = this.fds.get(stream)!;
    let size = 0;
    for (const piece of pieces) size += piece.byteLength;
    // Many pieces (whole lines as bytes) go in one writev, without copying them into one buffer first.
    let written = pieces.length === 1 ? 0 : writevSync(fd, pieces);
    if (written < size) {
      const chunk = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
      while (written < size) written += writeSync(fd, chunk, written);
    }
    this.bytes += size;
    parts.length = 0;
    this.sizes.set(stream, 0);
    const stage = this.stages.get(stream);
    if (stage) stage.used = 0;
    this.unsynced += size;
    if (this.options.syncAhead && this.unsynced >= SYNC_AHEAD_BYTES) {
      this.unsynced = 0;
      this.flushesAhead++;
      (this.syncAhead ??= new SyncAhead()).request(fd);
    }
  }

  close(sync: boolean): void {
    try {
      if (sync) {
        for (const [stream, fd] of this.fds) {
          this.flush(stream);
          fsyncSync(fd);
        }
      }
    } finally {
      // No background flush may be left on a descriptor once it is closed.
      this.syncAhead?.stop();
      this.syncAhead = null;
      for (const fd of this.fds.values()) closeSync(fd);
      this.fds.clear();
    }
  }
}

/** Standard output: chunks go out as they come. */
class StdoutSink implements ExportSink {
  constructor(private readonly out: (text: string) => void) {}
  write(_stream: string, data: string | Uint8Array): void {
    if (data.length) this.out(textOf(data));
  }
}

export function describeLosses(losses: readonly LossItem[]): string {
  if (losses.length === 0) return 'nothing lost: the format carries every span and field exported';
  return `what this format could not carry:\n${losses.map((l) => `  ${String(l.count).padStart(7)}  ${l.message}`).join('\n')}`;
}

export async function runExport(options: {
  values: Record<string, unknown>;
  err: (text: string) => void;
  out: (text: string) => void;
  /** Waits until standard output has taken what was written (backpressure on a slow pipe). */
  drain?: () => Promise<void>;
  withContext: <T>(fn: (ctx: ServiceContext) => Promise<T>) => Promise<T>;
}): Promise<number> {
  const { values, err, out } = options;
  const formatId = values.format as string | undefined;
  if (!formatId) throw usage(`export needs --format (${DATASET_FORMATS.map((f) => f.id).join(', ')})`);
  const format = findFormat(formatId);
  if (!format)
    throw new WorkbenchError('unsupported_format', `unknown export format “${formatId}”; supported: ${DATASET_FORMATS.map((f) => f.id).join(', ')}`, {
      usage: true,
    });
  const target = values.out as string | undefined;
  if (!target) throw usage('export needs --out PATH (or --out - for standard output)');
  const offsets = (values.offsets as string | undefined) ?? 'codepoint';
  if (!(OFFSET_UNITS as readonly string[]).includes(offsets)) throw usage(`--offsets is codepoint or utf16, not “${offsets}”`);
  const filters = filtersFromOptions(values);
  const toStdout = target === '-';
  if (toStdout && (format.output === 'folder' || filters.split)) {
    throw usage(`${format.output === 'folder' ? `${format.name} writes many files` : '--split writes one file per split'}: give --out FOLDER or FILE, not -`);
  }
  if (!toStdout && format.output === 'folder' && existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new WorkbenchError(
      'io',
      `${target} already exists and is not an empty folder; ${format.name} writes a folder of files: choose a new or empty folder`,
    );
  }

  if (!toStdout && !existsSync(dirname(target) || '.')) throw new WorkbenchError('io', `cannot write ${target}: the folder ${dirname(target)} does not exist`);
  // Everything is written beside the target first and renamed into place when the export succeeded.
  const temp = toStdout ? '' : join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  const base = basename(target, extname(target));
  const finalPaths = new Map<string, string>();
  const sink = toStdout
    ? new StdoutSink(out)
    : new FileSink(
        (stream) => {
          if (format.output === 'folder') return { path: join(temp, stream), folder: true, shown: join(target, stream) };
          const final = filters.split
            ? join(dirname(target), exportFileName(format, stream, base).replace(/\.[^.]+$/, extname(target) || `.${format.extensions[0]}`))
            : target;
          const partial = `${final}.${process.pid}.partial`;
          finalPaths.set(partial, final);
          return { path: partial, folder: false, shown: final };
        },
        { syncAhead: true },
      );

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  let summary;
  try {
    summary = await options.withContext(async (ctx) => {
      const steps = exportSteps(ctx, { format: format.id, offsets: offsets as OffsetUnit, articleIds: values.article as string[] | undefined, filters }, sink);
      let lastReport = Date.now();
      for (let n = 1; ; n++) {
        const step = steps.next();
        if (step.done) return step.value;
        if (n % 256 === 0) {
          // Let a Ctrl+C reach us, let a slow pipe catch up, and say how far we are on long exports.
          await new Promise((resolve) => setImmediate(resolve));
          if (toStdout && options.drain) await options.drain();
          if (controller.signal.aborted) {
            steps.return(undefined as never);
            throw new WorkbenchError('cancelled', 'export cancelled; nothing was written');
          }
          if (Date.now() - lastReport > 2000) {
            lastReport = Date.now();
            const p = step.value;
            err(`exported ${p.articles.toLocaleString('en')} of ${p.totalArticles.toLocaleString('en')} articles (${p.spans.toLocaleString('en')} spans)\n`);
          }
        }
      }
    });
    if (sink instanceof FileSink) sink.close(true);
  } catch (error) {
    if (sink instanceof FileSink) sink.close(false);
    if (!toStdout) {
      rmSync(temp, { recursive: true, force: true });
      for (const partial of finalPaths.keys()) rmSync(partial, { force: true });
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  if (!toStdout) {
    if (format.output === 'folder') {
      if (!existsSync(temp)) mkdirSync(temp, { recursive: true });
      if (existsSync(target)) rmSync(target, { recursive: true });
      renameSync(temp, target);
    } else {
      if (finalPaths.size === 0) {
        // No article matched: still write the (empty) file so a pipeline finds it.
        const fd = openSync(target, 'w');
        closeSync(fd);
      }
      for (const [partial, final] of finalPaths) renameSync(partial, final);
    }
  }
  const unit = summary.offsetUnit ? `, ${summary.offsetUnit === 'codepoint' ? 'code point' : 'UTF-16'} offsets` : '';
  const where = toStdout ? 'standard output' : format.output === 'folder' ? `${target}/` : [...finalPaths.values()].join(', ') || target;
  err(
    `wrote ${summary.articleCount} articles, ${summary.spanCount} spans as ${format.id} to ${where}${unit}${filters.split ? ` (split ${SPLIT_NAMES.join('/')})` : ''}\n`,
  );
  for (const note of summary.notes) err(`note: ${note}\n`);
  err(`${describeLosses(summary.losses)}\n`);
  return 0;
}
