import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openArticleSession, SCREENSHOTS, type ArticleSession } from './support/article-session';

// Sentences in the shapes of the five reports in ../shared/corpus (written for this test).
const REPORT =
  'Putin and Trump agree on a prisoner exchange\n' +
  '\n' +
  'Vladimir Putin informed that on March 19, 175 prisoners will be exchanged between the Russian and Ukrainian sides for 175 people. ' +
  'In addition, the Russian Federation will hand over 23 seriously wounded Ukrainian servicemen.\n' +
  '"Each week brings 2,500 soldier deaths, and it must end now," Trump wrote on Truth Social.\n' +
  'In Kiev, the Kiev regime was blamed for the incompetence of its leaders.\n';

test.use({ viewport: { width: 1400, height: 900 } });

let session: ArticleSession;
test.beforeEach(async ({ page }) => {
  session = await openArticleSession(page, 'exchange.txt', REPORT);
});
test.afterEach(async () => {
  await session.close();
});

/** Every control of the details panel, and the Delete button, lie inside the visible part of the panel. */
async function expectEveryFieldShown(page: Page): Promise<void> {
  const details = page.getByTestId('span-details');
  const viewport = page.viewportSize()!;
  const controls = details.locator('input, select, textarea, button.danger');
  const n = await controls.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) {
    const box = await controls.nth(i).boundingBox();
    expect(box, `control ${i} has a box`).not.toBeNull();
    expect(box!.y + box!.height, `control ${i} ends inside the window`).toBeLessThanOrEqual(viewport.height);
    expect(box!.height, `control ${i} is not squeezed`).toBeGreaterThanOrEqual(12);
  }
  // Nothing scrolled away inside the panel either.
  const clipped = await details.evaluate((el) => {
    let p: HTMLElement | null = el.parentElement;
    while (p && p.scrollHeight <= p.clientHeight) p = p.parentElement;
    return p && p.classList.contains('side-panel') === false && p.scrollHeight > p.clientHeight ? p.className : null;
  });
  expect(clipped).toBeNull();
}

test('at 1400×900 the details panel shows every field of the longest label, and the span list shows each span’s key attributes', async ({ page }) => {
  const { app } = session;
  await app.selectText(REPORT, '175 prisoners');
  await page.keyboard.press('3');
  await app.waitSaved();
  await expect(page.getByTestId('article-view')).toContainText('1 span ·');
  await app.selectText(REPORT, '23 seriously wounded Ukrainian servicemen');
  await page.keyboard.press('3');
  await app.selectText(REPORT, 'Each week brings 2,500 soldier deaths');
  await page.keyboard.press('1');
  await page.keyboard.press('a');
  await app.selectText(REPORT, 'the Kiev regime');
  await page.keyboard.press('4');
  await app.waitSaved();
  const details = page.getByTestId('span-details');
  await details.getByLabel('Name Calling, Labeling').check();
  await details.getByLabel('Loaded Language').check();
  await app.waitSaved();

  mkdirSync(SCREENSHOTS, { recursive: true });
  await expectEveryFieldShown(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'details-propaganda-1400x900.png') });

  // The span list: source, value, technique without a click per span.
  const list = page.getByTestId('span-list');
  await expect(list.locator('.span-row').filter({ hasText: '175 prisoners' })).toContainText('175 · exchanged · per side');
  await expect(list.locator('.span-row').filter({ hasText: 'Each week' })).toContainText('Trump');
  await expect(list.locator('.span-row').filter({ hasText: 'Kiev regime' })).toContainText('Loaded Language, Name Calling');

  await list.locator('.span-row').filter({ hasText: '175 prisoners' }).click();
  await expect(details.locator('blockquote')).toHaveText('175 prisoners');
  await expect(details.getByLabel('Value', { exact: true })).toHaveValue('175');
  await expectEveryFieldShown(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'details-casualty-1400x900.png') });

  await list.locator('.span-row').filter({ hasText: 'Each week' }).click();
  // The details follow the selection a render later: count their fields only once they show the claim.
  await expect(details.locator('blockquote')).toHaveText('Each week brings 2,500 soldier deaths');
  await expectEveryFieldShown(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'details-claim-1400x900.png') });
});
