import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARABIC_WORD, CAFE_COMBINING, FLAG_UA, PILE_OF_POO, TRICKY_TEXT } from '../fixtures/tricky-text';
import { openArticleSession, SCREENSHOTS, type ArticleSession } from './support/article-session';
import type { WorkbenchPage } from './support/workbench-page';
import type { TestHost } from './support/workbench-host';

const BIN = join(__dirname, '..', '..', 'bin', 'workbench.mjs');

/** What Python's len(text[:i]) is for a JavaScript index i. */
const cp = (utf16: number): number => Array.from(TRICKY_TEXT.slice(0, utf16)).length;

let session: ArticleSession;
let host: TestHost;
let app: WorkbenchPage;
let articleId: string;

test.beforeEach(async ({ page }) => {
  session = await openArticleSession(page, 'tricky.txt', TRICKY_TEXT);
  ({ host, app, articleId } = session);
});
test.afterEach(async () => {
  await session.close();
});

function stored() {
  return host.workbench.service.listAnnotations({ articleId });
}

function labelId(key: string): number {
  return host.workbench.service.listLabels({}).find((l) => l.key === key)!.id;
}

test('tags with all four labels from the keyboard, overlapping, and exports exact code point offsets', async ({ page }) => {
  // 1 Claim: a partial selection snaps out to whole words and drops the surrounding space.
  const claimStart = TRICKY_TEXT.indexOf('2,500 soldiers');
  await app.selectOffsets(claimStart + 2, TRICKY_TEXT.indexOf(' missing') + 4);
  await page.keyboard.press('1');
  // 3 Casualty figure inside the claim.
  await app.selectText(TRICKY_TEXT, '2,500');
  await page.keyboard.press('3');
  // 4 Propaganda framing across a combining mark.
  await app.selectText(TRICKY_TEXT, `flag flew over the ${CAFE_COMBINING}`);
  await page.keyboard.press('4');
  // 2 Condition, exact characters (Alt), starting on a flag pair and overlapping the framing span.
  await app.selectText(TRICKY_TEXT, `${FLAG_UA} flag`);
  await page.keyboard.press('Alt+2');
  // Casualty figures in Cyrillic and Arabic text, and an exact span ending in an astral emoji.
  await app.selectText(TRICKY_TEXT, '200 \u043F\u043E\u0433\u0438\u0431\u0448\u0438\u0445');
  await page.keyboard.press('3');
  await app.selectText(TRICKY_TEXT, `${ARABIC_WORD} \u0625\u0646 15`);
  await page.keyboard.press('1');
  await app.selectText(TRICKY_TEXT, `missing ${PILE_OF_POO}`);
  await page.keyboard.press('Alt+4');
  await app.waitSaved();

  const spans = stored();
  expect(spans).toHaveLength(7);
  for (const s of spans) expect(s.quote).toBe(TRICKY_TEXT.slice(s.start, s.end));
  const quotes = spans.map((s) => s.quote);
  expect(quotes).toContain('2,500 soldiers are reported missing');
  expect(quotes).toContain(`${FLAG_UA} flag`);
  expect(quotes).toContain(`missing ${PILE_OF_POO}`);
  const casualty = spans.find((s) => s.quote === '2,500')!;
  expect(casualty.labelId).toBe(labelId('casualty_figure'));
  expect(casualty.attributes).toMatchObject({ value: 2500, category: 'missing' });

  // Every span is on screen, the overlaps as several ids on one mark.
  expect((await app.markIds()).sort()).toEqual(spans.map((s) => s.id).sort());
  expect(await page.locator('mark.span-mark-overlap').count()).toBeGreaterThan(0);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'tagged-tricky-article.png') });

  // The CLI export of the same database: code point offsets that Python slicing honours.
  const out = execFileSync(process.execPath, [BIN, 'export', '--db', host.dbPath, '--format', 'jsonl', '--out', '-'], { encoding: 'utf8' });
  const record = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .find((r) => r.id === articleId);
  expect(record.text).toBe(TRICKY_TEXT);
  expect(record.offset_unit).toBe('codepoint');
  expect(record.spans).toHaveLength(7);
  for (const span of record.spans) {
    const utf16 = spans.find((s) => s.id === span.id)!;
    expect(span.start).toBe(cp(utf16.start));
    expect(span.end).toBe(cp(utf16.end));
    expect(Array.from(record.text).slice(span.start, span.end).join('')).toBe(span.text);
  }
  const flag = record.spans.find((s: { text: string }) => s.text === `${FLAG_UA} flag`);
  expect(flag.end - flag.start).toBe(7); // two regional indicators, a space, four letters
});

