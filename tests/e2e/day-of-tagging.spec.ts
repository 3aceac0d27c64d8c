import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openArticleSession, SCREENSHOTS, type ArticleSession } from './support/article-session';
import type { WorkbenchPage } from './support/workbench-page';
import type { TestHost } from './support/workbench-host';

// Sentences in the shapes of the five reports in ../shared/corpus (written for this test).
const REPORT =
  'Talks resume after the call\n' +
  '\n' +
  'Aide Ushakov said the two leaders spoke for two hours. The exchange of 175 prisoners for 175 people will take place tomorrow, he added.\n' +
  'Kiev rejected the plan. Officials in Kiev said Kiev would not accept it.\n' +
  'Russian troops now occupy nearly 20% of the territory.\n' +
  'Talks with the U.S. delegation ended.\n';

let session: ArticleSession;
let host: TestHost;
let app: WorkbenchPage;
let articleId: string;

test.beforeEach(async ({ page }) => {
  session = await openArticleSession(page, 'report.txt', REPORT);
  ({ host, app, articleId } = session);
});
test.afterEach(async () => {
  await session.close();
});

function stored() {
  return host.workbench.service.listAnnotations({ articleId });
}

test('Escape in a details field keeps what was saved: the value is still there after a reload', async ({ page }) => {
  await app.selectText(REPORT, 'the two leaders spoke for two hours');
  await page.keyboard.press('1');
  await app.waitSaved();
  const details = page.getByTestId('span-details');
  const source = details.getByLabel('Source / speaker');
  await source.click();
  await page.keyboard.type('Yuri Ushakov');
  await expect.poll(() => stored()[0]!.attributes.source).toBe('Yuri Ushakov');
  await app.waitSaved();
  await page.keyboard.press('Escape');
  await app.waitSaved();
  await expect(source).toHaveValue('Yuri Ushakov');
  expect(stored()[0]!.attributes.source).toBe('Yuri Ushakov');

  // The note too.
  const note = details.getByLabel('Note');
  await note.click();
  await page.keyboard.type('checked against the Kremlin readout');
  await expect.poll(() => stored()[0]!.note).toBe('checked against the Kremlin readout');
  await app.waitSaved();
  await page.keyboard.press('Escape');
  await app.waitSaved();

  await page.reload();
  await app.waitForArticle();
  await page.getByTestId('span-list').locator(`[data-span-id="${stored()[0]!.id}"]`).click();
  await expect(details.getByLabel('Source / speaker')).toHaveValue('Yuri Ushakov');
  await expect(details.getByLabel('Note')).toHaveValue('checked against the Kremlin readout');
  expect(stored()[0]!.attributes.source).toBe('Yuri Ushakov');
  expect(stored()[0]!.note).toBe('checked against the Kremlin readout');
});

test('Escape drops only typing that was never saved, and says so', async ({ page }) => {
  await app.selectText(REPORT, '175 prisoners');
  await page.keyboard.press('3');
  await app.waitSaved();
  const details = page.getByTestId('span-details');
  const value = details.getByLabel('Value', { exact: true });
  await expect(value).toHaveValue('175');
  // Not a number: never saved. Escape puts back the saved 175 and a message says what was dropped.
  await value.fill('many');
  await expect(details.getByRole('alert')).toContainText('whole number');
  await page.keyboard.press('Escape');
  await expect(value).toHaveValue('175');
  await expect(page.locator('.toast')).toContainText('unsaved typing “many” discarded');
  await app.waitSaved();
  expect(stored()[0]!.attributes.value).toBe(175);
});

