import { expect, type Page } from '@playwright/test';
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
