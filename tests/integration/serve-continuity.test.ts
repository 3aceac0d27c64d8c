import { chmodSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { hostIdentityFile, loadHostIdentity, saveHostIdentity } from '../../src/main/doors/http/host-token';
import { makeTempDir } from '../helpers/workbench';

// Restarting `workbench serve` keeps the address an open tab uses (issue 7 item 8).

let temp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  temp = makeTempDir('workbench-serve-');
  db = join(temp.dir, 'workbench.sqlite');
});
afterEach(() => temp.cleanup());

interface Served {
  url: URL;
  out: string;
  err: string;
  stop(): Promise<number>;
}

async function serve(args: string[]): Promise<Served> {
  let out = '';
  let err = '';
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const exit = runCli(['serve', '--db', db, ...args], { out: (t) => (out += t), err: (t) => (err += t), env: {}, untilStopped: () => stopped });
  await expect.poll(() => out || err, { timeout: 5000 }).toMatch(/Workbench: http|workbench serve:/);
  if (!out) throw new Error(err);
  return {
    url: new URL(out.replace(/^Workbench: /, '').trim()),
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    stop: async () => {
      stop();
      return exit;
    },
  };
}

async function call(url: URL, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${url.port}/api/getSession`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workbench-token': token },
    body: '{}',
  });
  return res.status;
}

describe('workbench serve across restarts', () => {
  it('keeps the token and the port of the database, in an owner-only file beside it', async () => {
    const first = await serve([]);
    const token = first.url.searchParams.get('token')!;
    expect(await first.stop()).toBe(0);

    const file = hostIdentityFile(db);
    expect(file).toBe(`${db}.host.json`);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await serve([]);
    try {
      expect(second.url.port).toBe(first.url.port);
      expect(second.url.searchParams.get('token')).toBe(token);
      // The tab opened on the first run carries on.
      expect(await call(second.url, token)).toBe(200);
      // The address comes last, after the database and the hint.
      expect(second.err).toMatch(/Database: .*\nOpen this address in a browser/);
    } finally {
      await second.stop();
    }
  });

  it('--new-token makes a new token and the old one stops working', async () => {
    const first = await serve([]);
    const old = first.url.searchParams.get('token')!;
    await first.stop();
    const second = await serve(['--new-token']);
    try {
      const fresh = second.url.searchParams.get('token')!;
      expect(fresh).not.toBe(old);
      expect(fresh.length).toBeGreaterThanOrEqual(32);
      expect(await call(second.url, old)).toBe(401);
      expect(await call(second.url, fresh)).toBe(200);
    } finally {
      await second.stop();
    }
    expect(loadHostIdentity(db, { rotate: false }).token).not.toBe(old);
  });

  it('takes a free port with the same token when the remembered port is busy', async () => {
    const first = await serve([]);
    const token = first.url.searchParams.get('token')!;
    await first.stop();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(first.url.port), '127.0.0.1', resolve));
    try {
      const second = await serve([]);
      try {
        expect(second.url.port).not.toBe(first.url.port);
        expect(second.url.searchParams.get('token')).toBe(token);
      } finally {
        await second.stop();
      }
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('--port N is honoured over the remembered port', async () => {
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const served = await serve(['--port', String(port)]);
    try {
      expect(served.url.port).toBe(String(port));
    } finally {
      await served.stop();
    }
  });
});

describe('host identity file', () => {
  it('does not trust a token others can read, nor a damaged file', () => {
    saveHostIdentity(db, { token: 'a'.repeat(40), port: 4567 });
    expect(loadHostIdentity(db, { rotate: false })).toEqual({ token: 'a'.repeat(40), port: 4567 });
    if (process.platform !== 'win32') {
      chmodSync(hostIdentityFile(db), 0o644);
      const replaced = loadHostIdentity(db, { rotate: false });
      expect(replaced.token).not.toBe('a'.repeat(40));
      expect(replaced.port).toBe(4567);
    }
    writeFileSync(hostIdentityFile(db), '{"token": "short"}', { mode: 0o600 });
    expect(loadHostIdentity(db, { rotate: false }).token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    writeFileSync(hostIdentityFile(db), 'not json', { mode: 0o600 });
    expect(loadHostIdentity(db, { rotate: false }).port).toBeUndefined();
    expect(readFileSync(hostIdentityFile(db), 'utf8')).toBe('not json');
  });

  it('keeps nothing for an in-memory database', () => {
    const a = loadHostIdentity(':memory:', { rotate: false });
    saveHostIdentity(':memory:', a);
    expect(loadHostIdentity(':memory:', { rotate: false }).token).not.toBe(a.token);
    expect(existsSync(hostIdentityFile(':memory:'))).toBe(false);
  });
});
