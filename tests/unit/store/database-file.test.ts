import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deferCheckpoints, openDatabase } from '../../../src/main/store/database';
import { LATEST_VERSION, MIGRATIONS, schemaVersion, type Migration } from '../../../src/main/store/migrations';
import { WorkbenchError } from '../../../src/shared/errors';
import { makeTempDir } from '../../helpers/workbench';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

function insertArticle(file: string): void {
  const db = openDatabase(file);
  db.prepare(`INSERT INTO articles (id, title, text, text_length, sha256, imported_at) VALUES ('a1', 'Kept', 'body', 4, 'h', 'now')`).run();
  db.close();
}

/**
 * Adds a migration for the duration of `fn`. Test files run in isolated
 * module graphs, so this cannot leak into other files; `finally` keeps it
 * from leaking into other tests here.
 */
function withExtraMigration<T>(migration: Migration, fn: () => T): T {
  const list = MIGRATIONS as Migration[];
  list.push(migration);
  try {
    return fn();
  } finally {
    list.pop();
  }
}

describe('openDatabase on a file', () => {
  it('uses WAL and foreign keys, and migrates a new file without a snapshot', () => {
    const file = join(temp.dir, 'new.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
    expect(readdirSync(temp.dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
  });

  it('reopens an up-to-date file without touching it or snapshotting', () => {
    const file = join(temp.dir, 'db.sqlite');
    insertArticle(file);
    const db = openDatabase(file);
    expect(db.prepare('SELECT title FROM articles').all()).toEqual([{ title: 'Kept' }]);
    db.close();
    expect(readdirSync(temp.dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
  });

  it('refuses a database with user_version 99 with a clear message, and does not change its version', () => {
    const file = join(temp.dir, 'future.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_stuff (x INTEGER) STRICT');
    raw.pragma('user_version = 99');
    raw.close();

    let caught: unknown;
    try {
      openDatabase(file).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkbenchError);
    expect((caught as WorkbenchError).code).toBe('database_too_new');
    expect((caught as WorkbenchError).message).toBe(
      `This database was written by a newer Analyst Workbench (schema 99; this app knows up to ${LATEST_VERSION}). Update the app, or open another database with --db.`,
    );

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE name = 'articles'").get()).toBeUndefined();
    check.close();
    expect(readdirSync(temp.dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
  });

  it('snapshots an existing older file before migrating it', () => {
    const file = join(temp.dir, 'old.sqlite');
    insertArticle(file); // at LATEST_VERSION, which is "older" once a migration is added
    const next: Migration = {
      version: LATEST_VERSION + 1,
      name: 'test-extra',
      sql: "CREATE TABLE extra (x INTEGER) STRICT; UPDATE articles SET title = title || ' (migrated)';",
    };
    withExtraMigration(next, () => {
      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(LATEST_VERSION + 1);
      expect(db.prepare('SELECT title FROM articles').get()).toEqual({ title: 'Kept (migrated)' });
      db.close();
    });
    const snapshotFile = `${file}.v${LATEST_VERSION}.bak`;
    expect(existsSync(snapshotFile)).toBe(true);
    const snap = new Database(snapshotFile, { readonly: true });
    expect(snap.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(snap.prepare('SELECT title FROM articles').get()).toEqual({ title: 'Kept' });
    expect(snap.prepare("SELECT name FROM sqlite_schema WHERE name = 'extra'").get()).toBeUndefined();
    snap.close();
  });

  it('never overwrites an earlier snapshot', () => {
    const file = join(temp.dir, 'old.sqlite');
    insertArticle(file);
    const plain = `${file}.v${LATEST_VERSION}.bak`;
    writeFileSync(plain, 'an earlier snapshot');
    withExtraMigration({ version: LATEST_VERSION + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER) STRICT;' }, () => {
      openDatabase(file).close();
    });
    const snaps = readdirSync(temp.dir)
      .filter((n) => n.endsWith('.bak'))
      .sort();
    expect(snaps).toHaveLength(2);
    expect(snaps.some((n) => new RegExp(`^old\\.sqlite\\.v${LATEST_VERSION}\\.\\d+\\.bak$`).test(n))).toBe(true);
  });

  it('rolls a failing migration back completely, leaving the previous version', () => {
    const file = join(temp.dir, 'db.sqlite');
    insertArticle(file);
    const broken: Migration = {
      version: LATEST_VERSION + 1,
      name: 'broken',
      sql: "CREATE TABLE half_done (x INTEGER) STRICT; UPDATE articles SET title = 'ruined'; INSERT INTO no_such_table VALUES (1);",
    };
    withExtraMigration(broken, () => {
      expect(() => openDatabase(file)).toThrow(/no such table/);
    });
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.prepare('SELECT title FROM articles').get()).toEqual({ title: 'Kept' });
    db.close();
  });
});

describe('deferCheckpoints (a long series of write transactions)', () => {
  // Pages in the database file itself (what checkpoints have copied there), not in its log.
  const pageCount = (file: string): number => Math.floor(statSync(file).size / 4096);

  it('keeps committed batches in the log until the series ends, then checkpoints once and restores the setting', () => {
    const file = join(temp.dir, 'deferred.sqlite');
    const db = openDatabase(file);
    const before = pageCount(file);
    const finish = deferCheckpoints(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare('INSERT INTO articles (id, title, text, text_length, sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?)');
    const body = 'word '.repeat(2000);
    // 40 committed batches, far past the 1,000 log pages after which SQLite would otherwise checkpoint.
    for (let batch = 0; batch < 40; batch++) {
      db.transaction(() => {
        for (let i = 0; i < 50; i++) insert.run(`a${batch}-${i}`, 't', `${body}${batch} ${i}`, body.length, `h${batch}-${i}`, 'now');
      })();
    }
    expect(pageCount(file)).toBe(before);
    finish();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(pageCount(file)).toBeGreaterThan(before + 1000);
    db.close();
    const reopened = openDatabase(file);
    expect(reopened.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(2000);
    reopened.close();
  });

  it('nests: only the outermost series checkpoints', () => {
    const db = openDatabase(join(temp.dir, 'nested.sqlite'));
    const outer = deferCheckpoints(db);
    const inner = deferCheckpoints(db);
    inner();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    outer();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
