import type { Session } from '../../shared/domain';
import type { PageFetcher } from '../import/fetch-url';
import { announceWork, busyError, isBusy } from '../store/activity';
import { ensureAnnotator } from '../store/annotators';
import type { Db } from '../store/database';
import { getSetting } from '../store/settings';

export interface ServiceOptions {
  host: Session['host'];
  appVersion: string;
  /** Used when the database has no annotator name yet (the OS user name, say). */
  defaultAnnotator: string;
  /** Clock, replaceable in tests. */
  now?: () => string;
  /** Fetches a page for importUrl (replaceable in tests; by default an http/https GET with limits). */
  fetchPage?: PageFetcher;
}

/** What every capability module of the service works with: the database, the clock and the door's options. */
export interface ServiceContext {
  readonly db: Db;
  readonly options: ServiceOptions;
  readonly now: () => string;
}

export const ANNOTATOR_SETTING = 'annotator';

export function createContext(db: Db, options: ServiceOptions): ServiceContext {
  return { db, options, now: options.now ?? (() => new Date().toISOString()) };
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
  const done = items.length > 1 && file !== ':memory:' && file !== '' ? announceWork(file, kind) : undefined;
  try {
    let next = 0;
    while (next < items.length) {
      writeTransaction(ctx, () => {
        const started = performance.now();
        do step(items[next++]!);
        while (next < items.length && performance.now() - started < BATCH_MILLISECONDS);
      });
    }
  } finally {
    done?.();
  }
}

export function annotatorName(ctx: ServiceContext): string {
  return getSetting(ctx.db, ANNOTATOR_SETTING) ?? ctx.options.defaultAnnotator;
}

export function annotatorId(ctx: ServiceContext): number {
  return ensureAnnotator(ctx.db, annotatorName(ctx), ctx.now());
}
