import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openArticleSession, SCREENSHOTS, type ArticleSession } from './support/article-session';
import type { WorkbenchPage } from './support/workbench-page';
import type { TestHost } from './support/workbench-host';

const TEXT = 'Officials in Port Amal said the corridor would open on Monday.\nA second convoy waited at the border.\n';

let session: ArticleSession;
let host: TestHost;
let app: WorkbenchPage;
let articleId: string;

test.beforeEach(async ({ page }) => {
  session = await openArticleSession(page, 'corridor.txt', TEXT);
  ({ host, app, articleId } = session);
});
test.afterEach(async () => {
  await session.close();
});

test('a new label with its own attributes gets key 5, tags, and keeps its spans when archived', async ({ page }) => {
  await page.getByRole('button', { name: 'Labels…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Labels' });
  const form = dialog.locator('form.add-label');
  await form.getByLabel('Name').fill('Location');
  await form.getByLabel('Key').selectOption('5');
  await form.getByLabel('Guideline').fill('A place named in the text.');
  await form.getByRole('button', { name: 'Add attribute' }).click();
  await form.getByLabel('Attribute name').fill('Kind of place');
  await form.getByLabel('Attribute type').selectOption('choice');
  await form.getByLabel('Options, separated by commas').fill('city, border crossing, region');
  await form.getByRole('button', { name: 'Add label' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Name of Location' })).toBeVisible();

  // A key that is taken is refused with a message naming the holder.
  app.allowConsoleError(/status of 409 \(Conflict\)/);
  await dialog.getByRole('combobox', { name: 'Key of Location' }).selectOption('1');
  await expect(dialog.getByRole('alert')).toContainText('key 1 already belongs to label “Claim”');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'label-manager.png') });
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  // Tag with the new key and fill the new attribute.
  await app.selectText(TEXT, 'Port Amal');
  await page.keyboard.press('5');
  const details = page.getByTestId('span-details');
  await details.getByLabel('Kind of place').selectOption('city');
  await app.waitSaved();
  const span = host.workbench.service.listAnnotations({ articleId })[0]!;
  expect(span.quote).toBe('Port Amal');
  expect(span.attributes).toEqual({ kind_of_place: 'city' });

  // Archive it: gone from the palette, still listed, still exported.
  await page.getByRole('button', { name: 'Labels…' }).click();
  await dialog
    .getByRole('row', { name: /Location/ })
    .getByRole('button', { name: 'Archive' })
    .click();
  await expect(dialog.getByRole('row', { name: /Location/ }).getByRole('button', { name: 'Restore' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name: /Location/ })).toHaveCount(0);
  await expect(page.getByTestId('span-list')).toContainText('Location (archived)');
  await expect(page.getByTestId('span-list')).toContainText('Port Amal');
  const exported = JSON.parse(host.workbench.service.exportDataset({ format: 'jsonl' }).content.trim());
  expect(exported.spans.map((s: { label: string; text: string }) => [s.label, s.text])).toEqual([['location', 'Port Amal']]);
});

test('hiding a label in the side panel removes its highlights from the text and showing brings them back', async ({ page }) => {
  await app.selectText(TEXT, 'corridor would open on Monday');
  await page.keyboard.press('2');
  await app.selectText(TEXT, 'second convoy');
  await page.keyboard.press('1');
  await app.waitSaved();
  await expect(page.locator('mark[data-ids]')).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Show Condition in the text' }).uncheck();
  await expect(page.locator('mark[data-ids]')).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Show Condition in the text' }).check();
  await expect(page.locator('mark[data-ids]')).toHaveCount(2);
  // Clicking a span in the list selects it and shows its details.
  await page.getByTestId('span-list').getByRole('listitem').filter({ hasText: 'second convoy' }).click();
  await expect(page.getByTestId('span-details')).toContainText('second convoy');
});

test('attributes of an existing label can be renamed and added without detaching stored values', async ({ page }) => {
  const claim = host.workbench.service.listLabels({}).find((l) => l.key === 'claim')!;
  const start = TEXT.indexOf('Officials in Port Amal said');
  // Made by the analyst the page acts as: only their own layer's spans are editable in the details panel.
  const existing = host.workbench.service.as('e2e analyst').createAnnotation({
    articleId,
    labelId: claim.id,
    start,
    end: start + 'Officials in Port Amal said'.length,
    attributes: { cue: 'said' },
  });
  await page.reload();
  await app.waitForArticle();

  await page.getByRole('button', { name: 'Labels…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Labels' });
  await dialog.getByRole('button', { name: 'Attributes of Claim' }).click();
  const editor = dialog.locator('.attribute-row');
  await editor.getByRole('textbox', { name: 'Attribute name' }).nth(1).fill('Reporting verb');
  await editor.getByRole('button', { name: 'Add attribute' }).click();
  await editor.getByRole('textbox', { name: 'Attribute name' }).last().fill('Outlet');
  await editor.getByRole('button', { name: 'Save attributes' }).click();
  await expect(dialog.getByRole('button', { name: 'Attributes of Claim' })).toHaveText('5 attributes…');
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  const defs = host.workbench.service.listLabels({}).find((l) => l.id === claim.id)!.attributes;
  expect(defs.map((d) => [d.key, d.name])).toContainEqual(['cue', 'Reporting verb']);
  expect(defs.map((d) => d.key)).toContain('outlet');

  await page.getByTestId('span-list').locator(`[data-span-id="${existing.id}"]`).click();
  const details = page.getByTestId('span-details');
  await expect(details.getByLabel('Reporting verb')).toHaveValue('said');
  await details.getByLabel('Outlet').fill('Harbour Radio');
  await details.getByLabel('Outlet').press('Enter');
  await app.waitSaved();
  expect(host.workbench.service.listAnnotations({ articleId })[0]!.attributes).toEqual({ cue: 'said', outlet: 'Harbour Radio' });
});
