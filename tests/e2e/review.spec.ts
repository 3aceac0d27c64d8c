import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSpansByLayer } from '../../src/main/store/annotations';
import { makeTempDir, openTestWorkbench } from '../helpers/workbench';
import { SCREENSHOTS } from './support/article-session';
import { startTestHost } from './support/workbench-host';
import { WorkbenchPage } from './support/workbench-page';

const TEXT =
  'Ceasefire talks stall\n\nThe ministry claimed 12 soldiers died near the river; observers disputed the figure on Friday.\n' +
  'A second paragraph keeps the article long enough to scroll a little, as real reports do.\n';
const at = (quote: string) => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });

/**
 * One analyst's own workbench: tags the article and returns their native JSONL export, as they
 * would send it (or, given a file, leaves their whole database there to be sent instead).
 */
function analystExport(
  name: string,
  tag: (s: ReturnType<typeof openTestWorkbench>['service'], articleId: string, l: Record<string, number>) => void,
  file = ':memory:',
): string {
  const own = openTestWorkbench(file);
  try {
    const service = own.service.as(name);
    const articleId = service.importArticles({ files: [{ name: 'talks.txt', text: TEXT }] }).imported[0]!.id;
    tag(service, articleId, Object.fromEntries(service.listLabels({}).map((l) => [l.key, l.id])));
    return service.exportDataset({ format: 'jsonl' }).content;
  } finally {
    own.close();
  }
}

