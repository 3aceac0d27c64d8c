import { existsSync } from 'node:fs';
import { electronAddonPath, installedSqliteVersion } from '../../native-addon';
import { PROJECT_ROOT } from '../../paths';

/**
 * Which better-sqlite3 binary the app loads: WORKBENCH_NATIVE_BINDING (set by
 * `npm start`), else the Electron-ABI build `npm start` keeps under native/
 * for this Electron, platform, architecture and better-sqlite3 version.
 */
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
  arch: string = process.arch,
  platform: string = process.platform,
): NativeBindingLookup {
  const fromEnv = env.WORKBENCH_NATIVE_BINDING;
  if (fromEnv) return { path: fromEnv, hint: `The SQLite addon came from WORKBENCH_NATIVE_BINDING (${fromEnv}).` };
  let expected: string;
  try {
    expected = electronAddonPath({ electronVersion, platform, arch, sqliteVersion: installedSqliteVersion(root) }, root);
  } catch (error) {
    return { path: undefined, hint: `better-sqlite3 is not installed (${(error as Error).message}); run npm install.` };
  }
  if (existsSync(expected)) return { path: expected, hint: `The SQLite addon came from ${expected}.` };
  return { path: undefined, hint: `No Electron ${electronVersion} build of better-sqlite3 was found at ${expected}; \`npm start\` builds it.` };
}
