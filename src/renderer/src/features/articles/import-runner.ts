import type { AnnotationImportResult, ImportResult, StagedImport } from '../../../../shared/domain';
import { findFormat, firstJsonLine, sniffDatasetRecord, type SniffedDataset } from '../../../../shared/formats';
import { api, canUpload, uploadFile } from '../../api';

/**
 * Sends picked, dropped or pasted files to the one import pipeline in the
 * main process, a batch at a time, so a long import shows progress and can
 * be cancelled between batches. Article files are sent and read once:
 * several batches are staged (read and checked, nothing stored), then the
 * staged articles are stored a slice at a time; without "skip invalid", one
 * bad file or record in any batch means nothing is imported. In the browser
 * a file of 1 MB or more is uploaded on its own as raw bytes (the host
 * streams it to disk); the desktop app sends every file over IPC.
 */

export interface ImportOptions {
  skipInvalid: boolean;
  verbatim: boolean;
  encoding: string;
}

export interface RunProgress {
  phase: 'checking' | 'importing';
  done: number;
  total: number;
  startedAt: number;
  /** What is counted: files, articles being stored, or records (lines of an annotation file); files when absent. */
  unit?: 'files' | 'articles' | 'records';
  /** The file being read, for annotation files. */
  file?: string;
}

/** A .jsonl file whose first record is labelled data, imported as annotations instead of articles. */
export interface AnnotationFileResult {
  file: string;
  formatName: string;
  result: AnnotationImportResult;
}

export interface RunResult extends ImportResult {
  cancelled: boolean;
  /** Nothing was stored: a file or record was bad and bad input was not to be skipped. */
  refused?: boolean;
  annotationFiles?: AnnotationFileResult[];
}

/** How much of a file is read to find its first record. */
const SNIFF_BYTES = 8 * 1024 * 1024;

/** The annotation format a picked .jsonl file holds (by its first record), or null for article records and other files. */
export async function sniffFile(file: File): Promise<SniffedDataset | null> {
  if (!/\.jsonl$/i.test(file.name)) return null;
  return sniffDatasetRecord(firstJsonLine(await file.slice(0, SNIFF_BYTES).text()));
}

const MAX_FILES = 25;
const MAX_BYTES = 8 * 1024 * 1024;
/** In the browser, a file this large goes alone, as a raw upload (never base64 in a JSON body). */
const UPLOAD_FROM_BYTES = 1024 * 1024;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** One request: several small files as importFiles, or one big file uploaded (browser host). */
type Group = { upload: File } | { files: File[] };

function groupSize(group: Group): number {
  return 'upload' in group ? 1 : group.files.length;
}

function groups(files: readonly File[]): Group[] {
  const small = canUpload ? files.filter((f) => f.size < UPLOAD_FROM_BYTES) : files;
  const big = canUpload ? files.filter((f) => f.size >= UPLOAD_FROM_BYTES) : [];
  return [...batches(small).map((group) => ({ files: group })), ...big.map((file) => ({ upload: file }))];
}

function batches(files: readonly File[]): File[][] {
  const out: File[][] = [];
  let current: File[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length && (current.length >= MAX_FILES || bytes + file.size > MAX_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length) out.push(current);
  return out;
}

async function encode(files: readonly File[]): Promise<{ name: string; base64: string }[]> {
  return Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, base64: toBase64(await f.arrayBuffer()) })));
}

export async function importFilesInBatches(
  files: readonly File[],
  options: ImportOptions,
  onProgress: (p: RunProgress) => void,
  isCancelled: () => boolean,
): Promise<RunResult> {
  // Labelled .jsonl files (a workbench export, Prodigy, doccano, Label Studio) bring in their spans; the rest are articles.
  const annotationFiles: AnnotationFileResult[] = [];
  const articleFiles: File[] = [];
  for (const file of files) {
    const format = await sniffFile(file);
    if (!format) {
      articleFiles.push(file);
      continue;
    }
    if (isCancelled()) return { imported: [], skipped: [], failed: [], cancelled: true, annotationFiles };
    const { result, cancelled } = await importAnnotationFile(file, format, onProgress, isCancelled);
    annotationFiles.push({ file: file.name, formatName: findFormat(format)!.name, result });
    if (cancelled) return { imported: [], skipped: [], failed: [], cancelled: true, annotationFiles };
  }
  const articles = await importArticleFiles(articleFiles, options, onProgress, isCancelled);
  return annotationFiles.length ? { ...articles, annotationFiles } : articles;
}

/** Characters of an annotation file sent in one call: one transaction of about 100 ms in the main process. */
const PIECE_CHARS = 512 * 1024;

function addResult(total: AnnotationImportResult, part: AnnotationImportResult): void {
  total.articlesCreated += part.articlesCreated;
  total.articlesMatched += part.articlesMatched;
  total.spansImported += part.spansImported;
  total.spansUnchanged += part.spansUnchanged;
  total.spansSkipped += part.spansSkipped;
  total.spansFixed += part.spansFixed;
  total.labelsCreated = [...new Set([...total.labelsCreated, ...part.labelsCreated])];
  total.annotators = [...new Set([...total.annotators, ...part.annotators])];
  total.problems.push(...part.problems);
}

