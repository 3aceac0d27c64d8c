import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchedWrite, createContext } from '../../../src/main/service/context';
import { openDatabase, retryWhileBusy } from '../../../src/main/store/database';
import { catchWorkbenchError, makeTempDir, openTestWorkbench } from '../../helpers/workbench';

/**
 * Two connections on one file. A lock held by another process must be
 * waited for (busy_timeout), and a write that still cannot get it is a typed
 * `busy` error naming what the other process recorded it was doing.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('workbench-locks-');
});
afterEach(() => temp.cleanup());

/** Starts a process that takes the write lock on `file` and holds it for `ms`; resolves once it holds it. */
function holdWriteLock(file: string, ms: number, activity?: { kind: string; program: string }): Promise<{ done: Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const fs = require('node:fs');
    const db = new Database(${JSON.stringify(file)});
    ${activity ? `fs.writeFileSync(${JSON.stringify(`${file}-activity`)}, JSON.stringify({ pid: process.pid, kind: ${JSON.stringify(activity.kind)}, program: ${JSON.stringify(activity.program)}, since: new Date().toISOString() }));` : ''}
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO settings (key, value) VALUES ('held', 'yes') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    process.stdout.write('held\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    db.exec('COMMIT');
    db.close();
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolveDone) => child.once('exit', () => resolveDone()));
  return new Promise((resolveHeld, reject) => {
    child.stdout!.once('data', () => resolveHeld({ done }));
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

describe('the store on a file', () => {
  it('uses WAL with synchronous = FULL, so every acknowledged commit is flushed to disk', () => {
    const db = openDatabase(join(temp.dir, 'durable.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL (1 = NORMAL)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });
});

describe('two connections on one file', () => {
  it('opening a file another process has just created waits while it sets the file up, rather than failing', async () => {
    // The moment two processes race on a new database: one has created the
    // file and is reading it (a shared lock) before switching it to WAL; the
    // other's switch to WAL needs the file to itself, and SQLite does not
    // wait for that lock (busy_timeout does not apply), it fails at once.
    const file = join(temp.dir, 'new.sqlite');
    const created = new Database(file);
    created.exec('CREATE TABLE scratch (x); DROP TABLE scratch'); // written, in the default rollback journal, and empty
    created.close();
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(file)});
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      process.stdout.write('held\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      db.exec('ROLLBACK');
      db.close();
    `;
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const done = new Promise<void>((resolveDone) => child.once('exit', () => resolveDone()));
    await new Promise<void>((held, reject) => {
      child.stdout!.once('data', () => held());
      child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    const started = Date.now();
    const db = openDatabase(file);
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'articles'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
      await done;
    }
  });

  it('a write waits for a lock another process holds, then succeeds', async () => {
    const file = join(temp.dir, 'shared.sqlite');
    const wb = openTestWorkbench(file);
    try {
      const holder = await holdWriteLock(file, 600);
      const started = Date.now();
      const label = wb.service.createLabel({ name: 'Waited', color: '#123456' });
      const waited = Date.now() - started;
      expect(label.name).toBe('Waited');
      expect(waited).toBeGreaterThanOrEqual(300);
      await holder.done;
    } finally {
      wb.close();
    }
  });

  it('a write that cannot get the lock in time is a typed busy error naming the other process’s work', async () => {
    const file = join(temp.dir, 'shared.sqlite');
    const wb = openTestWorkbench(file);
    try {
      wb.db.pragma('busy_timeout = 200');
      const holder = await holdWriteLock(file, 2500, { kind: 'an import of 5000 files', program: 'workbench import' });
      const error = catchWorkbenchError(() => wb.service.createLabel({ name: 'Refused', color: '#123456' }), 'busy');
      expect(error.message).toMatch(/^the database is busy: workbench import \(process \d+\) is running an import of 5000 files since /);
      expect(error.message).toContain('nothing was saved');
      await holder.done;
      expect(wb.service.listLabels({}).some((l) => l.name === 'Refused')).toBe(false);
    } finally {
      wb.close();
    }
  });

  it('without a recorded activity the busy error says so, rather than guessing', async () => {
    const file = join(temp.dir, 'shared.sqlite');
    const wb = openTestWorkbench(file);
    try {
      wb.db.pragma('busy_timeout = 100');
      const holder = await holdWriteLock(file, 1500);
      const error = catchWorkbenchError(() => wb.service.setAnnotator({ name: 'x' }), 'busy');
      expect(error.message).toContain('no workbench process recorded long work');
      await holder.done;
    } finally {
      wb.close();
    }
  });

  it('a long write commits in batches: another connection sees earlier batches before it ends', () => {
    const file = join(temp.dir, 'batched.sqlite');
    const wb = openTestWorkbench(file);
    const reader = new Database(file, { readonly: true });
    try {
      const ctx = createContext(wb.db, { host: 'browser', appVersion: 'test', defaultAnnotator: 't' });
      const seenByOther: number[] = [];
      const items = Array.from({ length: 12 }, (_, i) => i);
      batchedWrite(ctx, 'a test of batches', items, (i) => {
        wb.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`batch.${i}`, 'x');
        seenByOther.push((reader.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'batch.%'").get() as { n: number }).n);
        const until = performance.now() + 30; // each item takes 30 ms, so 12 items need several batches
        while (performance.now() < until);
      });
      expect(seenByOther[0]).toBe(0);
      expect(seenByOther[seenByOther.length - 1]).toBeGreaterThan(0);
      expect(seenByOther[seenByOther.length - 1]).toBeLessThan(12);
      expect((reader.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'batch.%'").get() as { n: number }).n).toBe(12);
    } finally {
      reader.close();
      wb.close();
    }
  });

  it('an item that fails rolls back its whole batch', () => {
    const wb = openTestWorkbench(join(temp.dir, 'fail.sqlite'));
    try {
      const ctx = createContext(wb.db, { host: 'browser', appVersion: 'test', defaultAnnotator: 't' });
      expect(() =>
        batchedWrite(ctx, 'a failing test', [1, 2, 3], (i) => {
          wb.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`item.${i}`, 'x');
          if (i === 3) throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(wb.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'item.%'").get()).toEqual({ n: 0 });
    } finally {
      wb.close();
    }
  });
});

describe('retryWhileBusy (opening a file another process is setting up)', () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

  it('tries again after a busy error, waiting longer each time, and returns the first success', () => {
    let calls = 0;
    const waits: number[] = [];
    const value = retryWhileBusy(
      () => {
        if (++calls < 4) throw busy;
        return 'opened';
      },
      10_000,
      (ms) => waits.push(ms),
    );
    expect(value).toBe('opened');
    expect(waits).toEqual([10, 20, 40]);
  });

  it('does not retry other errors, and gives up with the busy error once its patience is spent', () => {
    let calls = 0;
    const corrupt = Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
    expect(() =>
      retryWhileBusy(
        () => (
          calls++,
          (() => {
            throw corrupt;
          })()
        ),
        10_000,
        () => undefined,
      ),
    ).toThrow('file is not a database');
    expect(calls).toBe(1);
    expect(() =>
      retryWhileBusy(
        () => {
          throw busy;
        },
        0,
        () => undefined,
      ),
    ).toThrow('database is locked');
  });
});
