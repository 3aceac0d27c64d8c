/**
 * `npm run bench` (part): the main thread during a 5,000-article import.
 *
 * Before issue 11 item 15 the Electron main process ran the service itself:
 * one synchronous import call froze every window for its whole duration.
 * Now the service runs in worker threads behind the ServiceWorkerHost. Both
 * are measured in the same run, on fresh database files:
 *  - in-process: service.importArticles on the calling thread (the old door)
 *  - worker: host.invoke('importArticles') from the same thread
 * Figures: the calling thread's event-loop delay while the import runs (how
 * late a 10 ms timer's ticks come: max and p99), the import's duration, and
 * how long a small call (listLabels)
 * due 100 ms into the import waits for its answer (a blocked thread cannot
 * even send it).
 *
 *   BENCH_IMPORT_ARTICLES (5000)   npm run bench -- --service-only runs just this part
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench } from '../../src/main/open-workbench';
import { ServiceWorkerHost } from '../../src/main/worker/service-host';

const COUNT = Number(process.env.BENCH_IMPORT_ARTICLES ?? 5000);

function articles(count: number): { name: string; text: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `report-${i}.txt`,
    text: `Report ${i}: talks resume\n\n${`Officials said on day ${i} that delegations from ${i % 53} capitals would meet again in city ${i % 97}. `.repeat(20)}`,
  }));
}

interface MainThreadFigures {
  importMs: number;
  delayMaxMs: number;
  delayP99Ms: number;
  smallCallMs: number | null;
}

const TICK_MS = 10;

/**
 * Watches the calling thread while `work` runs: a timer due every 10 ms records how late each
 * tick comes (its event-loop delay; a thread blocked for 2 s gives one tick 2 s late).
 */
async function watchMainThread(work: () => Promise<unknown>, smallCall: () => Promise<unknown>): Promise<MainThreadFigures> {
  const delays: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - TICK_MS));
    last = now;
  }, TICK_MS);
  const started = performance.now();
  let smallCallMs: number | null = null;
  // The small call is due 100 ms into the import (a click in another window); a blocked thread sends it late.
  const due = started + 100;
  const small = new Promise<void>((resolve) =>
    setTimeout(() => {
      void smallCall().then(() => {
        smallCallMs = performance.now() - due;
        resolve();
      });
    }, 100),
  );
  await work();
  const importMs = performance.now() - started;
  await small;
  // Let the ticker fire once more, so a stall that just ended is counted.
  await new Promise((resolve) => setTimeout(resolve, 3 * TICK_MS));
  clearInterval(ticker);
  const sorted = [...delays].sort((a, b) => a - b);
  return {
    importMs,
    delayMaxMs: sorted.at(-1) ?? 0,
    delayP99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
    smallCallMs,
  };
}

export async function runServiceThreadBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-service-bench-'));
  const files = articles(COUNT);
  try {
    // Before: the service on the calling thread, as the Electron door ran it.
    const inProcess = openWorkbench({ dbPath: join(dir, 'in-process.sqlite'), host: 'electron', samples: false });
    const before = await watchMainThread(
      () => Promise.resolve(inProcess.service.importArticles({ files })),
      () => Promise.resolve(inProcess.service.listLabels({})),
    );
    inProcess.close();

    // After: the same import through the worker threads.
    const host = await ServiceWorkerHost.start({ dbPath: join(dir, 'worker.sqlite'), host: 'electron', samples: false });
    // Both threads up before the clock starts (exportDataset goes to the background one).
    await host.invoke('listLabels', {});
    await host.invoke('exportDataset', { format: 'jsonl' });
    const after = await watchMainThread(
      () => host.invoke('importArticles', { files }),
      () => host.invoke('listLabels', {}),
    );
    await host.close();

    const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
    const ratio = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? '-' : `${(a / b).toFixed(a / b < 10 ? 2 : 0)}x`);
    const rows: [string, number | null, number | null][] = [
      ['main-thread event-loop delay, max', before.delayMaxMs, after.delayMaxMs],
      ['main-thread event-loop delay, p99 of 10 ms ticks', before.delayP99Ms, after.delayP99Ms],
      ['small call due 100 ms into the import, answered after', before.smallCallMs, after.smallCallMs],
      [`import of ${COUNT.toLocaleString()} articles`, before.importMs, after.importMs],
    ];
    const widths = [50, 12, 12, 10];
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log('');
    console.log(line(['service thread scenario', 'in-process', 'worker', 'before/after']));
    for (const [name, b, a] of rows) console.log(line([name, ms(b), ms(a), ratio(b, a)]));
    console.log(`Target: the main thread never stalls longer than 50 ms during the import: ${after.delayMaxMs <= 50 ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
