import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/store/database';
import { WorkbenchService } from '../../src/main/service/workbench-service';
import { WorkbenchError, type ErrorCode } from '../../src/shared/errors';

/** A deterministic clock: one second later on every call. */
export function makeClock(startIso = '2025-03-01T10:00:00.000Z'): () => string {
  let t = Date.parse(startIso);
  return () => {
    const iso = new Date(t).toISOString();
    t += 1000;
    return iso;
  };
}

export interface TestWorkbench {
  db: Db;
  service: WorkbenchService;
  close(): void;
}

/** A service over a migrated, seeded database (in memory unless a file is given). */
export function openTestWorkbench(file = ':memory:', now: () => string = makeClock()): TestWorkbench {
  const db = openDatabase(file);
  const service = new WorkbenchService(db, { host: 'browser', appVersion: '9.9.9-test', defaultAnnotator: 'tester', now });
  service.initializeFirstRun();
  return { db, service, close: () => db.close() };
}

/** A fresh temporary folder and a function that removes it. */
export function makeTempDir(prefix = 'workbench-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` and returns the WorkbenchError it throws; fails when it throws nothing or something else. */
export function catchWorkbenchError(fn: () => unknown, code?: ErrorCode): WorkbenchError {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw new Error(`expected a WorkbenchError, got ${String(error)}`);
    if (code && error.code !== code) throw new Error(`expected code ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  throw new Error('expected a WorkbenchError, nothing was thrown');
}

/** A small deterministic PRNG (mulberry32) for property-style tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
