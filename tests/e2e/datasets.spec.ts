import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { TRICKY_TEXT, indexOfOrThrow } from '../fixtures/tricky-text';
import { WorkbenchPage } from './support/workbench-page';
import { startTestHost, type TestHost } from './support/workbench-host';

let host: TestHost;
let app: WorkbenchPage;

test.beforeEach(async ({ page }) => {
  host = await startTestHost();
  const service = host.workbench.service;
  const [article] = service.importArticles({ files: [{ name: 'tricky.txt', text: TRICKY_TEXT }] }).imported;
  const labels = new Map(service.listLabels({}).map((l) => [l.key, l.id]));
  const span = (quote: string) => ({ start: indexOfOrThrow(TRICKY_TEXT, quote), end: indexOfOrThrow(TRICKY_TEXT, quote) + quote.length });
  service.createAnnotation({
    articleId: article!.id,
    labelId: labels.get('claim')!,
    ...span('2,500 soldiers are reported missing'),
    attributes: { source: 'Kremlin' },
    note: 'check',
  });
  service.createAnnotation({ articleId: article!.id, labelId: labels.get('casualty_figure')!, ...span('2,500 soldiers'), attributes: { value: 2500 } });
  app = new WorkbenchPage(page);
  await app.goto(host.url);
});
test.afterEach(async () => {
  expect(app.consoleErrors).toEqual([]);
  await host.close();
});

test('the export dialog lists every format, says what each cannot carry, and reports the losses after a CoNLL export', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  // The dialog loads on first use: wait for its format list before reading it.
  await expect(dialog.getByLabel('Format').locator('option')).toHaveCount(9);
  await expect(dialog.getByTestId('format-carries')).toHaveText(
    'Carries every span field, and each article’s text, title, source, URL, date, language, author, tags, status, translation source, previous version and meta.',
  );
  await dialog.getByLabel('Format').selectOption('conll');
  await expect(dialog.getByTestId('format-carries')).toContainText('Cannot carry: overlapping spans, attributes, notes');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export CoNLL BIO' }).click();
  const download = await downloading;
  expect(readFileSync((await download.path())!, 'utf8')).toContain('2\tB-claim\n,\tI-claim\n500\tI-claim\n');
  const report = page.getByRole('status', { name: 'Export report' });
  await expect(report).toContainText('1 overlapping spans dropped');
  await expect(report).toContainText('attributes dropped');
  await page.screenshot({ path: test.info().outputPath('export-dialog.png') });
});

test('a folder format downloads as one zip of .txt and .ann files, the text exactly as imported', async ({ page }) => {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.getByLabel('Format').selectOption('brat');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export brat standoff' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  if (spawnSync('python3', ['--version']).status !== 0) {
    console.warn('zip content check skipped: python3 is not installed');
    return;
  }
  const names = JSON.parse(
    execFileSync(
      'python3',
      [
        '-c',
        'import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))',
        (await download.path())!,
      ],
      { encoding: 'utf8' },
    ),
  ) as Record<string, string>;
  expect(Object.keys(names).sort()).toEqual(['annotation.conf', 'tricky.ann', 'tricky.txt']);
  expect(names['tricky.txt']).toBe(TRICKY_TEXT);
  expect(names['tricky.ann']).toContain('T2\tclaim 26 61\t2,500 soldiers are reported missing\nA2\tsource T2 Kremlin\n#1\tAnnotatorNotes T2\tcheck\n');
});
