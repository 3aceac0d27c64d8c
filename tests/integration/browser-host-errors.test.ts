import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src/main/doors/http/browser-host';
import type { LayeredApi } from '../../src/shared/api';
import { WorkbenchError } from '../../src/shared/errors';
import { makeTempDir, openTestWorkbench, type TestWorkbench } from '../helpers/workbench';

/** How the browser host answers the storage failures of issue 6: typed, with the right HTTP status, never a 500 "internal". */

const TOKEN = 'errors-test-token-0123456789';
let temp: ReturnType<typeof makeTempDir>;
let wb: TestWorkbench;
let host: BrowserHost;
let failWith: unknown;

beforeAll(async () => {
  temp = makeTempDir('workbench-host-errors-');
  mkdirSync(join(temp.dir, 'renderer'));
  writeFileSync(join(temp.dir, 'renderer', 'index.html'), '<!doctype html>');
  wb = openTestWorkbench();
  // The real service, except listLabels, which throws whatever the test sets.
  const service = new Proxy(wb.service, {
    get(target, prop, receiver) {
      if (prop === 'listLabels') {
        return () => {
          throw failWith;
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as LayeredApi;
  host = await startBrowserHost({ service, rendererDir: join(temp.dir, 'renderer'), token: TOKEN });
});
afterAll(async () => {
  await host.close();
  wb.close();
  temp.cleanup();
});

async function listLabels(): Promise<{ status: number; body: { ok: boolean; error?: { code: string; message: string } } }> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/listLabels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workbench-token': TOKEN },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

/** An error shaped as better-sqlite3 throws it. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'SqliteError', code });
}

describe('browser host: storage failures', () => {
  it('busy is 503 with the message naming the other process', async () => {
    failWith = new WorkbenchError('busy', 'the database is busy: workbench import (process 7) is running an import of 3 files since …');
    expect(await listLabels()).toEqual({
      status: 503,
      body: { ok: false, error: { code: 'busy', message: 'the database is busy: workbench import (process 7) is running an import of 3 files since …' } },
    });
  });

  it('a raw SQLITE_BUSY that escaped the service is still busy (503), not internal', async () => {
    failWith = sqliteError('SQLITE_BUSY', 'database is locked');
    const reply = await listLabels();
    expect(reply.status).toBe(503);
    expect(reply.body.error?.code).toBe('busy');
  });

  it('a full disk is io (500) saying the disk is full and nothing was saved', async () => {
    failWith = sqliteError('SQLITE_FULL', 'database or disk is full');
    const reply = await listLabels();
    expect(reply.status).toBe(500);
    expect(reply.body.error).toEqual({ code: 'io', message: 'the disk is full: nothing of this change was saved; free some space and try again' });
  });

  it('a damaged page is corrupt, naming the remedy', async () => {
    failWith = sqliteError('SQLITE_CORRUPT', 'database disk image is malformed');
    const reply = await listLabels();
    expect(reply.body.error?.code).toBe('corrupt');
    expect(reply.body.error?.message).toMatch(/damaged .*restore it from a copy or a \.bak snapshot/);
  });
});
