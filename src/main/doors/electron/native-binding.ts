import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../paths';

/**
 * better-sqlite3 is a native addon: node_modules holds the Node-ABI build
 * (tests and the CLI use it), while the app needs a build for Electron's ABI.
 * `npm start` (scripts/start.mjs) puts that one at
 * native/electron-<version>/better_sqlite3.node; WORKBENCH_NATIVE_BINDING
 * overrides the location.
 */

/** Where the Electron-ABI build is expected for this Electron version. */
export function nativeBindingPath(electronVersion: string, root: string = PROJECT_ROOT): string {
  return join(root, 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

export interface NativeBindingLookup {
  /** The addon to load, or undefined to fall back to the build in node_modules. */
  path: string | undefined;
  /** Said in the error box when the database cannot be opened. */
  hint: string;
}

export function findNativeBinding(
  electronVersion: string,
  env: NodeJS.ProcessEnv = process.env,
  root: string = PROJECT_ROOT,
): NativeBindingLookup {
  const fromEnv = env.WORKBENCH_NATIVE_BINDING;
  if (fromEnv) return { path: fromEnv, hint: `The SQLite addon came from WORKBENCH_NATIVE_BINDING (${fromEnv}).` };
  const expected = nativeBindingPath(electronVersion, root);
  if (existsSync(expected)) return { path: expected, hint: `The SQLite addon came from ${expected}.` };
  return {
    path: undefined,
    hint: `No Electron ${electronVersion} build of better-sqlite3 was found at ${expected}; \`npm start\` builds it.`,
  };
}
