import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

// End-to-end tests drive the real renderer, served by the browser host on a
// temporary database, in Chromium (Debian's when present: see support/chromium.ts).
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1440, height: 900 },
    trace: 'off',
  },
});
