import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRICKY_TEXT } from '../fixtures/tricky-text';
import { WorkbenchPage } from './support/workbench-page';
import { startTestHost, type TestHost } from './support/workbench-host';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

let host: TestHost;
test.beforeEach(async () => {
  host = await startTestHost({ samples: true });
});
test.afterEach(async () => {
  await host.close();
});

test('the article list shows the sample articles and a fresh import, with titles and counts', async ({ page }) => {
  host.workbench.service.importArticles({ files: [{ name: 'tricky.txt', text: TRICKY_TEXT }] });
  const app = new WorkbenchPage(page);
  await app.goto(host.url);
  const stored = host.workbench.service.listArticles({});
  await expect(app.articleItems()).toHaveCount(stored.length);
  for (const article of stored) await expect(app.articleItems().filter({ hasText: article.title })).toHaveCount(1);
  await expect(app.articleItems().first()).toContainText('0 spans');
  expect(app.consoleErrors).toEqual([]);
});

test('the start screen lists the shortcuts on ?, and the address opened in a new tab works without its token', async ({ page, context }) => {
  const app = new WorkbenchPage(page);
  await app.goto(host.url);
  // The token left the address bar as the page opened.
  expect(page.url()).not.toContain('token=');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

  const other = new WorkbenchPage(await context.newPage());
  await other.goto(page.url());
  await expect(other.articleItems()).toHaveCount(host.workbench.service.listArticles({}).length);
  expect(other.consoleErrors).toEqual([]);
  expect(app.consoleErrors).toEqual([]);
});

test('an opened article shows the stored text exactly: BOM, CRLF, emoji, flags, combining marks, Cyrillic, Arabic', async ({ page }) => {
  const { imported } = host.workbench.service.importArticles({ files: [{ name: 'tricky.txt', text: TRICKY_TEXT }] });
  const article = imported[0]!;
  const app = new WorkbenchPage(page);
  await app.goto(host.url);
  await app.openArticle(article.title);

  const blocks = await app.blocks();
  // Each line shows exactly the stored characters at its offsets...
  for (const b of blocks) expect(b.text).toBe(TRICKY_TEXT.slice(b.start, b.end));
  // ...and lines plus the line terminators between them rebuild the stored text.
  let rebuilt = '';
  for (let i = 0; i < blocks.length; i++) {
    rebuilt += blocks[i]!.text;
    const next = blocks[i + 1];
    rebuilt += TRICKY_TEXT.slice(blocks[i]!.end, next ? next.start : TRICKY_TEXT.length);
    if (next) expect(TRICKY_TEXT.slice(blocks[i]!.end, next.start)).toMatch(/^(\r\n|\r|\n)$/);
  }
  expect(rebuilt).toBe(TRICKY_TEXT);
  expect(blocks[0]!.text.startsWith('\uFEFF')).toBe(true);

  // What a reader sees: the rendered text (line breaks normalised) equals the stored text.
  const shown = await app.textRoot().evaluate((el) => (el as HTMLElement).innerText);
  const normalise = (s: string): string => s.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  expect(normalise(shown).replace(/\n+/g, '\n')).toBe(normalise(TRICKY_TEXT).replace(/\n+/g, '\n'));

  expect(app.consoleErrors).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'tricky-article.png') });
});

test('the API refuses calls without the token and from a foreign origin', async ({ request }) => {
  const base = `http://127.0.0.1:${host.host.port}`;
  const noToken = await request.post(`${base}/api/listArticles`, { data: {} });
  expect(noToken.status()).toBe(401);
  const wrongToken = await request.post(`${base}/api/listArticles`, { data: {}, headers: { 'X-Workbench-Token': 'nope' } });
  expect(wrongToken.status()).toBe(401);
  const foreign = await request.post(`${base}/api/listArticles`, {
    data: {},
    headers: { 'X-Workbench-Token': host.host.token, Origin: 'http://evil.example' },
  });
  expect(foreign.status()).toBe(403);
  const ok = await request.post(`${base}/api/listArticles`, { data: {}, headers: { 'X-Workbench-Token': host.host.token } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).ok).toBe(true);
});

test('the CLI imports, serves and lists the same database', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-cli-e2e-'));
  try {
    const db = join(dir, 'w.sqlite');
    const file = join(dir, 'article.txt');
    writeFileSync(file, 'Envoys meet in Geneva for a second round\n\nThe talks lasted six hours.\n');
    const bin = join(__dirname, '..', '..', 'bin', 'workbench.mjs');
    execFileSync(process.execPath, [bin, '--db', db, 'import', file]);
    const listed = execFileSync(process.execPath, [bin, 'list', '--db', db], { encoding: 'utf8' });
    expect(listed).toContain('Envoys meet in Geneva for a second round');

    const { spawn } = await import('node:child_process');
    const server = spawn(process.execPath, [bin, 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /^Workbench: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const app = new WorkbenchPage(page);
      await app.goto(url);
      await expect(app.articleItems().filter({ hasText: 'Envoys meet in Geneva' })).toHaveCount(1);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      server.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
