import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'Analyst Workbench';
export const DB_FILE_NAME = 'workbench.sqlite';

/**
 * The project root: this file lives at src/main/paths.ts and is bundled into
 * out/main/index.js, two folders down in both cases.
 */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const RESOURCES_DIR = join(PROJECT_ROOT, 'resources');
export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');

/**
 * The folder Electron calls userData for this app, computed without Electron
 * so that the CLI and the browser host open the same database as the app.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

/** `--db PATH` wins, then WORKBENCH_DB, then `<data dir>/workbench.sqlite`. */
export function resolveDbPath(cliDb: string | undefined, env: NodeJS.ProcessEnv = process.env, dataDir = defaultDataDir(env)): string {
  if (cliDb) return resolve(cliDb);
  if (env.WORKBENCH_DB) return resolve(env.WORKBENCH_DB);
  return join(dataDir, DB_FILE_NAME);
}
