import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, ipcChannel } from '../../../../src/shared/api';
import { LAUNCH_STATUS_ENV } from '../../../../src/main/launch-status';
import type { ElectronRecorder, FakeBrowserWindow, resetElectronStub } from '../../../helpers/electron-stub';

interface ElectronStubModule {
  resetElectronStub: typeof resetElectronStub;
}

// The Electron door started under Node with a stub `electron` module that
// records what the door asks of Electron: the security settings of the window,
// the session's handlers, the app:// protocol, the IPC channels, the menu, the
// single-instance lock and what npm start is told when the window fails.

vi.mock('electron', () => import('../../../helpers/electron-stub'));

const nodeSqlite = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

let dir: string;
let launched: ElectronRecorder | undefined;
let savedArgv: string[];
const savedEnv = { ...process.env };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-door-'));
  savedArgv = process.argv;
  process.env.WORKBENCH_NATIVE_BINDING = nodeSqlite;
  process.env[LAUNCH_STATUS_ENV] = join(dir, 'status');
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.WORKBENCH_DB;
  vi.resetModules();
});
afterEach(async () => {
  // Quit the door, as Electron would at the end: its service threads close the database.
  const quitting = launched;
  launched = undefined;
  if (quitting && quitting.windows.length > 0) await quitDoor(quitting);
  process.argv = savedArgv;
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
});

async function startDoor(argv: string[], userData = join(dir, 'userData'), lockGranted = true): Promise<ElectronRecorder> {
  // A test that launches twice quits the first door before the second.
  if (launched && launched.windows.length > 0) await quitDoor(launched);
  launched = undefined;
  const electron = (await import('electron')) as unknown as ElectronStubModule;
  const stub = electron.resetElectronStub({ userData, lockGranted });
  process.argv = ['electron', '.', ...argv];
  await import('../../../../src/main/doors/electron/main');
  // The database opens in the service's worker threads (TypeScript under tsx here: slow to start).
  await vi.waitFor(() => expect(stub.windows.length + stub.exits.length + stub.quits).toBeGreaterThan(0), { timeout: 60_000 });
  launched = stub;
  return stub;
}

/** Emits will-quit as Electron does; the door holds the quit until its threads have closed the database, then quits again. */
async function quitDoor(stub: ElectronRecorder): Promise<{ held: boolean }> {
  const quitsBefore = stub.quits;
  let held = false;
  stub.appEvents.emit('will-quit', { preventDefault: () => (held = true) });
  await vi.waitFor(() => expect(stub.quits).toBeGreaterThan(quitsBefore), { timeout: 30_000 });
  return { held };
}

