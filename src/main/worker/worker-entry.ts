import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/** The file a service worker thread runs, with the options it needs. */
export interface WorkerEntry {
  file: string | URL;
  options: WorkerOptions;
}

/**
 * In the built app the worker is out/main/service-worker.js, beside the main
 * bundle (an extra input in electron.vite.config.ts). Run from the
 * TypeScript sources (the tests, under vitest or tsx), the worker loads its
 * source through tsx.
 */
export function serviceWorkerEntry(dir: string = __dirname): WorkerEntry {
  const built = join(dir, 'service-worker.js');
  if (existsSync(built)) return { file: built, options: {} };
  return typeScriptEntry(join(dir, 'service-worker.ts'));
}

/** Runs a TypeScript worker file through tsx's require hook. */
export function typeScriptEntry(file: string): WorkerEntry {
  const path = JSON.stringify(file);
  const code = `const load = require('node:module').createRequire(${path}); load('tsx/cjs/api').register(); load(${path});`;
  return { file: code, options: { eval: true } };
}
