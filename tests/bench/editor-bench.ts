/**
 * The editor on long articles (issue 12, issue 9 item 8), measured in headless
 * Chromium against a bare page measured in the same run: the text in a <pre>
 * with <mark> elements (the floor).
 *
 * Per scenario (article length, spans, layers):
 *  - data: navigation start to the article's data received (the floor: its HTML; the
 *    workbench: the openArticle answer)
 *  - first screen: navigation start to the first screen drawn and taking keys
 *    (data-ready; the floor: the whole page)
 *  - open: navigation start to every span rendered (medians of BENCH_OPEN_RUNS runs)
 *  - key: key press to the new highlight painted (the task after the next frame),
 *    median and p95 of BENCH_KEY_RUNS presses
 *  - heap: JS heap after a garbage collection, the article open
 *  - the workbench again with `content-visibility` off (every line laid out, as the peers do)
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { ensureAnnotator } from '../../src/main/store/annotators';
import { insertAnnotation } from '../../src/main/store/annotations';
import { segmentBlocks } from '../../src/shared/text/segments';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { startTestHost, type TestHost } from '../e2e/support/workbench-host';
import { heapAfterGc, heapReferences, type HeapReferences } from './framework-floor';
import { makeLongArticle, type LongArticle } from './long-article';

export const OPEN_RUNS = Number(process.env.BENCH_OPEN_RUNS ?? 3);
export const KEY_RUNS = Number(process.env.BENCH_KEY_RUNS ?? 20);
const COLORS = ['#2563eb', '#b45309', '#dc2626', '#7c3aed'];
/** The workbench page acts as the analyst who made the spans, as a returning analyst would (no first-run dialog). */
const BENCH_ANNOTATOR = 'bench';
const ACT_AS_BENCH_ANNOTATOR = (): void => localStorage.setItem('workbench.annotator', 'bench');
const CONTENT_VISIBILITY_OFF = (): void => {
  const style = document.createElement('style');
  style.textContent = '.article-block, .article-chunk { content-visibility: visible !important; }';
  document.addEventListener('DOMContentLoaded', () => document.head.append(style));
};

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
export function p95(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}
export const ms = (x: number): string => (Number.isNaN(x) ? '-' : `${x.toFixed(0)} ms`);
const mb = (x: number): string => (Number.isNaN(x) ? '-' : `${(x / 1024 / 1024).toFixed(1)} MB`);
const ratio = (x: number, y: number): string => (Number.isNaN(x) || Number.isNaN(y) || y === 0 ? '-' : `${(x / y).toFixed(2)}x`);

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Span = LongArticle['spans'][number];

