import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { extname, join } from 'node:path';
import { WorkbenchError } from '../../../../shared/errors';
import { IMPORT_FORMAT_IDS } from '../../../../shared/formats';
import { fetchPage } from '../../../import/fetch-url';
import {
  ARTICLE_FORMATS,
  IMPORTABLE_EXTENSIONS,
  type ArticleFormat,
  type DecodedTextFile,
  type ParsedDocument,
  type SourceFile,
} from '../../../import/pipeline';
import { isKnownEncoding } from '../../../import/decode';
import { readSources, requireNoProblems, type ImportProgress, type ImportRunOptions } from '../../../service/import';
import { TextFinisher } from '../../../import/text-finisher';
import type { OpenWorkbench } from '../../../open-workbench';

/**
 * `workbench import [--format ...] [--encoding NAME] [--skip-invalid] PATH|URL...`:
 * files, folders (recursively) and web addresses through the one import
 * pipeline, with progress on stderr and Ctrl+C to stop between batches.
 */

export const IMPORT_HELP = `Usage: workbench import [options] PATH|URL... [--db PATH]

Imports articles from files, folders (recursively) and web addresses:
  .txt .md      plain text in UTF-8, UTF-16 or a legacy encoding (Windows-1251,
                KOI8-R, ISO-8859-x...) recognised with confidence; web-page
                clutter (menus, captions, "Read more", appeals) is removed
                line by line, and the original file is kept beside the article
  .html .htm    saved web pages: the story's text and its title, outlet,
                canonical URL, author, date and language
  .jsonl .json  records with "text" and optional title, source, url,
                published_at, language, meta
  http(s)://    a page fetched and imported like a saved one
Duplicates (same text) are skipped and named. By default one bad file or
record means nothing is imported, and every problem is listed.

  --format F      auto (default: by file ending), text, html, jsonl, json,
                  or an annotation dataset format
  --encoding NAME Decode files with this encoding (e.g. windows-1251, koi8-r)
  --skip-invalid  Import the good files and records; list the bad ones
  --verbatim      Keep plain text exactly as the file has it (no clean-up)
  --samples       Also add the bundled sample articles to an empty database
  --quiet         No progress lines
`;

export const IMPORT_OPTIONS = {
  format: { type: 'string' },
  encoding: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  verbatim: { type: 'boolean' },
  samples: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

interface ImportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** WORKBENCH_IMPORT_THREADS: 1 keeps everything on one thread, 2 uses the worker (see useTextWorker). */
  env?: NodeJS.ProcessEnv;
}

/** Files from which a worker thread finishes the plain texts (below, starting it costs more than it saves). */
const WORKER_FROM_FILES = 500;
/**
 * Cores from which the worker is used whatever else runs. On 2 or 3 cores it
 * pays only while a core is free (see busyCores): on this project's 2-core machine, 10,000
 * articles took 4.1-4.6 s with it against 4.6-5.4 s on one thread when idle,
 * but 5.8-6.0 s against 4.6-5.4 s while another process kept a core busy.
 */
const WORKER_FROM_CORES = 4;

/**
 * How many cores other work keeps busy now: on Linux the fewest processes
 * running (/proc/loadavg's fourth field, less this one) in five looks 2 ms
 * apart, so a passing kernel thread does not count but a busy process does;
 * elsewhere the 1-minute load average (0 where the system does not tell, as
 * on Windows). The average lags: right after another job ends it still
 * counts it.
 */
export function busyCores(): number {
  const looks: string[] = [];
  const pause = new Int32Array(new SharedArrayBuffer(4));
  try {
    for (let i = 0; i < 5; i++) {
      if (i > 0) Atomics.wait(pause, 0, 0, 2);
      looks.push(readFileSync('/proc/loadavg', 'utf8'));
    }
  } catch {
    // Not Linux.
  }
  const average = loadavg()[0] ?? 0;
  return looks.length ? Math.min(...looks.map((look) => busyCoresFrom(look, average))) : average;
}

/** busyCores from what the system said: /proc/loadavg's text (null if none), else the 1-minute average. */
export function busyCoresFrom(procLoadavg: string | null, average: number): number {
  const running = Number(procLoadavg?.split(' ')[3]?.split('/')[0]);
  return procLoadavg !== null && Number.isInteger(running) ? Math.max(0, running - 1) : average;
}

/**
 * Whether a CLI import of `files` files finishes its texts in a worker thread. WORKBENCH_IMPORT_THREADS=1 keeps
 * it on one thread, =2 uses the worker whatever the cores.
 */
