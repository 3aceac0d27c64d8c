import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/workbench';

/**
 * The command line on files this user may not write, run as a real
 * unprivileged user (the tests usually run as root, who may write anything):
 *  - a read-only database file: reading commands work; writing commands are
 *    one line naming the file, exit 1, the file's bytes unchanged;
 *  - a read-only folder (no -wal can be created beside the database): one
 *    line naming the folder, every file as it was;
 *  - a full disk (a 4 MB tmpfs in a private mount namespace): the import that
 *    does not fit is one line, the database keeps what it had.
 * A case that cannot run on this machine says why on stdout.
 */

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'workbench.mjs');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

function which(program: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** How to run a command as someone who may not write what they do not own; null (and why) when this machine cannot. */
function unprivilegedRunner(): { prefix: string[] } | { skip: string } {
  if (process.platform === 'win32') return { skip: 'file permissions are POSIX-only here' };
  if (!isRoot) return { prefix: [] };
  const setpriv = which('setpriv');
  if (setpriv) return { prefix: [setpriv, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] };
  const runuser = which('runuser');
  if (runuser) return { prefix: [runuser, '-u', 'nobody', '--'] };
  return { skip: 'running as root and neither setpriv nor runuser is installed to drop privileges' };
}

function withRunnableCli(r: { prefix: string[] } | { skip: string }): { prefix: string[] } | { skip: string } {
  if ('skip' in r || r.prefix.length === 0) return r;
  // The Node LTS run in CI uses a Node from root's npx cache and a project copy in a private temporary folder:
  // the unprivileged user may be unable to run either, which is this machine's limit, not the CLI's.
  const probe = spawnSync(r.prefix[0]!, [...r.prefix.slice(1), process.execPath, BIN, '--version'], { encoding: 'utf8' });
  if (probe.status === 0) return r;
  const reason = (probe.stderr || probe.error?.message || '').split('\n').find((line) => /Error|denied|EACCES/.test(line)) ?? `exit ${probe.status}`;
  return { skip: `the unprivileged user cannot run the CLI (${process.execPath} ${BIN}): ${reason.trim()}` };
}

const runner = withRunnableCli(unprivilegedRunner());
if ('skip' in runner) console.log(`cli-permissions: skipping the read-only tests: ${runner.skip}`);

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(command: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((done, reject) => {
    const env = { ...process.env, ...(temp ? { WORKBENCH_RENDERER_DIR: join(temp.dir, 'renderer') } : {}) };
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    });
  });
}

/** The CLI as the unprivileged user. */
function cliAsUser(argv: string[]): Promise<Run> {
  const prefix = 'prefix' in runner ? runner.prefix : [];
  return run([...prefix, process.execPath, BIN, ...argv]);
}

/** The CLI as this (possibly root) user, to set files up. */
function cliAsOwner(argv: string[]): Promise<Run> {
  return run([process.execPath, BIN, ...argv]);
}

function folderState(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const name of readdirSync(dir).sort())
    state[name] = createHash('sha256')
      .update(readFileSync(join(dir, name)))
      .digest('hex');
  return state;
}

function expectOneLine(result: Run, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.out).toBe('');
  expect(result.err.split('\n').filter(Boolean)).toHaveLength(1);
  expect(result.err).toMatch(pattern);
}

/** Gives `path` to the unprivileged user (as root) so that only its mode decides what they may do. */
function giveToUser(path: string): void {
  if (isRoot) chownSync(path, NOBODY, NOBODY);
}

let temp: ReturnType<typeof makeTempDir>;
let folder: string;
let db: string;
let article: string;

beforeEach(async () => {
  temp = makeTempDir('workbench-permissions-');
  chmodSync(temp.dir, 0o755);
  folder = join(temp.dir, 'data');
  mkdirSync(folder);
  mkdirSync(join(temp.dir, 'renderer'));
  writeFileSync(join(temp.dir, 'renderer', 'index.html'), '<!doctype html>');
  db = join(folder, 'workbench.sqlite');
  article = join(temp.dir, 'article.txt');
  writeFileSync(article, 'A second article: the talks in Geneva resumed on Tuesday.\n');
  const first = join(temp.dir, 'first.txt');
  writeFileSync(first, 'Officials said 40 people were evacuated.\n');
  expect((await cliAsOwner(['import', first, '--db', db])).code).toBe(0);
  expect(readdirSync(folder)).toEqual(['workbench.sqlite']);
});

afterEach(() => {
  chmodSync(folder, 0o755);
  temp.cleanup();
});

describe.skipIf('skip' in runner)('a database file the user may not write', () => {
  beforeEach(() => {
    giveToUser(folder);
    giveToUser(db);
    chmodSync(db, 0o444);
  });

  it('reading commands work and leave the file byte-identical', async () => {
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    const list = await cliAsUser(['list', '--json', '--db', db]);
    expect({ code: list.code, err: list.err }).toEqual({ code: 0, err: '' });
    expect((JSON.parse(list.out) as { title: string }[]).map((a) => a.title)).toEqual(['Officials said 40 people were evacuated']);
    const out = join(folder, 'out.jsonl');
    const exported = await cliAsUser(['export', '--format', 'jsonl', '--out', out, '--db', db]);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/Officials said 40 people were evacuated/);
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
    // SQLite needs a log and an index to read a WAL-mode file; a reader that may not write the file cannot remove them afterwards.
    for (const name of readdirSync(folder).filter((n) => n.startsWith('workbench.sqlite-'))) {
      expect(name).toMatch(/^workbench\.sqlite-(wal|shm)$/);
      if (name.endsWith('-wal')) expect(statSync(join(folder, name)).size).toBe(0);
    }
  }, 120_000);

  it('writing commands (import, serve) are one line naming the file, exit 1, and change nothing', async () => {
    const before = folderState(folder);
    for (const command of [
      ['import', article],
      ['serve', '--port', '0'],
    ]) {
      const result = await cliAsUser([...command, '--db', db]);
      expectOneLine(
        result,
        new RegExp(
          `^workbench ${command[0]}: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is read-only \\(you may not write to it\\), so nothing can be saved to it; nothing was changed`,
        ),
      );
    }
    expect(folderState(folder)).toEqual(before);
  }, 120_000);
});