/** The floor: the text in a <pre>, every span a <mark> (overlaps flattened), and a key handler that wraps the selection. */
export function baselineHtml(text: string, spans: readonly Span[]): string {
  const refs = spans.map((s, i) => ({ id: `s${i}`, start: s.start, end: s.end }));
  const labelOf = new Map(refs.map((r, i) => [r.id, spans[i]!.label]));
  const segments = segmentBlocks([{ start: 0, end: text.length, next: text.length }], refs)[0]!;
  const body = segments
    .map((seg) =>
      seg.ids.length
        ? `<mark data-ids="${seg.ids.join(' ')}" style="background:${COLORS[labelOf.get(seg.ids.at(-1)!)!]}2e">${escapeHtml(text.slice(seg.start, seg.end))}</mark>`
        : escapeHtml(text.slice(seg.start, seg.end)),
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body{margin:0;font-family:sans-serif} #scroll{height:100vh;overflow-y:auto}
    pre{white-space:pre-wrap;max-width:46rem;margin:0 auto;line-height:1.85;font:inherit}</style></head>
    <body><div id="scroll" class="article-scroll"><pre id="text">${body}</pre></div><script>
    let n = 0;
    window.addEventListener('keydown', (e) => {
      if (e.key !== '1') return;
      const sel = getSelection(); if (!sel.rangeCount || sel.isCollapsed) return;
      const m = document.createElement('mark'); m.dataset.ids = 'new' + (n++); m.style.background = '#2563eb2e';
      try { sel.getRangeAt(0).surroundContents(m); } catch (err) { m.append(sel.getRangeAt(0).extractContents()); sel.getRangeAt(0).insertNode(m); }
      sel.removeAllRanges();
    });
    </script></body></html>`;
}

/** The number of distinct span ids on marks in the page. */
async function distinctMarkedIds(page: Page): Promise<number> {
  return page.evaluate(() => {
    const ids = new Set<string>();
    for (const m of document.querySelectorAll('mark[data-ids]')) for (const id of (m as HTMLElement).dataset.ids!.split(' ')) ids.add(id);
    return ids.size;
  });
}

export interface OpenTimes {
  data: number;
  firstScreen: number;
  all: number;
}

/**
 * Times of one open, each taken in the first animation frame after it holds (cheap checks, so polling
 * does not slow the page down); then checks, untimed, that every span id is on a mark.
 */
export async function timeOpen(page: Page, which: 'floor' | 'workbench', expectedIds: number): Promise<OpenTimes> {
  const times = await page
    .waitForFunction(
      (which) => {
        const w = window as unknown as { __firstScreen?: number };
        if (which === 'floor') {
          if (document.readyState === 'loading' || !document.getElementById('text')) return false;
          const now = performance.now();
          return { firstScreen: now, all: now };
        }
        if (w.__firstScreen === undefined && document.querySelector('[data-testid="article-view"][data-ready="true"]')) w.__firstScreen = performance.now();
        if (!document.querySelector('[data-testid="article-view"][data-complete="true"]')) return false;
        return { firstScreen: w.__firstScreen ?? performance.now(), all: performance.now() };
      },
      which,
      { polling: 'raf', timeout: 120_000 },
    )
    .then((h) => h.jsonValue() as Promise<{ firstScreen: number; all: number }>);
  const data = await page.evaluate((which) => {
    if (which === 'floor') return (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd;
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/openArticle')) as PerformanceResourceTiming | undefined;
    return entry?.responseEnd ?? NaN;
  }, which);
  const ids = await distinctMarkedIds(page);
  if (ids < expectedIds) throw new Error(`${which}: ${ids} of ${expectedIds} spans rendered`);
  return { data, ...times };
}

/** Selects the n-th untagged word in the text (outside every mark) and scrolls it into view. */
export async function selectUntaggedWord(page: Page, rootSelector: string, n: number): Promise<boolean> {
  return page.evaluate(
    ({ rootSelector, n }) => {
      const root = document.querySelector(rootSelector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
        if (t.parentElement?.closest('mark')) continue;
        const m = /\b[a-z]{5,}\b/.exec(t.data);
        if (!m) continue;
        if (seen++ < n * 7) continue;
        const r = document.createRange();
        r.setStart(t, m.index);
        r.setEnd(t, m.index + m[0].length);
        const sel = getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        (t.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
        return true;
      }
      return false;
    },
    { rootSelector, n },
  );
}

/**
 * Presses 1 and measures key -> new highlight painted (the task after the next frame) and, for the
 * workbench, key -> write acknowledged. The observer looks only at what changed, so its own cost stays
 * out of the figure however many marks the page holds.
 */
export async function keyToVisible(page: Page, workbench: boolean): Promise<{ visible: number; persisted: number }> {
  await page.evaluate((workbench) => {
    const w = window as unknown as { __benchKey: Promise<{ visible: number; persisted: number }> };
    w.__benchKey = new Promise((resolve) => {
      let t0 = 0;
      const before = new Set<string>();
      for (const m of document.querySelectorAll('mark[data-ids]')) for (const id of (m as HTMLElement).dataset.ids!.split(' ')) before.add(id);
      window.addEventListener('keydown', (e) => (t0 = e.timeStamp), { capture: true, once: true });
      const obs = new MutationObserver((records) => {
        // Only what changed is looked at (no helper functions here: the bundler would name them, and the page lacks its helper).
        const changed: Element[] = [];
        for (const r of records) {
          if (r.type === 'attributes') changed.push(r.target as Element);
          for (const n of r.addedNodes) if (n instanceof Element) changed.push(n, ...n.querySelectorAll('mark[data-ids]'));
        }
        const hit = changed.some((el) => el.matches('mark[data-ids]') && (el as HTMLElement).dataset.ids!.split(' ').some((id) => !before.has(id)));
        if (!hit) return;
        obs.disconnect();
        // The next frame's callback runs before style, layout and paint; the task after it runs once
        // the frame is painted, which is when the highlight is on screen.
        requestAnimationFrame(() =>
          setTimeout(() => {
            const visible = performance.now() - t0;
            const wb = (window as unknown as { __workbench?: { controller: { idle: Promise<void> } } }).__workbench;
            if (workbench && wb) void wb.controller.idle.then(() => resolve({ visible, persisted: performance.now() - t0 }));
            else resolve({ visible, persisted: NaN });
          }, 0),
        );
      });
      obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-ids'] });
    });
  }, workbench);
  await page.keyboard.press('1');
  return page.evaluate(() => (window as unknown as { __benchKey: Promise<{ visible: number; persisted: number }> }).__benchKey);
}

/** Scrolls the article from top to bottom, one step a frame; returns frame intervals. */
export async function scrollFrames(page: Page, scrollerSelector: string): Promise<number[]> {
  return page.evaluate(async (sel) => {
    const el = document.querySelector(sel) as HTMLElement;
    el.scrollTop = 0;
    const frames: number[] = [];
    const step = Math.max(200, Math.floor(el.clientHeight * 0.6));
    let last = await new Promise<number>((r) => requestAnimationFrame(r));
    while (el.scrollTop + el.clientHeight < el.scrollHeight - 2 && frames.length < 2000) {
      el.scrollTop += step;
      const now = await new Promise<number>((r) => requestAnimationFrame(r));
      frames.push(now - last);
      last = now;
    }
    return frames;
  }, scrollerSelector);
}

export interface Scenario {
  name: string;
  chars: number;
  spans: number;
  /** Layers of `spans` spans each: the analyst's own, then another analyst's over the same text. */
  layers: 1 | 2;
  openRuns: number;
  keyRuns: number;
  /** Also measure the workbench with content-visibility off. */
  contentVisibilityOff: boolean;
}

export interface Figures {
  data: number;
  firstScreen: number;
  open: number;
  keyMedian: number;
  keyP95: number;
  heap: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  floor: Figures;
  workbench: Figures;
  workbenchNoCv: Figures | null;
}

/** Stores the article and its spans (the second layer another analyst's, shifted by one word and relabelled here and there). */
export function seedArticle(host: TestHost, scenario: Scenario, seed: number): { articleId: string; spans: Span[]; text: string } {
  const { text, spans } = makeLongArticle(scenario.chars, scenario.spans, 0.1, seed);
  const { service, db } = host.workbench;
  const article = service.importArticles({ files: [{ name: `${scenario.name}.txt`, text }] }).imported[0]!;
  const labels = service.listLabels({});
  const layers: { annotator: string; spans: Span[] }[] = [{ annotator: BENCH_ANNOTATOR, spans }];
  if (scenario.layers === 2) {
    const other = spans.map((s, i) => (i % 5 === 0 ? { ...s, label: (s.label + 1) % 4 } : i % 7 === 0 ? { ...s, end: Math.min(text.length, s.end + 4) } : s));
    layers.push({ annotator: 'other analyst', spans: other });
  }
  db.transaction(() => {
    const now = new Date().toISOString();
    for (const layer of layers) {
      const annotatorId = ensureAnnotator(db, layer.annotator, now);
      for (const s of layer.spans) {
        insertAnnotation(db, {
          id: crypto.randomUUID(),
          articleId: article.id,
          annotatorId,
          now,
          labelId: labels[s.label]!.id,
          start: s.start,
          end: s.end,
          quote: text.slice(s.start, s.end),
          note: '',
          confidence: null,
          attributes: {},
          status: 'proposed',
        });
      }
    }
  })();
  return { articleId: article.id, spans: layers.flatMap((l) => l.spans), text };
}

async function openFloor(browser: Browser, html: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.route('http://bench.invalid/baseline.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('http://bench.invalid/baseline.html', { waitUntil: 'commit' });
  return page;
}

async function openWorkbench(browser: Browser, host: TestHost, articleId: string, cvOff: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(ACT_AS_BENCH_ANNOTATOR);
  if (cvOff) await page.addInitScript(CONTENT_VISIBILITY_OFF);
  await page.goto(`${host.url}#/article/${articleId}`, { waitUntil: 'commit' });
  return page;
}

async function pressKeys(page: Page, which: 'floor' | 'workbench', runs: number, offset: number): Promise<{ visible: number[]; persisted: number[] }> {
  if (which === 'workbench') await page.locator('.article-text').focus();
  const root = which === 'floor' ? '#text' : '.article-text';
  const visible: number[] = [];
  const persisted: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (!(await selectUntaggedWord(page, root, offset + i + 1))) break;
    // The presses are spread evenly over a frame's 16.7 ms: a key's wait for the next frame depends on
    // where in the frame it lands, and a fixed pause put every press of a run at about the same point
    // (medians of 15 or 25 ms for the same code, depending on the run).
    const phase = (((i * 7) % runs) * (1000 / 60)) / runs;
    await page.evaluate((pause) => new Promise((r) => requestAnimationFrame(() => setTimeout(r, pause))), 30 + phase);
    const t = await keyToVisible(page, which === 'workbench');
    visible.push(t.visible);
    if (!Number.isNaN(t.persisted)) persisted.push(t.persisted);
  }
  return { visible, persisted };
}