test('imports two analysts’ files and reviews them to gold from the keyboard', async ({ page }) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1400, height: 900 });
  const ana = analystExport('ana', (s, articleId, l) => {
    s.createAnnotation({ articleId, labelId: l.claim!, ...at('The ministry claimed') });
    s.createAnnotation({ articleId, labelId: l.claim!, ...at('12 soldiers died') });
    s.createAnnotation({ articleId, labelId: l.claim!, ...at('observers disputed') });
  });
  // Ben sends his whole database file rather than an export.
  const temp = makeTempDir('workbench-ben-');
  const benDatabase = join(temp.dir, 'ben.sqlite');
  analystExport(
    'ben',
    (s, articleId, l) => {
      s.createAnnotation({ articleId, labelId: l.claim!, ...at('The ministry claimed') });
      s.createAnnotation({ articleId, labelId: l.casualty_figure!, ...at('12 soldiers died'), attributes: { value: 12, category: 'killed' } });
      s.createAnnotation({ articleId, labelId: l.claim!, ...at('observers disputed the figure') });
    },
    benDatabase,
  );

  const host = await startTestHost();
  const articleId = host.workbench.service.importArticles({ files: [{ name: 'talks.txt', text: TEXT }] }).imported[0]!.id;
  const app = new WorkbenchPage(page, { annotator: null });
  try {
    await app.goto(`${host.url}#/review`);

    // First run: the OS user name is offered, not applied; the reviewer gives their name.
    const dialog = page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect(dialog).toBeVisible();
    const suggested = host.workbench.service.getSession({}).suggestedAnnotator;
    await expect(dialog.getByRole('textbox')).toHaveValue(suggested);
    await expect(dialog).toContainText('Nothing is recorded until you save');
    await dialog.getByRole('textbox').fill('Rita');
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('button', { name: 'Annotator: Rita' })).toBeVisible();

    // Both analysts' files, as their layers: Ana's JSONL export and Ben's database file.
    await page.getByTestId('layer-input').setInputFiles([
      { name: 'ana.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(ana) },
      { name: 'ben.sqlite', mimeType: 'application/vnd.sqlite3', buffer: readFileSync(benDatabase) },
    ]);
    await expect(page.getByText("ben.sqlite: ben's layer, 3 new")).toBeVisible();
    const rows = page.getByRole('listbox', { name: 'Review queue' }).getByRole('option');
    await expect(rows).toHaveCount(5);
    await expect(page.getByTestId('review-progress')).toHaveText('0 of 5 decided');
    await page.screenshot({ path: join(SCREENSHOTS, 'review-queue.png') });

    // "Accept all unanimous" tells the count before it acts.
    await page.keyboard.press('Shift+A');
    const confirm = page.getByRole('dialog', { name: 'Accept all unanimous' });
    await expect(confirm).toContainText('1 open item is unanimous');
    await confirm.getByRole('button', { name: 'Accept 1' }).click();
    await expect(page.getByTestId('review-progress')).toHaveText('1 of 5 decided');

    // The cursor moved on to the first open item. Ana said claim, Ben said casualty figure: accept as casualty figure with its key.
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('review-item')).toContainText('Label conflict');
    await page.keyboard.press('3');
    await expect(page.getByTestId('review-progress')).toHaveText('2 of 5 decided');

    // The cursor moved to the next open item (Ben's casualty figure): reject it with a reason.
    await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('r');
    await page.getByLabel('Reason for rejecting').fill('same figure, already accepted');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('review-progress')).toHaveText('3 of 5 decided');

    // Ben's longer span: accept. Ana's shorter one: reject, undo, then accept it with Ben's boundaries from the details.
    await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('a');
    await expect(rows.nth(4)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('r');
    await page.getByLabel('Reason for rejecting').fill('too short');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('review-progress')).toHaveText('5 of 5 decided');
    await page.keyboard.press('u');
    await expect(page.getByTestId('review-progress')).toHaveText('4 of 5 decided');
    await expect(rows.nth(4)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    const details = page.getByRole('form', { name: 'Decision details' });
    await expect(details).toBeVisible();
    await details.getByLabel('End').fill(String(at('observers disputed the figure').end));
    await expect(page.getByTestId('details-preview')).toHaveText('observers disputed the figure');
    await details.getByLabel('Comment').fill('Ben had the whole phrase');
    await page.screenshot({ path: join(SCREENSHOTS, 'review-details.png') });
    await details.getByRole('button', { name: 'Accept with these' }).click();
    await expect(page.getByTestId('review-progress')).toHaveText('5 of 5 decided');
    await expect(page.getByTestId('review-decision')).toContainText('Accepted into gold with the boundaries “observers disputed the figure” by Rita');
    await expect(page.getByTestId('review-decision')).toContainText('Ben had the whole phrase');
    await page.screenshot({ path: join(SCREENSHOTS, 'review-done.png') });

    // Gold holds what was decided, attributed to Rita; the analysts' layers are untouched.
    const gold = listSpansByLayer(host.workbench.db, { annotators: ['gold'] });
    const labels = new Map(host.workbench.service.listLabels({}).map((l) => [l.id, l.key]));
    expect(gold.map((s) => [s.quote, labels.get(s.labelId)])).toEqual([
      ['The ministry claimed', 'claim'],
      ['12 soldiers died', 'casualty_figure'],
      ['observers disputed the figure', 'claim'],
    ]);
    expect(listSpansByLayer(host.workbench.db, { annotators: ['ana', 'ben'] })).toHaveLength(6);
    const reviewers = host.workbench.db.prepare('SELECT DISTINCT a.name FROM review_decisions d JOIN annotators a ON a.id = d.reviewer_id').all();
    expect(reviewers).toEqual([{ name: 'Rita' }]);
    const exported = host.workbench.service.exportDataset({ format: 'jsonl', annotators: ['gold'] });
    expect(exported.spanCount).toBe(3);

    // Side by side in the article: every layer shown, others outlined, disagreements marked.
    await page.getByRole('button', { name: 'Review' }).click();
    await page.goto(`${host.url.replace(/\?token=.*$/, '')}#/article/${articleId}`);
    await app.waitForArticle();
    await expect(page.getByRole('group', { name: 'Layers' })).toContainText('ana');
    await expect(page.locator('mark.disagreement').first()).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'layers-side-by-side.png') });
    await expect(page.locator('mark[aria-label*="(ana)"]').first()).toBeAttached();
    await page.getByRole('group', { name: 'Layers' }).getByRole('checkbox', { name: /ana/ }).uncheck();
    await expect(page.locator('mark[aria-label*="(ana)"]')).toHaveCount(0);
    await expect(page.locator('mark[aria-label*="(ben)"]').first()).toBeAttached();

    // Two editors at once, each with its own marks: ana's layer beside gold.
    await page.getByRole('button', { name: 'Compare side by side' }).click();
    const compare = page.getByTestId('compare-view');
    // Ana's layer is unticked, so it takes no part in the comparison until it is ticked again.
    await expect(compare.getByRole('combobox').first().locator('option')).toHaveText(['ben', 'gold']);
    await page.getByRole('group', { name: 'Layers' }).getByRole('checkbox', { name: /ana/ }).check();
    await compare.getByRole('combobox').first().selectOption('ana');
    await compare.getByRole('combobox').nth(1).selectOption('gold');
    const leftPane = compare.getByRole('region', { name: "ana's layer" });
    const rightPane = compare.getByRole('region', { name: "gold's layer" });
    await expect(leftPane.locator('mark[data-ids]')).toHaveCount(3);
    await expect(rightPane.locator('mark[data-ids]')).toHaveCount(3);
    // Each editor names its own spans' labels (a shared lookup would leave one side "Unknown label").
    await expect(leftPane.locator('mark[aria-label="Claim (ana)"]')).toHaveCount(3);
    await expect(rightPane.locator('mark[aria-label="Casualty figure (gold)"]')).toHaveCount(1);
    // Ana's "12 soldiers died" (claim) and short "observers disputed" are not in gold; her first span is.
    await expect(leftPane.locator('mark.disagreement')).toHaveCount(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'layers-compare.png') });
    expect(app.consoleErrors).toEqual([]);
  } finally {
    await host.close();
    temp.cleanup();
  }
});

