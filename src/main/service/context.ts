import type { Session } from '../../shared/domain';
import type { PageFetcher } from '../import/fetch-url';
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
  return ctx.db.transaction(work).immediate();
}

export function annotatorName(ctx: ServiceContext): string {
  return getSetting(ctx.db, ANNOTATOR_SETTING) ?? ctx.options.defaultAnnotator;
}

export function annotatorId(ctx: ServiceContext): number {
  return ensureAnnotator(ctx.db, annotatorName(ctx), ctx.now());
}
