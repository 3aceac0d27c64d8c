import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { WorkbenchError } from '../../../shared/errors';
import { TEXT_EXTENSIONS } from '../../../shared/importable';

export { TEXT_EXTENSIONS };

/**
 * Reads a plain-text article exactly as stored: strict UTF-8, the BOM kept,
 * no newline translation. Names the file in every error.
 */
export function readTextFile(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new WorkbenchError('io', `${path}: no such file`);
  }
  if (stat.isDirectory()) throw new WorkbenchError('io', `${path} is a folder; name the files (e.g. ${path}/*.txt)`);
  if (!(TEXT_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
    throw new WorkbenchError(
      'unsupported_format',
      `${path}: unsupported file type “${extname(path) || '(none)'}”; import reads plain text (${TEXT_EXTENSIONS.join(', ')})`,
    );
  }
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new WorkbenchError('unsupported_format', `${path} is not valid UTF-8 text; convert it to UTF-8 first`);
  }
  refuseNulText(path, bytes);
  return text;
}

/**
 * NUL never occurs in UTF-8 text; a file holding NUL bytes is binary or
 * UTF-16/32 without a byte-order mark (ASCII in UTF-16LE decodes as valid
 * "UTF-8" with a NUL after every letter).
 */
function refuseNulText(path: string, bytes: Uint8Array): void {
  const first = bytes.indexOf(0);
  if (first === -1) return;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = bytes.length / 2;
  const guess =
    oddNul > half * 0.6 ? 'it looks like UTF-16LE text without a byte-order mark' : evenNul > half * 0.6 ? 'it looks like UTF-16BE text without a byte-order mark' : 'it looks like a binary file';
  throw new WorkbenchError('unsupported_format', `${path} contains NUL bytes (first at byte ${first}): ${guess}; convert it to UTF-8 text first`);
}
