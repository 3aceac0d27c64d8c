import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { openDatabase, type Db } from './store/database';
import { WorkbenchService, type SampleArticle, type ServiceOptions } from './service/workbench-service';
import { RESOURCES_DIR } from './paths';
import { WorkbenchError } from '../shared/errors';
import packageJson from '../../package.json';

export interface OpenWorkbenchOptions {
  dbPath: string;
  host: ServiceOptions['host'];
  /** Add the sample articles to an empty database (the app does; the CLI only when asked). */
  samples: boolean;
  nativeBinding?: string;
  /** See OpenOptions.integrityCheck (the CLI checks on every open). */
  integrityCheck?: 'always' | 'if-unclean';
}

export interface OpenWorkbench {
  service: WorkbenchService;
  db: Db;
  dbPath: string;
  close(): void;
}

export const APP_VERSION: string = packageJson.version;

/** Opens the database (creating and migrating it), seeds first-run data, and returns the service. */
export function openWorkbench(options: OpenWorkbenchOptions): OpenWorkbench {
  if (options.dbPath !== ':memory:') {
    try {
      mkdirSync(dirname(options.dbPath), { recursive: true });
    } catch (error) {
      throw new WorkbenchError('io', `cannot create the folder for the database ${options.dbPath}: ${(error as Error).message}`);
    }
  }
  let db: Db;
  try {
    db = openDatabase(options.dbPath, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.integrityCheck ? { integrityCheck: options.integrityCheck } : {}),
    });
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw new WorkbenchError('io', `cannot open the database ${options.dbPath}: ${(error as Error).message}`);
  }
  const service = new WorkbenchService(db, {
    host: options.host,
    appVersion: APP_VERSION,
    defaultAnnotator: defaultAnnotatorName(),
  });
  try {
    service.initializeFirstRun(options.samples ? { samples: loadSamples() } : {});
  } catch (error) {
    db.close();
    throw error;
  }
  return { service, db, dbPath: options.dbPath, close: () => db.close() };
}

function defaultAnnotatorName(): string {
  try {
    return userInfo().username || 'analyst';
  } catch {
    return 'analyst';
  }
}

/** The sample articles shipped in resources/samples, in file-name order. */
export function loadSamples(dir = join(RESOURCES_DIR, 'samples')): SampleArticle[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
