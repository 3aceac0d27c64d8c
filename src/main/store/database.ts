import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants as fsConstants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { sqliteErrorData, WorkbenchError } from '../../shared/errors';
import { announceWork } from './activity';
import { LATEST_VERSION, migrate, refuseNewer } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to an alternative native addon (the Electron-ABI build of better-sqlite3). */
  nativeBinding?: string;
  /**
   * When to run `PRAGMA quick_check` on an existing file before using it:
   * 'always' (the CLI), or 'if-unclean' (default): only when a non-empty
   * write-ahead log was left beside it, i.e. the last process did not close
   * it cleanly or another one has it open.
   */
  integrityCheck?: 'always' | 'if-unclean';
}

/** What a look at an existing file, read-only, found. */
interface Inspection {
  /** The file holds any table (data worth a snapshot). */
  hasTables: boolean;
  userVersion: number;
}

const SQLITE_MAGIC = 'SQLite format 3\0';
/** Tables only a workbench database has; a file with tables but without these belongs to another program. */
const WORKBENCH_TABLES = ['articles', 'annotations', 'labels'];

/**
 * Opens (creating if needed) a workbench database and migrates it.
 *
 * An existing file is first inspected read-only: a file that is not SQLite,
 * another program's SQLite file, a database written by a newer app, or a
 * damaged file is refused before anything could write to it. Before a
 * migration touches an existing file holding data, a snapshot is written
 * beside it (`<file>.v<N>.bak`, complete or absent, never half-written).
 */
/** The addon the app's own database was opened with (Electron's build in the desktop app), for other files it opens. */
let nativeBindingInUse: string | undefined;

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (options.nativeBinding) nativeBindingInUse = options.nativeBinding;
  const onDisk = file !== ':memory:' && file !== '';
  const existed = onDisk && existsSync(file) && statSync(file).size > 0;
  if (onDisk) refuseReadOnlyFolder(file, existed);
  if (existed) retryWhileBusy(() => inspect(file, options));
  const db = retryWhileBusy(() => connect(file, options));
  try {
    migrate(db, {
      beforeMigrating: (from) => {
        if (existed && (from > 0 || holdsTables(db))) snapshot(db, snapshotPath(file, from));
      },
      announce: onDisk ? (kind) => announceWork(file, kind) : undefined,
    });
  } catch (error) {
    db.close();
    throw asOpenError(error, file);
  }
  return db;
}

/** A connection to `file`, configured; see retryWhileBusy for why a busy file is tried again. */
function connect(file: string, options: OpenOptions): Db {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    refuseNewer(db); // before WAL mode or anything else changes the file (a file created meanwhile by a newer app)
    configure(db);
    return db;
  } catch (error) {
    db.close();
    throw asOpenError(error, file);
  }
}

/** How long an open keeps trying a file another process is setting up. */
export const OPEN_PATIENCE_MS = 10_000;

/**
 * Runs `step` again while it fails with SQLite's busy error, for up to
 * `patienceMs`. Opening needs this beside busy_timeout: SQLite does not wait
 * for every lock it takes on the way (switching a file to WAL is the known
 * one), so two processes starting on one new database could see the other's
 * set-up as a failure. Every step retried here only reads or configures;
 * a busy error from migrating (which does wait) is not retried.
 */
export function retryWhileBusy<T>(step: () => T, patienceMs = OPEN_PATIENCE_MS, sleep: (ms: number) => void = sleepSync): T {
  const deadline = Date.now() + patienceMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (!isOpenBusy(error) || Date.now() >= deadline) throw error;
      sleep(Math.min(10 * 2 ** attempt, 250));
    }
  }
}

function isOpenBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'busy' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function configure(db: Db): void {
  // The wait comes first: switching a new file to WAL already needs the lock another process may hold.
  db.pragma('busy_timeout = 5000');
  if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: every commit is fsynced to the log before it is acknowledged, so an acknowledged edit survives a power cut.
  db.pragma('synchronous = FULL');
}

/**
 * Holds back the log's automatic checkpoints during a long series of write
 * transactions; the returned function restores them and checkpoints once.
 * An automatic checkpoint after each batch would copy into the database file
 * the pages (full-text index, b-tree interiors) that the next batch rewrites
 * again: in a 10,000-article import that was a third of the time spent
 * storing. The log grows meanwhile (about as much as one big transaction's
 * would); the closing checkpoint is PASSIVE, so it never waits for readers.
 * Transactions of the series run through relaxCommitSync may commit without
 * waiting for the disk: the returned function flushes the log once before
 * anything else, so the series is durable by the time it returns.
 */