test('e focuses the first empty attribute, so a source typed right after it lands there; Tab goes on to the note', async ({ page }) => {
  await app.selectText(REPORT, 'the two leaders spoke for two hours');
  await page.keyboard.press('1');
  await app.waitSaved();
  await app.textRoot().focus();
  await page.keyboard.press('e');
  await page.keyboard.type('Yuri Ushakov');
  await expect.poll(() => stored()[0]!.attributes.source).toBe('Yuri Ushakov');
  const details = page.getByTestId('span-details');
  await page.keyboard.press('Escape');
  // The source is filled now: e goes to the next empty one, the attribution cue.
  await page.keyboard.press('e');
  await expect(details.getByLabel('Attribution cue')).toBeFocused();
  // Tab order: attributes, then confidence, then the note.
  await page.keyboard.press('Tab'); // checkability
  await page.keyboard.press('Tab'); // verification
  await page.keyboard.press('Tab'); // confidence
  await expect(details.getByLabel('low')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(details.getByLabel('Note')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(details.getByLabel('Label')).toBeFocused();
});

test('a claim’s speaker is proposed from the sentence and filled only when the analyst presses a', async ({ page }) => {
  await app.selectText(REPORT, 'the two leaders spoke for two hours');
  await page.keyboard.press('1');
  await app.waitSaved();
  const proposal = page.getByTestId('source-proposal');
  await expect(proposal).toContainText('Source / speaker “Ushakov”');
  await expect(proposal).toContainText('Attribution cue “said”');
  // Nothing was filled without asking.
  expect(stored()[0]!.attributes).toEqual({});
  await page.keyboard.press('a');
  await app.waitSaved();
  expect(stored()[0]!.attributes).toEqual({ source: 'Ushakov', cue: 'said' });
  await expect(proposal).toHaveCount(0);
  const filled = page.getByTestId('toasts').getByText(/Filled “Ushakov” and “said”/);
  await expect(filled).toBeVisible();
  // One undo takes both back.
  await page.keyboard.press('Control+z');
  await app.waitSaved();
  expect(stored()[0]!.attributes).toEqual({});
  // The message was about that span: choosing another takes it away.
  await app.selectText(REPORT, '175 prisoners');
  await page.keyboard.press('3');
  await app.waitSaved();
  await expect(filled).toHaveCount(0);
});

test('a casualty figure shows the words each value was read from, and doubts a percentage', async ({ page }) => {
  await app.selectText(REPORT, '175 prisoners');
  await page.keyboard.press('3');
  await app.waitSaved();
  expect(stored()[0]!.attributes).toEqual({ value: 175, category: 'exchanged', unit: 'per side' });
  const details = page.getByTestId('span-details');
  await expect(details.locator('.read-from')).toHaveText(['from “175”', 'from “175 … for 175”', 'from “for 175”']);
  await expect(details.locator('.read-from').first()).toHaveAttribute('title', /Filled from the words “175”/);
  // With the value read, e skips the range (from/to) and the tick box: the population is the first thing left to say.
  await app.textRoot().focus();
  await page.keyboard.press('e');
  await expect(details.getByLabel('Population')).toBeFocused();
  await page.keyboard.press('Escape');

  await app.selectText(REPORT, 'nearly 20% of the territory');
  await page.keyboard.press('3');
  await app.waitSaved();
  await expect(details.locator('.reading-warning')).toHaveText('Not a casualty count? “20%” is a percentage, not a count of people.');
  expect(stored().find((s) => s.quote.startsWith('nearly'))!.attributes.value).toBeUndefined();
});

test('several techniques on one phrase, tag all occurrences listed first and undone as one step, copy from the previous span', async ({ page }) => {
  const framing = host.workbench.service.listLabels({}).find((l) => l.key === 'propaganda_framing')!.id;
  await app.selectText(REPORT, 'Kiev');
  await page.keyboard.press('4');
  await app.waitSaved();
  const details = page.getByTestId('span-details');
  await details.getByLabel('Name Calling, Labeling').check();
  await details.getByLabel('Loaded Language').check();
  await app.waitSaved();
  expect(stored()[0]!.attributes.technique).toEqual(['Loaded_Language', 'Name_Calling,Labeling']);

  // t lists the other two occurrences first; Enter tags them with the same label and techniques.
  await page.keyboard.press('Escape');
  await page.keyboard.press('t');
  const dialog = page.getByRole('dialog', { name: 'Tag 2 more “Kiev”' });
  await expect(dialog.getByTestId('tag-all-list').locator('li')).toHaveCount(2);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'tag-all-occurrences.png') });
  await page.keyboard.press('Enter');
  await app.waitSaved();
  const spans = stored().filter((s) => s.labelId === framing);
  expect(spans.map((s) => s.quote)).toEqual(['Kiev', 'Kiev', 'Kiev']);
  for (const s of spans) expect(s.attributes.technique).toEqual(['Loaded_Language', 'Name_Calling,Labeling']);
  await expect(page.locator('.toast').last()).toContainText('Tagged 2 more “Kiev” as Propaganda framing');

  // One undo takes both back.
  await app.textRoot().focus();
  await page.keyboard.press('Control+z');
  await app.waitSaved();
  expect(stored()).toHaveLength(1);
  expect(await app.markIds()).toEqual([stored()[0]!.id]);

  // c fills a new span's empty attributes from the previous span of its label.
  await app.selectText(REPORT, 'Kiev', 2);
  await page.keyboard.press('4');
  await app.waitSaved();
  await page.keyboard.press('c');
  await app.waitSaved();
  const copied = stored().find((s) => s.start === REPORT.indexOf('Kiev', REPORT.indexOf('Kiev', REPORT.indexOf('Kiev') + 1) + 1))!;
  expect(copied.attributes.technique).toEqual(['Loaded_Language', 'Name_Calling,Labeling']);
  await expect(details.getByLabel('Loaded Language')).toBeChecked();
});

