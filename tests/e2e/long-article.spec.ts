import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { ensureAnnotator } from '../../src/main/store/annotators';
import { insertAnnotation } from '../../src/main/store/annotations';
import { splitBlocks } from '../../src/shared/text/blocks';
import { makeLongArticle } from '../bench/long-article';
import { WorkbenchPage } from './support/workbench-page';
import { startTestHost, type TestHost } from './support/workbench-host';

// A long article is drawn a slice at a time (issue 12): the first screen at once, the rest in the
// background. Whatever the analyst does before the rest is drawn must work on lines not drawn yet.

let host: TestHost;
let app: WorkbenchPage;
const SHOTS = process.env.WORKBENCH_SCREENSHOTS;
const ANALYST = 'e2e analyst';
const ENDING = 'Zanzibar negotiators signed the final protocol.';

test.use({ viewport: { width: 1400, height: 900 } });

let articleId = '';
let text = '';
let spanIds: string[] = [];

test.beforeEach(async ({ page }) => {
  host = await startTestHost();
  const long = makeLongArticle(300_000, 3_000, 0.1, 5);
  text = `${long.text}\n\n${ENDING}\n`;
  const { service, db } = host.workbench;
  articleId = service.importArticles({ files: [{ name: 'long.txt', text }] }).imported[0]!.id;
  const labels = service.listLabels({});
  spanIds = [];
  db.transaction(() => {
    const now = new Date().toISOString();
    const annotatorId = ensureAnnotator(db, ANALYST, now);
    const spans = [...long.spans, { start: text.indexOf('Zanzibar'), end: text.indexOf('Zanzibar') + 8, label: 0 }];
    for (const s of spans) {
      const id = crypto.randomUUID();
      spanIds.push(id);
      insertAnnotation(db, {
        id,
        articleId,
        annotatorId,
        now,
        labelId: labels[s.label]!.id,
        start: s.start,
        end: s.end,
        quote: text.slice(s.start, s.end),
        note: '',
        confidence: null,
        attributes: {},
        status: 'proposed',
      });
    }
  })();
  app = new WorkbenchPage(page);
  // How many lines were drawn when the article first said it was ready (the first screen only, on a long article).
  await page.addInitScript(() => {
    const w = window as unknown as { __linesAtReady?: number };
    new MutationObserver(() => {
      if (w.__linesAtReady === undefined && document.querySelector('[data-testid="article-view"][data-ready="true"]')) {
        w.__linesAtReady = document.querySelectorAll('[data-block-start]').length;
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  });
});
test.afterEach(async () => {
  expect(app.consoleErrors).toEqual([]);
  await host.close();
});

test('a long article opens at its first screen, finds a match past what is drawn, and ends with every line exactly as stored', async ({ page }) => {
  await app.goto(`${host.url}#/article/${articleId}`);
  await app.waitForArticle();
  const lines = splitBlocks(text);
  const atReady = await page.evaluate(() => (window as unknown as { __linesAtReady?: number }).__linesAtReady);
  expect(atReady, 'the article is ready before every line is drawn').toBeLessThan(lines.length);

  // Find, right away, a phrase on the last line.
  await app.textRoot().focus();
  await page.keyboard.press('Control+f');
  await page.getByLabel('Find in this article').fill('"final protocol"');
  await expect(page.getByTestId('find-count')).toHaveText('1 of 1');
  const at = text.indexOf('final protocol');
  await expect(app.textRoot()).toHaveAttribute('data-find-current', `${at}-${at + 'final protocol'.length}`);
  const lastLine = page.locator(`[data-block-start="${lines.at(-2)!.start}"]`);
  await expect(lastLine).toBeInViewport();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'long-article-find-at-end.png') });

  await expect(page.getByTestId('article-view')).toHaveAttribute('data-complete', 'true');
  const shown = await app.blocks();
  expect(shown.length).toBe(lines.length);
  expect(shown.every((b, i) => b.start === lines[i]!.start && b.end === lines[i]!.end && b.text === text.slice(lines[i]!.start, lines[i]!.end))).toBe(true);
  expect((await app.markIds()).sort()).toEqual([...spanIds].sort());
});

test('k from nothing selected goes to the last span, past what is drawn, and a word tagged at once on the first screen is saved', async ({ page }) => {
  await app.goto(`${host.url}#/article/${articleId}`);
  await app.waitForArticle();
  await app.textRoot().focus();
  await page.keyboard.press('k');
  const zanzibar = text.indexOf('Zanzibar');
  const lastMark = page.locator('mark.is-selected').first();
  await expect(lastMark).toHaveText('Zanzibar');
  await expect(lastMark).toBeInViewport();
  await page.keyboard.press('Escape');

  const first = text.indexOf('ceasefire');
  const word = /^\p{L}+/u.exec(text.slice(first))![0];
  await app.selectOffsets(first, first + word.length);
  await page.keyboard.press('2');
  await app.waitSaved();
  const saved = host.workbench.service.listAnnotations({ articleId }).filter((a) => a.start === first && a.annotator === ANALYST);
  expect(saved.map((a) => a.quote)).toContain(word);
  expect(zanzibar).toBeGreaterThan(300_000);
});