export function useTextWorker(files: number, threads: string | undefined, cores = availableParallelism(), busy = busyCores()): boolean {
  if (threads === '1') return false;
  if (threads === '2') return true;
  if (files < WORKER_FROM_FILES || cores < 2) return false;
  return cores >= WORKER_FROM_CORES || busy < cores - 1;
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/** Every importable file under the given paths; a named file must exist, a folder contributes its importable files. */
export function collectPaths(paths: readonly string[]): { files: string[]; ignored: number } {
  const files: string[] = [];
  let ignored = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if ((IMPORTABLE_EXTENSIONS as readonly string[]).includes(extname(entry.name).toLowerCase())) files.push(path);
      else ignored++;
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new WorkbenchError('io', `${path}: no such file or folder`, { path });
    }
    if (stat.isDirectory()) walk(path);
    else files.push(path);
  }
  return { files, ignored };
}

function rateLine(p: ImportProgress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.done / seconds : 0;
  const left = rate > 0 ? Math.ceil((p.total - p.done) / rate) : 0;
  const what = p.phase === 'reading' ? 'files read' : 'articles stored';
  return `${p.done}/${p.total} ${what} (${Math.round(rate)}/s, ${left} s left)`;
}

export async function runImportCommand(
  args: { values: Record<string, unknown>; positionals: string[]; io: ImportIo },
  open: (samples: boolean) => OpenWorkbench,
): Promise<number> {
  const { values, positionals, io } = args;
  if (positionals.length === 0) {
    throw new WorkbenchError('invalid_input', 'import needs at least one file, folder or URL: workbench import PATH...', { usage: true });
  }
  const format = (values.format as string | undefined) ?? 'auto';
  const encoding = values.encoding as string | undefined;
  if (encoding && !isKnownEncoding(encoding)) {
    throw new WorkbenchError('invalid_input', `unknown encoding “${encoding}” (e.g. utf-8, windows-1251, koi8-r, iso-8859-5, utf-16le)`, { usage: true });
  }
  const skipInvalid = Boolean(values['skip-invalid']);
  const quiet = Boolean(values.quiet);

  if (!(ARTICLE_FORMATS as readonly string[]).includes(format)) {
    // Annotation formats never reach here (the CLI sends them to the annotation import): this one is unknown.
    const all = [...ARTICLE_FORMATS, ...IMPORT_FORMAT_IDS];
    throw new WorkbenchError('unsupported_format', `unknown import format “${format}”; import reads ${all.join(', ')}`, { format, formats: all, usage: true });
  }

  const urls = positionals.filter(isUrl);
  const { files, ignored } = collectPaths(positionals.filter((p) => !isUrl(p)));
  if (ignored && !quiet) io.err(`${ignored} file${ignored === 1 ? '' : 's'} in the folders are not importable types and were left alone\n`);
  const fetched: SourceFile[] = [];
  for (const url of urls) {
    if (!quiet) io.err(`fetching ${url}\n`);
    fetched.push(await fetchPage(url));
  }
  if (files.length + fetched.length === 0) throw new WorkbenchError('invalid_input', 'no importable files found (.txt, .md, .html, .htm, .jsonl, .json)');

  // Ctrl+C stops between batches: what was stored stays, and the summary says so.
  let cancelled = false;
  const stop = (): void => {
    if (!cancelled) io.err('stopping after the current batch…\n');
    cancelled = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const total = files.length + fetched.length;
  let lastReport = 0;
  const progress = (p: ImportProgress): void => {
    if (quiet || total < 20) return;
    const now = Date.now();
    if (now - lastReport < 1000 && p.done !== p.total) return;
    lastReport = now;
    io.err(`${rateLine(p)}\n`);
  };

  let wb: OpenWorkbench | undefined;
  let finisher: TextFinisher | undefined;
  try {
    // Read and check everything before the database is opened: by default a bad file or record stops the import untouched.
    const started = Date.now();
    const options = {
      format: format as ArticleFormat,
      ...(encoding ? { encoding } : {}),
      skipInvalid,
      verbatim: Boolean(values.verbatim),
      isCancelled: () => cancelled,
    };
    // A large import finishes its plain texts in a worker thread while this one stores (TextFinisher); the worker
    // starts now, so it is ready by the time every file is read.
    finisher = new TextFinisher(useTextWorker(total, io.env?.WORKBENCH_IMPORT_THREADS));
    const parsed = await yieldingRead(sourceSlices(files, fetched), total, options, progress, started);
    if (parsed.cancelled) {
      io.err('import stopped: nothing was imported\n');
      return 130;
    }
    requireNoProblems(parsed.problems, skipInvalid);
    const texts: DecodedTextFile[] = [];
    const order = parsed.items.map((item) => ('decoded' in item ? texts.push(item) - 1 : item));
    finisher.begin(texts, options.verbatim);
    wb = open(Boolean(values.samples));
    const stored = await yieldingStore(wb, order, finisher, options, progress);
    for (const a of stored.imported) io.out(`imported  ${a.id}  ${a.title}\n`);
    for (const s of stored.skipped) io.out(`skipped   ${s.name}: ${s.reason}\n`);
    for (const p of parsed.problems) io.out(`failed    ${p.file}${p.line ? `:${p.line}` : ''}: ${p.reason}\n`);
    const seconds = (Date.now() - started) / 1000;
    io.out(
      `${stored.imported.length} imported, ${stored.skipped.length} skipped${parsed.problems.length ? `, ${parsed.problems.length} failed` : ''}` +
        `${stored.cancelled ? '; stopped before the end (what is listed was imported)' : ''}\n`,
    );
    if (!quiet && total >= 20) io.err(`${total} files in ${seconds.toFixed(1)} s\n`);
    return stored.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    finisher?.close();
    wb?.close();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const SLICE_FILES = 200;

/** The files in slices of 200, then the fetched pages. */
function* sourceSlices(files: readonly string[], fetched: readonly SourceFile[]): Generator<SourceFile[]> {
  for (let from = 0; from < files.length; from += SLICE_FILES) {
    yield files.slice(from, from + SLICE_FILES).map((path) => ({ name: path, bytes: readFileSync(path) }));
  }
  if (fetched.length) yield [...fetched];
}

/** Reads in slices, giving the event loop a turn between them so Ctrl+C is heard (and the worker can start). */
async function yieldingRead(
  slices: Iterable<SourceFile[]>,
  total: number,
  options: ImportRunOptions,
  progress: (p: ImportProgress) => void,
  started: number,
): Promise<ReturnType<typeof readSources>> {
  const all: ReturnType<typeof readSources> = { items: [], problems: [], cancelled: false };
  let done = 0;
  for (const slice of slices) {
    const part = readSources(slice, options);
    for (const item of part.items) all.items.push(item);
    all.problems.push(...part.problems);
    done += slice.length;
    progress({ phase: 'reading', done, total, imported: 0, skipped: 0, failed: all.problems.length, elapsedMs: Date.now() - started });
    await nextTurn();
    if (part.cancelled || options.isCancelled?.()) return { ...all, cancelled: true };
  }
  return all;
}

/** Documents, or the index of a plain text the finisher hands over when asked. */
type Pending = ParsedDocument | number;

async function yieldingStore(
  wb: OpenWorkbench,
  documents: readonly Pending[],
  finisher: TextFinisher,
  options: Parameters<OpenWorkbench['service']['storeImportedDocuments']>[1],
  progress: (p: ImportProgress) => void,
): Promise<ReturnType<OpenWorkbench['service']['storeImportedDocuments']>> {
  const started = Date.now();
  const result: ReturnType<OpenWorkbench['service']['storeImportedDocuments']> = { imported: [], skipped: [], failed: [], cancelled: false };
  const SLICE = 500;
  // One checkpoint for the whole import, not one per slice.
  const checkpoint = wb.service.holdCheckpoints();
  try {
    await storeSlices();
  } finally {
    checkpoint();
  }
  return result;

  async function storeSlices(): Promise<void> {
    for (let from = 0; from < documents.length; from += SLICE) {
      if (options.isCancelled?.()) {
        result.cancelled = true;
        break;
      }
      const slice = documents.slice(from, from + SLICE).map((d) => (typeof d === 'number' ? finisher.document(d) : d));
      const part = wb.service.storeImportedDocuments(slice, options);
      result.imported.push(...part.imported);
      result.skipped.push(...part.skipped);
      const done = Math.min(from + SLICE, documents.length);
      progress({
        phase: 'storing',
        done,
        total: documents.length,
        imported: result.imported.length,
        skipped: result.skipped.length,
        failed: 0,
        elapsedMs: Date.now() - started,
      });
      if (part.cancelled) {
        result.cancelled = true;
        break;
      }
      await nextTurn();
    }
  }
}
