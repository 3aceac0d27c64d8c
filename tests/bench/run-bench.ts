/**
 * `npm run bench`: the editor on long articles, measured in headless Chromium
 * against a bare page measured in the same run (the text in a <pre> with
 * <mark> elements, the floor): see ./editor-bench.ts for the scenarios
 * (N = 500, 2,000, 5,000 spans over 200,000 characters, with and without
 * content-visibility; two layers of 5,000; 1,000,000 characters with 50,000
 * spans) and what is measured (time to data, first screen, every span
 * rendered, key to painted, heap). On the N = 5,000 pages it also measures:
 *  - key to persisted (the write acknowledged by the database), with
 *    synchronous = NORMAL (before issue 6: not durable across a power cut) and FULL (now)
 *  - scroll: frame times while scrolling the whole article (p95, share of frames over 50 ms)
 * Storage figures (durable edit cost, peak memory of a 100 MB import) come
 * from ./storage-bench.ts; `npm run bench -- --storage-only` runs just those.
 * BENCH_OPEN_RUNS, BENCH_KEY_RUNS and BENCH_EDITOR (e.g. 5000,2x5000) keep a run short.
 * The main thread during a 5,000-article import, with the service in-process
 * and in worker threads: ./service-thread-bench.ts (`-- --service-only`).
 */
import { chromium, type Page } from '@playwright/test';
import type { Db } from '../../src/main/store/database';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { startTestHost } from '../e2e/support/workbench-host';
import {
  appHeapAtRest,
  editorScenarios,
  keyToVisible,
  KEY_RUNS,
  median,
  ms,
  p95,
  printEditorResults,
  runScenario,
  scrollFrames,
  selectUntaggedWord,
  type ScenarioResult,
} from './editor-bench';
import { runExportBench } from './export-bench';
import { heapReferences, type HeapReferences } from './framework-floor';
import { runAgreementBench } from './agreement-bench';
import { runCorpusBench } from './corpus-bench';
import { printStorageRows, runStorageBench } from './storage-bench';
import { runServiceThreadBench } from './service-thread-bench';

interface PageExtras {
  persistNormalMedian?: number;
  persistNormalP95?: number;
  persistMedian?: number;
  persistP95?: number;
  frameP95: number;
  jank: number;
  frames: number;
}

/** On the workbench page: key -> persisted with synchronous NORMAL then FULL; on both pages: scrolling. */
async function durableAndScroll(which: 'floor' | 'workbench', page: Page, db: Db): Promise<PageExtras> {
  const extras: Partial<PageExtras> = {};
  if (which === 'workbench') {
    const runs = Math.max(3, Math.min(KEY_RUNS, 10));
    for (const [pass, synchronous] of (['NORMAL', 'FULL'] as const).entries()) {
      db.pragma(`synchronous = ${synchronous}`);
      const persisted: number[] = [];
      for (let i = 0; i < runs; i++) {
        if (!(await selectUntaggedWord(page, '.article-text', 100 + pass * runs + i))) break;
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))));
        persisted.push((await keyToVisible(page, true)).persisted);
      }
      if (synchronous === 'NORMAL') {
        extras.persistNormalMedian = median(persisted);
        extras.persistNormalP95 = p95(persisted);
      } else {
        extras.persistMedian = median(persisted);
        extras.persistP95 = p95(persisted);
      }
    }
  }
  const frames = await scrollFrames(page, '.article-scroll');
  return { ...extras, frameP95: p95(frames), jank: frames.filter((f) => f > 50).length / Math.max(1, frames.length), frames: frames.length };
}

async function main(): Promise<void> {
  if (process.argv.includes('--service-only')) return runServiceThreadBench();
  const storage = await runStorageBench();
  if (process.argv.includes('--storage-only')) return printStorageRows(storage);

  const host = await startTestHost();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: ScenarioResult[] = [];
  const extras: Partial<Record<'floor' | 'workbench', PageExtras>> = {};
  let resting: number | undefined;
  let references: HeapReferences | undefined;
  try {
    let seed = 11;
    for (const scenario of editorScenarios()) {
      const onPage =
        scenario.name === '5000'
          ? async (which: 'floor' | 'workbench', page: Page): Promise<void> => {
              extras[which] = await durableAndScroll(which, page, host.workbench.db);
            }
          : undefined;
      results.push(await runScenario(browser, host, scenario, seed++, onPage));
    }
    resting = await appHeapAtRest(browser, host);
    references = await heapReferences(browser);
  } finally {
    await browser.close();
    await host.close();
  }
  printEditorResults(results, resting, references);

  const b = extras.floor;
  const w = extras.workbench;
  if (b && w) {
    const rows: [string, string, string][] = [
      ['key -> persisted, synchronous=NORMAL (before), median', ms(w.persistNormalMedian!), 'not power-cut safe'],
      ['key -> persisted, synchronous=NORMAL (before), p95', ms(w.persistNormalP95!), ''],
      ['key -> persisted, synchronous=FULL (now), median', ms(w.persistMedian!), 'durable'],
      ['key -> persisted, synchronous=FULL (now), p95', ms(w.persistP95!), ''],
      ['scroll frame time, p95 (floor / workbench)', `${ms(b.frameP95)} / ${ms(w.frameP95)}`, `${(w.frameP95 / b.frameP95).toFixed(2)}x`],
      ['scroll frames over 50 ms (floor / workbench)', `${(b.jank * 100).toFixed(1)}% / ${(w.jank * 100).toFixed(1)}%`, `${w.frames} frames`],
    ];
    console.log('\nEditor, N = 5,000: durable writes and scrolling');
    for (const [name, value, note] of rows) console.log(`${name.padEnd(56)}${value.padStart(20)}  ${note}`);
  }
  console.log('');
  printStorageRows(storage);
  await runAgreementBench();
  runExportBench();
}

main()
  .then(() => (process.argv.includes('--service-only') ? undefined : runCorpusBench()))
  .then(() => (process.argv.includes('--service-only') || process.argv.includes('--storage-only') ? undefined : runServiceThreadBench()))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
