#!/usr/bin/env node
// `npm start [-- --db FILE]`: builds the app and runs it in Electron. The first
// run on a machine fetches what `npm install` leaves out (the Electron runtime,
// whose install script is skipped, and better-sqlite3 built for Electron's ABI,
// kept in native/ beside the Node-ABI build in node_modules that the tests and
// the CLI use). Where either cannot be had, it says why in one line and serves
// the same app to a browser instead (`workbench serve`).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const RUNTIME_FETCH_TIMEOUT_MS = 120_000;
const PREBUILT_FETCH_TIMEOUT_MS = 120_000;
const COMPILE_TIMEOUT_MS = 15 * 60_000;

function say(line) {
  process.stderr.write(`${line}\n`);
}

/** The package's own folder, found through Node's resolution from the project root. */
function packageDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The most telling line of a failed child's output: a network error, a compiler error, an ERR! line, else the last line. */
function telltaleLine(output) {
  const lines = String(output ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const first = (pattern) => lines.find((line) => pattern.test(line));
  const network = first(/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo/);
  if (network) return network;
  const download = lines.findLast((line) => /\bGET https?:\/\//.test(line));
  if (download && lines.some((line) => /network connectivity/.test(line))) return `cannot download ${download.replace(/^.*\bGET /, '')}`;
  return (
    first(/(^|:\s*)(fatal )?error\b:/i) ??
    first(/ERR!(?! (stack|System|command|cwd|node -v|node-gyp -v|not ok))/) ??
    first(/\berr(or)?\b/i) ??
    lines.at(-1) ??
    'no output'
  );
}

/** Why a spawnSync run failed, or null when it succeeded. */
function runFailure(run, timeoutMs) {
  if (run.error?.code === 'ETIMEDOUT') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (run.error) return run.error.message;
  if (run.status !== 0) return telltaleLine(`${run.stderr ?? ''}\n${run.stdout ?? ''}`);
  return null;
}

// ---- build ------------------------------------------------------------------------------

function buildApp() {
  const cli = join(packageDir('electron-vite'), 'bin', 'electron-vite.js');
  const run = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, stdio: 'inherit' });
  return run.status === 0;
}

// ---- Electron runtime ---------------------------------------------------------------------

function electronVersion() {
  return JSON.parse(readFileSync(join(packageDir('electron'), 'package.json'), 'utf8')).version;
}

/** The Electron binary, or why there is none. `require('electron')` throws when the runtime was never fetched. */
function findElectronRuntime() {
  try {
    delete require.cache[require.resolve('electron')];
    const binary = require('electron');
    return existsSync(binary) ? { binary } : { reason: `the Electron binary ${binary} is missing` };
  } catch (error) {
    return { reason: String(error.message).split('\n')[0] };
  }
}

/** Runs Electron's own install script (skipped by `npm install` here); returns why it failed, or null. */
function fetchElectronRuntime() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  say(`Fetching the Electron ${electronVersion()} runtime (once)…`);
  const run = spawnSync(process.execPath, [join(packageDir('electron'), 'install.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: RUNTIME_FETCH_TIMEOUT_MS,
  });
  const failure = runFailure(run, RUNTIME_FETCH_TIMEOUT_MS);
  return failure ? `download failed: ${failure}` : null;
}

function electronRuntime() {
  const found = findElectronRuntime();
  if (found.binary) return found;
  const fetchFailure = fetchElectronRuntime();
  if (fetchFailure) return { reason: fetchFailure };
  return findElectronRuntime();
}

// ---- better-sqlite3 for Electron's ABI ------------------------------------------------------

export function electronAddonPath(version) {
  return join(ROOT, 'native', `electron-${version}`, 'better_sqlite3.node');
}

/** The environment for building against Electron: no nodedir pointing at Node's own headers. */
function electronBuildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key];
  return env;
}

/** Downloads a prebuilt addon into `pkg`; returns why it failed, or null. */
function fetchPrebuiltAddon(pkg, version) {
  const bin = join(packageDir('prebuild-install'), 'bin.js');
  const args = [bin, '--runtime', 'electron', '--target', version, '--arch', process.arch];
  const run = spawnSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', env: electronBuildEnv(), timeout: PREBUILT_FETCH_TIMEOUT_MS });
  const failure = runFailure(run, PREBUILT_FETCH_TIMEOUT_MS);
  return failure ? `prebuilt download failed: ${failure}` : null;
}

