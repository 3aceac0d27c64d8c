import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start` (scripts/start.mjs) as an analyst runs it. Where Electron cannot
// start it prints one line saying why, then serves the app to a browser and
// prints that address last, with no build output. A fake Electron binary (a
// shell script, through Electron's own ELECTRON_OVERRIDE_DIST_PATH) plays the
// runtime's failures, since no real runtime exists here.

const ROOT = resolve(__dirname, '..', '..');
const START = join(ROOT, 'scripts', 'start.mjs');
const NODE_SQLITE = join(dirname(createRequire(__filename).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const posixShell = process.platform !== 'win32';

let dir: string;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const closed = new Promise((done) => child!.once('close', done));
    child.kill('SIGTERM');
    await closed;
  }
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function start(args: string[], env: NodeJS.ProcessEnv): Started {
  let out = '';
  let err = '';
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'ELECTRON_OVERRIDE_DIST_PATH',
    'WORKBENCH_NATIVE_BINDING',
    'WORKBENCH_DB',
    'INIT_CWD',
    'ELECTRON_RUN_AS_NODE',
  ])
    delete base[key];
  child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((done) => child!.once('close', (code) => done(code)));
  return { out: () => out, err: () => err, exit };
}

/** A stand-in for node_modules/electron/dist/electron: answers the probes, then does `launch` when run as the app. */
function fakeElectron(launch: string): string {
  const dist = join(dir, 'fake-electron');
  mkdirSync(dist);
  const script = ['#!/bin/sh', 'if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then', '  if [ "$1" = -p ]; then echo "x64 148"; fi', '  exit 0', 'fi', launch].join('\n');
  writeFileSync(join(dist, 'electron'), `${script}\n`);
  chmodSync(join(dist, 'electron'), 0o755);
  return dist;
}

async function browserAddress(run: Started): Promise<URL> {
  await expect
    .poll(() => run.out() + run.err(), { timeout: 60_000, interval: 100 })
    .toMatch(/Workbench: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n|workbench serve: .*\n/);
  const line = /Workbench: (\S+)/.exec(run.out());
  if (!line) throw new Error(`no address printed:\n${run.out()}\n${run.err()}`);
  return new URL(line[1]!);
}

describe('npm start', () => {
  it('without a display: one line why, then the browser version on the asked port, its address last', async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-start-'));
    const probe = await import('node:net').then(({ createServer }) => {
      const server = createServer();
      return new Promise<number>((done) =>
        server.listen(0, '127.0.0.1', () => {
          const port = (server.address() as { port: number }).port;
          server.close(() => done(port));
        }),
      );
    });
    const run = start(['--db', 'team.sqlite', '--port', String(probe)], { INIT_CWD: dir });
    const url = await browserAddress(run);
    expect(url.port).toBe(String(probe));
    const lines = run.err().trim().split('\n');
    expect(lines[0]).toBe('The desktop app cannot start here: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset, as over SSH).');
    expect(lines[1]).toBe('Opening the browser version instead (the same app and database).');
    // The relative --db is the file in the folder npm start was typed in.
    expect(lines).toContain(`Database: ${join(dir, 'team.sqlite')}`);
    expect(run.err()).not.toMatch(/vite|building|✓|modules transformed/i);
    expect(run.out()).toMatch(/^Workbench: \S+\n$/);
    const reply = await fetch(new URL('/api/getSession', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-workbench-token': url.searchParams.get('token')! },
      body: '{}',
    });
    expect(reply.status).toBe(200);
  });

  it.skipIf(!posixShell)('when Electron aborts on the SUID sandbox before its window shows, says so and opens the browser version', async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-start-'));
    const dist = fakeElectron(
      'echo "[1:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly." >&2\nexit 133',
    );
    const run = start(['--db', join(dir, 'a.sqlite'), '--no-sandbox'], {
      DISPLAY: ':99',
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      WORKBENCH_NATIVE_BINDING: NODE_SQLITE,
    });
    await browserAddress(run);
    expect(run.err().split('\n')[0]).toMatch(/^The desktop app cannot start here: Chromium's sandbox could not start \(.*SUID sandbox helper binary was found/);
  });

  it.skipIf(!posixShell)('when the window reports a failed preload, that is the reason given', async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-start-'));
    const dist = fakeElectron('printf "failed the preload script /p/preload/index.js failed: boom" > "$WORKBENCH_LAUNCH_STATUS"\nexit 1');
    const run = start(['--db', join(dir, 'a.sqlite'), '--no-sandbox'], {
      DISPLAY: ':99',
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      WORKBENCH_NATIVE_BINDING: NODE_SQLITE,
    });
    await browserAddress(run);
    expect(run.err().split('\n')[0]).toBe('The desktop app cannot start here: the preload script /p/preload/index.js failed: boom.');
  });

  it.skipIf(!posixShell)("when the window showed, its exit is npm start's exit and no browser version starts", async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-start-'));
    const dist = fakeElectron('printf shown > "$WORKBENCH_LAUNCH_STATUS"\necho "$@" > "$(dirname "$0")/args"\nexit 0');
    const run = start(['--db', 'b.sqlite', '--no-sandbox'], {
      DISPLAY: ':99',
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      WORKBENCH_NATIVE_BINDING: NODE_SQLITE,
      INIT_CWD: dir,
    });
    expect(await run.exit).toBe(0);
    expect(run.out()).toBe('');
    expect(run.err()).toBe('');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dist, 'args'), 'utf8').trim()).toBe(`${ROOT} --db ${join(dir, 'b.sqlite')} --no-sandbox`);
  });
});
