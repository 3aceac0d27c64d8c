import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WorkbenchError } from '../../shared/errors';

/**
 * Who is doing long work on a database file: a small note beside it
 * (`<file>-activity`, JSON) written by a process before work that may hold
 * the write lock for long (a migration, an import), removed when it ends.
 * Another process that waited in vain for the lock reads it to say what it
 * waited for. Short edits write no note: they hold the lock for milliseconds.
 */
export interface Activity {
  pid: number;
  /** What the process is doing, in words: "an import of 3 files", "a migration to schema 4". */
  kind: string;
  /** Which program: "workbench import", "workbench serve", "the desktop app"... */
  program: string;
  since: string;
}

export const activityPath = (file: string): string => `${file}-activity`;

let programName = process.versions.electron ? 'the desktop app' : 'the workbench';

/** Set once by each door: how this process is described to others (e.g. "workbench serve"). */
export function setProgramName(name: string): void {
  programName = name;
}

/** Records `kind` as this process's long work on `file`; the returned function removes the note. */
export function announceWork(file: string, kind: string): () => void {
  const note: Activity = { pid: process.pid, kind, program: programName, since: new Date().toISOString() };
  const path = activityPath(file);
  const other = readActivity(file);
  // Another live process's note stays: it is what a waiting writer must be told about.
  if (other && other.pid !== process.pid && isAlive(other.pid)) return () => {};
  try {
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(temp, JSON.stringify(note), { flag: 'wx' });
    renameSync(temp, path);
  } catch {
    return () => {}; // a read-only folder: the note is a courtesy, never a reason to fail the work
  }
  return () => {
    if (readActivity(file)?.pid === process.pid) rmSync(path, { force: true });
  };
}

export function readActivity(file: string): Activity | undefined {
  try {
    const note = JSON.parse(readFileSync(activityPath(file), 'utf8')) as Activity;
    return typeof note.pid === 'number' && typeof note.kind === 'string' ? note : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Says, in words, what holds the write lock on `file`, as far as anyone recorded it. */
export function describeLockHolder(file: string): { text: string; activity?: Activity } {
  const note = readActivity(file);
  if (note && note.pid !== process.pid && isAlive(note.pid)) {
    return { text: `${note.program} (process ${note.pid}) is running ${note.kind} since ${note.since}`, activity: note };
  }
  return { text: 'another program is writing to it (no workbench process recorded long work)' };
}

/** The typed error for a write that could not get the lock within busy_timeout. */
export function busyError(file: string): WorkbenchError {
  const holder = file && file !== ':memory:' ? describeLockHolder(file) : { text: 'another connection is writing to it' };
  return new WorkbenchError('busy', `the database is busy: ${holder.text}; nothing was saved, try again when it is done`, {
    holder: holder.activity ?? null,
  });
}

/** True for SQLite's "could not get the lock" errors. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
