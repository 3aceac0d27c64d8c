import { isAbsolute, resolve } from 'node:path';

/**
 * `npm start -- [--db FILE] [--port N] [--verbose] [--no-sandbox] [--new-token]`.
 * npm runs scripts in the package folder, so a relative --db is resolved
 * against INIT_CWD (the folder `npm start` was typed in), not against the
 * project.
 */
export interface LaunchArgs {
  /** Absolute path of the database, when one was named. */
  db: string | undefined;
  /** Port for the browser host (ignored by the desktop app). */
  port: string | undefined;
  verbose: boolean;
  noSandbox: boolean;
  newToken: boolean;
  /** Anything else, passed to Electron unchanged. */
  rest: string[];
}

export function parseLaunchArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): LaunchArgs {
  const base = env.INIT_CWD || cwd;
  const args: LaunchArgs = { db: undefined, port: undefined, verbose: false, noSandbox: false, newToken: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const valued = (name: string): string | undefined => {
      if (arg === name) return argv[++i];
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      return undefined;
    };
    if (arg === '--db' || arg.startsWith('--db=')) {
      const value = valued('--db');
      if (value) args.db = isAbsolute(value) ? value : resolve(base, value);
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      args.port = valued('--port');
    } else if (arg === '--verbose') {
      args.verbose = true;
    } else if (arg === '--no-sandbox') {
      args.noSandbox = true;
    } else if (arg === '--new-token') {
      args.newToken = true;
    } else {
      args.rest.push(arg);
    }
  }
  return args;
}

/** The arguments for Electron: the app folder, the database, the sandbox switch, the rest. */
export function electronArgs(appDir: string, args: LaunchArgs): string[] {
  return [appDir, ...(args.db ? ['--db', args.db] : []), ...(args.noSandbox ? ['--no-sandbox'] : []), ...args.rest];
}

/** The arguments for `workbench serve`, the browser version. */
export function serveArgs(args: LaunchArgs): string[] {
  return ['serve', ...(args.db ? ['--db', args.db] : []), ...(args.port !== undefined ? ['--port', args.port] : []), ...(args.newToken ? ['--new-token'] : [])];
}
