import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WorkbenchError } from '../../../shared/errors';

/**
 * Writes to a new temporary file beside the target, then renames: never a
 * half-written export. The temporary name is random and created exclusively
 * ('wx'), so a file or symlink planted under a predictable name is never
 * followed or overwritten.
 */
export function writeFileAtomically(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = openSync(temp, 'wx', 0o644);
    created = true;
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    if (created) rmSync(temp, { force: true });
    throw new WorkbenchError('io', `cannot write ${path}: ${(error as Error).message}`);
  }
}