describe.skipIf('skip' in runner)('a database in a folder the user may not write', () => {
  beforeEach(() => {
    // The file is theirs and writable; the folder is not (owned by root, or by them with no write bit).
    giveToUser(db);
    if (!isRoot) chmodSync(folder, 0o555);
  });

  it('reading and writing commands are one line naming the folder; no -wal appears and every file is as it was', async () => {
    const before = folderState(folder);
    for (const command of [['list'], ['import', article]]) {
      const result = await cliAsUser([...command, '--db', db]);
      expectOneLine(
        result,
        /cannot open .*workbench\.sqlite: its folder .*data is read-only for you, and SQLite must create workbench\.sqlite-wal and -shm beside the database to open it; nothing was changed/,
      );
    }
    const fresh = await cliAsUser(['import', article, '--db', join(folder, 'new.sqlite')]);
    expectOneLine(fresh, /cannot create the database .*new\.sqlite: its folder .*data is read-only for you/);
    expect(folderState(folder)).toEqual(before);
  }, 120_000);
});

/**
 * A full disk: a 4 MB tmpfs mounted in a private mount namespace (root, or an
 * unprivileged user namespace where the kernel allows one). Inside it: a
 * database with one article, a filler file leaving about 300 KB free, then an
 * import of a 2 MB article. Prints one JSON line of what happened.
 */
const FULL_DISK_SCRIPT = `
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const crypto = require('node:crypto');
const [dir, bin] = process.argv.slice(1);
const cli = (...argv) => spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const db = dir + '/db.sqlite';
fs.writeFileSync(dir + '/first.txt', 'Officials said 40 people were evacuated.\\n');
const first = cli('import', dir + '/first.txt', '--db', db);
const free = () => { const s = fs.statfsSync(dir); return s.bavail * s.bsize; };
fs.writeFileSync(dir + '/filler', Buffer.alloc(Math.max(0, free() - 300 * 1024)));
const lines = [];
for (let i = 0, size = 0; size < 2 * 1024 * 1024; i++) {
  const line = 'Paragraph ' + i + ': the convoy reached the border crossing after a long delay.\\n';
  lines.push(line);
  size += line.length;
}
fs.writeFileSync('/tmp/' + process.pid + '-big.txt', lines.join(''));
const before = sha(db);
const big = cli('import', '/tmp/' + process.pid + '-big.txt', '--db', db);
const after = sha(db);
fs.rmSync(dir + '/filler');
const list = cli('list', '--json', '--db', db);
fs.rmSync('/tmp/' + process.pid + '-big.txt');
process.stdout.write(JSON.stringify({ first: first.status, bigStatus: big.status, bigOut: big.stdout, bigErr: big.stderr, same: before === after, list: list.stdout, listErr: list.stderr }) + '\\n');
`;

function fullDiskCommand(dir: string): { command: string[] } | { skip: string } {
  const unshare = which('unshare');
  if (!unshare) return { skip: 'unshare (util-linux) is not installed' };
  const namespace = isRoot ? ['--mount'] : ['--user', '--map-root-user', '--mount'];
  const probe = spawnSync(unshare, [...namespace, 'sh', '-c', `mount -t tmpfs -o size=4m tmpfs '${dir}'`], { encoding: 'utf8' });
  if (probe.status !== 0)
    return { skip: `cannot mount a small tmpfs in a private mount namespace here (${(probe.stderr || probe.error?.message || '').trim()})` };
  return {
    command: [
      unshare,
      ...namespace,
      'sh',
      '-c',
      `mount -t tmpfs -o size=4m tmpfs "$0" && exec "$1" -e "$2" "$0" "$3"`,
      dir,
      process.execPath,
      FULL_DISK_SCRIPT,
      BIN,
    ],
  };
}

describe('a full disk', () => {
  it('the import that does not fit is one line saying the disk is full; the database keeps its article', async (context) => {
    const dir = join(temp.dir, 'small-disk');
    mkdirSync(dir);
    const plan = fullDiskCommand(dir);
    if ('skip' in plan) {
      console.log(`cli-permissions: skipping the full-disk test: ${plan.skip}`);
      context.skip();
      return;
    }
    const result = await run(plan.command, 120_000);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(report.first).toBe(0);
    expect(report.bigStatus).toBe(1);
    expect(report.bigOut).toBe('');
    expect((report.bigErr as string).split('\n').filter(Boolean)).toHaveLength(1);
    expect(report.bigErr).toMatch(/^workbench import: .*the disk is full: nothing of this change was saved/);
    expect(report.same).toBe(true);
    expect((JSON.parse(report.list as string) as { title: string }[]).map((a) => a.title)).toEqual(['Officials said 40 people were evacuated']);
    expect(existsSync(join(dir, 'db.sqlite'))).toBe(false); // the tmpfs lived only in its namespace
  }, 180_000);
});
