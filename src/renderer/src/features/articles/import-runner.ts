import type { ImportResult } from '../../../../shared/domain';
import { api } from '../../api';

/**
 * Sends picked, dropped or pasted files to the one import pipeline in the
 * main process, a batch at a time, so a long import shows progress and can
 * be cancelled between batches. Each file is sent and read once: the batches
 * are staged (read and checked, nothing stored), then the staged articles are
 * stored a slice at a time. Without "skip invalid", one bad file or record in
 * any batch means nothing is imported.
 */

export interface ImportOptions {
  skipInvalid: boolean;
  verbatim: boolean;
  encoding: string;
}

export interface RunProgress {
  phase: 'checking' | 'importing';
  /** Files while checking, articles while importing (a JSONL file holds many). */
  done: number;
  total: number;
  startedAt: number;
}

export interface RunResult extends ImportResult {
  cancelled: boolean;
  /** Nothing was stored: a file or record was bad and bad input was not to be skipped. */
  refused?: boolean;
}

const MAX_FILES = 25;
const MAX_BYTES = 8 * 1024 * 1024;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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

/** Articles stored per request while importing: small enough for steady progress and a prompt cancel. */
const COMMIT_SLICE = 200;

export async function importFilesInBatches(
  files: readonly File[],
  options: ImportOptions,
  onProgress: (p: RunProgress) => void,
  isCancelled: () => boolean,
): Promise<RunResult> {
  const groups = batches(files);
  const parseOptions = {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    verbatim: options.verbatim,
  };
  const result: RunResult = { imported: [], skipped: [], failed: [], cancelled: false };
  const startedAt = Date.now();
  // One small batch: a single request reads, checks and stores.
  if (groups.length === 1) {
    const part = await api.importFiles({ ...parseOptions, skipInvalid: options.skipInvalid, files: await encode(groups[0]!) });
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
  for (const group of groups) {
    if (isCancelled()) return discard();
    const staged = await api.stageImport({ ...parseOptions, ...(importId ? { importId } : {}), files: await encode(group) });
    importId = staged.importId;
    documents = staged.documents;
    done += group.length;
    onProgress({ phase: 'checking', done, total: files.length, startedAt });
  }
  if (!importId) return result;

  const importStarted = Date.now();
  let stored = 0;
  for (;;) {
    if (isCancelled()) return discard();
    const part = await api.commitImport({ importId, skipInvalid: options.skipInvalid, limit: COMMIT_SLICE });
    result.imported.push(...part.imported);
    result.skipped.push(...part.skipped);
    result.failed.push(...part.failed);
    if (part.refused) return { ...result, refused: true };
    stored = documents - part.remaining;
    onProgress({ phase: 'importing', done: stored, total: documents, startedAt: importStarted });
    if (part.remaining === 0) return result;
  }
}

export function timeLeft(p: RunProgress): string {
  const seconds = (Date.now() - p.startedAt) / 1000;
  if (p.done === 0 || seconds < 0.5) return '';
  const rate = p.done / seconds;
  const left = Math.ceil((p.total - p.done) / rate);
  return `${Math.round(rate)} ${p.phase === 'checking' ? 'files' : 'articles'}/s · about ${left} s left`;
}
