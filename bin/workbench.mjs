#!/usr/bin/env node
// `npx workbench`: runs the TypeScript CLI directly through tsx, so it works
// right after `npm install` without a build step.
import { register } from 'tsx/cjs/api';
import { createRequire } from 'node:module';

register();
const require = createRequire(import.meta.url);
require('../src/main/doors/cli/main.ts');
