/**
 * Where the editor's time goes (a developer's tool, not part of `npm run bench`):
 * opens one seeded long article in the workbench and prints
 *  - the start-up timeline (script loaded, openArticle sent, answered; first screen; every span)
 *  - the server's own cost of openArticle and of its JSON
 *  - per key press: the main thread's work from the key to the frame that paints the highlight,
 *    by trace event (script, style, layout, paint...) and the hottest functions (CPU profile).
 *
 *   PROFILE_SPANS=5000 PROFILE_LAYERS=2 PROFILE_KEYS=10 node bin/tsx-run.mjs tests/bench/editor-profile.ts
 * Build the renderer first (WORKBENCH_NO_MINIFY=1 npx electron-vite build for readable function names).
 */
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { startTestHost } from '../e2e/support/workbench-host';
import { keyToVisible, median, seedArticle, selectUntaggedWord, timeOpen, type Scenario } from './editor-bench';

const spans = Number(process.env.PROFILE_SPANS ?? 5000);
const layers = Number(process.env.PROFILE_LAYERS ?? 1) as 1 | 2;
const chars = Number(process.env.PROFILE_CHARS ?? 200_000);
const keys = Number(process.env.PROFILE_KEYS ?? 10);

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string } };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

async function startupTimeline(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    out['html responseEnd'] = nav.responseEnd;
    out['DOMContentLoaded'] = nav.domContentLoadedEventEnd;
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const name = e.name.replace(/^.*\/\/[^/]+/, '').replace(/\?.*$/, '');
      out[`${name} start`] = e.startTime;
      out[`${name} requestStart`] = e.requestStart;
      out[`${name} responseStart`] = e.responseStart;
      out[`${name} end (${(e.encodedBodySize / 1024).toFixed(0)} kB)`] = e.responseEnd;
    }
    for (const m of performance.getEntriesByType('mark')) out[`mark ${m.name}`] = m.startTime;
    return out;
  });
}

/** Main-thread tasks of the open, with what ran inside each (the biggest children). */
function printOpenTasks(events: TraceEvent[]): void {
  const navStart = events.find(
    (e) =>
      e.name === 'navigationStart' &&
      (e.args as { data?: { isLoadingMainFrame?: boolean; documentLoaderURL?: string } })?.data?.documentLoaderURL?.startsWith('http'),
  );
  const mainThread = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && navStart && e.pid === navStart.pid);
  if (!navStart || !mainThread) {
    console.log('(no navigationStart or main thread in the trace)');
    return;
  }
  const onMain = events.filter((e) => e.pid === mainThread.pid && e.tid === mainThread.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= navStart.ts);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 4000);
  console.log(`\nopen: main-thread tasks over 4 ms (start, duration, biggest parts):`);
  let busy = 0;
  for (const task of tasks) {
    busy += task.dur! / 1000;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! > 2000 && e.name !== 'RunTask');
    const parts = inside
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 4)
      .map((e) => `${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''} ${(e.dur! / 1000).toFixed(0)}`)
      .join(', ');
    console.log(`  ${((task.ts - navStart.ts) / 1000).toFixed(0).padStart(6)} ms +${(task.dur! / 1000).toFixed(0).padStart(4)} ms  ${parts}`);
  }
  console.log(`  busy in those tasks: ${busy.toFixed(0)} ms`);
}

type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };

/** Self and inclusive time per function over the samples `inWindow` accepts, divided by `per`. */
function printHottest(what: string, profile: CpuProfile, inWindow: (t: number) => boolean, per: number): void {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (n: ProfileNode): string => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber + 1}`;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const dt = (profile.timeDeltas[i + 1] ?? 100) / 1000;
    if (!inWindow(t)) continue;
    const node = nodes.get(profile.samples[i]!)!;
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const key = name(nodes.get(id)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  }
  const fmt = (x: number): string => (x / per).toFixed(2).padStart(8);
  console.log(`\nself time ${what} (CPU profile):`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${fmt(v)} ms  ${k}`);
  console.log(`\ntotal (inclusive) time ${what}:`);
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 50)) console.log(`  ${fmt(v)} ms  ${k}`);
}

