import { closeSync, createReadStream, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AnnotationImportResult } from '../../../../shared/domain';
import { WorkbenchError } from '../../../../shared/errors';
import { IMPORT_FORMAT_IDS, OFFSET_UNITS, findFormat } from '../../../../shared/formats';
import type { WorkbenchService } from '../../../service/workbench-service';
import { importDecodedInBatches, importRecordLines, type BatchProgress, type RecordLine } from '../../../service/import-annotation-batches';
import { parse } from '../../../service/validation';
import { firstLineOf } from './import-sniff';
import { JsonArrayElements } from '../../../../shared/text/json-array-elements';

/** `workbench import --format F`: labelled data from the tools analysts exchange (the annotation half of import). */

export const IMPORT_ANNOTATION_HELP = `Importing labelled data (--format):
  workbench import --format FORMAT [--annotator NAME] [--offsets codepoint|utf16]
                   [--on-mismatch abort|skip|fix] PATH...
  --format FORMAT      ${IMPORT_FORMAT_IDS.join(', ')}
                       (brat and ptc take folders: every file inside is read)
  --annotator NAME     Whose spans these are when the file does not say (default: you)
  --offsets UNIT       Offsets in the file count code points (default) or utf16
                       (older Label Studio and doccano exports count UTF-16)
  --on-mismatch MODE   When a span's recorded text disagrees with the text at its
                       offsets: abort (default, nothing imported), skip (leave it out),
                       fix (move it to the nearest place its text occurs)
Articles are matched by their text (SHA-256) or created; labels by key or name, or
created. Importing the same file twice changes nothing.
`;

export const IMPORT_ANNOTATION_OPTIONS = {
  format: { type: 'string' },
  annotator: { type: 'string' },
  offsets: { type: 'string' },
  'on-mismatch': { type: 'string' },
} as const;