/** node-gyp as npm ships it (npm passes its path to scripts), else one installed in the project. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed in the project
  }
  const bundledWithNpm = (npmDir) => join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (process.env.npm_execpath) candidates.push(bundledWithNpm(join(dirname(process.env.npm_execpath), '..')));
  const nodeDir = dirname(process.execPath);
  candidates.push(bundledWithNpm(join(nodeDir, '..', 'lib', 'node_modules', 'npm')), bundledWithNpm(join(nodeDir, 'node_modules', 'npm')));
  return candidates.find((path) => path && existsSync(path));
}

/** Compiles the addon in `pkg` against Electron's headers; returns why it failed, or null. */
function compileAddon(pkg, version) {
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) return 'node-gyp not found';
  say(`Compiling better-sqlite3 for Electron ${version} (a minute or two)…`);
  const args = [nodeGyp, 'rebuild', '--release', '--jobs=max', '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`];
  const run = spawnSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', env: electronBuildEnv(), timeout: COMPILE_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const failure = runFailure(run, COMPILE_TIMEOUT_MS);
  return failure ? `compiling failed: ${failure}` : null;
}

/**
 * An Electron-ABI better_sqlite3.node at native/electron-<version>/, made once
 * in a copy of node_modules/better-sqlite3 so the Node-ABI build stays untouched.
 */
export function ensureElectronAddon(version) {
  const target = electronAddonPath(version);
  if (existsSync(target)) return { addon: target };
  say(`Preparing better-sqlite3 for Electron ${version} (once; kept in native/)…`);
  const source = packageDir('better-sqlite3');
  const work = mkdtempSync(join(tmpdir(), 'workbench-sqlite-'));
  try {
    const pkg = join(work, 'better-sqlite3');
    const skipped = join(source, 'build');
    cpSync(source, pkg, { recursive: true, filter: (path) => path !== skipped && !path.startsWith(skipped + sep) });
    const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    const failures = [];
    for (const attempt of [fetchPrebuiltAddon, compileAddon]) {
      const failure = attempt(pkg, version);
      if (!failure && existsSync(built)) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(built, target);
        return { addon: target };
      }
      failures.push(failure ?? `${built} was not produced`);
    }
    return { reason: failures.join('; ') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function electronAddon(version) {
  const fromEnv = process.env.WORKBENCH_NATIVE_BINDING;
  if (fromEnv) return existsSync(fromEnv) ? { addon: fromEnv } : { reason: `WORKBENCH_NATIVE_BINDING names a missing file, ${fromEnv}` };
  return ensureElectronAddon(version);
}

// ---- running ------------------------------------------------------------------------------

/** `--db PATH` / `--db=PATH` from the forwarded arguments, for the browser host. */
export function dbArgs(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--db' && i + 1 < args.length) return ['--db', args[i + 1]];
    if (args[i].startsWith('--db=')) return [args[i]];
  }
  return [];
}

/**
 * Runs a child with this terminal and resolves with its exit code. Ctrl+C
 * reaches the child from the terminal itself, so SIGINT is not forwarded (it
 * would arrive twice); SIGTERM and SIGHUP are.
 */
function runChild(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    const ignoreInterrupt = () => {};
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    process.on('SIGINT', ignoreInterrupt);
    child.on('error', (error) => {
      say(`Could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      process.off('SIGINT', ignoreInterrupt);
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

function launchElectron(binary, args, addon) {
  const env = { ...process.env, WORKBENCH_NATIVE_BINDING: addon };
  delete env.ELECTRON_RUN_AS_NODE;
  return runChild(binary, [ROOT, ...args], env);
}

function startBrowserHost(args, why) {
  say(`${why}; starting the browser host instead.`);
  return runChild(process.execPath, [join(ROOT, 'bin', 'workbench.mjs'), 'serve', ...dbArgs(args)], process.env);
}

async function main(args) {
  if (!buildApp()) {
    say('npm start: the build failed (see above).');
    return 1;
  }
  const runtime = electronRuntime();
  if (!runtime.binary) return startBrowserHost(args, `Electron runtime unavailable (${runtime.reason})`);
  const version = electronVersion();
  const sqlite = electronAddon(version);
  if (!sqlite.addon) return startBrowserHost(args, `better-sqlite3 for Electron ${version} unavailable (${sqlite.reason})`);
  return launchElectron(runtime.binary, args, sqlite.addon);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
