import { expect, test } from '@playwright/test';
import { runCli } from '../../src/main/doors/cli/cli';
import type { AgreementFigure } from '../../src/shared/agreement';
import { putSpan } from '../helpers/layers';
import { WorkbenchPage } from './support/workbench-page';
import { startTestHost, type TestHost } from './support/workbench-host';

let host: TestHost;
let app: WorkbenchPage;

const ARTICLES = [
  {
    name: 'kyiv.txt',
    source: 'Wire',
    text: 'Shelling hit Kyiv at dawn.\n\nOfficials said 2,500 soldiers died in the offensive, a figure the ministry disputed. The ceasefire holds only if both sides withdraw heavy artillery.',
  },
  {
    name: 'port.txt',
    source: 'Gazette',
    text: 'Port blockade enters third week.\n\nThe navy claimed the blockade was lawful. Aid groups said twenty-three ships were turned away, calling it a humiliation of the whole region.',
  },
];

// Three layers: two analysts and gold, disagreeing in boundaries, labels and presence.
const LAYERS: Record<string, [number, string, string][]> = {
  ana: [
    [0, 'claim', 'Officials said 2,500 soldiers died in the offensive'],
    [0, 'casualty_figure', '2,500 soldiers'],
    [0, 'condition', 'only if both sides withdraw heavy artillery'],
    [1, 'claim', 'The navy claimed the blockade was lawful'],
    [1, 'propaganda_framing', 'a humiliation of the whole region'],
  ],
  bob: [
    [0, 'claim', 'Officials said 2,500 soldiers died'],
    [0, 'casualty_figure', '2,500 soldiers'],
    [0, 'claim', 'The ceasefire holds only if both sides withdraw heavy artillery'],
    [1, 'claim', 'The navy claimed the blockade was lawful'],
    [1, 'casualty_figure', 'twenty-three ships'],
    [1, 'propaganda_framing', 'calling it a humiliation of the whole region'],
  ],
  gold: [
    [0, 'claim', 'Officials said 2,500 soldiers died in the offensive'],
    [0, 'casualty_figure', '2,500 soldiers'],
    [0, 'condition', 'only if both sides withdraw heavy artillery'],
    [1, 'claim', 'The navy claimed the blockade was lawful'],
    [1, 'casualty_figure', 'twenty-three ships'],
    [1, 'propaganda_framing', 'a humiliation of the whole region'],
  ],
};

test.beforeEach(async ({ page }) => {
  host = await startTestHost();
  const { service, db } = host.workbench;
  const ids = service.importArticles({ files: ARTICLES.map(({ name, text }) => ({ name, text })) }).imported.map((a) => a.id);
  ARTICLES.forEach((a, i) => db.prepare('UPDATE articles SET source = ? WHERE id = ?').run(a.source, ids[i]));
  const labelId = new Map(service.listLabels({}).map((l) => [l.key, l.id]));
  for (const [who, spans] of Object.entries(LAYERS)) {
    for (const [article, label, quote] of spans) {
      const text = ARTICLES[article]!.text;
      const start = text.indexOf(quote);
      putSpan(db, who, ids[article]!, labelId.get(label)!, text, start, start + quote.length);
    }
  }
  app = new WorkbenchPage(page);
  await app.goto(host.url);
});
test.afterEach(async () => {
  expect(app.consoleErrors).toEqual([]);
  await host.close();
});

async function cliFigures(a: string, b: string): Promise<AgreementFigure[]> {
  let out = '';
  const code = await runCli(['agreement', '--a', a, '--b', b, '--json', '--db', host.dbPath], { out: (t) => (out += t), err: () => {}, env: {} });
  expect(code).toBe(0);
  return JSON.parse(out) as AgreementFigure[];
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(3));

test('the dashboard shows the CLI’s figures, every pair, the confusion matrix, and the spans behind a number', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.getByRole('button', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  await expect(dashboard).toBeVisible();
  await dashboard.getByTestId('agreement-a').selectOption('bob');
  await dashboard.getByTestId('agreement-b').selectOption('gold');
  const figures = dashboard.getByTestId('agreement-figures');
  await expect(dashboard.getByRole('heading', { name: /bob against gold/ })).toBeVisible();
  // The heading says which rows count which articles: F1 every article either side tagged, κ and α only the shared ones.
  await expect(dashboard.getByRole('heading', { name: /bob against gold/ })).toContainText(
    /the F1 rows count spans in all of them, κ and α only in the \d+ tagged by both/,
  );

  // Every figure on screen equals what `workbench agreement --json` prints for the same pair.
  for (const figure of await cliFigures('bob', 'gold')) {
    const row = figures.locator(`tr[data-metric="${figure.metric}"]`);
    const overall = 'value' in figure ? figure.value : figure.f1;
    await expect(row.locator('td[data-label="(all)"] .figure')).toHaveText(fmt(overall));
    for (const [label, v] of Object.entries(figure.by_label)) {
      const value = typeof v === 'number' || v === null ? v : v.f1;
      await expect(row.locator(`td[data-label="${label}"] .figure`)).toHaveText(fmt(value));
    }
  }

  await page.screenshot({ path: 'test-results/agreement-dashboard.png' });

  // The pairwise matrix holds every ordered pair; picking a cell compares that pair.
  const matrix = dashboard.getByTestId('pairwise-matrix');
  await expect(matrix.locator('tbody tr')).toHaveCount(3);
  await matrix.getByTitle('ana · gold').click();
  await expect(dashboard.getByRole('heading', { name: /ana against gold/ })).toBeVisible();
  const anaGold = await cliFigures('ana', 'gold');
  const exact = anaGold.find((f) => f.metric === 'exact')!;
  await expect(figures.locator('tr[data-metric="exact"] td[data-label="(all)"] .figure')).toHaveText(fmt('f1' in exact ? exact.f1 : null));

  // A confusion cell lists the spans behind it: gold's casualty figure that ana has nothing over.
  await dashboard.getByTestId('confusion-matrix').getByTitle('(none) · Casualty figure').click();
  const drill = dashboard.getByTestId('agreement-drill');
  await expect(drill).toContainText('twenty-three ships');

  // A label's figure lists both sides' spans of that label with their match.
  await figures.locator('tr[data-metric="exact"] td[data-label="propaganda_framing"] button').click();
  await expect(drill.locator('tbody tr')).toHaveCount(2);
  await expect(drill).toContainText('a humiliation of the whole region');
  await page.screenshot({ path: 'test-results/agreement-drill.png' });
});
