import { expect, test } from '@playwright/test';
import { screenshotIfAsked, useSampleWorkbench } from './support/article-session';

test.use({ viewport: { width: 1400, height: 900 } });

const session = useSampleWorkbench(test);
const shot = screenshotIfAsked;

test('deleted articles wait in the trash: restore one, then remove the rest for good only after a second confirmation', async ({ page }) => {
  const service = session.host.workbench.service;
  const samples = service.listArticles({});
  const labelId = service.listLabels({})[0]!.id;
  service.createAnnotation({ articleId: samples[0]!.id, labelId, start: 0, end: 8 });
  service.deleteArticles({ ids: samples.map((a) => a.id) });
  await page.reload();
  await expect(page.getByText('No articles yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Trash…' }).click();
  const trash = page.getByTestId('trash-list');
  await expect(trash.locator('tbody tr')).toHaveCount(3);
  await expect(trash).toContainText(samples[0]!.title);
  await page.getByLabel(`Choose “${samples[1]!.title}”`).check();
  await shot(page, '11-trash');

  await page.getByRole('button', { name: `Restore “${samples[0]!.title}”` }).click();
  await expect(trash.locator('tbody tr')).toHaveCount(2);
  await expect(session.app.articleItems()).toHaveCount(1);
  expect(service.listAnnotations({ articleId: samples[0]!.id })).toHaveLength(1);

  await page.getByRole('button', { name: 'Empty trash…' }).click();
  await expect(page.getByTestId('purge-warning')).toContainText('This cannot be undone.');
  await shot(page, '12-trash-confirm');
  // Backing out removes nothing.
  await page.getByRole('button', { name: 'Keep them in the trash' }).click();
  await expect(trash.locator('tbody tr')).toHaveCount(2);
  expect(service.listDeletedArticles({})).toHaveLength(2);

  await page.getByRole('button', { name: 'Empty trash…' }).click();
  await page.getByTestId('confirm-purge').click();
  await expect(page.getByTestId('trash-empty')).toBeVisible();
  expect(service.listDeletedArticles({})).toEqual([]);
  expect(service.listArticles({}).map((a) => a.id)).toEqual([samples[0]!.id]);
});

test('the span table sorts casualty values as numbers and filters by category, by value and by a claim source', async ({ page }) => {
  const service = session.host.workbench.service;
  const labels = service.listLabels({});
  const casualty = labels.find((l) => l.key === 'casualty_figure')!;
  const claim = labels.find((l) => l.key === 'claim')!;
  const [a, b] = service.listArticles({});
  const text = service.getArticle({ id: a!.id }).text;
  const figures: [number, string][] = [
    [9, 'killed'],
    [1200, 'killed'],
    [80, 'wounded'],
    [250, 'killed'],
  ];
  figures.forEach(([value, category], i) =>
    service.createAnnotation({ articleId: a!.id, labelId: casualty.id, start: i * 10, end: i * 10 + 6, attributes: { value, category } }),
  );
  service.createAnnotation({ articleId: b!.id, labelId: claim.id, start: 0, end: 12, attributes: { source: 'Yuri Ushakov' } });
  service.createAnnotation({ articleId: b!.id, labelId: claim.id, start: 20, end: 30, attributes: { source: 'Dmitry Peskov' } });
  await page.reload();

  await page.getByRole('button', { name: 'Span table' }).click();
  await page.getByLabel('Label', { exact: true }).selectOption(String(casualty.id));
  await expect(page.getByTestId('span-count')).toHaveText('4 spans');
  await page.getByRole('button', { name: 'Value' }).click();
  await page.getByRole('button', { name: 'Value' }).click();
  const values = page.locator('.corpus-span-row [data-attr="value"]');
  await expect(values).toHaveText(['1,200', '250', '80', '9']);
  await page.getByLabel('Category').selectOption('killed');
  await page.getByLabel('Value', { exact: true }).fill('>= 100');
  await expect(page.getByTestId('span-count')).toHaveText('2 spans');
  await expect(values).toHaveText(['1,200', '250']);
  await shot(page, '13-span-table-filtered');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream().then(
    (stream) =>
      new Promise<string>((resolve) => {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => resolve(data));
      }),
  );
  const [head, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
  expect(head).toContain('"article_id","article_title","article_source","start","end","offset_unit"');
  expect(first).toContain(`"${a!.id}"`);
  expect(first).toContain('"10","16","utf16"');
  expect(text.slice(10, 16)).toBe(service.listSpans({ labelId: casualty.id, attributes: { value: '1200' } })[0]!.quote);

  await page.getByLabel('Label', { exact: true }).selectOption(String(claim.id));
  await page.getByLabel('Source / speaker').fill('ushakov');
  await expect(page.getByTestId('span-count')).toHaveText('1 span');
  await expect(page.locator('.corpus-span-row')).toContainText('Yuri Ushakov');
});

test('a large import goes through once: each file sent a single time, nothing stored while one record is bad', async ({ page }) => {
  session.app.allowConsoleError(/status of 400/);
  const calls: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(\w+)$/.exec(r.url());
    if (m && /import/i.test(m[1]!)) calls.push(m[1]!);
  });
  const files = Array.from({ length: 60 }, (_, i) => ({
    name: `report-${i}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Report ${i} from the port\n\nNegotiators met for round ${i} of the talks on Thursday, officials said.\n`),
  }));
  const bad = { name: 'late.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"text": "fine"}\n{"text": 5}\n') };

  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles([...files, bad]);
  await expect(page.getByTestId('import-summary')).toContainText('Nothing was imported.');
  await expect(page.getByTestId('import-summary')).toContainText('late.jsonl, line 2');
  expect(session.host.workbench.service.listArticles({})).toHaveLength(3);
  expect(calls).toEqual(['stageImport', 'stageImport', 'stageImport', 'commitImport']);

  calls.length = 0;
  await page.getByLabel('Skip bad files and records').check();
  await page.getByTestId('import-input').setInputFiles([...files, bad]);
  await expect(page.getByTestId('import-summary')).toContainText('61 imported, 0 skipped, 1 failed');
  expect(calls.filter((c) => c === 'stageImport')).toHaveLength(3);
  expect(calls).not.toContain('importFiles');
  expect(session.host.workbench.service.listArticles({})).toHaveLength(64);
});
