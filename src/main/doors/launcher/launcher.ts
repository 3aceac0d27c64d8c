import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installedSqliteVersion, type ElectronAddonTarget } from '../../native-addon';
import { LAUNCH_STATUS_ENV } from '../../launch-status';
import { PROJECT_ROOT } from '../../paths';
import { buildIfStale } from './build';
import { ensureElectronAddon } from './electron-addon';
import { electronPackage, fetchRuntime, installedRuntime, probeAddon, probeRuntime } from './electron-runtime';
import { electronArgs, parseLaunchArgs, serveArgs, type LaunchArgs } from './launch-args';
import { sandboxFacts } from './machine';
import { checkAddonProbe, checkHost, checkRuntimeProbe, checkSandbox, explainEarlyExit, type Verdict } from './preflight';

/**
 * `npm start`: builds the app when it is out of date, runs the pre-flight
 * checks, opens the desktop app, and whenever Electron cannot start (or ends
 * before its window shows) says why in one line and serves the same app to a
 * browser instead. The browser's address is the last thing printed.
 */

interface Terminal {
  say(line: string): void;
  /** Rewrites the current line (progress); ends it with the next say. */
  progress(line: string): void;
}

function terminal(): Terminal {
  let open = false;
  const tty = process.stderr.isTTY;
  return {
    say(line) {
      process.stderr.write(`${open ? '\n' : ''}${line}\n`);
      open = false;
    },
    progress(line) {
      if (tty) {
        process.stderr.write(`\r${line}`);
        open = true;
      }
    },
  };
}

type Ready = { binary: string; addon: string } | { reason: string };

async function prepareDesktop(root: string, args: LaunchArgs, term: Terminal): Promise<Ready> {
  const host = checkHost({ platform: process.platform, env: process.env, uid: process.getuid?.(), noSandbox: args.noSandbox });
  if (!host.ok) return host;

  const pkg = electronPackage(root);
  if (!pkg) return { reason: 'the electron package is not installed (run `npm install`)' };
  let binary = installedRuntime(pkg);
  if (!binary && process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return { reason: `ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH}) holds no Electron binary` };
  if (!binary) {
    const why = await fetchRuntime(pkg, (line, sameLine) => (sameLine ? term.progress(line) : term.say(line)));
    if (why) return { reason: `the Electron ${pkg.version} runtime is not here and could not be fetched (${why})` };
    binary = installedRuntime(pkg);
    if (!binary) return { reason: `the Electron ${pkg.version} runtime was fetched but its binary is missing` };
  }

  const sandbox = checkSandbox(sandboxFacts(binary, dirname(binary), args.noSandbox));
  if (!sandbox.ok) return sandbox;

  const probe = probeRuntime(binary);
  const runs: Verdict = checkRuntimeProbe(probe);
  if (!runs.ok || !probe.ok) return runs.ok ? { reason: 'Electron does not run' } : runs;

  const fromEnv = process.env.WORKBENCH_NATIVE_BINDING;
  let addon: string;
  if (fromEnv) {
    if (!existsSync(fromEnv)) return { reason: `WORKBENCH_NATIVE_BINDING names a missing file, ${fromEnv}` };
    addon = fromEnv;
  } else {
    const target: ElectronAddonTarget = {
      electronVersion: pkg.version,
      platform: process.platform,
      arch: probe.arch,
      sqliteVersion: installedSqliteVersion(root),
    };
    const made = ensureElectronAddon(root, target, term.say);
    if ('reason' in made) return { reason: `SQLite for Electron ${pkg.version} could not be prepared (${made.reason})` };
    addon = made.addon;
  }
  const loads = checkAddonProbe(probeAddon(binary, join(root, 'node_modules', 'better-sqlite3'), addon), addon);
  if (!loads.ok) {
    // A cached build that does not load is dropped, so the next start makes a fresh one.
    if (!fromEnv) rmSync(dirname(addon), { recursive: true, force: true });
    return loads;
  }
  return { binary, addon };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs a child with this terminal. Ctrl+C reaches the child from the terminal
 * itself, so SIGINT is not forwarded (it would arrive twice); SIGTERM and
 * SIGHUP are. With `captureStderr`, stderr is kept (its tail) instead of shown.
 */
function runChild(command: string, args: string[], env: NodeJS.ProcessEnv, captureStderr: boolean): Promise<Exit & { stderr: string; spawnError?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['inherit', 'inherit', captureStderr ? 'pipe' : 'inherit'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-16_000);
    });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    const ignoreInterrupt = (): void => {};
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    process.on('SIGINT', ignoreInterrupt);
    const done = (exit: Exit, spawnError?: string): void => {
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      process.off('SIGINT', ignoreInterrupt);
      resolve({ ...exit, stderr, ...(spawnError ? { spawnError } : {}) });
    };
    child.on('error', (error) => done({ code: null, signal: null }, error.message));
    child.on('close', (code, signal) => done({ code, signal }));
  });
}

function exitCode(exit: Exit): number {
  return exit.code ?? 128 + (exit.signal ? (constants.signals[exit.signal] ?? 0) : 0);
}

async function openBrowserVersion(root: string, args: LaunchArgs, why: string, term: Terminal): Promise<number> {
  term.say(`The desktop app cannot start here: ${why}.`);
  term.say('Opening the browser version instead (the same app and database).');
  const exit = await runChild(process.execPath, [join(root, 'bin', 'workbench.mjs'), ...serveArgs(args)], process.env, false);
  return exitCode(exit);
}

async function launchDesktop(
  root: string,
  args: LaunchArgs,
  ready: { binary: string; addon: string },
): Promise<{ shown: true; code: number } | { shown: false; why: string }> {
  const statusDir = mkdtempSync(join(tmpdir(), 'workbench-launch-'));
  const statusFile = join(statusDir, 'status');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, WORKBENCH_NATIVE_BINDING: ready.addon, [LAUNCH_STATUS_ENV]: statusFile };
    delete env.ELECTRON_RUN_AS_NODE;
    const exit = await runChild(ready.binary, electronArgs(root, args), env, !args.verbose);
    const report = existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : undefined;
    if (report === 'handed-over') {
      process.stderr.write('This database is already open in the workbench; its window was brought forward.\n');
      return { shown: true, code: 0 };
    }
    if (report === 'shown') {
      if (exit.code !== 0 && exit.stderr.trim()) process.stderr.write(exit.stderr.split('\n').slice(-20).join('\n'));
      return { shown: true, code: exitCode(exit) };
    }
    return { shown: false, why: exit.spawnError ? `Electron could not be started (${exit.spawnError})` : explainEarlyExit(report, exit, exit.stderr) };
  } finally {
    rmSync(statusDir, { recursive: true, force: true });
  }
}

export async function main(argv: readonly string[], root: string = PROJECT_ROOT): Promise<number> {
  const term = terminal();
  const args = parseLaunchArgs(argv, process.env, process.cwd());
  const built = buildIfStale(root, { verbose: args.verbose });
  if (!built.ok) {
    process.stderr.write(built.output);
    term.say('npm start: building the app failed (the build output is above).');
    return 1;
  }
  const ready = await prepareDesktop(root, args, term);
  if ('reason' in ready) return openBrowserVersion(root, args, ready.reason, term);
  const launched = await launchDesktop(root, args, ready);
  if (launched.shown) return launched.code;
  return openBrowserVersion(root, args, launched.why, term);
}
