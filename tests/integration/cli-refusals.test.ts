import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import { makeTempDir } from '../helpers/workbench';

/**
 * Every refusal of the command line leaves every file as it was: the bytes
 * of each file in the folder are compared before and after. Each refusal is
 * one line on stderr and a non-zero exit.
 */

const ROOT = resolve(__dirname, '..', '..');

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env });
  return { code, out, err };
}

let temp: ReturnType<typeof makeTempDir>;
let db: string;
let article: string;

beforeEach(async () => {
  temp = makeTempDir('workbench-refusals-');
  db = join(temp.dir, 'workbench.sqlite');
  article = join(temp.dir, 'article.txt');
  writeFileSync(article, 'Officials said 40 people were evacuated.\n');
  expect((await cli(['import', article, '--db', db])).code).toBe(0);
});
afterEach(() => temp.cleanup());

/** Every file in the folder (recursively not needed) with the SHA-256 of its bytes. */
function folderState(dir = temp.dir): Record<string, string> {
  const state: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    try {
      state[name] = createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex');
    } catch {
      state[name] = '(not a readable file)';
    }
  }
  return state;
}

/** Every file that was there is byte-identical, and nothing was added (not even an empty -wal or -shm). */
function expectUntouched(before: Record<string, string>): void {
  expect(folderState()).toEqual(before);
}

/** Expects a refusal: exit code 1 or 2, exactly one line on stderr matching `pattern`, nothing on stdout. */
function expectOneLineRefusal(run: Run, pattern: RegExp): void {
  expect(run.code).toBeGreaterThan(0);
  expect(run.out).toBe('');
  expect(run.err.split('\n').filter(Boolean)).toHaveLength(1);
  expect(run.err).toMatch(pattern);
}

