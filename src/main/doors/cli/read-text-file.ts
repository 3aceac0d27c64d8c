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
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new WorkbenchError('unsupported_format', `${path} is not valid UTF-8 text; convert it to UTF-8 first`);
  }
}