/**
 * One scenario: opens (medians), then on one more open of each page: heap and key presses.
 * `onPage` gets the floor's and the workbench's page after their keys (run-bench measures durable writes and scrolling there).
 */
export async function runScenario(
  browser: Browser,
  host: TestHost,
  scenario: Scenario,
  seed: number,
  onPage?: (which: 'floor' | 'workbench', page: Page) => Promise<void>,
): Promise<ScenarioResult> {
  const { articleId, spans, text } = seedArticle(host, scenario, seed);
  const html = baselineHtml(text, spans);
  const measure = async (which: 'floor' | 'workbench' | 'workbench-cv-off'): Promise<Figures> => {
    const opens: OpenTimes[] = [];
    const open = (): Promise<Page> => (which === 'floor' ? openFloor(browser, html) : openWorkbench(browser, host, articleId, which === 'workbench-cv-off'));
    for (let run = 0; run < scenario.openRuns; run++) {
      const page = await open();
      opens.push(await timeOpen(page, which === 'floor' ? 'floor' : 'workbench', spans.length));
      await page.close();
    }
    const page = await open();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await timeOpen(page, which === 'floor' ? 'floor' : 'workbench', spans.length);
    const heap = await heapAfterGc(page);
    const keys = await pressKeys(page, which === 'floor' ? 'floor' : 'workbench', scenario.keyRuns, which === 'workbench-cv-off' ? scenario.keyRuns : 0);
    if (which !== 'workbench-cv-off' && onPage) await onPage(which, page);
    if (errors.length) throw new Error(`${scenario.name} ${which}: page errors: ${errors.join('; ')}`);
    await page.close();
    return {
      data: median(opens.map((o) => o.data)),
      firstScreen: median(opens.map((o) => o.firstScreen)),
      open: median(opens.map((o) => o.all)),
      keyMedian: median(keys.visible),
      keyP95: p95(keys.visible),
      heap,
    };
  };
  const floor = await measure('floor');
  const workbench = await measure('workbench');
  const workbenchNoCv = scenario.contentVisibilityOff ? await measure('workbench-cv-off') : null;
  return { scenario, floor, workbench, workbenchNoCv };
}

