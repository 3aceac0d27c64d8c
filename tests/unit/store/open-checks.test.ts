import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, snapshot } from '../../../src/main/store/database';
import { LATEST_VERSION, MIGRATIONS, type Migration } from '../../../src/main/store/migrations';
import { catchWorkbenchError, makeTempDir, openTestWorkbench } from '../../helpers/workbench';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('workbench-open-');
});
afterEach(() => temp.cleanup());

/** A workbench database with spans whose annotations root page is then overwritten with garbage. */
function damagedDatabase(file: string): void {
  const wb = openTestWorkbench(file);
  const articleId = wb.service.importArticles({ files: [{ name: 'a.txt', text: 'Officials said 40 people were evacuated.' }] }).imported[0]!.id;
  const labelId = wb.service.listLabels({})[0]!.id;
  for (let i = 0; i < 40; i++) wb.service.createAnnotation({ articleId, labelId, start: 0, end: 9, note: 'n'.repeat(200) });
  const { rootpage } = wb.db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'annotations'").get() as { rootpage: number };
  const pageSize = wb.db.pragma('page_size', { simple: true }) as number;
  wb.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
  closeSync(fd);
}

/** Makes `crashed` a copy of `file` as a process killed mid-session leaves it: a non-empty write-ahead log beside it. */
function crashedCopy(file: string, crashed: string): void {
  const live = new Database(file);
  live.pragma('journal_mode = WAL');
  live.pragma('wal_autocheckpoint = 0');
  live.exec("INSERT INTO settings (key, value) VALUES ('after', 'the crash')");
  copyFileSync(file, crashed);
  copyFileSync(`${file}-wal`, `${crashed}-wal`);
  live.close();
}

describe('integrity check on open', () => {
  it('the app checks a file that was not closed cleanly (a log left behind) and refuses it when damaged', () => {
    const file = join(temp.dir, 'damaged.sqlite');
    damagedDatabase(file);
    const crashed = join(temp.dir, 'crashed.sqlite');
    crashedCopy(file, crashed);
    const error = catchWorkbenchError(() => openDatabase(crashed), 'corrupt');
    expect(error.message).toMatch(/crashed\.sqlite is damaged \(.+\); it was not changed\. Restore it from a copy or a \.bak snapshot\.$/);
    expect(error.message).not.toContain('\n');
  });

  it("a cleanly closed file is opened without the check unless asked ('always', as the CLI does)", () => {
    const file = join(temp.dir, 'clean.sqlite');
    damagedDatabase(file);
    openDatabase(file).close();
    catchWorkbenchError(() => openDatabase(file, { integrityCheck: 'always' }), 'corrupt');
  });
});

describe('snapshots', () => {
  it('are written under a temporary name and renamed: no temporary file stays, the target is complete', () => {
    const wb = openTestWorkbench(join(temp.dir, 'db.sqlite'));
    snapshot(wb.db, join(temp.dir, 'copy.bak'));
    wb.close();
    expect(readdirSync(temp.dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const copy = new Database(join(temp.dir, 'copy.bak'), { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM labels').get() as { n: number }).n).toBeGreaterThan(0);
    copy.close();
  });

  it('a snapshot that fails leaves neither the target nor a temporary file', () => {
    const wb = openTestWorkbench(join(temp.dir, 'db.sqlite'));
    const target = join(temp.dir, 'no-such-folder', 'copy.bak');
    catchWorkbenchError(() => snapshot(wb.db, target), 'io');
    wb.close();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(temp.dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a version-0 file holding workbench data is snapshotted before anything is migrated', () => {
    const file = join(temp.dir, 'v0.sqlite');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE articles (id TEXT); CREATE TABLE annotations (id TEXT); CREATE TABLE labels (id TEXT);
              INSERT INTO articles VALUES ('kept')`);
    raw.close();
    // Migration 1 cannot run over these tables; what matters is the copy written first.
    expect(() => openDatabase(file)).toThrow();
    const snap = new Database(`${file}.v0.bak`, { readonly: true });
    expect(snap.prepare('SELECT id FROM articles').all()).toEqual([{ id: 'kept' }]);
    snap.close();
  });

  it('a snapshot interrupted earlier (a leftover temporary file) does not take the name the README points to', () => {
    const file = join(temp.dir, 'db.sqlite');
    openTestWorkbench(file).close();
    writeFileSync(join(temp.dir, `.db.sqlite.v${LATEST_VERSION}.bak.0123456789ab.tmp`), ''); // what a kill during VACUUM INTO leaves
    const list = MIGRATIONS as Migration[];
    list.push({ version: LATEST_VERSION + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER) STRICT;' });
    try {
      openDatabase(file).close();
    } finally {
      list.pop();
    }
    const snap = new Database(`${file}.v${LATEST_VERSION}.bak`, { readonly: true });
    expect((snap.prepare('SELECT count(*) AS n FROM labels').get() as { n: number }).n).toBeGreaterThan(0);
    snap.close();
  });
});

describe('the read-only look at a file leaves its folder as it was', () => {
  /** The folder's names and every file's bytes. */
  function folderState(dir: string): Record<string, string> {
    const state: Record<string, string> = {};
    for (const name of readdirSync(dir).sort()) state[name] = readFileSync(join(dir, name)).toString('base64');
    return state;
  }

  function walFile(file: string, build: (db: Database.Database) => void): void {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    build(db);
    db.close();
    expect(readdirSync(temp.dir)).toEqual([file.slice(temp.dir.length + 1)]);
  }

  it('a WAL-mode file of another program, refused: no -wal or -shm appears and its bytes are unchanged', () => {
    const file = join(temp.dir, 'places.sqlite');
    walFile(file, (db) => db.exec("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.org')"));
    const before = folderState(temp.dir);
    expect(catchWorkbenchError(() => openDatabase(file, { integrityCheck: 'always' }), 'unsupported_format').message).toMatch(
      /another program's SQLite database/,
    );
    expect(folderState(temp.dir)).toEqual(before);
  });

  it('a WAL-mode workbench database from a newer version, refused: the folder is as it was', () => {
    const file = join(temp.dir, 'newer.sqlite');
    openTestWorkbench(file).close();
    walFile(file, (db) => db.pragma(`user_version = ${LATEST_VERSION + 1}`));
    const before = folderState(temp.dir);
    catchWorkbenchError(() => openDatabase(file), 'database_too_new');
    expect(folderState(temp.dir)).toEqual(before);
  });

  it('a damaged WAL-mode database, refused by the check: the folder is as it was', () => {
    const file = join(temp.dir, 'damaged.sqlite');
    damagedDatabase(file);
    expect(readdirSync(temp.dir)).toEqual(['damaged.sqlite']);
    const before = folderState(temp.dir);
    catchWorkbenchError(() => openDatabase(file, { integrityCheck: 'always' }), 'corrupt');
    expect(folderState(temp.dir)).toEqual(before);
  });

  it('a workbench database opened and closed cleanly leaves only itself', () => {
    const file = join(temp.dir, 'fine.sqlite');
    openTestWorkbench(file).close();
    expect(readdirSync(temp.dir)).toEqual(['fine.sqlite']);
    openDatabase(file, { integrityCheck: 'always' }).close();
    expect(readdirSync(temp.dir)).toEqual(['fine.sqlite']);
  });
});
