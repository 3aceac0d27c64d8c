import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../../shared/errors';
import { busyError, isBusy } from '../activity';
import { sql as initial } from './001-initial';
import { sql as attributeTypes } from './002-attribute-types';
import { sql as review } from './003-review';
import { sql as corpus } from './004-corpus';
import { sql as eventOrder } from './005-event-order';
import { sql as reviewStatus } from './006-review-status';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered and append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'attribute-types', sql: attributeTypes },
  { version: 3, name: 'review', sql: review },
  { version: 4, name: 'corpus', sql: corpus },
  { version: 5, name: 'event-order', sql: eventOrder },
  { version: 6, name: 'review-status', sql: reviewStatus },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateOptions {
  /** Called once before the first pending migration runs, e.g. to snapshot the file. */
  beforeMigrating?: (fromVersion: number) => void;
  /** Records long work for other processes to read (see ../activity.ts); returns the function that ends it. */
  announce?: ((kind: string) => () => void) | undefined;
}

/** Refuses a database written by a newer app, before anything touches the file. */
export function refuseNewer(db: Database): void {
  const from = schemaVersion(db);
  if (from > LATEST_VERSION) {
    throw new WorkbenchError(
      'database_too_new',
      `This database was written by a newer Analyst Workbench (schema ${from}; this app knows up to ${LATEST_VERSION}). Update the app, or open another database with --db.`,
      { databaseVersion: from, appVersion: LATEST_VERSION },
    );
  }
}

/**
 * Brings the database up to LATEST_VERSION, one transaction per migration.
 * Each takes the write lock up front (BEGIN IMMEDIATE) and re-reads the
 * version inside it, so two processes opening one old file migrate it once.
 */
export function migrate(db: Database, options: MigrateOptions = {}): { from: number; to: number } {
  refuseNewer(db);
  const from = schemaVersion(db);
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  options.beforeMigrating?.(from);
  let done: (() => void) | undefined;
  try {
    for (const migration of pending) {
      try {
        db.transaction(() => {
          refuseNewer(db);
          if (schemaVersion(db) >= migration.version) return; // another process got there first
          // Announced while holding the lock, so a waiting process never overwrites the holder's note.
          done ??= options.announce?.(`a migration of the database to schema ${LATEST_VERSION}`);
          db.exec(migration.sql);
          db.pragma(`user_version = ${migration.version}`);
        }).immediate();
      } catch (error) {
        if (isBusy(error)) throw busyError(db.name);
        throw error;
      }
    }
  } finally {
    done?.();
  }
  return { from, to: schemaVersion(db) };
}
