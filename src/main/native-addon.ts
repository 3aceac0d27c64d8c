import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * better-sqlite3 is a native addon: node_modules holds the build for the Node
 * that runs the CLI and the tests, while the desktop app needs one built for
 * Electron's ABI. `npm start` keeps that one under native/<key>/, where the key
 * names everything the binary depends on, so an Electron upgrade, a
 * better-sqlite3 upgrade or another architecture never loads a stale file.
 */
export interface ElectronAddonTarget {
  electronVersion: string;
  platform: string;
  /** The architecture of the Electron binary (not of the Node running npm: they differ under Rosetta). */
  arch: string;
  sqliteVersion: string;
}

export function electronAddonKey(target: ElectronAddonTarget): string {
  const safe = (part: string): string => part.replace(/[^A-Za-z0-9._-]/g, '_');
  return [`electron-${safe(target.electronVersion)}`, `${safe(target.platform)}-${safe(target.arch)}`, `better-sqlite3-${safe(target.sqliteVersion)}`].join(
    '_',
  );
}

export function electronAddonPath(target: ElectronAddonTarget, root: string = PROJECT_ROOT): string {
  return join(root, 'native', electronAddonKey(target), 'better_sqlite3.node');
}

/** The installed better-sqlite3's version, read from its package.json. */
export function installedSqliteVersion(root: string = PROJECT_ROOT): string {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