test('keyboard selection, the overlap picker, attribute edits with validation, undo and redo, all survive a reload', async ({ page }) => {
  // Keyboard only: put the caret before "officials", extend with Shift+arrows, tag.
  const at = TRICKY_TEXT.indexOf('officials said');
  const pos = await app.centreOf(at, at + 1);
  await page.mouse.click(pos.x - 3, pos.y);
  for (let i = 0; i < 'officials said'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await app.waitSaved();
  expect(stored().map((s) => s.quote)).toEqual(['officials said']);

  // A nested casualty figure, then click where both spans cover the text: the picker offers both.
  await app.selectText(TRICKY_TEXT, '2,500 soldiers are reported missing');
  await page.keyboard.press('1');
  await app.selectText(TRICKY_TEXT, '2,500');
  await page.keyboard.press('3');
  await app.waitSaved();
  const figure = TRICKY_TEXT.indexOf('2,500');
  const spot = await app.centreOf(figure + 1, figure + 3);
  await page.mouse.click(spot.x, spot.y);
  const picker = page.getByRole('menu', { name: 'Spans here' });
  await expect(picker.getByRole('menuitem')).toHaveCount(2);
  await picker.getByRole('menuitem', { name: /Casualty figure/ }).click();
  const details = page.getByTestId('span-details');
  await expect(details.getByLabel('Value', { exact: true })).toHaveValue('2500');

  // Inline validation: a value that is not a number is refused before it is saved.
  await details.getByLabel('Value', { exact: true }).fill('many');
  await expect(details.getByRole('alert')).toContainText('whole number');
  await details.getByLabel('Value', { exact: true }).fill('2,600');
  await details.getByLabel('Value', { exact: true }).press('Enter');
  await details.getByLabel('Population').selectOption('military');
  await details.getByLabel('Side').fill('northern forces');
  await details.getByLabel('Side').press('Enter');
  await details.getByLabel('high').check();
  await app.waitSaved();
  const figureSpan = () => stored().find((s) => s.quote === '2,500')!;
  expect(figureSpan().attributes).toMatchObject({ value: 2600, population: 'military', side: 'northern forces', category: 'missing' });
  expect(figureSpan().confidence).toBe('high');

  // Undo the last three edits from the keyboard (focus back on the text), then redo one.
  await page.keyboard.press('Escape');
  await app.textRoot().focus();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await app.waitSaved();
  expect(figureSpan().confidence).toBeNull();
  expect(figureSpan().attributes.side).toBeUndefined();
  await page.keyboard.press('Control+Shift+z');
  await app.waitSaved();
  expect(figureSpan().attributes.side).toBe('northern forces');

  // Delete the claim with the keyboard and bring it back.
  const claim = stored().find((s) => s.quote === 'officials said')!;
  await page.getByTestId('span-list').locator(`[data-span-id="${claim.id}"]`).click();
  await page.keyboard.press('Delete');
  await app.waitSaved();
  expect(stored().some((s) => s.id === claim.id)).toBe(false);
  await page.keyboard.press('Control+z');
  await app.waitSaved();
  expect(stored().some((s) => s.id === claim.id)).toBe(true);

  // Relabel with a key and grow the end by a word.
  await page.keyboard.press('2');
  await page.keyboard.press(']');
  await app.waitSaved();
  const relabelled = stored().find((s) => s.id === claim.id)!;
  expect(relabelled.labelId).toBe(labelId('condition'));
  expect(relabelled.quote).toBe(TRICKY_TEXT.slice(relabelled.start, relabelled.end));
  expect(relabelled.quote).toBe('officials said \u201Cno');

  // Reload: everything is as it was, and undo still works (the history lives in the database).
  const before = stored();
  await page.reload();
  await app.waitForArticle();
  expect((await app.markIds()).sort()).toEqual(before.map((s) => s.id).sort());
  await page.getByTestId('span-list').locator(`[data-span-id="${figureSpan().id}"]`).click();
  await expect(details.getByLabel('Value', { exact: true })).toHaveValue('2600');
  await expect(details.getByLabel('Side')).toHaveValue('northern forces');
  await app.textRoot().focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await app.waitSaved();
  expect(stored().find((s) => s.id === claim.id)!.quote).toBe('officials said');
});

test('the shortcuts overlay opens with ? and closes with Escape', async ({ page }) => {
  await app.textRoot().focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Undo');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('exact selections anywhere in the tricky text, over existing overlapping marks, store exactly the selected offsets', async ({ page }) => {
  // Valid boundaries: never between the halves of a surrogate pair, never inside a line terminator.
  const boundaries: number[] = [];
  for (let i = 0; i <= TRICKY_TEXT.length; i++) {
    const inPair = i > 0 && /[\uD800-\uDBFF]/.test(TRICKY_TEXT[i - 1]!) && /[\uDC00-\uDFFF]/.test(TRICKY_TEXT[i] ?? '');
    const inCrlf = TRICKY_TEXT[i - 1] === '\r' && TRICKY_TEXT[i] === '\n';
    if (!inPair && !inCrlf) boundaries.push(i); // line starts and line ends included
  }
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const wanted: { start: number; end: number }[] = [];
  while (wanted.length < 25) {
    const a = boundaries[Math.floor(random() * boundaries.length)]!;
    const b = boundaries[Math.floor(random() * boundaries.length)]!;
    const start = Math.min(a, b);
    const end = Math.max(a, b);
    if (end - start < 1 || end - start > 60) continue;
    if (wanted.some((w) => w.start === start && w.end === end)) continue;
    wanted.push({ start, end });
  }
  for (const w of wanted) {
    await app.selectOffsets(w.start, w.end);
    await page.keyboard.press('Alt+1');
  }
  await app.waitSaved();
  const got = stored()
    .map((s) => ({ start: s.start, end: s.end }))
    .sort((x, y) => x.start - y.start || x.end - y.end);
  expect(got).toEqual([...wanted].sort((x, y) => x.start - y.start || x.end - y.end));
  for (const s of stored()) expect(s.quote).toBe(TRICKY_TEXT.slice(s.start, s.end));
  // And the view still shows the stored text, line by line.
  for (const b of await app.blocks()) expect(b.text).toBe(TRICKY_TEXT.slice(b.start, b.end));
});

test('the annotator name is recorded on new spans and shown in their details', async ({ page }) => {
  await page.getByRole('button', { name: /^Annotator:/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Annotator' });
  await dialog.getByRole('textbox').fill('Analyst B');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Annotator: Analyst B' })).toBeVisible();
  // The article reopens as the new annotator's view: wait for it before selecting.
  await app.waitForArticle();
  await app.selectText(TRICKY_TEXT, 'officials said');
  await page.keyboard.press('1');
  await app.waitSaved();
  expect(stored()[0]!.annotator).toBe('Analyst B');
  await expect(page.getByTestId('span-details')).toContainText('Analyst B');
});

test('text typed through an input method never changes the article, and offsets stay exact', async ({ page }) => {
  const at = TRICKY_TEXT.indexOf('flag flew');
  const pos = await app.centreOf(at, at + 1);
  await page.mouse.click(pos.x - 3, pos.y);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: '\u00B4', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: '\u00E9' });
  // And over a selection that spans two lines.
  await expect.poll(async () => (await app.blocks()).every((b) => b.text === TRICKY_TEXT.slice(b.start, b.end))).toBe(true);
  await app.selectOffsets(TRICKY_TEXT.indexOf('flag flew'), TRICKY_TEXT.indexOf('200 ') + 4);
  await cdp.send('Input.imeSetComposition', { text: 'x', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: 'x' });
  // The view shows the stored text again, line by line.
  await expect.poll(async () => (await app.blocks()).every((b) => b.text === TRICKY_TEXT.slice(b.start, b.end))).toBe(true);
  await app.selectText(TRICKY_TEXT, '2,500');
  await page.keyboard.press('Alt+3');
  await app.waitSaved();
  expect(stored().map((s) => s.quote)).toEqual(['2,500']);
  expect(host.workbench.service.getArticle({ id: articleId }).text).toBe(TRICKY_TEXT);
});

test('a mouse drag across a CRLF line break, a flag and an emoji snaps to the words the fixture says', async ({ page }) => {
  // Screen positions come from the view; what must be stored comes from the fixture alone.
  const from = TRICKY_TEXT.indexOf('reported missing');
  const to = TRICKY_TEXT.indexOf('flag flew') + 'fl'.length;
  const a = await app.centreOf(from + 2, from + 3);
  const b = await app.centreOf(to - 1, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  // A hand moves along the line first, then down, in small steps.
  await page.mouse.move(a.x - 6, a.y, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 25 });
  await page.mouse.up();
  await page.keyboard.press('1');
  await app.waitSaved();
  const expected = TRICKY_TEXT.slice(from, TRICKY_TEXT.indexOf('flag flew') + 'flag'.length);
  expect(expected).toContain('\r\n');
  expect(stored().map((s) => s.quote)).toEqual([expected]);
});

test('shortcuts follow the physical keys on a Cyrillic layout', async ({ page }) => {
  await app.selectText(TRICKY_TEXT, 'officials said');
  await page.keyboard.press('1');
  await app.selectText(TRICKY_TEXT, '2,500');
  await page.keyboard.press('3');
  await app.waitSaved();
  await page.keyboard.press('Escape');
  // What a Russian layout sends for the keys labelled J and Ctrl+Z.
  const press = (key: string, code: string, ctrlKey = false) =>
    page.evaluate(({ key, code, ctrlKey }) => window.dispatchEvent(new KeyboardEvent('keydown', { key, code, ctrlKey, bubbles: true })), {
      key,
      code,
      ctrlKey,
    });
  await press('\u043E', 'KeyJ');
  await expect(page.getByTestId('span-details')).toContainText('2,500');
  await press('\u044F', 'KeyZ', true);
  await app.waitSaved();
  expect(stored().map((s) => s.quote)).toEqual(['officials said']);
});

test('typing in a details field saves as you type, keeps inner spaces, and Escape leaves the field keeping the value', async ({ page }) => {
  await app.selectText(TRICKY_TEXT, 'officials said');
  await page.keyboard.press('1');
  await app.waitSaved();
  const source = page.getByTestId('span-details').getByLabel('Source / speaker');
  await source.click();
  await page.keyboard.type('Ministry ');
  await expect.poll(() => stored()[0]!.attributes.source).toBe('Ministry'); // saved while typing
  await page.keyboard.type('of Defence');
  await expect.poll(() => stored()[0]!.attributes.source).toBe('Ministry of Defence');
  await expect(source).toHaveValue('Ministry of Defence');
  await app.waitSaved();
  await page.keyboard.press('Escape');
  await app.waitSaved();
  await expect(source).toHaveValue('Ministry of Defence');
  expect(stored()[0]!.attributes.source).toBe('Ministry of Defence');
  // Escape also took the focus back to the text, where the keys work again.
  await expect(app.textRoot()).toBeFocused();
});

test('after tagging, the caret waits at the end of the new span so Shift+arrows continue from there', async ({ page }) => {
  await app.selectText(TRICKY_TEXT, 'officials said');
  await page.keyboard.press('1');
  for (let i = 0; i < ' \u201Cno'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Alt+2');
  await app.waitSaved();
  expect(stored().map((s) => s.quote)).toEqual(['officials said', ' \u201Cno']);
});
