import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbArgument } from '../../../../src/main/doors/electron/args';
import { findNativeBinding } from '../../../../src/main/doors/electron/native-binding';
import { electronAddonPath } from '../../../../src/main/native-addon';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('--db on the app command line', () => {
  it('reads --db PATH and --db=PATH, wherever they are', () => {
    expect(dbArgument(['/electron', '/app', '--db', '/d/a.sqlite'])).toBe('/d/a.sqlite');
    expect(dbArgument(['/electron', '/app', '--no-sandbox', '--db=/d/b c.sqlite'])).toBe('/d/b c.sqlite');
    expect(dbArgument(['/electron', '/app'])).toBeUndefined();
    expect(dbArgument(['/electron', '/app', '--db'])).toBeUndefined();
  });
});

describe('the Electron-ABI SQLite the app loads', () => {
  function project(sqliteVersion: string): string {
    root = mkdtempSync(join(tmpdir(), 'workbench-binding-'));
    mkdirSync(join(root, 'node_modules', 'better-sqlite3'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ version: sqliteVersion }));
    return root;
  }

  it('prefers WORKBENCH_NATIVE_BINDING (set by npm start)', () => {
    const dir = project('12.11.1');
    expect(findNativeBinding('43.8.12', { WORKBENCH_NATIVE_BINDING: '/x/b.node' }, dir, 'x64', 'linux')).toEqual({
      path: '/x/b.node',
      hint: 'The SQLite addon came from WORKBENCH_NATIVE_BINDING (/x/b.node).',
    });
  });

  it('finds the cached build for this Electron, platform, arch and better-sqlite3, and nothing stale', () => {
    const dir = project('12.11.1');
    const target = { electronVersion: '43.8.12', platform: 'linux', arch: 'x64', sqliteVersion: '12.11.1' };
    expect(findNativeBinding('43.8.12', {}, dir, 'x64', 'linux')).toMatchObject({ path: undefined, hint: expect.stringContaining('`npm start` builds it') });
    const cached = electronAddonPath(target, dir);
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, '');
    expect(findNativeBinding('43.8.12', {}, dir, 'x64', 'linux').path).toBe(cached);
    // Another architecture or a better-sqlite3 upgrade never loads that file.
    expect(findNativeBinding('43.8.12', {}, dir, 'arm64', 'linux').path).toBeUndefined();
    writeFileSync(join(dir, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ version: '12.12.0' }));
    expect(findNativeBinding('43.8.12', {}, dir, 'x64', 'linux').path).toBeUndefined();
  });
});
