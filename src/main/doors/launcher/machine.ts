import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxFacts } from './preflight';

/** Reads what checkSandbox needs from /proc, /etc/apparmor.d and the runtime's files. */

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** An AppArmor profile naming this binary with `userns` (the fix Ubuntu documents for Electron apps). */
export function apparmorProfileAllows(binary: string, profilesDir = '/etc/apparmor.d'): boolean {
  let names: string[];
  try {
    names = readdirSync(profilesDir);
  } catch {
    return false;
  }
  for (const name of names) {
    const text = readTrimmed(join(profilesDir, name));
    if (text && text.includes(binary) && /\buserns\b/.test(text)) return true;
  }
  return false;
}

export function sandboxFacts(binary: string, distDir: string, noSandbox: boolean, platform: NodeJS.Platform = process.platform): SandboxFacts {
  const helperPath = join(distDir, 'chrome-sandbox');
  let chromeSandbox: SandboxFacts['chromeSandbox'];
  try {
    const stat = statSync(helperPath);
    chromeSandbox = { path: helperPath, uid: stat.uid, mode: stat.mode };
  } catch {
    chromeSandbox = undefined;
  }
  const linux = platform === 'linux';
  return {
    platform,
    noSandbox,
    apparmorRestrictsUserns: linux ? readTrimmed('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') : undefined,
    usernsClone: linux ? readTrimmed('/proc/sys/kernel/unprivileged_userns_clone') : undefined,
    maxUserNamespaces: linux ? readTrimmed('/proc/sys/user/max_user_namespaces') : undefined,
    apparmorProfileAllowsElectron: linux ? apparmorProfileAllows(binary) : false,
    chromeSandbox,
  };
}
