import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { WorkbenchError } from '../../../../shared/errors';
import { findFormat, firstJsonLine, sniffDatasetRecord, type SniffedDataset } from '../../../../shared/formats';

/**
 * `workbench import FILE.jsonl` without --format: the first record says
 * whether the file holds labelled data (a workbench export, Prodigy,
 * doccano, Label Studio), imported as annotations, or article records.
 */

/** The first line of a file, read in pieces (an article text can make that line long; the rest is never read). */
export function firstLineOf(path: string, limit = 64 * 1024 * 1024): string {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n > 0) {
        parts.push(Buffer.from(chunk.subarray(0, n)));
        total += n;
      }
      const lines = Buffer.concat(parts).toString('utf8').split('\n');
      // A line counts once it ends (or the file does); blank leading lines are skipped.
      const complete = n === 0 || total > limit ? lines : lines.slice(0, -1);
      const line = complete.find((l) => l.trim() !== '');
      if (line !== undefined || n === 0 || total > limit) return line ?? '';
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The annotation format the given paths hold, or null for articles. Only
 * plain .jsonl files are sniffed; every one must agree, or the user is asked
 * to say --format.
 */
export function sniffImportFormat(paths: readonly string[]): { format: SniffedDataset; message: string } | null {
  const jsonl = paths.filter((p) => extname(p).toLowerCase() === '.jsonl' && statSafe(p));
  if (jsonl.length === 0) return null;
  const kinds = new Map<string, SniffedDataset | null>(jsonl.map((p) => [p, sniffDatasetRecord(firstJsonLine(firstLineOf(p)))]));
  const datasets = [...kinds].filter(([, k]) => k !== null);
  if (datasets.length === 0) return null;
  const formats = new Set(datasets.map(([, k]) => k));
  if (datasets.length !== paths.length || formats.size > 1) {
    const list = [...kinds].map(([p, k]) => `${p}: ${k ? findFormat(k)!.name : 'articles'}`).join('; ');
    throw new WorkbenchError('invalid_input', `these files hold different kinds of records (${list}); import them separately, or say --format`, {
      usage: true,
    });
  }
  const format = datasets[0]![1]!;
  return {
    format,
    message: `reading ${jsonl.length === 1 ? jsonl[0] : `${jsonl.length} files`} as ${findFormat(format)!.name} annotations (its first record has that shape); --format auto reads article records instead`,
  };
}

function statSafe(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