/**
 * A labelled JSON Lines file, sent in pieces of whole lines (whole records,
 * so never half an article): every piece is checked first (a bad record
 * means nothing is imported), then written piece by piece with progress;
 * a cancel stops between pieces, and importing the file again adds the rest.
 */
export async function importAnnotationFile(
  file: File,
  format: SniffedDataset,
  onProgress: (p: RunProgress) => void,
  isCancelled: () => boolean,
): Promise<{ result: AnnotationImportResult; cancelled: boolean }> {
  const lines = (await file.text()).split('\n');
  const pieces: { text: string; firstLine: number; lines: number }[] = [];
  for (let i = 0; i < lines.length;) {
    let size = 0;
    const from = i;
    while (i < lines.length && (i === from || size + lines[i]!.length < PIECE_CHARS)) size += lines[i++]!.length + 1;
    pieces.push({ text: lines.slice(from, i).join('\n'), firstLine: from + 1, lines: i - from });
  }
  const startedAt = Date.now();
  const total: AnnotationImportResult = {
    articlesCreated: 0,
    articlesMatched: 0,
    spansImported: 0,
    spansUnchanged: 0,
    spansSkipped: 0,
    spansFixed: 0,
    labelsCreated: [],
    annotators: [],
    problems: [],
  };
  for (const phase of ['checking', 'importing'] as const) {
    let done = 0;
    for (const piece of pieces) {
      if (isCancelled()) return { result: total, cancelled: true };
      if (piece.text.trim() !== '') {
        const part = await api.importAnnotations({
          format,
          files: [{ name: file.name, text: piece.text }],
          firstLine: piece.firstLine,
          ...(phase === 'checking' ? { checkOnly: true } : {}),
        });
        if (phase === 'importing') addResult(total, part);
      }
      done += piece.lines;
      onProgress({ phase, done, total: lines.length, startedAt, unit: 'records', file: file.name });
    }
  }
  return { result: total, cancelled: false };
}

/** Articles stored per request while importing: small enough for steady progress and a prompt cancel. */
const COMMIT_SLICE = 200;

async function importArticleFiles(
  files: readonly File[],
  options: ImportOptions,
  onProgress: (p: RunProgress) => void,
  isCancelled: () => boolean,
): Promise<RunResult> {
  const planned = groups(files);
  const base = {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    verbatim: options.verbatim,
  };
  const result: RunResult = { imported: [], skipped: [], failed: [], cancelled: false };
  const startedAt = Date.now();
  if (planned.length === 0) return result;
  // One request's worth: it reads, checks and stores in one go.
  if (planned.length === 1) {
    const group = planned[0]!;
    const part =
      'upload' in group
        ? await uploadFile(group.upload, { ...base, skipInvalid: options.skipInvalid })
        : await api.importFiles({ ...base, skipInvalid: options.skipInvalid, files: await encode(group.files) });
    onProgress({ phase: 'importing', done: files.length, total: files.length, startedAt });
    return { ...part, cancelled: false };
  }

  let importId: string | undefined;
  const discard = async (): Promise<RunResult> => {
    if (importId) await api.discardImport({ importId });
    return { ...result, cancelled: true };
  };
  let done = 0;
  let documents = 0;
  for (const group of planned) {
    if (isCancelled()) return discard();
    const staged: StagedImport =
      'upload' in group
        ? await uploadFile(group.upload, { ...base, stage: true, ...(importId ? { importId } : {}) })
        : await api.stageImport({ ...base, ...(importId ? { importId } : {}), files: await encode(group.files) });
    importId = staged.importId;
    documents = staged.documents;
    done += groupSize(group);
    onProgress({ phase: 'checking', done, total: files.length, startedAt });
  }
  if (!importId) return result;

  const importStarted = Date.now();
  for (;;) {
    if (isCancelled()) return discard();
    const part = await api.commitImport({ importId, skipInvalid: options.skipInvalid, limit: COMMIT_SLICE });
    result.imported.push(...part.imported);
    result.skipped.push(...part.skipped);
    result.failed.push(...part.failed);
    if (part.refused) return { ...result, refused: true };
    onProgress({ phase: 'importing', done: documents - part.remaining, total: documents, startedAt: importStarted, unit: 'articles' });
    if (part.remaining === 0) return result;
  }
}

export function timeLeft(p: RunProgress): string {
  const seconds = (Date.now() - p.startedAt) / 1000;
  if (p.done === 0 || seconds < 0.5) return '';
  const rate = p.done / seconds;
  const left = Math.ceil((p.total - p.done) / rate);
  return `${Math.round(rate)} ${unitName(p)}/s · about ${left} s left`;
}

export function unitName(p: RunProgress): string {
  return p.unit === 'records' ? 'lines' : p.unit === 'articles' ? 'articles' : 'files';
}
