import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench, type OpenWorkbench } from '../../../src/main/open-workbench';
import { RENDERER_DIR } from '../../../src/main/paths';
import { startBrowserHost, type BrowserHost } from '../../../src/main/doors/http/browser-host';

/** A browser host on a fresh temporary database, for one test. */
export interface TestHost {
  url: string;
  workbench: OpenWorkbench;
  host: BrowserHost;
  dbPath: string;
  close(): Promise<void>;
}

/** `rendererDir`: another build to serve (the profiler compares main's build with this tree's); this tree's by default. */
export async function startTestHost(options: { samples?: boolean; rendererDir?: string } = {}): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-e2e-'));
  const dbPath = join(dir, 'workbench.sqlite');
  const workbench = openWorkbench({ dbPath, host: 'browser', samples: options.samples ?? false });
  const host = await startBrowserHost({ service: workbench.service, rendererDir: options.rendererDir ?? RENDERER_DIR });
  return {
    url: host.url,
    workbench,
    host,
    dbPath,
    async close() {
      await host.close();
      workbench.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
