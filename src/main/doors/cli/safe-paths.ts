import { accessSync, constants as fsConstants, existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/errors';
import { activityPath } from '../../store/activity';
import { isSnapshotOf } from '../../store/database';

/**
 * Path checks that keep the command line from destroying or inventing data:
 * an empty --db, a reading command on a database that does not exist, an
 * output file that is the database itself (or its log, or a snapshot).
 */

/** `--db ""` is a mistake, never "the default database". */
export function refuseEmptyDbOption(value: unknown): void {
  if (value === '') throw new WorkbenchError('invalid_input', '--db is empty; give a database file (or leave --db out to use the default)', { usage: true });
}

/** Reading commands (list, export, search) never create a database. */
export function requireExistingDatabase(dbPath: string): void {
  if (!existsSync(dbPath)) {
    throw new WorkbenchError('not_found', `no database at ${dbPath}; check --db (import creates a database)`);
  }
}

/**
 * Writing commands (import, import-layer, serve) refuse a database file this
 * user may not write, before anything is read or parsed: one line naming it.
 */
export function requireWritableDatabase(dbPath: string): void {
  if (!existsSync(dbPath)) return;
  try {
    accessSync(dbPath, fsConstants.W_OK);
  } catch {
    throw new WorkbenchError(
      'io',
      `${dbPath} is read-only (you may not write to it), so nothing can be saved to it; nothing was changed. Reading commands (list, export, search) still work`,
    );
  }
}

/** The real location of a path that may not exist yet (its folder resolved through symlinks). */
function realLocation(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** Refuses an output path that is the database, its -wal/-shm/-journal, its activity note or a snapshot of it. */
export function refuseOutputOverDatabase(out: string, dbPath: string): void {
  const target = realLocation(out);
  const db = realLocation(dbPath);
  const protectedPaths = [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, activityPath(db)];
  if (protectedPaths.includes(target) || isSnapshotOf(db, target)) {
    throw new WorkbenchError('invalid_input', `--out ${out} is the database or one of its files; choose another output file (nothing was written)`);
  }
}
