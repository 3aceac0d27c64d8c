import type * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchedWrite, createContext } from '../../../src/main/service/context';
import { deferCheckpoints, openDatabase, relaxCommitSync } from '../../../src/main/store/database';
import { makeTempDir } from '../../helpers/workbench';

// Every fsync this process makes, with the file it was made on, so the tests can see the log being flushed.
const synced: string[] = [];
const openFiles = new Map<number, string>();
vi.mock('node:fs', async (original) => {
  const real = await original<typeof fs>();
  return {
    ...real,
    openSync: (path: fs.PathLike, ...rest: unknown[]) => {
      const fd = (real.openSync as (...args: unknown[]) => number)(path, ...rest);
      openFiles.set(fd, String(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      synced.push(openFiles.get(fd) ?? `fd ${fd}`);
      real.fsyncSync(fd);
    },
  };
});

const FULL = 2;
const NORMAL = 1;

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
  synced.length = 0;
});
afterEach(() => temp.cleanup());

const insert = (db: ReturnType<typeof openDatabase>, key: string): void => {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, 'x');
};

describe('commits of a long write wait for the disk once, at its end', () => {
  it('outside a held series nothing is relaxed: every commit waits for the disk', () => {
    const db = openDatabase(join(temp.dir, 'plain.sqlite'));
    const restore = relaxCommitSync(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    restore();
    db.close();
  });

  it('inside a series one transaction commits without waiting; the setting comes back right after; the end flushes the log before its checkpoint', () => {
    const file = join(temp.dir, 'series.sqlite');
    const db = openDatabase(file);
    const finish = deferCheckpoints(db);
    for (let batch = 0; batch < 3; batch++) {
      const restore = relaxCommitSync(db);
      expect(db.pragma('synchronous', { simple: true })).toBe(NORMAL);
      db.transaction(() => insert(db, `k${batch}`))();
      restore();
      // An edit between two batches (the app's own, on this connection) still waits for the disk.
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    }
    expect(synced.filter((f) => f === `${file}-wal`)).toEqual([]);
    finish();
    // The log is flushed by name (the checkpoint after it may flush it again through SQLite's own handle).
    expect(synced[0]).toBe(`${file}-wal`);
    db.close();
    const reopened = openDatabase(file);
    expect(reopened.prepare("SELECT count(*) FROM settings WHERE key LIKE 'k%'").pluck().get()).toBe(3);
    reopened.close();
  });

  it('a series with no relaxed commit adds no flush of its own', () => {
    const file = join(temp.dir, 'strict.sqlite');
    const db = openDatabase(file);
    const finish = deferCheckpoints(db);
    db.transaction(() => insert(db, 'k'))();
    finish();
    expect(synced).not.toContain(`${file}-wal`);
    db.close();
  });

  it('nested series flush once, when the outermost ends', () => {
    const file = join(temp.dir, 'nested.sqlite');
    const db = openDatabase(file);
    const outer = deferCheckpoints(db);
    const inner = deferCheckpoints(db);
    const restore = relaxCommitSync(db);
    db.transaction(() => insert(db, 'k'))();
    restore();
    inner();
    expect(synced).not.toContain(`${file}-wal`);
    outer();
    expect(synced.filter((f) => f === `${file}-wal`)).toHaveLength(1);
    db.close();
  });

  it('batchedWrite: its batches commit relaxed, the app’s setting is FULL between and after them, and the log is flushed before it returns, also when a batch fails', () => {
    const file = join(temp.dir, 'batched.sqlite');
    const db = openDatabase(file);
    const ctx = createContext(db, { host: 'browser', appVersion: 'test', defaultAnnotator: 't' });
    const during: number[] = [];
    batchedWrite(ctx, 'a test', [1, 2, 3], (i) => {
      during.push(db.pragma('synchronous', { simple: true }) as number);
      insert(db, `ok${i}`);
    });
    expect(during).toEqual([NORMAL, NORMAL, NORMAL]);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(synced).toContain(`${file}-wal`);

    synced.length = 0;
    expect(() =>
      batchedWrite(ctx, 'a failing test', [1, 2], (i) => {
        insert(db, `bad${i}`);
        if (i === 2) throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(synced).toContain(`${file}-wal`);
    db.close();
  });
});
