import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, ImportResult, Label } from '../../src/shared/domain';
import { makeTempDir } from '../helpers/workbench';

/**
 * Two real `workbench serve` processes on one database file, started at the
 * same moment on a file that does not exist yet (so they also race on
 * creating, migrating and seeding it), then creating spans concurrently.
 */

const ROOT = resolve(__dirname, '..', '..');
const SPANS_PER_PROCESS = 600;
const IN_FLIGHT = 6;

interface Server {
  child: ChildProcess;
  base: string;
  token: string;
  stderr: () => string;
}

let temp: ReturnType<typeof makeTempDir>;
let servers: Server[] = [];

beforeEach(() => {
  temp = makeTempDir('workbench-two-');
  mkdirSync(join(temp.dir, 'renderer'));
  writeFileSync(join(temp.dir, 'renderer', 'index.html'), '<!doctype html><title>test</title>');
});
afterEach(async () => {
  await Promise.all(servers.map(stop));
  servers = [];
  temp.cleanup();
});

function startServe(db: string): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'workbench.mjs'), 'serve', '--port', '0', '--db', db], {
    cwd: ROOT,
    env: { ...process.env, WORKBENCH_RENDERER_DIR: join(temp.dir, 'renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Workbench: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, base: `http://127.0.0.1:${match[2]}`, token: decodeURIComponent(match[3]!), stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err}`));
    });
  });
}

function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    server.child.once('exit', () => done());
    server.child.kill('SIGTERM');
  });
}

async function call<T>(
  server: Server,
  method: string,
  input: unknown,
): Promise<{ status: number; body: { ok: boolean; value?: T; error?: { code: string; message: string } } }> {
  const res = await fetch(`${server.base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workbench-token': server.token },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } } };
}

async function value<T>(server: Server, method: string, input: unknown): Promise<T> {
  const reply = await call<T>(server, method, input);
  if (!reply.body.ok) throw new Error(`${method}: ${reply.status} ${JSON.stringify(reply.body.error)}`);
  return reply.body.value as T;
}

describe('two serve processes on one database', () => {
  it(`each creates ${SPANS_PER_PROCESS} spans concurrently: none refused, none lost`, async () => {
    const db = join(temp.dir, 'shared.sqlite');
    servers = await Promise.all([startServe(db), startServe(db)]);
    const [a, b] = servers as [Server, Server];

    // Both started on a new file: it was created, migrated and seeded once.
    const labelsA = await value<Label[]>(a, 'listLabels', {});
    const labelsB = await value<Label[]>(b, 'listLabels', {});
    expect(labelsB.map((l) => l.id)).toEqual(labelsA.map((l) => l.id));
    expect(new Set(labelsA.map((l) => l.name)).size).toBe(labelsA.length);

    const text = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const imported = await value<ImportResult>(a, 'importArticles', { files: [{ name: 'shared.txt', text }] });
    const articleId = imported.imported[0]!.id;
    const labelId = labelsA[0]!.id;

    const failures: string[] = [];
    const created: string[] = [];
    async function createMany(server: Server, offset: number): Promise<void> {
      let next = 0;
      async function worker(): Promise<void> {
        while (next < SPANS_PER_PROCESS) {
          const i = next++;
          const start = ((offset + i) * 7) % (text.length - 10);
          const reply = await call<Annotation>(server, 'createAnnotation', { articleId, labelId, start, end: start + 5 });
          if (reply.status === 200 && reply.body.ok) created.push(reply.body.value!.id);
          else failures.push(`${reply.status} ${reply.body.error?.code}: ${reply.body.error?.message}`);
        }
      }
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    }
    await Promise.all([createMany(a, 0), createMany(b, SPANS_PER_PROCESS)]);

    expect(failures).toEqual([]);
    expect(created).toHaveLength(2 * SPANS_PER_PROCESS);
    const storedA = await value<Annotation[]>(a, 'listAnnotations', { articleId });
    const storedB = await value<Annotation[]>(b, 'listAnnotations', { articleId });
    expect(new Set(storedA.map((s) => s.id))).toEqual(new Set(created));
    expect(storedB).toHaveLength(2 * SPANS_PER_PROCESS);
    expect(a.stderr()).not.toMatch(/locked|busy|internal/i);
    expect(b.stderr()).not.toMatch(/locked|busy|internal/i);
  }, 120000);

  it('a CLI import of 300 files beside a busy server: the import and every create succeed', async () => {
    const db = join(temp.dir, 'busy.sqlite');
    const server = await startServe(db);
    servers = [server];
    const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const articleId = (await value<ImportResult>(server, 'importArticles', { files: [{ name: 'base.txt', text }] })).imported[0]!.id;
    const labelId = (await value<Label[]>(server, 'listLabels', {}))[0]!.id;
    const folder = join(temp.dir, 'articles');
    mkdirSync(folder);
    const paths = Array.from({ length: 300 }, (_, i) => {
      const path = join(folder, `article-${i}.txt`);
      writeFileSync(path, `Article ${i}. ${'Officials said people were evacuated from the city. '.repeat(200)}`);
      return path;
    });

    const cli = spawn(process.execPath, [join(ROOT, 'bin', 'workbench.mjs'), 'import', '--quiet', ...paths, '--db', db], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let cliOut = '';
    let cliErr = '';
    cli.stdout!.on('data', (c: Buffer) => (cliOut += c.toString()));
    cli.stderr!.on('data', (c: Buffer) => (cliErr += c.toString()));
    const cliExit = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));
    let importing = true;
    void cliExit.then(() => (importing = false));

    const failures: string[] = [];
    let created = 0;
    async function worker(n: number): Promise<void> {
      for (let i = 0; importing || i < 20; i++) {
        const start = ((n * 1000 + i) * 7) % (text.length - 10);
        const reply = await call<Annotation>(server, 'createAnnotation', { articleId, labelId, start, end: start + 5 });
        if (reply.status === 200) created++;
        else failures.push(`${reply.status} ${reply.body.error?.code}: ${reply.body.error?.message}`);
      }
    }
    await Promise.all([0, 1, 2, 3].map(worker));
    expect(await cliExit).toBe(0);
    expect(cliErr).toBe('');
    expect(cliOut).toMatch(/300 imported, 0 skipped\n$/);
    expect(failures).toEqual([]);
    expect((await value<Annotation[]>(server, 'listAnnotations', { articleId })).length).toBe(created);
    expect(created).toBeGreaterThanOrEqual(80);
  }, 120000);

  it('a SIGTERM closes the database cleanly: no write-ahead log is left behind', async () => {
    const db = join(temp.dir, 'clean.sqlite');
    const server = await startServe(db);
    servers = [server];
    await value(server, 'setAnnotator', { name: 'someone' });
    const exited = new Promise<number | null>((done) => server.child.once('exit', (code) => done(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.stderr()).toContain('stopping (SIGTERM); closing the database');
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${db}-wal`)).toBe(false);
  }, 30000);
});

