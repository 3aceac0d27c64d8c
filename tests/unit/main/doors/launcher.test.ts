import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, BUILD_STAMP } from '../../../../src/main/doors/launcher/build';
import { downloadArch, installedRuntime, platformExecutable, progressLine } from '../../../../src/main/doors/launcher/electron-runtime';
import { electronArgs, parseLaunchArgs, serveArgs } from '../../../../src/main/doors/launcher/launch-args';
import { apparmorProfileAllows } from '../../../../src/main/doors/launcher/machine';
import {
  checkAddonProbe,
  checkHost,
  checkRuntimeProbe,
  checkSandbox,
  explainEarlyExit,
  type SandboxFacts,
} from '../../../../src/main/doors/launcher/preflight';
import { electronAddonKey, electronAddonPath } from '../../../../src/main/native-addon';

const temps: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-launcher-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pre-flight: the host', () => {
  const host = (over: Partial<Parameters<typeof checkHost>[0]>) =>
    checkHost({ platform: 'linux', env: { DISPLAY: ':0' }, uid: 1000, noSandbox: false, ...over });

  it('passes a desktop session on Linux, macOS and Windows', () => {
    expect(host({})).toEqual({ ok: true });
    expect(host({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).toEqual({ ok: true });
    expect(host({ platform: 'darwin', env: {} })).toEqual({ ok: true });
    expect(host({ platform: 'win32', env: {}, uid: undefined })).toEqual({ ok: true });
  });

  it('refuses Linux without a display (SSH) before anything is downloaded', () => {
    expect(host({ env: {} })).toEqual({ ok: false, reason: expect.stringMatching(/no display .*DISPLAY and WAYLAND_DISPLAY are unset/) });
  });

  it('refuses root unless --no-sandbox was asked for', () => {
    expect(host({ uid: 0 })).toEqual({ ok: false, reason: expect.stringMatching(/as root .*npm start -- --no-sandbox/) });
    expect(host({ uid: 0, noSandbox: true })).toEqual({ ok: true });
    expect(host({ platform: 'darwin', uid: 0, env: {} })).toEqual({ ok: true });
  });
});

describe('pre-flight: the Linux sandbox', () => {
  const helper = '/p/node_modules/electron/dist/chrome-sandbox';
  const facts = (over: Partial<SandboxFacts>): SandboxFacts => ({
    platform: 'linux',
    noSandbox: false,
    apparmorRestrictsUserns: '0',
    usernsClone: undefined,
    maxUserNamespaces: '63000',
    apparmorProfileAllowsElectron: false,
    chromeSandbox: { path: helper, uid: 1000, mode: 0o100755 },
    ...over,
  });

  it('passes when user namespaces are available', () => {
    expect(checkSandbox(facts({}))).toEqual({ ok: true });
  });

  it('Ubuntu 23.10+ (AppArmor restricts userns) with a helper that is not setuid root: fails with the fix', () => {
    const verdict = checkSandbox(facts({ apparmorRestrictsUserns: '1' }));
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining(`sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`) });
  });

  it('passes when the helper is setuid root, an AppArmor profile allows Electron, or --no-sandbox was asked for', () => {
    expect(checkSandbox(facts({ apparmorRestrictsUserns: '1', chromeSandbox: { path: helper, uid: 0, mode: 0o104755 } }))).toEqual({ ok: true });
    expect(checkSandbox(facts({ apparmorRestrictsUserns: '1', apparmorProfileAllowsElectron: true }))).toEqual({ ok: true });
    expect(checkSandbox(facts({ apparmorRestrictsUserns: '1', noSandbox: true }))).toEqual({ ok: true });
  });

  it('root-owned but not setuid, or setuid but not root, is not enough', () => {
    expect(checkSandbox(facts({ apparmorRestrictsUserns: '1', chromeSandbox: { path: helper, uid: 0, mode: 0o100755 } }))).toMatchObject({ ok: false });
    expect(checkSandbox(facts({ apparmorRestrictsUserns: '1', chromeSandbox: { path: helper, uid: 1000, mode: 0o104755 } }))).toMatchObject({ ok: false });
  });

  it('older kernels with userns switched off need the helper too', () => {
    expect(checkSandbox(facts({ usernsClone: '0' }))).toMatchObject({ ok: false });
    expect(checkSandbox(facts({ maxUserNamespaces: '0' }))).toMatchObject({ ok: false });
  });

  it('is not a question on macOS and Windows', () => {
    expect(checkSandbox(facts({ platform: 'darwin', apparmorRestrictsUserns: '1' }))).toEqual({ ok: true });
  });

  it('finds an AppArmor profile naming the binary with userns', () => {
    const dir = temp();
    writeFileSync(join(dir, 'other'), 'profile other /usr/bin/x flags=(unconfined) { userns, }');
    expect(apparmorProfileAllows('/p/node_modules/electron/dist/electron', dir)).toBe(false);
    writeFileSync(join(dir, 'workbench'), 'abi <abi/4.0>,\nprofile wb /p/node_modules/electron/dist/electron flags=(unconfined) {\n  userns,\n}\n');
    expect(apparmorProfileAllows('/p/node_modules/electron/dist/electron', dir)).toBe(true);
    expect(apparmorProfileAllows('/p/x', join(dir, 'missing'))).toBe(false);
  });
});