test('keyboard and selection: article list arrows and Enter, U.S. stays whole, Delete twice removes one span, Escape closes Labels after a cancelled attribute editor', async ({
  page,
}) => {
  host.workbench.service.importArticles({ files: [{ name: 'second.txt', text: 'Second report\n\nNothing happened.\n' }] });
  await page.reload();
  await app.waitForArticle();
  // Arrows move through the article list; Enter opens the article with the focus in its text.
  await page.getByRole('searchbox').focus();
  // The list keeps the focus and marks the active row (aria-activedescendant), as a listbox does.
  await page.keyboard.press('ArrowDown');
  await expect(app.articleItems().first()).toHaveClass(/\bactive\b/);
  await page.keyboard.press('ArrowDown');
  await expect(app.articleItems().nth(1)).toHaveClass(/\bactive\b/);
  const secondTitle = (await app.articleItems().nth(1).locator('.article-title').textContent())!;
  await page.keyboard.press('Enter');
  await expect(page.locator('.article-heading')).toHaveText(secondTitle);
  await app.waitForArticle();
  await expect(app.textRoot()).toBeFocused();
  await page.keyboard.press('ArrowUp'); // in the text now: moves the caret, not the list
  await expect(app.textRoot()).toBeFocused();
  await page.goto(`${host.url}#/article/${articleId}`);
  await app.waitForArticle();

  // A partial selection of an abbreviation snaps to the whole of it, full stop included.
  const us = REPORT.indexOf('U.S.');
  await app.selectOffsets(us, us + 3);
  await page.keyboard.press('1');
  await app.selectText(REPORT, 'Talks');
  await page.keyboard.press('1');
  await app.waitSaved();
  expect(
    stored()
      .map((s) => s.quote)
      .sort(),
  ).toEqual(['Talks', 'U.S.']);

  // Delete leaves nothing selected: a second Delete removes nothing; j moves on from there.
  const usSpan = stored().find((s) => s.quote === 'U.S.')!;
  await page.getByTestId('span-list').locator(`[data-span-id="${usSpan.id}"]`).click();
  await app.textRoot().focus();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Delete');
  await app.waitSaved();
  expect(stored().map((s) => s.quote)).toEqual(['Talks']);
  await expect(page.getByTestId('span-details')).toHaveCount(0);
  await page.keyboard.press('j');
  await expect(page.getByTestId('span-details')).toContainText('Talks');

  // Escape closes the Labels dialog after its attribute editor was cancelled.
  await page.getByRole('button', { name: 'Labels…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Labels' });
  await dialog.getByRole('button', { name: 'Attributes of Claim' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('messages stack in the corner over the article list, repeats collapse, and a mixed import names every bad file', async ({ page }) => {
  const palette = page.getByRole('button', { name: /^Claim/ }).first();
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
  await palette.click();
  await palette.click();
  await palette.click();
  const toasts = page.getByTestId('toasts').locator('.toast');
  await expect(toasts).toHaveCount(1);
  await expect(toasts.first()).toContainText('×3');
  const box = (await toasts.first().boundingBox())!;
  const list = (await page.getByRole('navigation', { name: 'Articles' }).boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(list.x + list.width);

  app.allowConsoleError(/status of 400/); // the refused import answers invalid_input
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles([
    { name: 'good.txt', mimeType: 'text/plain', buffer: Buffer.from('A good report\n\nText.\n') },
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
    { name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9]) },
  ]);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('Nothing was imported.');
  await expect(summary).toContainText('scan.pdf');
  await expect(summary).toContainText('latin1.txt');
  expect(host.workbench.service.listArticles({})).toHaveLength(1);
});
