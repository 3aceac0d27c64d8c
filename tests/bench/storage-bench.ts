/**
 * Storage figures for `npm run bench` (issue 6):
 *  - the cost of a durable edit: one createAnnotation committed and
 *    acknowledged, on a file, with synchronous = NORMAL (before) and FULL
 *    (now), median and p95;
 *  - peak memory (RSS) of a `workbench serve` process importing one 100 MB
 *    article streamed to the browser host's upload route (what the import
 *    dialog sends), and, for comparison, one article sent as a JSON API
 *    body (importArticles) of the largest size JSON bodies may have.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTestWorkbench } from '../helpers/workbench';

const ROOT = resolve(__dirname, '..', '..');
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const IMPORT_MB = Number(process.env.BENCH_IMPORT_MB ?? 100);
/** Just under the browser host's 64 MB limit for JSON bodies. */
const JSON_IMPORT_MB = Number(process.env.BENCH_JSON_IMPORT_MB ?? 60);

export interface StorageRow {
  name: string;
  value: string;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Milliseconds per acknowledged createAnnotation on a file database with the given synchronous setting. */
export function editCost(synchronous: 'NORMAL' | 'FULL'): { median: number; p95: number } {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-bench-sync-'));
  const wb = openTestWorkbench(join(dir, 'edits.sqlite'), () => new Date().toISOString());
  try {
    wb.db.pragma(`synchronous = ${synchronous}`);
    const text = 'Officials said 2,500 people were evacuated on Monday. '.repeat(400);
    const articleId = wb.service.importArticles({ files: [{ name: 'a.txt', text }] }).imported[0]!.id;
    const labelId = wb.service.listLabels({})[0]!.id;
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const start = (i * 13) % (text.length - 20);
      const t0 = performance.now();
      wb.service.createAnnotation({ articleId, labelId, start, end: start + 8 });
      times.push(performance.now() - t0);
    }
    return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
  } finally {
    wb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts `workbench serve` on a new database, sends one article of `mb`
 * megabytes (raw to /upload, or as importArticles JSON), and reads the
 * server's peak RSS from /proc.
 */
export async function bigImportPeak(route: 'upload' | 'json', mb: number): Promise<{ peakMb: number; baseMb: number; seconds: number; status: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-bench-import-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'workbench.mjs'), 'serve', '--port', '0', '--db', join(dir, 'big.sqlite')], {
    cwd: ROOT,
    env: { ...process.env, WORKBENCH_RENDERER_DIR: join(dir, 'renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const address = await new Promise<{ port: number; token: string }>((resolveAddress, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out);
        if (m) resolveAddress({ port: Number(m[1]), token: decodeURIComponent(m[2]!) });
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
    });
    const status = (field: string): number => {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    };
    const baseMb = status('VmRSS');
    // One article of IMPORT_MB megabytes of ASCII prose, sent in 1 MB pieces (the client never holds it whole).
    const line = 'Officials said 2,500 people were evacuated from the city on Monday, according to the ministry. ';
    const piece = line.repeat(Math.ceil((1024 * 1024) / line.length)).slice(0, 1024 * 1024);
    const t0 = performance.now();
    const reply = await new Promise<number>((resolveReply, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: address.port,
          method: 'POST',
          path: route === 'upload' ? '/upload' : '/api/importArticles',
          headers: {
            host: `127.0.0.1:${address.port}`,
            'x-workbench-token': address.token,
            ...(route === 'upload'
              ? { 'content-type': 'application/octet-stream', 'x-workbench-file-name': 'big.txt', 'content-length': String(mb * piece.length) }
              : { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolveReply(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      if (route === 'json') req.write('{"files":[{"name":"big.txt","text":"');
      let sent = 0;
      const writeMore = (): void => {
        while (sent < mb) {
          sent++;
          if (!req.write(piece)) return void req.once('drain', writeMore);
        }
        req.end(route === 'json' ? '"}]}' : undefined);
      };
      writeMore();
    });
    const seconds = (performance.now() - t0) / 1000;
    return { peakMb: status('VmHWM'), baseMb, seconds, status: reply };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runStorageBench(): Promise<StorageRow[]> {
  const before = editCost('NORMAL');
  const after = editCost('FULL');
  const big = await bigImportPeak('upload', IMPORT_MB);
  const json = await bigImportPeak('json', JSON_IMPORT_MB);
  const ms = (x: number): string => `${x.toFixed(2)} ms`;
  return [
    { name: `edit acknowledged, synchronous=NORMAL (before), median / p95 of ${EDITS}`, value: `${ms(before.median)} / ${ms(before.p95)}` },
    { name: `edit acknowledged, synchronous=FULL (now), median / p95 of ${EDITS}`, value: `${ms(after.median)} / ${ms(after.p95)}` },
    {
      name: `${IMPORT_MB} MB article streamed to /upload`,
      value: `HTTP ${big.status} in ${big.seconds.toFixed(1)} s; server peak RSS ${big.peakMb.toFixed(0)} MB (idle ${big.baseMb.toFixed(0)} MB, +${(big.peakMb - big.baseMb).toFixed(0)} MB = ${((big.peakMb - big.baseMb) / IMPORT_MB).toFixed(1)}x the file)`,
    },
    {
      name: `${JSON_IMPORT_MB} MB article as a JSON body (importArticles)`,
      value: `HTTP ${json.status} in ${json.seconds.toFixed(1)} s; server peak RSS ${json.peakMb.toFixed(0)} MB (idle ${json.baseMb.toFixed(0)} MB, +${(json.peakMb - json.baseMb).toFixed(0)} MB = ${((json.peakMb - json.baseMb) / JSON_IMPORT_MB).toFixed(1)}x the text)`,
    },
  ];
}

export function printStorageRows(rows: StorageRow[]): void {
  console.log('storage scenario');
  for (const r of rows) console.log(`  ${r.name.padEnd(72)} ${r.value}`);
}