async function main(): Promise<void> {
  // PROFILE_RENDERER_DIR: another build (say main's), for a before/after in one sitting.
  const host = await startTestHost({ rendererDir: process.env.PROFILE_RENDERER_DIR });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const scenario: Scenario = { name: 'profile', chars, spans, layers, openRuns: 1, keyRuns: keys, contentVisibilityOff: false };
    const { articleId, spans: all } = seedArticle(host, scenario, 11);

    // The server's own cost.
    const t0 = performance.now();
    const opened = host.workbench.service.openArticle({ id: articleId });
    const t1 = performance.now();
    const json = JSON.stringify({ ok: true, value: opened });
    const t2 = performance.now();
    console.log(
      `server: openArticle ${(t1 - t0).toFixed(1)} ms, JSON ${(t2 - t1).toFixed(1)} ms, ${(json.length / 1024).toFixed(0)} kB, ${opened.spans.id.length} spans`,
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(() => localStorage.setItem('workbench.annotator', 'bench'));
    // The open, traced: every main-thread task over 4 ms, in order, relative to navigation start.
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading'],
    });
    const openCdp = await page.context().newCDPSession(page);
    await openCdp.send('Profiler.enable');
    await openCdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await openCdp.send('Profiler.start');
    await page.goto(`${host.url}#/article/${articleId}`, { waitUntil: 'commit' });
    const open = await timeOpen(page, 'workbench', all.length);
    const openProfile = (await openCdp.send('Profiler.stop').catch(() => null)) as { profile: CpuProfile } | null;
    if (openProfile) printHottest('open', openProfile.profile, () => true, 1);
    const openTrace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    printOpenTasks(openTrace.traceEvents);
    console.log(`open: data ${open.data.toFixed(0)} ms, first screen ${open.firstScreen.toFixed(0)} ms, every span ${open.all.toFixed(0)} ms`);
    const timeline = await startupTimeline(page);
    for (const [k, v] of Object.entries(timeline).sort((a, b) => a[1] - b[1])) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);

    await page.locator('.article-text').focus();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
    });
    await cdp.send('Profiler.start');
    const visible: number[] = [];
    const windows: { from: number; to: number }[] = [];
    for (let i = 0; i < keys; i++) {
      if (!(await selectUntaggedWord(page, '.article-text', i + 1))) break;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))));
      await page.evaluate(() => performance.mark('key-begin'));
      const t = await keyToVisible(page, true);
      visible.push(t.visible);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    }
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    console.log(`key -> visible: ${visible.map((v) => v.toFixed(0)).join(', ')} (median ${median(visible).toFixed(1)} ms)`);

    // Key windows from the trace: each keydown dispatch to `visible` ms after it.
    const events = trace.traceEvents;
    const main = events.find(
      (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'EventDispatch'),
    );
    const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const keydowns = onMain.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').sort((a, b) => a.ts - b.ts);
    keydowns.forEach((k, i) => windows.push({ from: k.ts, to: k.ts + (visible[i] ?? 0) * 1000 }));
    const byName = new Map<string, number>();
    for (const w of windows) {
      for (const e of onMain) {
        if (e.ts < w.from || e.ts >= w.to || !e.dur) continue;
        // Top-level kinds of work only (a RunTask's children are counted by their own names).
        if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') continue;
        byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
      }
    }
    for (const w of windows.slice(1, 4)) {
      console.log(`\nkey at ${(w.from / 1000).toFixed(0)}: events over 0.3 ms until visible (+${((w.to - w.from) / 1000).toFixed(1)} ms)`);
      for (const e of onMain.filter((e) => e.ts >= w.from && e.ts < w.to && e.dur! > 300 && e.name !== 'ThreadControllerImpl::RunTask'))
        console.log(
          `  +${((e.ts - w.from) / 1000).toFixed(1).padStart(5)} ${(e.dur! / 1000).toFixed(1).padStart(5)} ms  ${e.name}${e.args?.data?.type ? ` ${e.args.data.type}` : ''}${
            process.env.PROFILE_ARGS && /Paint|Layout|Layerize|Commit/.test(e.name) ? ` ${JSON.stringify(e.args)}` : ''
          }`,
        );
    }
    console.log(`\nmain-thread trace events within key -> visible, summed over ${windows.length} keys (nested events overlap):`);
    for (const [name, total] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`  ${(total / Math.max(1, windows.length)).toFixed(2).padStart(8)} ms/key  ${name}`);

    printHottest('per key', profile, (t) => windows.some((w) => t >= w.from && t < w.to), Math.max(1, windows.length));
  } finally {
    await browser.close();
    await host.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