/** The scenarios of `npm run bench`; BENCH_EDITOR=500,5000,2x5000,1m picks some (names as printed). */
export function editorScenarios(): Scenario[] {
  const all: Scenario[] = [
    { name: '500', chars: 200_000, spans: 500, layers: 1, openRuns: OPEN_RUNS, keyRuns: KEY_RUNS, contentVisibilityOff: true },
    { name: '2000', chars: 200_000, spans: 2_000, layers: 1, openRuns: OPEN_RUNS, keyRuns: KEY_RUNS, contentVisibilityOff: true },
    { name: '5000', chars: 200_000, spans: 5_000, layers: 1, openRuns: OPEN_RUNS, keyRuns: KEY_RUNS, contentVisibilityOff: true },
    { name: '2x5000', chars: 200_000, spans: 5_000, layers: 2, openRuns: OPEN_RUNS, keyRuns: KEY_RUNS, contentVisibilityOff: false },
    {
      name: '1m',
      chars: 1_000_000,
      spans: 50_000,
      layers: 1,
      openRuns: Math.max(1, Math.min(OPEN_RUNS, 2)),
      keyRuns: Math.max(3, Math.round(KEY_RUNS / 2)),
      contentVisibilityOff: false,
    },
  ];
  const pick = process.env.BENCH_EDITOR?.split(',').map((s) => s.trim());
  return pick ? all.filter((s) => pick.includes(s.name)) : all;
}

export function describeScenario(s: Scenario): string {
  const layers = s.layers === 2 ? `2 layers x ${s.spans.toLocaleString()} spans` : `${s.spans.toLocaleString()} spans`;
  return `${s.chars.toLocaleString()} characters, ${layers}`;
}

/** The workbench's JS heap with no article open (the app itself: React, Lexical, the article list), for reading the heap rows. */
export async function appHeapAtRest(browser: Browser, host: TestHost): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(ACT_AS_BENCH_ANNOTATOR);
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Articles' }).waitFor();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  const heap = await heapAfterGc(page);
  await page.close();
  return heap;
}

