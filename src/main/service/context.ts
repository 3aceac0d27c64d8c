import type { Session } from '../../shared/domain';
import type { PageFetcher } from '../import/fetch-url';
import { WorkbenchError } from '../../shared/errors';
import { announceWork, busyError, isBusy } from '../store/activity';
import { isWellFormed } from '../../shared/schemas';
import { ensureAnnotator, GOLD } from '../store/annotators';
import { deferCheckpoints, relaxCommitSync, type Db } from '../store/database';

export interface ServiceOptions {
  host: Session['host'];
  appVersion: string;
  /** Who acts when a request names nobody (the OS user name, say); also the name the first-run dialog suggests. */
  defaultAnnotator: string;
  /** Clock, replaceable in tests. */
  now?: () => string;
  /** Fetches a page for importUrl (replaceable in tests; by default an http/https GET with limits). */
  fetchPage?: PageFetcher;
}

/** What every capability module of the service works with: the database, the clock, the door's options and who calls. */
export interface ServiceContext {
  readonly db: Db;
  readonly options: ServiceOptions;
  readonly now: () => string;
  /** The annotator this request acts as (each window, browser tab and CLI call says who it is). */
  readonly annotator?: string;
}

/** The database-wide annotator setting of older versions; only read, as the name suggested on first run. */
export const ANNOTATOR_SETTING = 'annotator';

export function createContext(db: Db, options: ServiceOptions, annotator?: string): ServiceContext {
  const ctx: ServiceContext = { db, options, now: options.now ?? (() => new Date().toISOString()) };
  return annotator === undefined ? ctx : { ...ctx, annotator: checkPersonName(annotator) };
}

/** The same context acting as another annotator. */
export function withAnnotator(ctx: ServiceContext, name: string): ServiceContext {
  return { ...ctx, annotator: checkPersonName(name) };
}

/** A person's name, trimmed; `gold` is reserved for the adjudicated layer. */
export function checkPersonName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new WorkbenchError('invalid_input', 'an annotator name is required');
  // Names also arrive outside the schemas (a request header, a window's memory): the same text rules apply.
  if (!isWellFormed(name) || name.includes('\0')) {
    throw new WorkbenchError('invalid_input', 'an annotator name must be valid Unicode text without NUL characters');
  }
  if (name.length > 100) throw new WorkbenchError('invalid_input', 'an annotator name has at most 100 characters');
  if (name.toLowerCase() === GOLD) {
    throw new WorkbenchError('invalid_input', `“${name}” is reserved for the gold (reviewed) layer; pick a person's name`, { name });
  }
  return name;
}

/**
 * Runs `work` in one writing transaction. BEGIN IMMEDIATE takes the write lock
 * up front, so a second process waits (busy_timeout) instead of failing with
 * SQLITE_BUSY when a deferred read-then-write transaction tries to upgrade.
 */
export function writeTransaction<T>(ctx: ServiceContext, work: () => T): T {
  try {
    return ctx.db.transaction(work).immediate();
  } catch (error) {
    if (isBusy(error)) throw busyError(ctx.db.name);
    throw error;
  }
}

/** How long one batch of a long write may hold the lock: another writer waits at most about this long. */
export const BATCH_MILLISECONDS = 100;

/**
 * Runs `step` over `items` in several writing transactions, each committed
 * after about BATCH_MILLISECONDS, so a long import never makes another
 * process (or the app's own edits) wait more than a fraction of a second.
 * `kind` names the work for other processes that wait anyway (see
 * store/activity.ts). Batches committed before a failure stay committed.
 */
export function batchedWrite<I>(ctx: ServiceContext, kind: string, items: readonly I[], step: (item: I) => void): void {
  const file = ctx.db.name;
  let done: (() => void) | undefined;
  const checkpoint = deferCheckpoints(ctx.db);
  try {
    let next = 0;
    while (next < items.length) {
      // Commits of the series go to the log without waiting for the disk; `checkpoint()` below flushes them at once.
      const restoreSync = relaxCommitSync(ctx.db);
      try {
        writeTransaction(ctx, () => {
          // Written once this process holds the lock, so it never overwrites the note of the process it waited for.
          if (!done && file !== ':memory:' && file !== '') done = announceWork(file, kind);
          const started = performance.now();
          do step(items[next++]!);
          while (next < items.length && performance.now() - started < BATCH_MILLISECONDS);
        });
      } finally {
        restoreSync();
      }
    }
  } finally {
    checkpoint();
    done?.();
  }
}

export function annotatorName(ctx: ServiceContext): string {
  return ctx.annotator ?? ctx.options.defaultAnnotator;
}

export function annotatorId(ctx: ServiceContext): number {
  return ensureAnnotator(ctx.db, annotatorName(ctx), ctx.now());
}
