#!/usr/bin/env node
// `npm start [-- --db FILE] [--port N] [--verbose] [--no-sandbox]`: opens the
// desktop app, or the browser version when Electron cannot start here (see
// src/main/doors/launcher/launcher.ts). Runs the TypeScript through tsx, like
// bin/workbench.mjs, so nothing needs building first.
import { register } from 'tsx/cjs/api';
import { createRequire } from 'node:module';

register();
const { main } = createRequire(import.meta.url)('../src/main/doors/launcher/launcher.ts');
process.exitCode = await main(process.argv.slice(2));
