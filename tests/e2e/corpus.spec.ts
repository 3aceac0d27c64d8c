import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { screenshotIfAsked, useSampleWorkbench } from './support/article-session';

test.use({ viewport: { width: 1400, height: 900 } });

const session = useSampleWorkbench(test);
const shot = screenshotIfAsked;

const PAGES = join(__dirname, '../fixtures/pages');
const RUSSIAN = 'Стороны обменялись 75 пленными в субботу, сообщил посреднический комитет. Это первый обмен с начала января.\n';

test('import a web page, a Windows-1251 file and a JSONL file with a broken record; the summary names the bad line', async ({ page }) => {
  session.app.allowConsoleError(/status of 400/); // the refused import answers invalid_input
  await page.getByRole('button', { name: 'Import…' }).click();
  await shot(page, '01-import-dialog');
  const jsonl = `${JSON.stringify({ text: 'Convoy reached Lisk at noon.', title: 'Convoy reaches Lisk', source: 'Wire' })}\n{"text": broken\n`;
  await page.getByTestId('import-input').setInputFiles([
    { name: 'harbour.html', mimeType: 'text/html', buffer: readFileSync(join(PAGES, 'harbour-gazette.html')) },
    { name: 'obmen.txt', mimeType: 'text/plain', buffer: iconv.encode(RUSSIAN, 'windows-1251') },
    { name: 'batch.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl) },
  ]);
  await expect(page.getByTestId('import-summary')).toContainText('Nothing was imported.');
  await expect(page.getByTestId('import-summary')).toContainText('batch.jsonl, line 2: bad JSON');
  await shot(page, '02-import-refused');
  expect(session.host.workbench.service.listArticles({})).toHaveLength(3); // the samples only

  await page.getByLabel('Skip bad files and records').check();
  await page.getByTestId('import-input').setInputFiles([
    { name: 'harbour.html', mimeType: 'text/html', buffer: readFileSync(join(PAGES, 'harbour-gazette.html')) },
    { name: 'obmen.txt', mimeType: 'text/plain', buffer: iconv.encode(RUSSIAN, 'windows-1251') },
    { name: 'batch.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl) },
  ]);
  await expect(page.getByTestId('import-summary')).toContainText('3 imported, 0 skipped, 1 failed');
  await shot(page, '03-import-summary');
  await page.getByRole('button', { name: 'Close' }).click();

  const harbour = session.app.articleItems().filter({ hasText: 'Velmora truce extended' });
  await expect(harbour).toContainText('The Harbour Gazette · 2025-04-08 · EN · 0 spans');
  const russian = session.host.workbench.service.listArticles({}).find((a) => a.externalId === 'obmen')!;
  expect(session.host.workbench.service.getArticle({ id: russian.id }).text).toBe(RUSSIAN);
  await session.app.openArticle('Velmora truce extended');
  await expect(page.getByTestId('meta-bar')).toContainText('The Harbour Gazette');
  await shot(page, '04-web-page-article');
});

test('search finds "2500" written 2,500 and a phrase in a span note; opening a result highlights the match; Ctrl+F steps through hits', async ({ page }) => {
  const service = session.host.workbench.service;
  const text = 'Weekly toll claimed\n\nEach week brings 2,500 soldier deaths, Trump wrote on Monday. Officials called the figure invented.\n';
  const { imported } = service.importArticles({ files: [{ name: 'weekly.txt', text }] });
  const casualty = service.listLabels({}).find((l) => l.key === 'casualty_figure')!;
  const start = text.indexOf('2,500 soldier deaths');
  service.createAnnotation({
    articleId: imported[0]!.id,
    labelId: casualty.id,
    start,
    end: start + 20,
    note: 'no evidence given for the weekly figure',
    attributes: { value: 2500, category: 'killed' },
  });
  await page.reload();
  await expect(session.app.articleItems()).toHaveCount(4);

  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox').first()).toBeFocused();
  await page.keyboard.type('2500');
  await expect(page.getByTestId('search-article-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-article-hit').locator('mark').first()).toHaveText('2,500');
  await shot(page, '05-search-results');
  await page.getByTestId('search-article-hit').click();
  await session.app.waitForArticle();
  await expect(session.app.textRoot()).toHaveAttribute('data-find-current', `${start}-${start + 5}`);
  await shot(page, '06-search-opened-at-match');

  await page.getByRole('searchbox').first().fill('"no evidence"');
  await expect(page.getByTestId('search-span-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-span-hit')).toContainText('Note: ');
  // A query with nothing to look for says so, without a refused request in the console.
  await page.getByRole('searchbox').first().fill('NOT week');
  await expect(page.locator('.search-status')).toHaveText(/the search has no word to look for/);
  expect(session.app.consoleErrors).toEqual([]);
  await page.getByRole('searchbox').first().fill('');

  await session.app.textRoot().click();
  await page.keyboard.press('Control+f');
  await page.getByLabel('Find in this article').fill('week*');
  await expect(page.getByTestId('find-count')).toHaveText('1 of 2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('find-count')).toHaveText('2 of 2');
  await shot(page, '07-find-in-article');
});

test('the span table filters by attribute and opens a span in its article; the list sorts, filters and moves by keyboard; samples go in one step with undo', async ({
  page,
}) => {
  const service = session.host.workbench.service;
  const labels = service.listLabels({});
  const casualty = labels.find((l) => l.key === 'casualty_figure')!;
  const samples = service.listArticles({});
  for (const a of samples) {
    const article = service.getArticle({ id: a.id });
    const match = /\b\d[\d,]*\b/.exec(article.text.slice(40));
    if (!match) continue;
    const start = 40 + match.index;
    service.createAnnotation({
      articleId: a.id,
      labelId: casualty.id,
      start,
      end: start + match[0].length,
      attributes: { category: a === samples[0] ? 'killed' : 'wounded' },
    });
  }
  service.updateArticle({ id: samples[1]!.id, status: 'done', source: 'Lisk Herald', publishedAt: '2025-01-18', language: 'en', tags: ['exchange'] });
  await page.reload();

  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByLabel('Status').selectOption('done');
  await expect(session.app.articleItems()).toHaveCount(1);
  await shot(page, '08-list-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(session.app.articleItems()).toHaveCount(3);
  await expect(page.getByTestId('progress-summary')).toContainText('2 new · 0 in progress · 1 done · 0 reviewed');

  await page.getByTestId('article-list').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await session.app.waitForArticle();
  await expect(session.app.textRoot()).toBeFocused();

  await page.getByRole('button', { name: 'Span table' }).click();
  await expect(page.getByTestId('span-count')).toHaveText(`${samples.length} spans`);
  await page.getByLabel('Label', { exact: true }).selectOption(String(casualty.id));
  await page.getByLabel('Category').selectOption('killed');
  await expect(page.getByTestId('span-count')).toHaveText('1 span');
  await shot(page, '09-span-table');
  await page.locator('.corpus-span-rows').focus();
  await page.keyboard.press('Enter');
  await session.app.waitForArticle();
  await expect(session.app.textRoot()).toHaveAttribute('data-find-current', /^\d+-\d+$/);

  await page.getByRole('button', { name: /Remove the 3 samples/ }).click();
  await expect(page.getByRole('dialog')).toContainText('3 tagged spans');
  await shot(page, '10-delete-confirm');
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByText('No articles yet.')).toBeVisible();
  await expect(page.getByTestId('undo-delete')).toContainText('Deleted 3 articles with 3 spans.');
  await page.getByTestId('undo-delete').getByRole('button', { name: 'Undo' }).click();
  await expect(session.app.articleItems()).toHaveCount(3);
  expect(service.listSpans({})).toHaveLength(3);
});

test('article details: machine translation is shown plainly; metadata edits are saved', async ({ page }) => {
  const service = session.host.workbench.service;
  const [first] = service.listArticles({});
  await session.app.openArticle(first!.title);
  await page.getByRole('button', { name: 'Edit details…' }).click();
  await page.getByLabel('Outlet (source)').fill('Izvestia');
  await page.getByLabel('Machine-translated from').selectOption('ru');
  await page.getByLabel('Published').fill('2025-03-19');
  await page.getByLabel('Tags and collections (comma-separated)').fill('calls, ceasefire');
  await shot(page, '11-metadata-editor');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('mt-warning')).toContainText('Machine-translated from Russian');
  await shot(page, '12-metadata-bar');
  expect(service.getArticle({ id: first!.id })).toMatchObject({
    source: 'Izvestia',
    machineTranslatedFrom: 'ru',
    publishedAt: '2025-03-19',
    tags: ['calls', 'ceasefire'],
  });
});
