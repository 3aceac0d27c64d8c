import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { migrate, refuseNewer } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to an alternative native addon (the Electron-ABI build of better-sqlite3). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) a workbench database and migrates it. Before a
 * migration touches an existing file, a snapshot is written beside it
 * (`<file>.v<N>.bak`).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const existed = file !== ':memory:' && existsSync(file) && statSync(file).size > 0;
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    refuseNewer(db); // before WAL mode or anything else changes the file
    configure(db);
    migrate(db, {
      beforeMigrating: (from) => {
        if (existed && from > 0) snapshot(db, snapshotPath(file, from));
      },
    });
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function configure(db: Db): void {
  if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

/** A consistent copy of the whole database in one file. */
export function snapshot(db: Db, target: string): void {
  db.prepare('VACUUM INTO ?').run(target);
}

function snapshotPath(file: string, fromVersion: number): string {
  const plain = `${file}.v${fromVersion}.bak`;
  return existsSync(plain) ? `${file}.v${fromVersion}.${Date.now()}.bak` : plain;
}

/** Opens another workbench database file read only, without migrating or changing it. */
export function openReadOnlyDatabase(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}