test('an attribute conflict is accepted only with the values the reviewer chooses, and gold keeps both notes', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const host = await startTestHost();
  const service = host.workbench.service;
  const articleId = service.importArticles({ files: [{ name: 'talks.txt', text: TEXT }] }).imported[0]!.id;
  const casualty = service.listLabels({}).find((l) => l.key === 'casualty_figure')!.id;
  service.as('ana').createAnnotation({ articleId, labelId: casualty, ...at('12 soldiers'), attributes: { value: 12 }, note: 'Ministry figure.' });
  service.as('ben').createAnnotation({ articleId, labelId: casualty, ...at('12 soldiers'), attributes: { value: 21 }, note: 'Typo in the wire copy?' });
  const app = new WorkbenchPage(page, { annotator: 'Rita' });
  try {
    await app.goto(`${host.url}#/review`);
    await expect(page.getByTestId('review-item')).toContainText('Attribute conflict');
    // A does not pick a side: the details open with both annotators' values.
    await page.keyboard.press('a');
    const details = page.getByRole('form', { name: 'Decision details' });
    await expect(details).toBeVisible();
    await expect(page.getByTestId('attribute-conflict')).toContainText('The annotators disagree on');
    await expect(page.getByTestId('review-progress')).toHaveText('0 of 1 decided');
    await expect(details.getByLabel('Gold note')).toHaveValue('ana: Ministry figure.\nben: Typo in the wire copy?');
    await details.getByRole('button', { name: /^ben: 21$/ }).click();
    await expect(details.getByRole('button', { name: /^ben: 21$/ })).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: join(SCREENSHOTS, 'review-attribute-conflict.png') });
    await details.getByRole('button', { name: 'Accept with these' }).click();
    await expect(page.getByTestId('review-progress')).toHaveText('1 of 1 decided');
    const [gold] = listSpansByLayer(host.workbench.db, { annotators: ['gold'] });
    expect(gold).toMatchObject({ quote: '12 soldiers', attributes: { value: 21 }, note: 'ana: Ministry figure.\nben: Typo in the wire copy?' });
    expect(app.consoleErrors).toEqual([]);
  } finally {
    await host.close();
  }
});