describe('export refuses to write over the database', () => {
  for (const suffix of ['', '-wal', '-shm', '.v1.bak', '.v1.1764477000000.bak', '-activity']) {
    it(`--out <db>${suffix}`, async () => {
      if (suffix.endsWith('.bak')) writeFileSync(`${db}${suffix}`, 'snapshot bytes');
      const before = folderState();
      const run = await cli(['export', '--format', 'jsonl', '--out', `${db}${suffix}`, '--db', db]);
      expectOneLineRefusal(run, /^workbench export: --out .* is the database or one of its files; choose another output file/);
      expect(folderState()).toEqual(before);
    });
  }

  it('--out the database through another path (a symlink to its folder)', async () => {
    symlinkSync(temp.dir, join(temp.dir, 'link'));
    const before = folderState();
    const run = await cli(['export', '--format', 'jsonl', '--out', join(temp.dir, 'link', 'workbench.sqlite'), '--db', db]);
    expectOneLineRefusal(run, /is the database or one of its files/);
    expect(folderState()).toEqual(before);
  });

  it('never follows a symlink planted where the temporary file used to be', async () => {
    const out = join(temp.dir, 'out.jsonl');
    const victim = join(temp.dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    // The old temporary name was predictable (<out>.<pid>.tmp); plant links under it and under any name an attacker might guess.
    symlinkSync(victim, `${out}.${process.pid}.tmp`);
    const run = await cli(['export', '--format', 'jsonl', '--out', out, '--db', db]);
    expect(run.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!).title).toMatch(/Officials/);
    expect(readdirSync(temp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([`out.jsonl.${process.pid}.tmp`]);
  });
});

describe('opening files that are not a workbench database', () => {
  it("refuses another program's SQLite file, byte-identical afterwards (no WAL switch, no tables added)", async () => {
    const other = join(temp.dir, 'places.sqlite');
    const raw = new Database(other);
    raw.exec("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.org')");
    raw.close();
    const before = folderState();
    for (const command of [['list'], ['import', article], ['export', '--format', 'jsonl', '--out', '-']]) {
      const run = await cli([...command, '--db', other]);
      expectOneLineRefusal(run, /places\.sqlite is another program's SQLite database \(tables: bookmarks\), not a workbench database; it was not changed/);
    }
    expect(folderState()).toEqual(before);
  });

  it('refuses a file that is not SQLite at all', async () => {
    const notes = join(temp.dir, 'notes.sqlite');
    writeFileSync(notes, 'just some text, not a database\n'.repeat(10));
    const before = folderState();
    expectOneLineRefusal(await cli(['import', article, '--db', notes]), /notes\.sqlite is not a workbench database \(not an SQLite file\)/);
    expect(folderState()).toEqual(before);
  });

  it('refuses a database from a newer app without checkpointing its log: database and log byte-identical', async () => {
    // A newer app's database, left as a crash leaves it: committed pages still in the -wal file.
    const source = join(temp.dir, 'live');
    mkdirSync(source);
    const live = new Database(join(source, 'future.sqlite'));
    live.pragma('journal_mode = WAL');
    live.exec('CREATE TABLE future_stuff (x INTEGER); INSERT INTO future_stuff VALUES (1)');
    live.pragma('user_version = 99');
    const future = join(temp.dir, 'future.sqlite');
    copyFileSync(join(source, 'future.sqlite'), future);
    copyFileSync(join(source, 'future.sqlite-wal'), `${future}-wal`);
    live.close();
    expect(readFileSync(`${future}-wal`).length).toBeGreaterThan(0);
    const before = folderState();
    const run = await cli(['list', '--db', future]);
    expectOneLineRefusal(run, /written by a newer Analyst Workbench \(schema 99/);
    const after = folderState();
    for (const name of ['future.sqlite', 'future.sqlite-wal']) expect(after[name]).toBe(before[name]);
  });

  it('reports a damaged database (a corrupted annotations page) in one line, for list and import, and changes nothing', async () => {
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    const articleId = wb.service.listArticles({})[0]!.id;
    const labelId = wb.service.listLabels({})[0]!.id;
    for (let i = 0; i < 50; i++) wb.service.createAnnotation({ articleId, labelId, start: 0, end: 9, note: 'n'.repeat(200) });
    const { rootpage } = wb.db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'annotations'").get() as { rootpage: number };
    const pageSize = wb.db.pragma('page_size', { simple: true }) as number;
    wb.close();
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
    const before = folderState();
    expectOneLineRefusal(
      await cli(['list', '--db', db]),
      /workbench list: .*workbench\.sqlite is damaged \(.*\); it was not changed\. Restore it from a copy or a \.bak snapshot\./,
    );
    expectOneLineRefusal(await cli(['import', article, '--db', db]), /workbench import: .*is damaged/);
    expectUntouched(before);
  });
});

describe('a mistyped --db never creates a database', () => {
  it('--db "" is an error, not the default database', async () => {
    const home = join(temp.dir, 'config');
    const run = await cli(['list', '--db', ''], { XDG_CONFIG_HOME: home });
    expect(run.code).toBe(2);
    expect(run.err).toBe('workbench list: --db is empty; give a database file (or leave --db out to use the default)\n');
    expect(existsSync(home)).toBe(false);
  });

  it('list and export refuse a missing database and create no folder', async () => {
    const missing = join(temp.dir, 'no', 'such', 'dir', 'x.sqlite');
    expectOneLineRefusal(await cli(['list', '--db', missing]), /^workbench list: no database at .*x\.sqlite; check --db \(import creates a database\)$/m);
    expectOneLineRefusal(await cli(['export', '--format', 'jsonl', '--out', '-', '--db', missing]), /^workbench export: no database at/);
    expect(existsSync(join(temp.dir, 'no'))).toBe(false);
  });

  it('import says on stderr that it created a database', async () => {
    const fresh = join(temp.dir, 'fresh.sqlite');
    const run = await cli(['import', article, '--db', fresh]);
    expect(run.code).toBe(0);
    expect(run.err).toBe(`created a new database at ${fresh}\n`);
    expect((await cli(['import', article, '--db', fresh])).err).toBe('');
  });
});

describe('import refuses bytes it cannot read as text', () => {
  it('a file of NUL bytes, naming the file; the database is unchanged (UTF-16 without a mark is read: see decode.test.ts)', async () => {
    const nul = join(temp.dir, 'zeros.txt');
    writeFileSync(nul, Buffer.alloc(64));
    const before = folderState();
    expectOneLineRefusal(
      await cli(['import', nul, '--db', db]),
      /zeros\.txt: cannot tell its encoding with confidence; tried utf-8 \(holds NUL bytes: a binary file\?\), utf-16/,
    );
    expect(folderState()).toEqual(before);
  });
});

describe('a database another process holds', () => {
  it('an import that cannot get the lock in time is one line naming the other process’s work', async () => {
    const script = `
      const Database = require('better-sqlite3');
      const fs = require('node:fs');
      const db = new Database(${JSON.stringify(db)});
      fs.writeFileSync(${JSON.stringify(`${db}-activity`)}, JSON.stringify({ pid: process.pid, kind: 'an import of 9000 files', program: 'workbench import', since: '2026-11-30T05:00:00.000Z' }));
      db.exec('BEGIN IMMEDIATE');
      db.exec("INSERT INTO settings (key, value) VALUES ('held', 'yes')");
      process.stdout.write('held\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000);
      db.exec('ROLLBACK');
      db.close();
    `;
    const holder = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((held) => holder.stdout!.once('data', held));
    const other = join(temp.dir, 'other.txt');
    writeFileSync(other, 'A different article about a ceasefire.\n');
    try {
      const run = await cli(['import', other, '--db', db]);
      expectOneLineRefusal(
        run,
        /^workbench import: the database is busy: workbench import \(process \d+\) is running an import of 9000 files since 2026-11-30T05:00:00\.000Z; nothing was saved/,
      );
    } finally {
      // The holder waits far longer than the import's busy timeout (a loaded machine starts the CLI slowly); end it now.
      holder.kill('SIGKILL');
      await new Promise((done) => holder.once('exit', done));
    }
    const list = await cli(['list', '--json', '--db', db]);
    expect((JSON.parse(list.out) as unknown[]).length).toBe(1);
  }, 60000);
});
