import { expect, test, type Browser } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/article-session';
import { startTestHost, type TestHost } from './support/workbench-host';
import { WorkbenchPage } from './support/workbench-page';

/**
 * The review workflow as a team walks it, on a real report from ../shared/corpus:
 * two analysts tag the same article in their own tabs, a reviewer compares their
 * layers side by side, works the review queue from the keyboard and reads the
 * dashboard.
 */
const CORPUS_FILE = join(__dirname, '..', '..', '..', 'shared', 'corpus', '000_761f303c62570b75.txt');

async function tagAs(browser: Browser, host: TestHost, name: string, text: string, spans: [string, string][]): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const app = new WorkbenchPage(page, { annotator: name });
  await app.goto(host.url);
  await app.openArticle(/Russia 'not losing hope'/);
  for (const [quote, key] of spans) {
    await app.selectText(text, quote);
    await page.keyboard.press(key);
    await app.waitSaved();
  }
  expect(app.consoleErrors).toEqual([]);
  await context.close();
}

test('two analysts tag a corpus report; the reviewer compares, decides from the keyboard and reads the dashboard', async ({ browser, page }) => {
  const why = `the shared corpus is not beside the checkout (${CORPUS_FILE}); this walk-through needs one of its reports`;
  if (!existsSync(CORPUS_FILE)) console.log(`review-walkthrough.spec.ts skipped: ${why}`);
  test.skip(!existsSync(CORPUS_FILE), why);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const text = readFileSync(CORPUS_FILE, 'utf8');
  const host = await startTestHost();
  try {
    const articleId = host.workbench.service.importArticles({ files: [{ name: 'putin-trump-call.txt', text }] }).imported[0]!.id;
    const stored = host.workbench.service.getArticle({ id: articleId }).text;
    await tagAs(browser, host, 'Ana', stored, [
      ["Putin's aide Yuri Ushakov told pro-Kremlin news outlet Kommersant", '1'],
      ['Russian authorities claimed to have intercepted 337 Ukrainian drones', '1'],
      ['the largest drone strike against Russia during the full-scale war', '1'],
      ['Russia continues its near-daily attacks on Ukrainian cities', '1'],
      ['Kyiv accepted the deal', '2'],
    ]);
    await tagAs(browser, host, 'Ben', stored, [
      ["Putin's aide Yuri Ushakov told pro-Kremlin news outlet Kommersant", '1'],
      ['Russian authorities claimed to have intercepted 337 Ukrainian drones', '1'],
      ['the largest drone strike against Russia', '1'],
      ['Kyiv accepted the deal', '1'],
    ]);

    // The reviewer opens the article: both layers, side by side.
    await page.setViewportSize({ width: 1400, height: 900 });
    const app = new WorkbenchPage(page, { annotator: 'Rita' });
    await app.goto(host.url);
    await app.openArticle(/Russia 'not losing hope'/);
    const layers = page.getByRole('group', { name: 'Layers' });
    await expect(layers).toContainText('Ana');
    await expect(layers).toContainText('Ben');
    await layers.getByRole('button', { name: 'Compare side by side' }).click();
    const compare = page.getByTestId('compare-view');
    await expect(compare.locator('.compare-pane')).toHaveCount(2);
    // Ana's longer drone-strike span and her "near-daily attacks" span have no match in Ben's layer: marked.
    const marked = compare.locator('.compare-pane').first().locator('mark.disagreement');
    await expect(marked.first()).toBeAttached();
    await marked.first().scrollIntoViewIfNeeded();
    // The other pane follows, so the same passage is side by side.
    const scrolls = compare.locator('.article-scroll');
    await expect
      .poll(async () => Math.abs((await scrolls.nth(0).evaluate((e) => e.scrollTop)) - (await scrolls.nth(1).evaluate((e) => e.scrollTop))))
      .toBeLessThan(2);
    expect(await scrolls.nth(0).evaluate((e) => e.scrollTop)).toBeGreaterThan(100);
    await page.screenshot({ path: join(SCREENSHOTS, 'walkthrough-compare.png') });
    // Unticking a layer takes it out of the comparison, and says why nothing is compared.
    await layers.getByRole('checkbox', { name: /Ben/ }).uncheck();
    await expect(compare).toContainText("Only Ana's layer is shown. Tick at least two layers above to compare them side by side.");
    await layers.getByRole('checkbox', { name: /Ben/ }).check();
    await expect(compare.locator('.compare-pane')).toHaveCount(2);

    // The review queue, from the keyboard.
    await page.goto(`${host.url.replace(/\?token=.*$/, '')}#/review`);
    const rows = page.getByRole('listbox', { name: 'Review queue' }).getByRole('option');
    await expect(rows).toHaveCount(7);
    await expect(page.getByTestId('review-progress')).toHaveText('0 of 7 decided');
    await page.screenshot({ path: join(SCREENSHOTS, 'walkthrough-queue.png') });
    await page.keyboard.press('Shift+A');
    const confirm = page.getByRole('dialog', { name: 'Accept all unanimous' });
    await expect(confirm).toContainText('2 open items are unanimous');
    await confirm.getByRole('button', { name: 'Accept 2' }).click();
    await expect(page.getByTestId('review-progress')).toHaveText('2 of 7 decided');
    // After the bulk accept the cursor is on an open item, ready for the next key.
    await expect(page.getByRole('listbox', { name: 'Review queue' })).toBeFocused();
    await page.keyboard.press('a');
    await expect(page.getByTestId('review-progress')).toHaveText('3 of 7 decided');
    await page.keyboard.press('r');
    await page.getByLabel('Reason for rejecting').fill('not a claim');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('review-progress')).toHaveText('4 of 7 decided');
    await expect(page.getByRole('listbox', { name: 'Review queue' })).toBeFocused();
    await page.screenshot({ path: join(SCREENSHOTS, 'walkthrough-queue-decided.png') });

    // The dashboard.
    await page.goto(`${host.url.replace(/\?token=.*$/, '')}#/agreement`);
    await expect(page.getByRole('heading', { name: /Agreement/ }).first()).toBeVisible();
    // The bar says where the reviewer is: Agreement, not Articles.
    await expect(page.getByRole('button', { name: 'Agreement' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('button', { name: 'Articles', exact: true })).toHaveAttribute('aria-pressed', 'false');
    await page.screenshot({ path: join(SCREENSHOTS, 'walkthrough-dashboard.png') });
    expect(app.consoleErrors).toEqual([]);
  } finally {
    await host.close();
  }
});
