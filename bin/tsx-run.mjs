#!/usr/bin/env node
// Runs a TypeScript file of this project through tsx: `node bin/tsx-run.mjs FILE.ts [args...]`.
import { register } from 'tsx/cjs/api';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

register();
const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bin/tsx-run.mjs FILE.ts [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...args];
createRequire(import.meta.url)(resolve(file));