const deferrals = new WeakMap<Db, { depth: number; previous: number; unsynced: boolean }>();
export function deferCheckpoints(db: Db): () => void {
  if (db.memory) return () => {};
  const held = deferrals.get(db);
  if (held) held.depth++;
  else {
    deferrals.set(db, { depth: 1, previous: db.pragma('wal_autocheckpoint', { simple: true }) as number, unsynced: false });
    db.pragma('wal_autocheckpoint = 0');
  }
  let done = false;
  return () => {
    const state = deferrals.get(db);
    if (done || !state || !db.open) return;
    done = true;
    if (--state.depth > 0) return;
    deferrals.delete(db);
    db.pragma(`wal_autocheckpoint = ${state.previous}`);
    // Before the checkpoint, which copies only what no reader still needs and so may flush nothing.
    if (state.unsynced) syncLog(db);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // What was written is committed in the log; the next automatic checkpoint copies it.
    }
  };
}

/**
 * For one write transaction inside a series held by deferCheckpoints: its
 * commit is written to the log without waiting for the disk (synchronous =
 * NORMAL, which keeps the database consistent but may lose the last commits
 * to a power cut), and the series' end flushes the log once. An import of
 * 10,000 articles commits about fifty times; waiting for the disk each time
 * cost a tenth of it. Nothing is acknowledged before the series ends, and
 * every other transaction, on this connection (the setting is restored by
 * the returned function, called right after the commit) or another, still
 * waits for the disk. Outside a series this changes nothing.
 */
export function relaxCommitSync(db: Db): () => void {
  const state = deferrals.get(db);
  if (!state) return () => {};
  const previous = db.pragma('synchronous', { simple: true }) as number;
  if (previous < 2) return () => {};
  db.pragma('synchronous = NORMAL');
  state.unsynced = true;
  return () => {
    if (db.open) db.pragma(`synchronous = ${previous}`);
  };
}

/**
 * Flushes the write-ahead log to disk, as SQLite does at a synchronous =
 * FULL commit. SQLite never locks the log file itself (its locks are on the
 * -shm file), so opening and closing it here cannot drop a lock of its own.
 */
function syncLog(db: Db): void {
  let fd: number;
  try {
    fd = openSync(`${db.name}-wal`, 'r+');
  } catch (error) {
    // No log: everything is already in the database file, which its checkpoint flushed.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A consistent copy of the whole database in one file: written under a
 * temporary name in the same folder, flushed to disk, then renamed, so the
 * target is either complete or absent.
 */
export function snapshot(db: Db, target: string): void {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    fsyncPath(temp);
    renameSync(temp, target);
    fsyncPath(dirname(target));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new WorkbenchError('io', `cannot write the snapshot ${target}: ${(error as Error).message}`);
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some systems cannot fsync a folder; the file itself was flushed.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    closeSync(fd);
  }
}

export function snapshotPath(file: string, fromVersion: number): string {
  const plain = `${file}.v${fromVersion}.bak`;
  return existsSync(plain) ? `${file}.v${fromVersion}.${Date.now()}.bak` : plain;
}

/** True for a database snapshot this app writes beside `file` (`<file>.v<N>[.<time>].bak`). */
export function isSnapshotOf(file: string, candidate: string): boolean {
  if (!candidate.startsWith(`${file}.v`)) return false;
  return /^\.v\d+(\.\d+)?\.bak$/.test(candidate.slice(file.length));
}

function holdsTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1").get() !== undefined;
}

/**
 * Looks at an existing file with reads only, and refuses what must not be
 * opened for writing. The connection must leave the folder as it was:
 *  - a WAL-mode file closed cleanly (no -wal or -shm beside it): a read-only
 *    connection would create an empty -wal and -shm and, being read-only,
 *    never remove them. A read-write connection that only reads creates them
 *    too, but its close (the last connection: no other process has the file
 *    open, or the -wal would exist) removes them, and with an empty log
 *    there is nothing to checkpoint: the file is never written. (SQLite's
 *    immutable=1 would avoid the files, but better-sqlite3 builds SQLite
 *    without URI filenames.)
 *  - otherwise (a rollback-journal file, or a log left beside it, which a
 *    read-write connection's close could checkpoint into the file): a
 *    read-only connection, which can neither migrate, switch to WAL nor
 *    checkpoint, and creates nothing when the -wal and -shm exist.
 */
