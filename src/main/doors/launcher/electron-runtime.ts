import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeProbe } from './preflight';

/**
 * The Electron runtime: `npm install` never downloads it (so the install works
 * offline); the first `npm start` does, with its size and progress on one line.
 */

export interface ElectronPackage {
  dir: string;
  version: string;
}

export function electronPackage(root: string): ElectronPackage | undefined {
  try {
    const file = createRequire(join(root, 'package.json')).resolve('electron/package.json');
    return { dir: dirname(file), version: (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version };
  } catch {
    return undefined;
  }
}

/** Where the executable sits inside dist/, as Electron's own install.js names it. */
export function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * The runtime binary when it is installed and of this package's version, or
 * the one in ELECTRON_OVERRIDE_DIST_PATH (Electron's own switch for a custom
 * build, honoured as the electron package does).
 */
export function installedRuntime(pkg: ElectronPackage, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const override = join(env.ELECTRON_OVERRIDE_DIST_PATH, platformExecutable(platform));
    return existsSync(override) ? override : undefined;
  }
  try {
    const installed = readFileSync(join(pkg.dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    if (installed !== pkg.version) return undefined;
  } catch {
    return undefined;
  }
  const binary = join(pkg.dir, 'dist', platformExecutable(platform));
  return existsSync(binary) ? binary : undefined;
}

/**
 * The architecture to download: Node's, except an x64 Node under Rosetta on
 * Apple silicon, which gets the native arm64 runtime (as install.js does). The
 * addon is then built for whatever the runtime reports, so both always match.
 */
export function downloadArch(platform: NodeJS.Platform, arch: string, env: NodeJS.ProcessEnv): string {
  if (env.npm_config_arch) return env.npm_config_arch;
  if (platform === 'darwin' && arch === 'x64') {
    try {
      if (execFileSync('sysctl', ['-in', 'sysctl.proc_translated'], { encoding: 'utf8' }).trim() === '1') return 'arm64';
    } catch {
      // not under Rosetta
    }
  }
  return arch;
}

const MB = 1024 * 1024;

export function progressLine(version: string, transferred: number, total: number | undefined): string {
  const done = (transferred / MB).toFixed(1);
  return total
    ? `Fetching the Electron ${version} runtime (once): ${done} of ${(total / MB).toFixed(1)} MB`
    : `Fetching the Electron ${version} runtime (once): ${done} MB`;
}

interface ElectronGet {
  downloadArtifact(options: {
    version: string;
    artifactName: string;
    platform: string;
    arch: string;
    checksums?: Record<string, string>;
    cacheRoot?: string;
    downloadOptions?: { quiet?: boolean; getProgressCallback?: (p: { transferred: number; total?: number }) => Promise<void> };
  }): Promise<string>;
}

type Extract = (zip: string, options: { dir: string }) => Promise<void>;

function resolveFrom(pkg: ElectronPackage, name: string): string {
  return createRequire(join(pkg.dir, 'package.json')).resolve(name);
}

/** Electron 43 unpacks with @electron-internal/extract-zip (a named export); older releases with extract-zip. */
async function loadExtractor(pkg: ElectronPackage): Promise<Extract> {
  try {
    const internal = (await import(pathToFileURL(resolveFrom(pkg, '@electron-internal/extract-zip')).href)) as {
      extract?: Extract;
      default?: { extract?: Extract };
    };
    const extract = internal.extract ?? internal.default?.extract;
    if (extract) return extract;
  } catch {
    // an older Electron
  }
  const legacy = (await import(pathToFileURL(resolveFrom(pkg, 'extract-zip')).href)) as { default: Extract };
  return legacy.default;
}

/** Downloads and unpacks the runtime into node_modules/electron/dist. Returns why it failed, or undefined. */
export async function fetchRuntime(
  pkg: ElectronPackage,
  say: (line: string, sameLine?: boolean) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  let electronGet: ElectronGet;
  let extract: Extract;
  try {
    // @electron/get is an ES module from version 4 on; import() loads either kind.
    electronGet = (await import(pathToFileURL(resolveFrom(pkg, '@electron/get')).href)) as ElectronGet;
    extract = await loadExtractor(pkg);
  } catch (error) {
    return `Electron's downloader is not installed (${(error as Error).message.split('\n')[0]})`;
  }
  const checksumsFile = join(pkg.dir, 'checksums.json');
  say(`Fetching the Electron ${pkg.version} runtime (once; about 100 MB)…`);
  let lastShown = 0;
  let size = 0;
  try {
    const zip = await electronGet.downloadArtifact({
      version: pkg.version,
      artifactName: 'electron',
      platform: process.platform,
      arch: downloadArch(process.platform, process.arch, env),
      ...(existsSync(checksumsFile) ? { checksums: JSON.parse(readFileSync(checksumsFile, 'utf8')) as Record<string, string> } : {}),
      ...(env.electron_config_cache ? { cacheRoot: env.electron_config_cache } : {}),
      downloadOptions: {
        quiet: true,
        getProgressCallback: async ({ transferred, total }) => {
          size = total ?? transferred;
          const now = Date.now();
          if (now - lastShown < 500 && transferred !== total) return;
          lastShown = now;
          say(progressLine(pkg.version, transferred, total), true);
        },
      },
    });
    say(`Unpacking the Electron ${pkg.version} runtime${size ? ` (${(size / MB).toFixed(1)} MB downloaded)` : ''}…`);
    const dist = join(pkg.dir, 'dist');
    await extract(zip, { dir: dist });
    const typings = join(dist, 'electron.d.ts');
    if (existsSync(typings)) renameSync(typings, join(pkg.dir, 'electron.d.ts'));
    writeFileSync(join(pkg.dir, 'path.txt'), platformExecutable(process.platform));
    return undefined;
  } catch (error) {
    return `download failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Runs the binary as plain Node: does it start at all, and for which architecture and ABI. */
export function probeRuntime(binary: string): RuntimeProbe {
  const run = spawnSync(binary, ['-p', 'process.arch + " " + process.versions.modules'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${run.error?.message ?? ''}\n${run.stderr ?? ''}\n${run.stdout ?? ''}`;
  const answer = /^(\S+) (\d+)\s*$/m.exec(run.stdout ?? '');
  if (run.status === 0 && answer) return { ok: true, arch: answer[1]!, modules: answer[2]! };
  return { ok: false, output };
}

/** Opens an in-memory database inside Electron with the given addon. */
export function probeAddon(binary: string, sqliteDir: string, addon: string): { ok: true } | { ok: false; output: string } {
  const script = `const D = require(${JSON.stringify(sqliteDir)}); const db = new D(':memory:', { nativeBinding: ${JSON.stringify(addon)} }); db.prepare('select 1').get(); db.close();`;
  const run = spawnSync(binary, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000 });
  if (run.status === 0) return { ok: true };
  return { ok: false, output: `${run.error?.message ?? ''}\n${run.stderr ?? ''}` };
}