function status(): string | undefined {
  const file = process.env[LAUNCH_STATUS_ENV]!;
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

describe('the Electron door (stub runtime)', { timeout: 120_000 }, () => {
  it('opens one locked-down window on app://workbench with a sandboxed preload', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    expect(stub.windows).toHaveLength(1);
    const window = stub.windows[0]!;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(window.options.show).toBe(false);
    expect(window.loadedUrl).toBe('app://workbench/index.html');
    // No navigation away, no new windows, no webviews.
    const navigation = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    window.webContents.emit('will-navigate', navigation, 'https://example.com/');
    expect(navigation.defaultPrevented).toBe(true);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('registers app:// as privileged before ready and serves the renderer from it with the CSP', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    expect(stub.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect([...stub.protocolHandlers.keys()]).toEqual(['app']);
    // The CSP travels with the app's own responses, not with every response of the session.
    expect(stub.headerHooks).toBe(0);
    const missing = (await stub.protocolHandlers.get('app')!({ url: 'app://workbench/no-such-file.js' })) as Response;
    expect(missing.status).toBe(404);
    const escape = (await stub.protocolHandlers.get('app')!({ url: 'app://workbench/..%2f..%2fpackage.json' })) as Response;
    expect(escape.status).toBe(404);
  });

  it('denies every permission request and check', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      stub.permissionRequestHandler!(null, permission, (granted: boolean) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(stub.permissionCheckHandler!(null, 'clipboard-sanitized-write')).toBe(false);
    expect(stub.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });

  it('answers IPC for every API method from the app page only', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    for (const method of API_METHODS) expect(stub.ipc.has(ipcChannel(method)), method).toBe(true);
    const handler = stub.ipc.get(ipcChannel('getSession'))!;
    const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: {} });
    expect(await handler(from('app://workbench/index.html'), {})).toMatchObject({ ok: true });
    for (const foreign of ['file:///C:/app/out/renderer/index.html', 'app://evil/index.html', 'https://workbench/index.html', 'http://127.0.0.1:5173/']) {
      expect(await handler(from(foreign), {}), foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await handler(from('app://workbench/index.html', { url: 'app://workbench/' }), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handler({ senderFrame: null, sender: {} }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('runs the service in worker threads: IPC answers come from them, and quitting closes the database cleanly', async () => {
    const db = join(dir, 'a.sqlite');
    const stub = await startDoor(['--db', db]);
    const app = (url = 'app://workbench/index.html') => ({ senderFrame: { url, parent: null }, sender: { id: 7, once: () => undefined } });
    const call = (method: string, input: unknown) => stub.ipc.get(ipcChannel(method as never))!(app(), input);
    expect(await call('setAnnotator', { name: 'Dana' })).toMatchObject({ ok: true, value: { annotator: 'Dana' } });
    // The window's annotator is remembered and sent with its later calls.
    expect(await call('getSession', {})).toMatchObject({ ok: true, value: { annotator: 'Dana', annotatorChosen: true } });
    const imported = (await call('importArticles', { files: [{ name: 'a.txt', text: 'Talks resumed in Geneva on Monday.' }] })) as { ok: boolean };
    expect(imported).toMatchObject({ ok: true, value: { imported: [expect.objectContaining({ title: expect.any(String) })] } });
    expect(await call('getArticle', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(existsSync(`${db}-wal`)).toBe(true);
    launched = undefined;
    const { held } = await quitDoor(stub);
    expect(held).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });

  it('builds the menu with File, Edit, View and Help', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    const labels = (stub.menuTemplate as { label?: string; role?: string }[]).map((item) => item.label ?? item.role);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'help']));
  });

  it('tells npm start the window showed, or why it could not', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    const window: FakeBrowserWindow = stub.windows[0]!;
    expect(status()).toBeUndefined();
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://workbench/index.html', true);
    expect(status()).toBe('failed the window could not load app://workbench/index.html (ERR_FILE_NOT_FOUND, -6)');
    expect(stub.exits).toEqual([1]);
  });

  it('reports "shown" once the window is ready, and a dead renderer afterwards reloads instead of quitting', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    const window = stub.windows[0]!;
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    expect(status()).toBe('shown');
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(window.webContents.reloads).toBe(1);
    expect(stub.exits).toEqual([]);
    expect(stub.errorBoxes.at(-1)?.[1]).toMatch(/renderer process ended \(crashed/);
  });

  it('a failed preload ends the app rather than leaving a page without its bridge', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    stub.windows[0]!.webContents.emit('preload-error', {}, '/x/preload/index.js', new Error('boom'));
    expect(status()).toBe('failed the preload script /x/preload/index.js failed: boom');
    expect(stub.exits).toEqual([1]);
  });

  it('locks per database: the default database keeps userData, another database gets its own instance folder', async () => {
    const userData = join(dir, 'userData');
    const other = await startDoor(['--db', join(dir, 'other.sqlite')], userData);
    expect(other.lockData).toEqual([{ dbPath: join(dir, 'other.sqlite') }]);
    expect(other.setPaths).toEqual([['userData', expect.stringContaining(join(userData, 'instances'))]]);

    vi.resetModules();
    const byDefault = await startDoor([], userData);
    expect(byDefault.lockData).toEqual([{ dbPath: join(userData, 'workbench.sqlite') }]);
    expect(byDefault.setPaths).toEqual([['userData', userData]]);
  });

  it('a second launch on an open database hands over to the first and opens nothing', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')], join(dir, 'userData'), false);
    expect(stub.quits).toBe(1);
    expect(stub.windows).toHaveLength(0);
    expect(status()).toBe('handed-over');
  });

  it('the first instance shows a window for a second launch even when none is open (macOS)', async () => {
    const stub = await startDoor(['--db', join(dir, 'a.sqlite')]);
    stub.windows[0]!.emit('closed');
    stub.appEvents.emit('second-instance', {}, [], dir, { dbPath: join(dir, 'a.sqlite') });
    expect(stub.windows).toHaveLength(2);
  });

  it('an unopenable database is explained in a dialog and reported to npm start', async () => {
    const notADatabase = join(dir, 'notes.sqlite');
    writeFileSync(notADatabase, 'plain text, not SQLite '.repeat(100));
    const stub = await startDoor(['--db', notADatabase]);
    expect(stub.windows).toHaveLength(0);
    expect(stub.exits).toEqual([1]);
    expect(stub.errorBoxes[0]?.[0]).toBe('Analyst Workbench cannot open its database');
    expect(status()).toMatch(/^failed cannot open the database .*notes\.sqlite: /);
  });
});