function inspect(file: string, options: OpenOptions): Inspection {
  if (!hasSqliteHeader(file)) {
    throw new WorkbenchError(
      'unsupported_format',
      `${file} is not a workbench database (not an SQLite file); nothing was changed. Choose another file with --db.`,
    );
  }
  const leftLog = existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0;
  const closedWal = isWalModeFile(file) && !existsSync(`${file}-wal`) && !existsSync(`${file}-shm`) && writable(file) && writable(dirname(file));
  let ro: Db | undefined;
  try {
    ro = new Database(file, { readonly: !closedWal, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    ro.pragma('busy_timeout = 5000');
    const userVersion = ro.pragma('user_version', { simple: true }) as number;
    const tables = (ro.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    if (userVersion > LATEST_VERSION) refuseNewer(ro);
    const ours = WORKBENCH_TABLES.every((t) => tables.includes(t));
    if (tables.length > 0 && !ours) {
      throw new WorkbenchError(
        'unsupported_format',
        `${file} is another program's SQLite database (tables: ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}), not a workbench database; it was not changed. Choose another file with --db.`,
        { tables },
      );
    }
    if (options.integrityCheck === 'always' || leftLog) quickCheck(ro, file);
    return { hasTables: tables.length > 0, userVersion };
  } catch (error) {
    throw asOpenError(error, file);
  } finally {
    ro?.close();
  }
}

function quickCheck(db: Db, file: string): void {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows
    .flatMap((r) => r.quick_check.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line && line !== 'ok' && !line.startsWith('***'));
  if (problems.length) {
    throw new WorkbenchError(
      'corrupt',
      `${file} is damaged (${problems[0]}${problems.length > 1 ? `, and ${problems.length - 1} more problems` : ''}); it was not changed. Restore it from a copy or a .bak snapshot.`,
      { problems },
    );
  }
}

/**
 * SQLite keeps a WAL-mode database's log and index (-wal, -shm) beside it
 * and must create them to open it, even to read; a new database needs its
 * folder too. A folder this user may not write is named in one line instead
 * of SQLite's "attempt to write a readonly database".
 */
function refuseReadOnlyFolder(file: string, existed: boolean): void {
  const folder = dirname(file);
  if (!existsSync(folder) || writable(folder)) return;
  if (!existed) {
    throw new WorkbenchError('io', `cannot create the database ${file}: its folder ${folder} is read-only for you; choose a folder you may write (--db)`);
  }
  const sideFiles = existsSync(`${file}-wal`) && existsSync(`${file}-shm`);
  if (isWalModeFile(file) && !sideFiles) {
    throw new WorkbenchError(
      'io',
      `cannot open ${file}: its folder ${folder} is read-only for you, and SQLite must create ${basename(file)}-wal and -shm beside the database to open it; nothing was changed. Make the folder writable, or copy the database to one that is`,
    );
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Bytes 18 and 19 of the header (file format write and read versions) are 2 in WAL mode. */
function isWalModeFile(file: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, 20, 0) === 20 && (header[18] === 2 || header[19] === 2);
  } finally {
    closeSync(fd);
  }
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** Opening errors as one typed line naming the file. */
function asOpenError(error: unknown, file: string): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const data = sqliteErrorData(error);
  if (data?.code === 'corrupt') {
    return new WorkbenchError('corrupt', `${file} is damaged (${(error as Error).message}); it was not changed. Restore it from a copy or a .bak snapshot.`);
  }
  if (data) return new WorkbenchError(data.code, `${file}: ${data.message}`);
  return new WorkbenchError('io', `cannot open the database ${file}: ${(error as Error).message}`);
}

/** The native addon databases are opened with (Electron's build in the desktop app), for connections made elsewhere (export worker threads). */
export function nativeBindingOfDatabases(): string | undefined {
  return nativeBindingInUse;
}

/**
 * Holds the database's write lock (BEGIN IMMEDIATE on a connection of its
 * own) until the returned function is called: readers that start meanwhile
 * all see the same committed state. Meant for a few milliseconds; a writer
 * waits as it would for any write. A file this process cannot write to needs
 * no lock (nothing here can change it) and gets none.
 */
export function holdWriteLock(file: string): () => void {
  let lock: Database.Database;
  try {
    lock = new Database(file, { fileMustExist: true, ...(nativeBindingInUse ? { nativeBinding: nativeBindingInUse } : {}) });
  } catch {
    return () => undefined;
  }
  try {
    lock.pragma('busy_timeout = 5000');
    lock.exec('BEGIN IMMEDIATE');
  } catch (error) {
    lock.close();
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) return () => undefined;
    const data = sqliteErrorData(error);
    throw data ? new WorkbenchError(data.code, data.message) : error;
  }
  return () => {
    lock.exec('ROLLBACK');
    lock.close();
  };
}

/** Opens another workbench database file read only, without migrating or changing it. */
export function openReadOnlyDatabase(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true, ...(nativeBindingInUse ? { nativeBinding: nativeBindingInUse } : {}) });
}

/**
 * Another workbench database written by an older version, brought up to
 * this version's tables without touching it: a private copy (with its log,
 * when one is beside it) is migrated in a temporary folder. `close` removes
 * the copy.
 */
export function openMigratedCopy(file: string): { db: Db; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-older-'));
  try {
    const copy = join(dir, 'older.sqlite');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = openDatabase(copy, nativeBindingInUse ? { nativeBinding: nativeBindingInUse } : {});
    return {
      db,
      close: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
