import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { TRICKY_TEXT } from '../fixtures/tricky-text';
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

test('an empty database invites an import; imported files keep their exact bytes; export downloads JSONL', async ({ page }) => {
  await expect(page.getByText('No articles yet.')).toBeVisible();
  // Import… opens the import dialog; its file input goes through the one import pipeline in the host.
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles([
    { name: 'tricky.txt', mimeType: 'text/plain', buffer: Buffer.from(TRICKY_TEXT, 'utf8') },
    { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Field notes\n\nConvoy delayed at the crossing.\n', 'utf8') },
  ]);
  await expect(page.getByTestId('import-summary')).toContainText('2 imported, 0 skipped, 0 failed');
  await page.getByRole('button', { name: 'Close' }).click();
  await app.waitForArticle();
  const articles = host.workbench.service.listArticles({});
  expect(articles).toHaveLength(2);
  const tricky = host.workbench.service.getArticle({ id: articles.find((a) => a.externalId === 'tricky')!.id });
  expect(tricky.text).toBe(TRICKY_TEXT); // BOM and CRLF kept: the browser path decodes without stripping them

  // Tag one span, then export through the download the browser host offers.
  await app.openArticle(tricky.title);
  await app.selectText(TRICKY_TEXT, '2,500');
  await page.keyboard.press('3');
  await app.waitSaved();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('dialog', { name: 'Export dataset' }).getByRole('button', { name: 'Export Workbench JSONL' }).click();
  const download = await downloading;
  await expect(page.getByRole('status', { name: 'Export report' })).toContainText('Exported: 2 articles, 1 spans, code point offsets');
  expect(download.suggestedFilename()).toMatch(/^workbench-export-.*\.jsonl$/);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(lines).toHaveLength(2);
  const record = lines.map((l) => JSON.parse(l)).find((r) => r.external_id === 'tricky');
  expect(record.text).toBe(TRICKY_TEXT);
  expect(record.spans).toHaveLength(1);
  expect(
    Array.from(record.text as string)
      .slice(record.spans[0].start, record.spans[0].end)
      .join(''),
  ).toBe('2,500');
});

test('a file whose encoding cannot be told stops the whole import with a message naming it, and nothing is imported', async ({ page }) => {
  app.allowConsoleError(/status of 400/); // the refused import answers invalid_input
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles([
    { name: 'good.txt', mimeType: 'text/plain', buffer: Buffer.from('A perfectly good article about talks.\n', 'utf8') },
    { name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]) },
  ]);
  await expect(page.getByTestId('import-summary')).toContainText('Nothing was imported.');
  await expect(page.getByTestId('import-summary')).toContainText('latin1.txt: cannot tell its encoding with confidence (byte offset 3 is not UTF-8)');
  expect(host.workbench.service.listArticles({})).toHaveLength(0);
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('No articles yet.')).toBeVisible();
});

test('a file of a megabyte or more is uploaded as raw bytes, not JSON, and stored exactly; a bad big file stops the import', async ({ page }) => {
  const paragraphs: string[] = [];
  for (let i = 0; paragraphs.length * 150 < 3 * 1024 * 1024; i++) {
    paragraphs.push(`Официальные лица сообщили, что ${2500 + i} человек эвакуированы из города в понедельник. 😀`);
  }
  const bigText = '\uFEFF' + paragraphs.join('\r\n') + '\r\n';
  const uploads: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/upload') uploads.push(request.headers()['content-type'] ?? '');
  });
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles([
    { name: 'big report.txt', mimeType: 'text/plain', buffer: Buffer.from(bigText, 'utf8') },
    { name: 'small.txt', mimeType: 'text/plain', buffer: Buffer.from('A short note about the convoy.\n', 'utf8') },
  ]);
  await expect(page.getByTestId('import-summary')).toContainText('2 imported, 0 skipped, 0 failed');
  // Two groups: both staged (read and checked once), then stored; the big file is uploaded a single time.
  expect(uploads).toEqual(['application/octet-stream']);
  const big = host.workbench.service.listArticles({}).find((a) => a.externalId === 'big report')!;
  expect(host.workbench.service.getArticle({ id: big.id }).text).toBe(bigText);
  await page.getByRole('button', { name: 'Close' }).click();

  app.allowConsoleError(/status of 400/);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles([
    { name: 'fine.txt', mimeType: 'text/plain', buffer: Buffer.from('Another good article about the talks.\n', 'utf8') },
    { name: 'zeros.txt', mimeType: 'text/plain', buffer: Buffer.alloc(2 * 1024 * 1024) },
  ]);
  await expect(page.getByTestId('import-summary')).toContainText('Nothing was imported.');
  await expect(page.getByTestId('import-summary')).toContainText('zeros.txt');
  expect(host.workbench.service.listArticles({})).toHaveLength(2);
});

test('searching finds articles by words in their text, with a snippet', async ({ page }) => {
  host.workbench.service.importArticles({
    files: [
      { name: 'a.txt', text: 'Grain corridor reopens\n\nShips left the port of Amal at dawn.\n' },
      { name: 'b.txt', text: 'Prisoner exchange completed\n\nBoth sides released detainees.\n' },
    ],
  });
  await page.reload();
  await expect(app.articleItems()).toHaveCount(2);
  await page.keyboard.press('/');
  await page.keyboard.type('detain*');
  await expect(page.getByTestId('search-article-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-article-hit')).toContainText('Prisoner exchange completed');
  await expect(page.getByTestId('search-article-hit').locator('mark')).toHaveText('detainees');
  await page.getByRole('searchbox').first().fill('nothing-like-this');
  await expect(page.getByText('Nothing matches')).toBeVisible();
});
