import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_VERSION, loadSamples, openWorkbench } from '../../../src/main/open-workbench';
import { defaultDataDir, resolveDbPath, DB_FILE_NAME, APP_NAME } from '../../../src/main/paths';
import { WorkbenchError } from '../../../src/shared/errors';
import { makeTempDir } from '../../helpers/workbench';
import { PLAIN_TEXT, TRICKY_TEXT } from '../../fixtures/tricky-text';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('openWorkbench', () => {
  it('opens an in-memory workbench with the default labels and the package version', () => {
    const wb = openWorkbench({ dbPath: ':memory:', host: 'electron', samples: false });
    expect(wb.service.listLabels({})).toHaveLength(4);
    expect(wb.service.getSession({})).toMatchObject({ appVersion: APP_VERSION, host: 'electron' });
    expect(APP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    wb.close();
  });

  it('creates missing folders for the database file and keeps data across reopenings', () => {
    const dbPath = join(temp.dir, 'a', 'b', 'workbench.sqlite');
    const first = openWorkbench({ dbPath, host: 'browser', samples: false });
    first.service.importArticles({ files: [{ name: 'x.txt', text: TRICKY_TEXT }] });
    first.close();
    expect(existsSync(dbPath)).toBe(true);
    const second = openWorkbench({ dbPath, host: 'browser', samples: false });
    expect(second.service.listArticles({}).map((a) => a.length)).toEqual([TRICKY_TEXT.length]);
    expect(second.service.listLabels({})).toHaveLength(4);
    second.close();
  });

  it('reports a folder it cannot create as an io error', () => {
    const blocker = join(temp.dir, 'file');
    writeFileSync(blocker, 'not a folder');
    const error = (() => {
      try {
        openWorkbench({ dbPath: join(blocker, 'db.sqlite'), host: 'browser', samples: false });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('io');
    expect((error as WorkbenchError).message).toMatch(/cannot create the folder/);
  });

  it('refuses a file that is not a database, naming it', () => {
    const dbPath = join(temp.dir, 'garbage.sqlite');
    writeFileSync(dbPath, 'this is not an SQLite database, just some text that is long enough to have a header');
    expect(() => openWorkbench({ dbPath, host: 'browser', samples: false })).toThrow(
      expect.objectContaining({ code: 'unsupported_format', message: expect.stringContaining(`${dbPath} is not a workbench database`) }),
    );
  });

  it('passes the database_too_new error through unchanged', () => {
    const dbPath = join(temp.dir, 'future.sqlite');
    const raw = new Database(dbPath);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openWorkbench({ dbPath, host: 'browser', samples: false })).toThrow(
      expect.objectContaining({ code: 'database_too_new', message: expect.stringContaining('newer Analyst Workbench') }),
    );
  });
});

describe('loadSamples', () => {
  it('reads the .txt files of a folder in name order, exactly', () => {
    const dir = join(temp.dir, 'samples');
    mkdirSync(dir);
    writeFileSync(join(dir, 'b.txt'), TRICKY_TEXT);
    writeFileSync(join(dir, 'a.txt'), PLAIN_TEXT);
    writeFileSync(join(dir, 'notes.md'), 'ignored');
    expect(loadSamples(dir)).toEqual([
      { name: 'a.txt', text: PLAIN_TEXT },
      { name: 'b.txt', text: TRICKY_TEXT },
    ]);
  });
});

describe('paths', () => {
  it('prefers --db, then WORKBENCH_DB, then the data folder', () => {
    expect(resolveDbPath('rel/db.sqlite', { WORKBENCH_DB: '/env/db.sqlite' }, '/data')).toBe(join(process.cwd(), 'rel/db.sqlite'));
    expect(resolveDbPath(undefined, { WORKBENCH_DB: '/env/db.sqlite' }, '/data')).toBe('/env/db.sqlite');
    expect(resolveDbPath(undefined, {}, '/data')).toBe(join('/data', DB_FILE_NAME));
  });

  it('puts the data folder where Electron puts userData', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', APP_NAME));
    expect(defaultDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/a/AppData/Roaming', APP_NAME));
    expect(defaultDataDir({}, 'darwin')).toMatch(new RegExp(`Library/Application Support/${APP_NAME}$`));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toMatch(new RegExp(`\\.config/${APP_NAME}$`));
  });
});
