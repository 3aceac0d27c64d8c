import { expect, type test as base, type Page } from '@playwright/test';
import { join } from 'node:path';
import { WorkbenchPage } from './workbench-page';
import { startTestHost, type TestHost } from './workbench-host';

/** Where end-to-end tests save the screenshots people look at. */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

export interface ArticleSession {
  host: TestHost;
  app: WorkbenchPage;
  articleId: string;
  /** Checks the console stayed clean, then stops the host and removes its database. */
  close(): Promise<void>;
}

/** A fresh browser host with one article imported, opened in the page and rendered. */
export async function openArticleSession(page: Page, fileName: string, text: string): Promise<ArticleSession> {
  const host = await startTestHost();
  const articleId = host.workbench.service.importArticles({ files: [{ name: fileName, text }] }).imported[0]!.id;
  const app = new WorkbenchPage(page);
  await app.goto(`${host.url}#/article/${articleId}`);
  await app.waitForArticle();
  return {
    host,
    app,
    articleId,
    async close() {
      try {
        expect(app.consoleErrors).toEqual([]);
      } finally {
        await host.close();
      }
    },
  };
}

/** Saves a screenshot named `name` when WORKBENCH_SCREENSHOTS names a folder (for people to look at; nothing is compared). */
export async function screenshotIfAsked(page: Page, name: string): Promise<void> {
  const folder = process.env.WORKBENCH_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `${name}.png`) });
}

/** The current test's browser host and page (see useSampleWorkbench). */
export interface SampleWorkbench {
  host: TestHost;
  app: WorkbenchPage;
}

/**
 * Before each test of the calling file: a fresh browser host with the sample
 * articles, opened in the page; after each: the console stayed clean, and
 * the host stops. The returned object always holds the current test's host and page.
 */
export function useSampleWorkbench(test: Pick<typeof base, 'beforeEach' | 'afterEach'>): SampleWorkbench {
  const current = {} as SampleWorkbench;
  test.beforeEach(async ({ page }) => {
    current.host = await startTestHost({ samples: true });
    current.app = new WorkbenchPage(page);
    await current.app.goto(current.host.url);
  });
  test.afterEach(async () => {
    try {
      expect(current.app.consoleErrors).toEqual([]);
    } finally {
      await current.host.close();
    }
  });
  return current;
}