describe('pre-flight: does the runtime run, does the addon load', () => {
  it('names a missing system library', () => {
    const verdict = checkRuntimeProbe({ ok: false, output: 'electron: error while loading shared libraries: libnss3.so: cannot open shared object file' });
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('the system library libnss3.so is missing') });
  });

  it('names a binary for another architecture', () => {
    expect(checkRuntimeProbe({ ok: false, output: 'spawnSync electron: Exec format error' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('another processor architecture'),
    });
    expect(checkRuntimeProbe({ ok: false, output: "dlopen: mach-o file, but is an incompatible architecture (have 'arm64', need 'x86_64')" })).toMatchObject({
      ok: false,
    });
  });

  it('passes a runtime that answered', () => {
    expect(checkRuntimeProbe({ ok: true, arch: 'arm64', modules: '148' })).toEqual({ ok: true });
  });

  it('an addon that does not load is named, with how to rebuild it', () => {
    const verdict = checkAddonProbe(
      { ok: false, output: 'Error: The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.' },
      '/p/native/k/better_sqlite3.node',
    );
    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringMatching(/does not load \(Error: The module was compiled .*\); delete \/p\/native\/k\/better_sqlite3\.node to rebuild it/),
    });
  });
});

describe('why Electron ended before its window showed', () => {
  it('uses what the app reported first', () => {
    expect(explainEarlyExit('failed the preload script x failed: boom', { code: 1, signal: null }, 'noise')).toBe('the preload script x failed: boom');
  });

  it('recognises the SUID sandbox abort (exit 133)', () => {
    const stderr = '[123:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly.';
    expect(explainEarlyExit(undefined, { code: 133, signal: null }, stderr)).toMatch(/^Chromium's sandbox could not start \(.*SUID sandbox helper/);
  });

  it('otherwise names the exit and the telling line', () => {
    expect(explainEarlyExit(undefined, { code: 1, signal: null }, 'Gtk-WARNING: cannot open display: :9\n')).toBe(
      'Electron exited with code 1 before its window showed: Gtk-WARNING: cannot open display: :9',
    );
    expect(explainEarlyExit(undefined, { code: null, signal: 'SIGSEGV' }, '')).toBe('Electron was stopped by SIGSEGV before its window showed');
  });
});

describe('npm start arguments', () => {
  it('resolves a relative --db against the folder npm start was typed in (INIT_CWD)', () => {
    const args = parseLaunchArgs(['--db', 'notes/team.sqlite'], { INIT_CWD: '/home/ana/cases' }, '/opt/workbench');
    expect(args.db).toBe('/home/ana/cases/notes/team.sqlite');
    expect(parseLaunchArgs(['--db=x.sqlite'], {}, '/opt/workbench').db).toBe('/opt/workbench/x.sqlite');
    expect(parseLaunchArgs(['--db', '/abs/y.sqlite'], { INIT_CWD: '/home/ana' }, '/opt').db).toBe('/abs/y.sqlite');
  });

  it('hands --port and --new-token to the browser version and the rest to Electron', () => {
    const args = parseLaunchArgs(['--port', '8123', '--db', 'a.sqlite', '--verbose', '--no-sandbox', '--new-token', '--inspect'], { INIT_CWD: '/w' }, '/p');
    expect(args).toMatchObject({ port: '8123', verbose: true, noSandbox: true, newToken: true, rest: ['--inspect'] });
    expect(serveArgs(args)).toEqual(['serve', '--db', '/w/a.sqlite', '--port', '8123', '--new-token']);
    expect(electronArgs('/p', args)).toEqual(['/p', '--db', '/w/a.sqlite', '--no-sandbox', '--inspect']);
    expect(serveArgs(parseLaunchArgs(['--port=0'], {}, '/p'))).toEqual(['serve', '--port', '0']);
  });
});

describe('the Electron-ABI addon cache', () => {
  const target = { electronVersion: '43.8.12', platform: 'darwin', arch: 'arm64', sqliteVersion: '12.11.1' };

  it('is keyed by Electron version, platform, architecture and better-sqlite3 version', () => {
    expect(electronAddonKey(target)).toBe('electron-43.8.12_darwin-arm64_better-sqlite3-12.11.1');
    const keys = new Set([
      electronAddonKey(target),
      electronAddonKey({ ...target, electronVersion: '44.0.0' }),
      electronAddonKey({ ...target, arch: 'x64' }),
      electronAddonKey({ ...target, sqliteVersion: '12.11.2' }),
      electronAddonKey({ ...target, platform: 'linux' }),
    ]);
    expect(keys.size).toBe(5);
    expect(electronAddonPath(target, '/p')).toBe('/p/native/electron-43.8.12_darwin-arm64_better-sqlite3-12.11.1/better_sqlite3.node');
  });
});

describe('the Electron runtime', () => {
  it('is found only when dist/version matches the package', () => {
    const dir = temp();
    const pkg = { dir, version: '43.8.12' };
    expect(installedRuntime(pkg, 'linux', {})).toBeUndefined();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    writeFileSync(join(dir, 'dist', 'version'), 'v40.8.5');
    expect(installedRuntime(pkg, 'linux', {})).toBeUndefined();
    writeFileSync(join(dir, 'dist', 'version'), 'v43.8.12');
    expect(installedRuntime(pkg, 'linux', {})).toBe(join(dir, 'dist', 'electron'));
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(platformExecutable('win32')).toBe('electron.exe');
  });

  it('download progress says the size', () => {
    expect(progressLine('43.8.12', 35 * 1024 * 1024, 110 * 1024 * 1024)).toBe('Fetching the Electron 43.8.12 runtime (once): 35.0 of 110.0 MB');
    expect(progressLine('43.8.12', 1024 * 1024, undefined)).toBe('Fetching the Electron 43.8.12 runtime (once): 1.0 MB');
  });

  it('downloads for npm_config_arch when set, else for this Node', () => {
    expect(downloadArch('linux', 'x64', { npm_config_arch: 'arm64' })).toBe('arm64');
    expect(downloadArch('linux', 'x64', {})).toBe('x64');
    expect(downloadArch('win32', 'arm64', {})).toBe('arm64');
  });
});

describe('the build is redone only when stale', () => {
  it('compares out/.build-stamp with the sources', () => {
    const root = temp();
    for (const dir of ['src', 'resources', 'out/main', 'out/renderer']) mkdirSync(join(root, dir), { recursive: true });
    for (const file of ['package.json', 'electron.vite.config.ts', 'tsconfig.json', 'src/a.ts', 'out/main/index.js', 'out/renderer/index.html'])
      writeFileSync(join(root, file), '');
    expect(buildIsCurrent(root)).toBe(false);
    const past = new Date(Date.now() - 60_000);
    for (const path of ['src/a.ts', 'src', 'resources', 'package.json', 'electron.vite.config.ts', 'tsconfig.json']) utimesSync(join(root, path), past, past);
    writeFileSync(join(root, BUILD_STAMP), 'now');
    expect(buildIsCurrent(root)).toBe(true);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src', 'a.ts'), later, later);
    expect(buildIsCurrent(root)).toBe(false);
  });
});
