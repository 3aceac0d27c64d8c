import { expect, test } from '@playwright/test';
import { WorkbenchPage } from './support/workbench-page';
import { startTestHost, type TestHost } from './support/workbench-host';

let host: TestHost;
let app: WorkbenchPage;

test.beforeEach(async ({ page }) => {
  host = await startTestHost();
  app = new WorkbenchPage(page);
  await app.goto(host.url);
});
test.afterEach(async () => {
  expect(app.consoleErrors).toEqual([]);
  await host.close();
});

const TEXT = '\u{1F4A9} Officials said 2,500 soldiers were missing near Kyiv.';
const cp = (quote: string) => {
  const at = Array.from(TEXT.slice(0, TEXT.indexOf(quote))).length;
  return { start: at, end: at + Array.from(quote).length, text: quote };
};

test('a labelled .jsonl picked in the import dialog brings in its spans, says so, and a second import changes nothing', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const exported = `${JSON.stringify({
    schema_version: 1,
    text: TEXT,
    title: 'Missing soldiers',
    offset_unit: 'codepoint',
    spans: [
      { ...cp('2,500 soldiers'), label: 'casualty_figure', annotator: 'ana' },
      { ...cp('Officials said 2,500 soldiers were missing'), label: 'claim', annotator: 'bob' },
    ],
    meta: {},
  })}\n`;
  const articles = `${JSON.stringify({ text: 'A plain story without spans.', title: 'Plain story' })}\n`;
  const pick = async (): Promise<void> => {
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByTestId('import-input').setInputFiles([
      { name: 'export.jsonl', mimeType: 'application/json', buffer: Buffer.from(exported) },
      { name: 'articles.jsonl', mimeType: 'application/json', buffer: Buffer.from(articles) },
    ]);
  };
  await pick();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('1 imported');
  await expect(page.getByTestId('annotation-file-summary')).toHaveText(
    /export\.jsonl holds labelled data: read as Workbench JSONL annotations\. 2 spans imported on 1 article\./,
  );
  await page.screenshot({ path: test.info().outputPath('import-annotations.png') });
  const stored = host.workbench.service.listArticles({});
  expect(stored.map((a) => a.title).sort()).toEqual(['Missing soldiers', 'Plain story']);
  await page.getByRole('button', { name: 'Close' }).click();

  await pick();
  await expect(page.getByTestId('annotation-file-summary')).toHaveText(/0 spans imported, 2 already there on 1 article\./);
  const spans = host.workbench.db.prepare('SELECT count(*) AS n FROM annotations WHERE deleted_at IS NULL').get() as { n: number };
  expect(spans.n).toBe(2);
});
