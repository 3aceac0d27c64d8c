/**
 * The pre-flight checks `npm start` runs before it opens the desktop app: each
 * one either passes or names, in one line, why Electron cannot start on this
 * machine, so the launcher can open the browser version instead. Pure
 * functions over facts gathered elsewhere (machine.ts), so every row of the
 * decision table is tested without a runtime.
 */

export type Verdict = { ok: true } | { ok: false; reason: string };

const pass: Verdict = { ok: true };
const fail = (reason: string): Verdict => ({ ok: false, reason });

/** Checks that need no Electron binary: made before anything is downloaded. */
export interface HostFacts {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Effective user id (POSIX); undefined on Windows. */
  uid: number | undefined;
  /** The user asked for `--no-sandbox`. */
  noSandbox: boolean;
}

export function checkHost(facts: HostFacts): Verdict {
  if (facts.platform === 'linux' || facts.platform === 'freebsd' || facts.platform === 'openbsd') {
    if (!facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) {
      return fail('no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset, as over SSH)');
    }
  }
  // Chromium's Linux zygote refuses root unless the sandbox is off (macOS and Windows do not ask).
  if (facts.platform === 'linux' && facts.uid === 0 && !facts.noSandbox) {
    return fail('Electron refuses to run as root with its sandbox on (run as your own user, or `npm start -- --no-sandbox`)');
  }
  return pass;
}

/** What the kernel and the runtime's files say about Chromium's Linux sandbox. */
export interface SandboxFacts {
  platform: NodeJS.Platform;
  noSandbox: boolean;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10+: "1"). */
  apparmorRestrictsUserns: string | undefined;
  /** /proc/sys/kernel/unprivileged_userns_clone (older Debian: "0" disables). */
  usernsClone: string | undefined;
  /** /proc/sys/user/max_user_namespaces ("0" disables). */
  maxUserNamespaces: string | undefined;
  /** An AppArmor profile that names this Electron binary and allows userns exists. */
  apparmorProfileAllowsElectron: boolean;
  /** node_modules/electron/dist/chrome-sandbox, if present. */
  chromeSandbox: { path: string; uid: number; mode: number } | undefined;
}

export function usernsAvailable(facts: SandboxFacts): boolean {
  if (facts.usernsClone?.trim() === '0') return false;
  if (facts.maxUserNamespaces?.trim() === '0') return false;
  if (facts.apparmorRestrictsUserns?.trim() === '1' && !facts.apparmorProfileAllowsElectron) return false;
  return true;
}

/**
 * Chromium's sandbox on Linux needs either unprivileged user namespaces or a
 * setuid-root chrome-sandbox helper; without either, Electron aborts with
 * "The SUID sandbox helper binary was found, but is not configured correctly"
 * (electron/electron#42510).
 */
export function checkSandbox(facts: SandboxFacts): Verdict {
  if (facts.platform !== 'linux' || facts.noSandbox) return pass;
  if (usernsAvailable(facts)) return pass;
  const helper = facts.chromeSandbox;
  if (helper && helper.uid === 0 && (helper.mode & 0o4000) !== 0 && (helper.mode & 0o111) !== 0) return pass;
  const where = helper?.path ?? 'node_modules/electron/dist/chrome-sandbox';
  return fail(
    `Chromium's sandbox cannot start: this kernel restricts unprivileged user namespaces (AppArmor) and ${where} is not setuid root ` +
      `(fix once: sudo chown root:root ${where} && sudo chmod 4755 ${where})`,
  );
}

/** What running the binary as plain Node (ELECTRON_RUN_AS_NODE=1) answered. */
export type RuntimeProbe = { ok: true; arch: string; modules: string } | { ok: false; output: string };

export function checkRuntimeProbe(probe: RuntimeProbe): Verdict {
  if (probe.ok) return pass;
  const missingLibrary = /error while loading shared libraries: ([^:\s]+)/.exec(probe.output);
  if (missingLibrary) {
    return fail(
      `Electron cannot run: the system library ${missingLibrary[1]} is missing (install your distribution's Electron/Chromium dependencies, e.g. libnss3, libgbm1, libasound2)`,
    );
  }
  const arch = /bad CPU type|Exec format error|incompatible architecture/i.exec(probe.output);
  if (arch) return fail(`the Electron binary is for another processor architecture (${arch[0]}); delete node_modules/electron/dist and run npm start again`);
  return fail(`Electron does not run: ${firstTelling(probe.output)}`);
}

/** What loading the Electron-ABI better-sqlite3 inside Electron answered. */
export function checkAddonProbe(probe: { ok: true } | { ok: false; output: string }, addonPath: string): Verdict {
  if (probe.ok) return pass;
  return fail(`better-sqlite3 built for Electron does not load (${firstTelling(probe.output)}); delete ${addonPath} to rebuild it`);
}

/**
 * Why the app ended before its window showed, from what the app reported
 * (WORKBENCH_LAUNCH_STATUS), its exit, and the tail of its stderr.
 */
export function explainEarlyExit(report: string | undefined, exit: { code: number | null; signal: string | null }, stderr: string): string {
  if (report?.startsWith('failed ')) return report.slice('failed '.length);
  const sandbox = /SUID sandbox helper binary|setuid_sandbox|No usable sandbox/i.test(stderr);
  if (sandbox) return `Chromium's sandbox could not start (${firstTelling(stderr)})`;
  const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
  const said = stderr.trim() ? `: ${firstTelling(stderr)}` : '';
  return `Electron ${how} before its window showed${said}`;
}

/** The most telling line of a process's output: an error or fatal line, else the last line. */
export function firstTelling(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    lines.find((line) => /\bFATAL\b|\bERROR\b.*(sandbox|display|open)|error while loading|Error:|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(line)) ??
    lines.at(-1) ??
    'no output'
  ).slice(0, 300);
}
