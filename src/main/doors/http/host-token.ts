import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

/**
 * The browser host's token and port, kept per database file in
 * `<database>.host.json` beside it, readable by its owner only. Restarting
 * `workbench serve` on the same database keeps the address (so an open tab
 * carries on); `serve --new-token` makes a new token, after which old
 * addresses stop working.
 */
export interface HostIdentity {
  token: string;
  /** The port last served on, tried first next time. */
  port: number | undefined;
}

export function hostIdentityFile(dbPath: string): string {
  return `${dbPath}.host.json`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function parse(text: string): HostIdentity | undefined {
  try {
    const value = JSON.parse(text) as { token?: unknown; port?: unknown };
    if (typeof value.token !== 'string' || !/^[A-Za-z0-9_-]{32,}$/.test(value.token)) return undefined;
    const port = typeof value.port === 'number' && Number.isInteger(value.port) && value.port > 0 && value.port < 65536 ? value.port : undefined;
    return { token: value.token, port };
  } catch {
    return undefined;
  }
}

/**
 * The identity stored for this database, or a new one. A stored file that
 * others may read (group/other permission bits) is not trusted: its token is
 * replaced. An in-memory database gets a fresh token every run.
 */
export function loadHostIdentity(dbPath: string, options: { rotate: boolean; platform?: NodeJS.Platform }): HostIdentity {
  if (dbPath === ':memory:') return { token: newToken(), port: undefined };
  const file = hostIdentityFile(dbPath);
  const posix = (options.platform ?? process.platform) !== 'win32';
  let stored: HostIdentity | undefined;
  try {
    const ownerOnly = !posix || (statSync(file).mode & 0o077) === 0;
    stored = parse(readFileSync(file, 'utf8'));
    if (stored && !ownerOnly) stored = { token: newToken(), port: stored.port };
  } catch {
    stored = undefined;
  }
  if (stored && !options.rotate) return stored;
  return { token: newToken(), port: stored?.port };
}

/** Writes the identity with owner-only permissions (atomically: a temporary file renamed over it). */
export function saveHostIdentity(dbPath: string, identity: HostIdentity): void {
  if (dbPath === ':memory:') return;
  const file = hostIdentityFile(dbPath);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ token: identity.token, port: identity.port }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
