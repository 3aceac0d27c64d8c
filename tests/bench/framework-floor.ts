/**
 * Heap references for the editor bench's heap rows (issue 12): an empty page,
 * and React + ReactDOM + Lexical alone (./framework-floor/: an empty
 * plain-text editor, built here with Vite as the app is), each measured as the
 * bench measures the floor and the workbench (after a garbage collection, in
 * the same browser). The issue asks for the heap with an article open within
 * 2x of the floor's; the stack the design card names costs about that much
 * before the workbench adds anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { chromiumLaunchOptions } from '../e2e/support/chromium';

export interface HeapReferences {
  emptyPage: number;
  reactAndLexical: number;
}

const ORIGIN = 'http://framework-floor.invalid';

/** JS heap in use after a full garbage collection (how the editor bench measures every page). */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

/** The page's heap once it is drawn, reached only as the bench reaches the floor (waitForFunction and evaluate, no locators). */
async function heapOf(browser: Browser, files: Map<string, { type: string; body: string }>): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.route(`${ORIGIN}/**`, (route) => {
      const file = files.get(new URL(route.request().url()).pathname);
      return file ? route.fulfill({ contentType: file.type, body: file.body }) : route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/index.html`);
    // An editor page is ready once Lexical has made its element editable; the empty page once it is loaded.
    await page.waitForFunction(
      () => document.readyState === 'complete' && (!document.getElementById('root') || document.querySelector('[contenteditable="true"]') !== null),
      undefined,
      { polling: 'raf' },
    );
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    return await heapAfterGc(page);
  } finally {
    await page.close();
  }
}

export async function heapReferences(browser: Browser): Promise<HeapReferences> {
  const outDir = mkdtempSync(join(tmpdir(), 'workbench-framework-floor-'));
  try {
    const output = await build({
      root: resolve(__dirname, 'framework-floor'),
      configFile: false,
      logLevel: 'silent',
      base: './',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: { outDir, emptyOutDir: true, write: false, modulePreload: { polyfill: false } },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
    const files = new Map<string, { type: string; body: string }>();
    for (const chunk of chunks) {
      const body = chunk.type === 'chunk' ? chunk.code : typeof chunk.source === 'string' ? chunk.source : Buffer.from(chunk.source).toString('utf8');
      const type = chunk.fileName.endsWith('.html') ? 'text/html' : chunk.fileName.endsWith('.css') ? 'text/css' : 'text/javascript';
      files.set(`/${chunk.fileName}`, { type, body });
    }
    if (!files.has('/index.html')) throw new Error(`the framework floor page did not build: ${[...files.keys()].join(', ')}`);
    const emptyFiles = new Map([['/index.html', { type: 'text/html', body: '<!doctype html><html><body><p>An empty page.</p></body></html>' }]]);
    const emptyPage = await heapOf(browser, emptyFiles);
    const reactAndLexical = await heapOf(browser, files);
    return { emptyPage, reactAndLexical };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('framework-floor.ts')) {
  void (async () => {
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const refs = await heapReferences(browser);
      console.log(`empty page ${(refs.emptyPage / 1048576).toFixed(2)} MB; React + Lexical alone ${(refs.reactAndLexical / 1048576).toFixed(2)} MB`);
    } finally {
      await browser.close();
    }
  })();
}