describe('serve and its parent', () => {
  for (const via of ['directly', 'through sh -c (as npx starts it)'] as const)
    it(`exits, closing the database, when the program that started it ${via} is killed with SIGKILL`, async () => {
      const db = join(temp.dir, 'orphan.sqlite');
      const serveArgs = [join(ROOT, 'bin', 'workbench.mjs'), 'serve', '--port', '0', '--db', db];
      // "; true" keeps the shell alive as serve's parent (no exec), the way npx's shell outlives a killed npx.
      const command =
        via === 'directly' ? [process.execPath, serveArgs] : ['sh', ['-c', `"${process.execPath}" ${serveArgs.map((a) => `'${a}'`).join(' ')}; true`]];
      // A parent (standing in for npx or a terminal) that starts serve and reports its pid.
      const parentScript = `
      const { spawn } = require('node:child_process');
      const child = spawn(${JSON.stringify(command[0])}, ${JSON.stringify(command[1])}, {
        cwd: ${JSON.stringify(ROOT)}, env: { ...process.env, WORKBENCH_RENDERER_DIR: ${JSON.stringify(join(temp.dir, 'renderer'))} },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      child.stdout.on('data', (c) => { if (String(c).includes('Workbench:')) process.stdout.write('PID ' + child.pid + '\\n'); });
      setInterval(() => {}, 1000);
    `;
      const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      let servePid = await new Promise<number>((resolvePid, reject) => {
        const timer = setTimeout(() => reject(new Error('serve did not start')), 20000);
        parent.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          const match = /PID (\d+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolvePid(Number(match[1]));
          }
        });
      });
      if (via !== 'directly') {
        // The parent reported the shell; serve is the shell's child.
        const { readFileSync } = await import('node:fs');
        const shell = servePid;
        servePid = Number(readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(' ')[0]);
      }
      const alive = (pid: number): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(alive(servePid)).toBe(true);
      parent.kill('SIGKILL');
      await expect.poll(() => alive(servePid), { timeout: 10000, interval: 100 }).toBe(false);
      const { existsSync } = await import('node:fs');
      expect(existsSync(`${db}-wal`)).toBe(false); // closed cleanly: the log was checkpointed and removed
    }, 40000);
});
