import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DB_FILE_NAME } from '../../paths';

/**
 * Electron's single-instance lock belongs to the userData folder. One window
 * per database: the default database keeps the app's userData; any other
 * database gets its own folder under it, so `npm start -- --db other.sqlite`
 * opens a second window on that file instead of focusing the first one, while
 * a second launch on the same database focuses the window already open on it.
 */
export function instanceDataDir(userData: string, dbPath: string, platform: NodeJS.Platform = process.platform): string {
  const normalise = (path: string): string => (platform === 'win32' || platform === 'darwin' ? resolve(path).toLowerCase() : resolve(path));
  if (normalise(dbPath) === normalise(join(userData, DB_FILE_NAME))) return userData;
  const key = createHash('sha256').update(normalise(dbPath)).digest('hex').slice(0, 16);
  return join(userData, 'instances', key);
}
