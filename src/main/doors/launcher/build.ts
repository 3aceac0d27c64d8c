import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Builds the app (electron-vite) only when out/ is older than what it is built
 * from, and quietly: its output is shown with --verbose or when it fails.
 * `prepare` (npm install, and the link npx makes for `npx workbench`) and
 * `npm start` both use it, so a plain CLI call never rewrites out/.
 */

const INPUTS = ['src', 'resources', 'package.json', 'electron.vite.config.ts', 'tsconfig.json'];
export const BUILD_STAMP = join('out', '.build-stamp');

function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when out/ was built after every input last changed. */
export function buildIsCurrent(root: string): boolean {
  const stamp = join(root, BUILD_STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, 'out', 'renderer', 'index.html')) || !existsSync(join(root, 'out', 'main', 'index.js'))) return false;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.every((input) => newestMtime(join(root, input)) <= built);
}

export type BuildResult = { ok: true; skipped: boolean } | { ok: false; output: string };

export function buildIfStale(root: string, options: { verbose: boolean; force?: boolean }): BuildResult {
  if (!options.force && buildIsCurrent(root)) return { ok: true, skipped: true };
  const cli = join(dirname(createRequire(join(root, 'package.json')).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const run = spawnSync(process.execPath, [cli, 'build'], {
    cwd: root,
    encoding: 'utf8',
    stdio: options.verbose ? 'inherit' : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) return { ok: false, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}` };
  writeFileSync(join(root, BUILD_STAMP), `${new Date().toISOString()}\n`);
  return { ok: true, skipped: false };
}
