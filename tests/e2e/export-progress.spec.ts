import { expect, test } from '@playwright/test';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkbenchPage } from './support/workbench-page';
import { startTestHost, type TestHost } from './support/workbench-host';

let host: TestHost;
let app: WorkbenchPage;

// Large enough that the slowest format (Prodigy) runs for several seconds on an idle machine, so Cancel meets a running export.
const ARTICLES = 40_000;
/** The first WIRE articles come from the source `wire`, the rest from `archive`. */
const WIRE = 1500;
const SPANS = 10;

/** Enough articles that an export takes several progress polls (rows written directly: seeding through the service would take minutes). */
function seedMany(): void {
  const { db, service } = host.workbench;
  const labels = service.listLabels({}).map((l) => l.id);
  const annotator = Number(db.prepare(`INSERT INTO annotators (name, created_at) VALUES ('ana', '2025-01-01')`).run().lastInsertRowid);
  const insertArticle = db.prepare(
    `INSERT INTO articles (id, external_id, title, source, url, published_at, language, text, text_length, sha256, imported_at, meta)
     VALUES (?, ?, ?, ?, NULL, '2025-03-01', 'en', ?, ?, ?, '2025-03-01T00:00:00.000Z', '{"origin":"import"}')`,
  );
  const insertSpan = db.prepare(
    `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, note, confidence, attributes, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, '', NULL, '{}', 'proposed', '2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let a = 0; a < ARTICLES; a++) {
      const text = `\u{1F4A9} Article ${a}: officials said the ceasefire talks in Kyiv would resume on Friday, and 2,500 soldiers were reported missing.`;
      const id = randomUUID();
      insertArticle.run(id, `wire-${a}`, `Wire story ${a}`, a < WIRE ? 'wire' : 'archive', text, text.length, createHash('sha256').update(text).digest('hex'));
      for (let s = 0; s < SPANS; s++) {
        const start = 3 + s * 7;
        insertSpan.run(randomUUID(), id, labels[s % labels.length]!, start, start + 9, text.slice(start, start + 9), annotator);
      }
    }
  })();
}

test.beforeEach(async ({ page }) => {
  test.setTimeout(180_000);
  host = await startTestHost();
  seedMany();
  app = new WorkbenchPage(page);
  await app.goto(host.url);
});
test.afterEach(async () => {
  expect(app.consoleErrors).toEqual([]);
  await host.close();
});

test('a long export shows its progress, can be cancelled, and ends with a summary of files, spans and losses', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });

  // Prodigy is the slowest format: long enough to watch and to cancel.
  await dialog.getByLabel('Format').selectOption('prodigy');
  await dialog.getByRole('button', { name: /^Export Prodigy/ }).click();
  const progress = dialog.getByTestId('export-progress-text');
  await expect(progress).toContainText(`of ${ARTICLES.toLocaleString('en')} articles`);
  const first = await progress.textContent();
  // The page stays responsive while the export runs: the numbers move and the other fields still take input.
  await expect(progress).not.toHaveText(first!);
  await dialog.getByLabel('Source').fill('typed while exporting');
  await expect(dialog.getByLabel('Source')).toHaveValue('typed while exporting');
  await page.screenshot({ path: test.info().outputPath('export-running.png') });
  await dialog.getByRole('button', { name: 'Cancel export' }).click();
  const report = dialog.getByRole('status', { name: 'Export report' });
  await expect(report).toContainText('Export cancelled');
  await expect(report).toContainText('nothing was saved');
  await expect(dialog.getByRole('button', { name: 'Cancel export' })).toHaveCount(0);
  await dialog.getByLabel('Source').fill('wire');

  // Now a CoNLL export of one source to the end: the summary names the file, the counts and what CoNLL could not carry.
  await dialog.getByLabel('Format').selectOption('conll');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export CoNLL BIO' }).click();
  const download = await downloading;
  expect(readFileSync((await download.path())!, 'utf8')).toContain('officials');
  await expect(report).toContainText(`Exported: ${WIRE.toLocaleString('en')} articles, ${(WIRE * SPANS).toLocaleString('en')} spans`);
  await expect(report).toContainText('1 file');
  await expect(dialog.getByTestId('export-saved-to')).toHaveText(download.suggestedFilename());
  await expect(report).toContainText('overlapping spans dropped');
  await page.screenshot({ path: test.info().outputPath('export-done.png') });
});
