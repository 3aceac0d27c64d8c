import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { WorkbenchError } from '../../../shared/errors';

/** Writes to a temporary file beside the target, then renames: never a half-written export. */
export function writeFileAtomically(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new WorkbenchError('io', `cannot write ${path}: ${(error as Error).message}`);
  }
}
