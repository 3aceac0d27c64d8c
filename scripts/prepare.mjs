#!/usr/bin/env node
// npm's `prepare` (after `npm install`, and when `npx workbench` links the
// project): builds the app only when out/ is older than its sources, so a
// plain CLI call never rewrites out/. `--verbose` shows the build output.
import { register } from 'tsx/cjs/api';
import { createRequire } from 'node:module';

register();
const { buildIfStale } = createRequire(import.meta.url)('../src/main/doors/launcher/build.ts');
const { PROJECT_ROOT } = createRequire(import.meta.url)('../src/main/paths.ts');
const result = buildIfStale(PROJECT_ROOT, { verbose: process.argv.includes('--verbose') });
if (!result.ok) {
  process.stderr.write(result.output);
  process.stderr.write('Building the app failed (the build output is above).\n');
  process.exitCode = 1;
}
