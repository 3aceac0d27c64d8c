import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { electronAddonPath, type ElectronAddonTarget } from '../../native-addon';
import { firstTelling } from './preflight';

/**
 * better-sqlite3 built for Electron's ABI, made once in a scratch copy of
 * node_modules/better-sqlite3 (so the Node build the CLI and tests use stays
 * untouched) and kept at native/<key>/ (see native-addon.ts). A prebuilt
 * binary is tried first; compiling needs Electron's headers (internet, once).
 */

const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const PREBUILT_TIMEOUT_MS = 5 * 60_000;
const COMPILE_TIMEOUT_MS = 15 * 60_000;

function packageDir(root: string, name: string): string {
  return dirname(createRequire(join(root, 'package.json')).resolve(`${name}/package.json`));
}

/** No nodedir pointing at this Node's headers: the build is for Electron's. */
function electronBuildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key];
  return env;
}

function failure(run: SpawnSyncReturns<string>, timeoutMs: number): string | undefined {
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (run.error) return run.error.message;
  if (run.status !== 0) return firstTelling(`${run.stderr ?? ''}\n${run.stdout ?? ''}`);
  return undefined;
}

function findNodeGyp(root: string): string | undefined {
  const candidates: (string | undefined)[] = [process.env.npm_config_node_gyp];
  try {
    candidates.push(createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed in the project
  }
  const bundled = (npmDir: string): string => join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (process.env.npm_execpath) candidates.push(bundled(join(dirname(process.env.npm_execpath), '..')));
  const nodeDir = dirname(process.execPath);
  candidates.push(bundled(join(nodeDir, '..', 'lib', 'node_modules', 'npm')), bundled(join(nodeDir, 'node_modules', 'npm')));
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

export type AddonResult = { addon: string } | { reason: string };

export function ensureElectronAddon(root: string, target: ElectronAddonTarget, say: (line: string) => void): AddonResult {
  const destination = electronAddonPath(target, root);
  if (existsSync(destination)) return { addon: destination };
  say(`Preparing SQLite for Electron ${target.electronVersion} (${target.arch}), once: a minute or two…`);
  const source = packageDir(root, 'better-sqlite3');
  const work = mkdtempSync(join(tmpdir(), 'workbench-sqlite-'));
  try {
    const pkg = join(work, 'better-sqlite3');
    const skipped = join(source, 'build');
    cpSync(source, pkg, { recursive: true, filter: (path) => path !== skipped && !path.startsWith(skipped + sep) });
    const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    const attempts: [string, () => string | undefined][] = [
      ['prebuilt download', () => prebuilt(root, pkg, target)],
      ['compiling', () => compile(root, pkg, target)],
    ];
    const failures: string[] = [];
    for (const [name, attempt] of attempts) {
      const why = attempt();
      if (!why && existsSync(built)) {
        mkdirSync(dirname(destination), { recursive: true });
        copyFileSync(built, destination);
        return { addon: destination };
      }
      failures.push(`${name} failed: ${why ?? `${built} was not produced`}`);
    }
    return { reason: failures.join('; ') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function prebuilt(root: string, pkg: string, target: ElectronAddonTarget): string | undefined {
  let bin: string;
  try {
    bin = join(packageDir(root, 'prebuild-install'), 'bin.js');
  } catch {
    return 'prebuild-install is not installed';
  }
  const args = [bin, '--runtime', 'electron', '--target', target.electronVersion, '--arch', target.arch];
  return failure(spawnSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', env: electronBuildEnv(), timeout: PREBUILT_TIMEOUT_MS }), PREBUILT_TIMEOUT_MS);
}

function compile(root: string, pkg: string, target: ElectronAddonTarget): string | undefined {
  const nodeGyp = findNodeGyp(root);
  if (!nodeGyp) return 'node-gyp not found';
  const args = [
    nodeGyp,
    'rebuild',
    '--release',
    '--jobs=max',
    '--runtime=electron',
    `--target=${target.electronVersion}`,
    `--arch=${target.arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: pkg,
    encoding: 'utf8',
    env: electronBuildEnv(),
    timeout: COMPILE_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return failure(run, COMPILE_TIMEOUT_MS);
}
