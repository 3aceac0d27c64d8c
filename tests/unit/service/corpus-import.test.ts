import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchService } from '../../../src/main/service/workbench-service';
import { getOriginal } from '../../../src/main/store/articles';
import { catchWorkbenchError, makeClock, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

const file = (name: string, content: string | Uint8Array) => ({
  name,
  base64: Buffer.from(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64'),
});
const PAGES = join(__dirname, '../../fixtures/pages');

describe('importFiles: one pipeline for every kind of file', () => {
  it('imports a saved web page with its metadata and keeps the HTML compressed beside it', () => {
    const html = readFileSync(join(PAGES, 'harbour-gazette.html'));
    const { imported } = wb.service.importFiles({ files: [file('harbour.html', html)] });
    expect(imported).toHaveLength(1);
    const a = imported[0]!;
    expect(a).toMatchObject({
      title: 'Velmora truce extended by five days as mediators report progress',
      source: 'The Harbour Gazette',
      url: 'https://harbour-gazette.example/world/velmora-truce-extended',
      author: 'Ines Marlow',
      publishedAt: '2025-04-08T09:15:00+01:00',
      language: 'en',
      status: 'new',
    });
    const article = wb.service.getArticle({ id: a.id });
    expect(article.text.startsWith('Negotiators extended the truce')).toBe(true);
    expect(article.text).not.toMatch(/cookies|Most read|Share on/);
    const original = getOriginal(wb.db, a.id)!;
    expect(original.mediaType).toBe('text/html');
    expect(original.bytes.length).toBeLessThan(html.length);
    expect(Buffer.compare(gunzipSync(original.bytes), html)).toBe(0);
  });

  it('imports a Windows-1251 file readable, recording the encoding found', () => {
    const text = 'Стороны обменялись 75 пленными в субботу, сообщил посреднический комитет. Это первый обмен с начала января.\n';
    const { imported } = wb.service.importFiles({ files: [file('obmen.txt', iconv.encode(text, 'windows-1251'))] });
    const article = wb.service.getArticle({ id: imported[0]!.id });
    expect(article.text).toBe(text);
    expect(article.meta).toMatchObject({ encoding: 'windows-1251', encodingDetectedBy: 'chardet' });
    expect(article.language).toBe('ru');
  });

  it('refuses the whole import when one file cannot be decoded, and leaves the database as it was', () => {
    const before = wb.service.listArticles({}).length;
    const error = catchWorkbenchError(
      () =>
        wb.service.importFiles({ files: [file('good.txt', 'A fine headline here\n\nBody.'), file('bad.txt', new Uint8Array([0x41, 0xff, 0xfe, 0x00, 0x13]))] }),
      'invalid_input',
    );
    expect(error.message).toContain('bad.txt');
    expect(wb.service.listArticles({})).toHaveLength(before);
  });

  it('lists every bad JSONL record with its line and imports nothing, unless asked to skip them', () => {
    const jsonl = [
      JSON.stringify({ text: 'First good record text.', title: 'One', source: 'Wire', published_at: '2025-03-01', language: 'en' }),
      '{"text": "broken',
      '',
      JSON.stringify({ title: 'no text here' }),
      JSON.stringify({ text: 'Second good record.', language: 'English' }),
      JSON.stringify({ text: 'Third good record.', meta: { desk: 'east' } }),
    ].join('\n');
    const error = catchWorkbenchError(() => wb.service.importFiles({ files: [file('batch.jsonl', jsonl)] }), 'invalid_input');
    const problems = (error.details as { problems: { file: string; line: number; reason: string }[] }).problems;
    expect(problems.map((p) => p.line)).toEqual([2, 4, 5]);
    expect(problems[0]!.reason).toMatch(/^bad JSON/);
    expect(problems[1]!.reason).toMatch(/no text/);
    expect(problems[2]!.reason).toMatch(/language/);
    expect(wb.service.listArticles({})).toHaveLength(0);

    const result = wb.service.importFiles({ files: [file('batch.jsonl', jsonl)], skipInvalid: true });
    expect(result.imported.map((a) => a.title)).toEqual(['One', 'Third good record']);
    expect(result.imported[0]).toMatchObject({ source: 'Wire', publishedAt: '2025-03-01', language: 'en' });
    expect(result.failed.map((f) => [f.name, f.line])).toEqual([
      ['batch.jsonl', 2],
      ['batch.jsonl', 4],
      ['batch.jsonl', 5],
    ]);
    expect(wb.service.getArticle({ id: result.imported[1]!.id }).meta).toMatchObject({ desk: 'east', line: 6 });
  });

  it('skips and names duplicates; a changed version of a page from the same URL is a new article linked to the old', () => {
    const page = (body: string) =>
      `<html><head><link rel="canonical" href="https://n.example/story"><meta property="og:title" content="Story headline"></head><body><article>${body}</article></body></html>`;
    const paragraph = '<p>The mediators said the talks would continue next week in the neutral town, after two days of meetings.</p>';
    const first = wb.service.importFiles({ files: [file('v1.html', page(paragraph.repeat(3)))] }).imported[0]!;
    const again = wb.service.importFiles({ files: [file('v1-copy.html', page(paragraph.repeat(3)))] });
    expect(again.imported).toHaveLength(0);
    expect(again.skipped).toEqual([{ name: 'v1-copy.html', reason: 'already imported as “Story headline”' }]);
    const second = wb.service.importFiles({ files: [file('v2.html', page(`${paragraph.repeat(3)}<p>Update: the talks were postponed.</p>`))] }).imported[0]!;
    expect(second.previousVersionId).toBe(first.id);
    expect(second.id).not.toBe(first.id);
  });

  it('removes page clutter from plain text line by line, keeping the original file and a list of removed lines', () => {
    const text =
      'News Feed\n\nTalks resume in Lisk, mediators say\n\n2 min read\nTalks resume in Lisk, mediators say\nDelegates at the table. (Piet Hallan / AFP via Getty Images)\n\nTalks resumed on Monday.\n\nRead more\nShow More\n';
    const { imported } = wb.service.importFiles({ files: [file('lisk.txt', text)] });
    const article = wb.service.getArticle({ id: imported[0]!.id });
    expect(article.title).toBe('Talks resume in Lisk, mediators say');
    expect(article.text).toBe('Talks resume in Lisk, mediators say\n\nTalks resumed on Monday.\n');
    expect((article.meta.removedLines as unknown[]).length).toBe(6);
    expect(gunzipSync(getOriginal(wb.db, article.id)!.bytes).toString('utf8')).toBe(text);
    const verbatim = wb.service.importFiles({ files: [file('lisk-raw.txt', text)], verbatim: true });
    expect(wb.service.getArticle({ id: verbatim.imported[0]!.id }).text).toBe(text);
  });

  it('imports a page fetched from a URL through the same pipeline', async () => {
    const service = new WorkbenchService(wb.db, {
      host: 'browser',
      appVersion: 't',
      defaultAnnotator: 't',
      now: makeClock(),
      fetchPage: (url) =>
        Promise.resolve({ name: 'story', url, contentType: 'text/html; charset=utf-8', bytes: readFileSync(join(PAGES, 'lisk-herald-ru.html')) }),
    });
    const result = await service.importUrl({ url: 'https://lisk-vestnik.example/news/2025/01/18/obmen?from=feed' });
    expect(result.imported[0]).toMatchObject({
      title: 'В Лиске прошёл обмен пленными',
      language: 'ru',
      url: 'https://lisk-vestnik.example/news/2025/01/18/obmen',
    });
    expect(service.getArticle({ id: result.imported[0]!.id }).meta).toMatchObject({
      fetchedFrom: 'https://lisk-vestnik.example/news/2025/01/18/obmen?from=feed',
    });
    await expect(service.importUrl({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('the five reports analysts tried (../shared/corpus)', () => {
  const dir = join(__dirname, '../../../../shared/corpus');
  const present = existsSync(dir);
  if (!present) console.warn(`skipping the shared corpus check: ${dir} is not beside this checkout`);
  it.runIf(present)('import with headlines (or the file name), no page clutter, and the machine translation recorded', () => {
    const files = readdirSync(dir)
      .sort()
      .map((name) => file(name, readFileSync(join(dir, name))));
    const { imported } = wb.service.importFiles({ files });
    expect(imported.map((a) => a.title)).toEqual([
      "Russia 'not losing hope' ahead of planned Putin-Trump call, top Putin aide says",
      '001 58c415638910ba37',
      '002 2a5d29e8bbda3e10',
      'Putin, Trump to meet in the coming days, Moscow says',
      'Trump and Putin to Speak Tuesday About Ukraine War',
    ]);
    expect(imported[1]!.machineTranslatedFrom).toBe('ru');
    for (const a of imported) {
      const text = wb.service.getArticle({ id: a.id }).text;
      expect(text).not.toMatch(/Skip to main content|Озвучить текст|News Feed|Read more|Show More|Photo:|Getty Images|Subscribe to get|A Message from/);
    }
  });
});
