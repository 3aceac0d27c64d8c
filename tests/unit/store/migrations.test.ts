import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, openDatabase, type Db } from '../../../src/main/store/database';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../src/main/store/migrations';
import { WorkbenchError } from '../../../src/shared/errors';

const TABLES = ['annotations', 'annotators', 'articles', 'events', 'labels', 'settings'];

interface TableListRow {
  name: string;
  type: string;
  strict: number;
}

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe('migrations on an in-memory database', () => {
  it('are numbered 1, 2, 3… with no gaps, the last being LATEST_VERSION', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('create every table as STRICT, plus the full-text index, and set user_version', () => {
    db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const tables = (db.pragma('table_list') as TableListRow[]).filter((t) => t.type === 'table' && TABLES.includes(t.name));
    expect(tables.map((t) => t.name).sort()).toEqual(TABLES);
    for (const t of tables) expect({ name: t.name, strict: t.strict }).toEqual({ name: t.name, strict: 1 });
    const fts = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'articles_fts'").get() as { sql: string } | undefined;
    expect(fts?.sql).toMatch(/USING fts5/i);
  });

  it('turn foreign keys on', () => {
    db = openDatabase(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('turn foreign keys on even where the SQLite build defaults them off', () => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = OFF');
    configure(db);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('create the indexes the queries rely on', () => {
    db = openDatabase(':memory:');
    const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['annotations_article', 'annotations_label', 'events_article', 'labels_hotkey', 'articles_sha256']));
  });

  it('run only the pending migrations, and announce them first', () => {
    db = new Database(':memory:');
    const calls: number[] = [];
    expect(migrate(db, { beforeMigrating: (from) => calls.push(from) })).toEqual({ from: 0, to: LATEST_VERSION });
    expect(calls).toEqual([0]);
    expect(migrate(db, { beforeMigrating: (from) => calls.push(from) })).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    expect(calls).toEqual([0]);
  });

  it('refuse a database from a newer app with a clear, typed error and leave it untouched', () => {
    db = new Database(':memory:');
    db.pragma('user_version = 99');
    let caught: unknown;
    try {
      migrate(db);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkbenchError);
    const error = caught as WorkbenchError;
    expect(error.code).toBe('database_too_new');
    expect(error.message).toMatch(/newer Analyst Workbench/);
    expect(error.message).toContain('schema 99');
    expect(error.message).toContain(`up to ${LATEST_VERSION}`);
    expect(error.details).toEqual({ databaseVersion: 99, appVersion: LATEST_VERSION });
    expect(schemaVersion(db)).toBe(99);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
  });
});

describe('constraints the schema enforces', () => {
  function seed(d: Db): void {
    d.prepare(`INSERT INTO articles (id, title, text, text_length, sha256, imported_at) VALUES ('a1', 'T', 'hello world', 11, 'h', 'now')`).run();
    d.prepare(`INSERT INTO labels (key, name, color, position) VALUES ('claim', 'Claim', '#000000', 0)`).run();
    d.prepare(`INSERT INTO annotators (name, created_at) VALUES ('ana', 'now')`).run();
  }
  const insertAnnotation = `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, created_at, updated_at)
    VALUES (?, ?, 1, ?, ?, 'q', 1, 'now', 'now')`;

  it('reject an annotation of an unknown article (foreign key)', () => {
    db = openDatabase(':memory:');
    seed(db);
    expect(() => db!.prepare(insertAnnotation).run('n1', 'missing', 0, 1)).toThrow(/FOREIGN KEY/);
    expect(() => db!.prepare(insertAnnotation).run('n1', 'a1', 0, 1)).not.toThrow();
  });

  it('reject values of the wrong type (STRICT) and empty or reversed ranges (CHECK)', () => {
    db = openDatabase(':memory:');
    seed(db);
    expect(() => db!.prepare(insertAnnotation).run('n1', 'a1', 'zero', 1)).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => db!.prepare(insertAnnotation).run('n2', 'a1', 3, 3)).toThrow(/CHECK/);
    expect(() => db!.prepare(insertAnnotation).run('n3', 'a1', -1, 3)).toThrow(/CHECK/);
  });

  it('keep article text immutable but let the title change', () => {
    db = openDatabase(':memory:');
    seed(db);
    expect(() => db!.prepare("UPDATE articles SET text = 'changed' WHERE id = 'a1'").run()).toThrow(/article text is immutable/);
    expect(() => db!.prepare("UPDATE articles SET sha256 = 'x' WHERE id = 'a1'").run()).toThrow(/immutable/);
    expect(db.prepare("UPDATE articles SET title = 'New' WHERE id = 'a1'").run().changes).toBe(1);
  });

  it('keep the event log append-only', () => {
    db = openDatabase(':memory:');
    seed(db);
    db.prepare(`INSERT INTO events (id, at, annotator_id, kind, article_id, annotation_id) VALUES ('e1', 'now', 1, 'create', 'a1', 'n1')`).run();
    expect(() => db!.prepare("UPDATE events SET kind = 'delete'").run()).toThrow(/append-only/);
    expect(() => db!.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
  });

  it('allow one live label per hotkey, archived labels excepted', () => {
    db = openDatabase(':memory:');
    const insert = db.prepare(`INSERT INTO labels (key, name, color, hotkey, position, archived) VALUES (?, ?, '#000000', '1', 0, ?)`);
    insert.run('a', 'A', 0);
    expect(() => insert.run('b', 'B', 0)).toThrow(/UNIQUE/);
    expect(() => insert.run('c', 'C', 1)).not.toThrow();
  });
});