/** Reads a path, or every file under a folder, as strict UTF-8 (BOM kept). */
export function readImportFiles(paths: readonly string[]): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const read = (path: string, root: string | null): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new WorkbenchError('io', `${path}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) read(join(path, name), root ?? path);
      return;
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(path));
      out.push({ name: root ? relative(root, path) : path, text });
    } catch {
      throw new WorkbenchError('unsupported_format', `${path} is not valid UTF-8 text; convert it to UTF-8 first`);
    }
  };
  for (const p of paths) read(p, null);
  return out;
}

export function describeImport(result: AnnotationImportResult): string {
  const lines = [
    `${result.spansImported} spans imported, ${result.spansUnchanged} already present, ${result.spansSkipped} skipped${result.spansFixed ? `, ${result.spansFixed} moved to their text` : ''}`,
    `${result.articlesCreated} articles created, ${result.articlesMatched} matched by text`,
  ];
  if (result.labelsCreated.length) lines.push(`labels created: ${result.labelsCreated.join(', ')}`);
  if (result.annotators.length) lines.push(`annotators: ${result.annotators.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function describeProblems(result: Pick<AnnotationImportResult, 'problems'>): string {
  return result.problems
    .map((p) => {
      const where = [p.file, p.record, p.span ? `span ${p.span}` : null].filter(Boolean).join(', ');
      const diff = p.expected !== undefined ? ` (expected “${p.expected}”, found “${p.found ?? ''}”)` : '';
      return `${p.code === 'skipped' ? 'note' : 'problem'}: ${where}: ${p.message}${p.code === 'text_mismatch' ? '' : diff}\n`;
    })
    .join('');
}

const LINE_FORMATS = new Set(['jsonl', 'prodigy', 'doccano', 'labelstudio']);

/** Every file under the paths (folders read recursively), with its name as the decoders see it. */
function listImportFiles(paths: readonly string[]): { path: string; name: string; size: number }[] {
  const out: { path: string; name: string; size: number }[] = [];
  const walk = (path: string, root: string | null): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new WorkbenchError('io', `${path}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) walk(join(path, name), root ?? path);
      return;
    }
    out.push({ path, name: root ? relative(root, path) : path, size: stat.size });
  };
  for (const p of paths) walk(p, null);
  return out;
}

/** The lines of a file as strict UTF-8, read in pieces (never the whole file at once). */
async function* readLines(file: { path: string; name: string }): AsyncGenerator<RecordLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending = '';
  let line = 0;
  const invalid = (): WorkbenchError => new WorkbenchError('unsupported_format', `${file.path} is not valid UTF-8 text; convert it to UTF-8 first`);
  for await (const chunk of createReadStream(file.path)) {
    try {
      pending += decoder.decode(chunk as Buffer, { stream: true });
    } catch {
      throw invalid();
    }
    let at = pending.indexOf('\n');
    while (at >= 0) {
      const text = pending.slice(0, at);
      line++;
      yield { file: file.name, line, text, bytes: Buffer.byteLength(text) + 1 };
      pending = pending.slice(at + 1);
      at = pending.indexOf('\n');
    }
  }
  try {
    pending += decoder.decode();
  } catch {
    throw invalid();
  }
  if (pending !== '') yield { file: file.name, line: line + 1, text: pending, bytes: Buffer.byteLength(pending) };
}

/** The elements of a file holding one JSON array (a Label Studio export), read in pieces: one task in memory at a time. */
async function* readArrayElements(file: { path: string; name: string }): AsyncGenerator<RecordLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const reader = new JsonArrayElements();
  let element = 0;
  const records = function* (texts: string[]): Generator<RecordLine> {
    for (const text of texts) yield { file: file.name, line: ++element, element: true, text, bytes: Buffer.byteLength(text) + 1 };
  };
  const read = (decode: () => string): string[] => {
    let text: string;
    try {
      text = decode();
    } catch {
      throw new WorkbenchError('unsupported_format', `${file.path} is not valid UTF-8 text; convert it to UTF-8 first`);
    }
    try {
      return reader.push(text);
    } catch (error) {
      throw new WorkbenchError('unsupported_format', `${file.path}: ${(error as Error).message}`, { file: file.path });
    }
  };
  for await (const chunk of createReadStream(file.path)) yield* records(read(() => decoder.decode(chunk as Buffer, { stream: true })));
  yield* records(read(() => decoder.decode()));
  try {
    reader.end();
  } catch (error) {
    throw new WorkbenchError('unsupported_format', `${file.path}: ${(error as Error).message}`, { file: file.path });
  }
}

/**
 * A brat or PTC folder as one group of files per article (brat: a .txt and
 * its .ann; PTC: article<ID>.txt and its .labels files), so the import holds
 * one article at a time. Null when a file speaks for several articles (a
 * combined PTC .labels file): then everything is decoded together.
 */
export function articleFileGroups(formatId: string, files: readonly { path: string; name: string; size: number }[]): (typeof files)[number][][] | null {
  const groups = new Map<string, (typeof files)[number][]>();
  const add = (key: string, file: (typeof files)[number]): void => {
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  };
  for (const file of files) {
    if (formatId === 'brat') {
      const base = /^(.*)\.(txt|ann)$/i.exec(file.name);
      add(base ? `article ${base[1]!}` : `other ${file.name}`, file);
      continue;
    }
    const text = /(?:^|[\\/])article([^\\/]+)\.txt$/.exec(file.name);
    if (text) {
      add(`article ${text[1]!}`, file);
      continue;
    }
    if (!/\.labels$/.test(file.name)) {
      add(`other ${file.name}`, file);
      continue;
    }
    const labels = /(?:^|[\\/])article([^\\/]+)\.task[12]-(?:SI|TC)\.labels$/.exec(file.name);
    if (!labels) return null;
    const id = labels[1]!;
    const lines = readFileSync(file.path, 'utf8').split(/\r?\n/);
    if (lines.some((line) => line.trim() !== '' && line.split('\t')[0] !== id)) return null;
    add(`article ${id}`, file);
  }
  return [...groups.values()];
}

/** One article's files as a record for the batched import (read when its turn comes). */
function* groupRecords(groups: { path: string; name: string; size: number }[][]): Generator<RecordLine> {
  let n = 0;
  for (const group of groups) {
    const files = group.map((f) => ({ path: f.name, text: readUtf8(f.path) }));
    yield { file: group[0]!.name, line: ++n, text: '', bytes: group.reduce((sum, f) => sum + f.size, 0), files };
  }
}

function readUtf8(path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(path));
  } catch {
    throw new WorkbenchError('unsupported_format', `${path} is not valid UTF-8 text; convert it to UTF-8 first`);
  }
}

/** Whether a file's first character (after a byte-order mark and whitespace) opens a JSON array. */
function isJsonArray(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    return /^\uFEFF?\s*\[/.test(head.subarray(0, n).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/** A file read record by record: one JSON value a line (not a pretty-printed file or a JSON array). */
function isJsonLines(path: string): boolean {
  const first = firstLineOf(path)
    .replace(/^\uFEFF/, '')
    .trim();
  if (!first.startsWith('{')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export async function runAnnotationImport(options: {
  values: Record<string, unknown>;
  positionals: string[];
  service: () => { service: WorkbenchService; close(): void };
  out: (text: string) => void;
  err: (text: string) => void;
  /** Least time between progress lines (WORKBENCH_PROGRESS_MS; 1000). */
  progressEveryMs?: number;
}): Promise<number> {
  const { values, positionals, out, err } = options;
  const formatId = values.format as string;
  const format = findFormat(formatId);
  if (!format?.decode) {
    throw new WorkbenchError('unsupported_format', `cannot import the format “${formatId}”; annotation formats: ${IMPORT_FORMAT_IDS.join(', ')}`, {
      usage: true,
    });
  }
  const offsets = values.offsets as string | undefined;
  if (offsets !== undefined && !(OFFSET_UNITS as readonly string[]).includes(offsets)) {
    throw new WorkbenchError('invalid_input', `--offsets is codepoint or utf16, not “${offsets}”`, { usage: true });
  }
  const onMismatch = (values['on-mismatch'] as string | undefined) ?? 'abort';
  if (!['abort', 'skip', 'fix'].includes(onMismatch))
    throw new WorkbenchError('invalid_input', `--on-mismatch is abort, skip or fix, not “${onMismatch}”`, { usage: true });
  if (positionals.length === 0) throw new WorkbenchError('invalid_input', `import --format ${formatId} needs at least one file or folder`, { usage: true });
  const annotator = values.annotator as string | undefined;
  if (annotator !== undefined) parse('importAnnotations', { format: formatId, files: [{ name: 'x', text: '' }], annotator });
  const quiet = Boolean(values.quiet);
  const files = listImportFiles(positionals);
  // Label Studio's JSON array of tasks is read element by element; other line formats line by line.
  const arrays = new Set(format.id === 'labelstudio' ? files.filter((f) => isJsonArray(f.path)).map((f) => f.path) : []);
  const groups = format.id === 'brat' || format.id === 'ptc' ? articleFileGroups(format.id, files) : null;
  const streamed = groups !== null || (LINE_FORMATS.has(format.id) && files.every((f) => arrays.has(f.path) || isJsonLines(f.path)));
  const totalBytes = files.reduce((n, f) => n + f.size, 0);

  // Ctrl+C stops between batches: what was committed stays (whole articles), and the summary says so.
  let cancelled = false;
  const stop = (): void => {
    if (!cancelled) err('stopping after the current batch…\n');
    cancelled = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let lastReport = Date.now();
  const onProgress = (p: BatchProgress): void => {
    if (quiet || Date.now() - lastReport < (options.progressEveryMs ?? 1000)) return;
    lastReport = Date.now();
    const rate = p.elapsedMs > 0 ? (p.records * 1000) / p.elapsedMs : 0;
    const share = streamed && totalBytes > 0 ? p.bytes / totalBytes : null;
    const left = share && share > 0 ? (p.elapsedMs / share) * (1 - share) : null;
    const what = p.phase === 'checking' ? 'records checked' : `records imported (${p.spans.toLocaleString('en')} spans)`;
    err(
      `${p.records.toLocaleString('en')} ${what}${share !== null ? `, ${Math.floor(share * 100)}%` : ''}, ${Math.round(rate).toLocaleString('en')}/s${left !== null ? `, about ${seconds(left)} left` : ''}\n`,
    );
  };
  const batchOptions = {
    onMismatch: onMismatch as 'abort' | 'skip' | 'fix',
    ...(annotator ? { annotator } : {}),
    ...(offsets ? { offsets: offsets as 'codepoint' | 'utf16' } : {}),
    onProgress,
    isCancelled: () => cancelled,
  };
  const wb = options.service();
  try {
    let result;
    if (streamed) {
      result = await importRecordLines(
        wb.service.context,
        format,
        async function* () {
          if (groups) yield* groupRecords(groups);
          else for (const file of files) yield* arrays.has(file.path) ? readArrayElements(file) : readLines(file);
        },
        batchOptions,
      );
    } else {
      const decoded = format.decode(
        readImportFiles(positionals).map((f) => ({ path: f.name, text: f.text })),
        offsets ? { offsets: offsets as 'codepoint' | 'utf16' } : {},
      );
      result = await importDecodedInBatches(wb.service.context, decoded.articles, decoded.problems, batchOptions);
    }
    err(describeProblems(result));
    out(describeImport(result));
    if (result.cancelled) {
      err('import stopped before the end: the spans counted above were imported (whole articles); importing the file again adds the rest\n');
      return 130;
    }
    return 0;
  } catch (error) {
    const problems = error instanceof WorkbenchError ? (error.details as { problems?: AnnotationImportResult['problems'] } | undefined)?.problems : undefined;
    if (problems) err(describeProblems({ problems }));
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    wb.close();
  }
}