/** Prints one table per scenario and a verdict line per target. */
export function printEditorResults(results: readonly ScenarioResult[], restingHeap?: number, references?: HeapReferences): void {
  if (restingHeap !== undefined) console.log(`\nWorkbench JS heap with no article open: ${mb(restingHeap)} (the app itself; the heap rows below include it)`);
  const floorHeap = results.find((r) => r.scenario.name === '5000')?.floor.heap;
  if (references) {
    console.log(
      `JS heap of an empty page: ${mb(references.emptyPage)}; of React + Lexical alone (an empty plain-text editor, no workbench code): ${mb(references.reactAndLexical)}` +
        (floorHeap ? `, ${ratio(references.reactAndLexical, floorHeap)} the floor's at N=5,000` : ''),
    );
  }
  const widths = [44, 10, 10, 8, 10, 8];
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  for (const { scenario, floor, workbench: w, workbenchNoCv: off } of results) {
    console.log(`\nEditor, ${describeScenario(scenario)} (open: median of ${scenario.openRuns}; keys: ${scenario.keyRuns} presses)`);
    console.log(line(['', 'floor', 'workbench', 'ratio', off ? 'cv off' : '', off ? 'ratio' : '']));
    const row = (name: string, f: keyof Figures, fmt: (x: number) => string): void => {
      console.log(line([name, fmt(floor[f]), fmt(w[f]), ratio(w[f], floor[f]), off ? fmt(off[f]) : '', off ? ratio(off[f], floor[f]) : '']));
    };
    row('time to data', 'data', ms);
    row('open: first screen interactive', 'firstScreen', ms);
    row('open: every span rendered', 'open', ms);
    row('key -> highlight painted, median', 'keyMedian', ms);
    row('key -> highlight painted, p95', 'keyP95', ms);
    row('JS heap, article open', 'heap', mb);
  }
  const byName = new Map(results.map((r) => [r.scenario.name, r]));
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const five = byName.get('5000');
  const verdicts: string[] = [];
  if (five) {
    const w = five.workbench;
    verdicts.push(
      `N=5,000: open within 1.5x of the floor ${verdict(w.open <= 1.5 * five.floor.open)} (${ratio(w.open, five.floor.open)})`,
      `key median < 16.7 ms ${verdict(w.keyMedian < 16.7)} (${ms(w.keyMedian)})`,
      `key p95 < 33 ms ${verdict(w.keyP95 < 33)} (${ms(w.keyP95)})`,
      `heap within 2x of the floor ${verdict(w.heap <= 2 * five.floor.heap)} (${ratio(w.heap, five.floor.heap)}${references ? `; React + Lexical alone ${ratio(references.reactAndLexical, five.floor.heap)}` : ''})`,
    );
  }
  const two = byName.get('2x5000');
  if (two && five) {
    verdicts.push(
      `2 x 5,000: open within 1.5x of the one-layer editor ${verdict(two.workbench.open <= 1.5 * five.workbench.open)} (${ratio(two.workbench.open, five.workbench.open)}; ` +
        // The renderer's share, apart from the answer's arrival (the server shares this machine's cores with the browser).
        `data -> every span ${ms(two.workbench.open - two.workbench.data)} against ${ms(five.workbench.open - five.workbench.data)}, ${ratio(two.workbench.open - two.workbench.data, five.workbench.open - five.workbench.data)})`,
      `key to visible < 50 ms ${verdict(two.workbench.keyMedian < 50)} (${ms(two.workbench.keyMedian)} median, ${ms(two.workbench.keyP95)} p95)`,
    );
  }
  const big = byName.get('1m');
  if (big) {
    verdicts.push(
      `1,000,000 characters / 50,000 spans: open < 3 s ${verdict(big.workbench.open < 3000)} (${ms(big.workbench.open)}, first screen ${ms(big.workbench.firstScreen)})`,
      `key p95 < 33 ms ${verdict(big.workbench.keyP95 < 33)} (${ms(big.workbench.keyP95)})`,
    );
  }
  if (verdicts.length) console.log(`\nEditor targets: ${verdicts.join('; ')}`);
}

/** Runs the editor scenarios on their own: `node bin/tsx-run.mjs tests/bench/editor-bench.ts` (BENCH_EDITOR picks some). */
export async function runEditorBench(): Promise<ScenarioResult[]> {
  const host = await startTestHost();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: ScenarioResult[] = [];
  let resting: number | undefined;
  let references: HeapReferences | undefined;
  try {
    let seed = 11;
    for (const scenario of editorScenarios()) results.push(await runScenario(browser, host, scenario, seed++));
    resting = await appHeapAtRest(browser, host);
    references = await heapReferences(browser);
  } finally {
    await browser.close();
    await host.close();
  }
  printEditorResults(results, resting, references);
  return results;
}

if (process.argv[1]?.endsWith('editor-bench.ts')) {
  runEditorBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
