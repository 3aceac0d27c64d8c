import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import type { ArticleSummary } from '../../src/shared/domain';
import { makeTempDir } from '../helpers/workbench';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env });
  return { code, out, err };
}

let temp: ReturnType<typeof makeTempDir>;
let db: string;
let dir: string;
const RUSSIAN = 'Стороны обменялись 75 пленными в субботу, сообщил посреднический комитет. Это первый обмен с начала января.\n';

beforeEach(() => {
  temp = makeTempDir('workbench-cli-corpus-');
  db = join(temp.dir, 'workbench.sqlite');
  dir = join(temp.dir, 'saved');
  mkdirSync(join(dir, 'pages', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'pages', 'deeper', 'harbour.html'), readFileSync(join(__dirname, '../fixtures/pages/harbour-gazette.html')));
  writeFileSync(join(dir, 'pages', 'wire.htm'), readFileSync(join(__dirname, '../fixtures/pages/eastern-wire.html')));
  writeFileSync(join(dir, 'obmen-1251.txt'), iconv.encode(RUSSIAN, 'windows-1251'));
  writeFileSync(join(dir, 'notes.pdf'), '%PDF-1.4');
});
afterEach(() => temp.cleanup());

async function list(): Promise<ArticleSummary[]> {
  return JSON.parse((await cli(['list', '--json', '--db', db])).out) as ArticleSummary[];
}

describe('workbench import: folders, web pages, encodings, JSONL', () => {
  it('imports a folder recursively: web pages with their metadata, a Windows-1251 file readable; other files are left alone', async () => {
    const run = await cli(['import', dir, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/3 imported, 0 skipped\n$/);
    expect(run.err).toContain('1 file in the folders are not importable types and were left alone');
    const articles = await list();
    expect(articles.map((a) => a.title).sort()).toEqual([
      'Overnight strikes cut power to 200,000 homes',
      'Velmora truce extended by five days as mediators report progress',
      'obmen 1251',
    ]);
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      const russian = wb.service.getArticle({ id: articles.find((a) => a.title === 'obmen 1251')!.id });
      expect(russian.text).toBe(RUSSIAN);
      expect(russian.meta).toMatchObject({ encoding: 'windows-1251', encodingDetectedBy: 'chardet' });
    } finally {
      wb.close();
    }
  });

  it('decodes with --encoding, and rejects an unknown encoding name as a usage error', async () => {
    const koi = join(temp.dir, 'koi.txt');
    writeFileSync(koi, iconv.encode('Короткий текст.\n', 'koi8-r'));
    expect((await cli(['import', koi, '--db', db])).code).toBe(1); // too short to tell by itself
    const run = await cli(['import', koi, '--encoding', 'koi8-r', '--db', db]);
    expect(run.code).toBe(0);
    const bad = await cli(['import', koi, '--encoding', 'klingon', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown encoding “klingon”/);
  });

  it('lists every bad JSONL record with its line and imports nothing; --skip-invalid imports the rest and lists the failures', async () => {
    const file = join(temp.dir, 'batch.jsonl');
    writeFileSync(
      file,
      [JSON.stringify({ text: 'Good one.', title: 'Good one' }), '{oops', JSON.stringify({ text: 42 }), JSON.stringify({ text: 'Good two.' })].join('\n'),
    );
    const strict = await cli(['import', file, '--db', db]);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain(`${file} line 2: bad JSON`);
    expect(strict.err).toContain(`${file} line 3:`);
    expect(strict.err).toContain('--skip-invalid');
    const skipping = await cli(['import', file, '--skip-invalid', '--db', db]);
    expect(skipping.code).toBe(0);
    expect(skipping.out).toMatch(/2 imported, 0 skipped, 2 failed\n$/);
    expect(skipping.out).toContain(`failed    ${file}:2: bad JSON`);
    expect((await list()).map((a) => a.title)).toEqual(['Good one', 'batch line 4']);
  });

  it('names every format it reads for an unknown one, as a usage error', async () => {
    const run = await cli(['import', join(dir, 'obmen-1251.txt'), '--format', 'frobnitz', '--db', db]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/unknown import format “frobnitz”; import reads auto, text, html, jsonl, json, .*prodigy.*labelstudio.*brat.*ptc/);
  });
});

describe('workbench import of a large folder (plain texts finished in a worker thread while earlier ones are stored)', () => {
  /** 700 texts (past the size from which the CLI starts the worker): prose, page clutter, Windows-1251, duplicates, an empty file. */
  function writeFolder(bad?: string): string {
    const folder = join(temp.dir, 'many');
    mkdirSync(folder);
    for (let i = 0; i < 700; i++) {
      const name = join(folder, `report-${String(i).padStart(3, '0')}.txt`);
      if (i % 100 === 50) writeFileSync(name, iconv.encode(RUSSIAN, 'windows-1251'));
      else if (i === 699) writeFileSync(name, '');
      else if (i % 100 === 99) writeFileSync(name, `Report ${i - 1}\n\nThe convoy reached the port on day ${i - 1} and officials said the ceasefire held.\n`);
      else
        writeFileSync(
          name,
          `Report ${i}\n\nThe convoy reached the port on day ${i} and officials said the ceasefire held.\n${i % 7 === 0 ? '\nRead more\nShow More\n' : ''}`,
        );
    }
    if (bad) writeFileSync(join(folder, bad), new Uint8Array([0x66, 0x6f, 0xff, 0xfe, 0x00, 0xd8, 0x41]));
    return folder;
  }

  it('stores every article in file order with its metadata, and names the duplicates and the empty file', async () => {
    // The worker whatever this machine's cores (it is used unasked from 4).
    const run = await cli(['import', writeFolder(), '--db', db, '--quiet'], { WORKBENCH_IMPORT_THREADS: '2' });
    expect(run.code).toBe(0);
    // 12 duplicates (report-099, 199, ... 599 repeat the report before them; six Windows-1251 files repeat report-050), 1 empty.
    expect(run.out).toMatch(/\n687 imported, 13 skipped\n$/);
    expect(run.out).toContain('skipped   ' + join(temp.dir, 'many', 'report-099.txt') + ': ');
    expect(run.out).toMatch(/skipped {3}\S+report-699\.txt: the file is empty/);
    const imported = [...run.out.matchAll(/^imported {2}\S+ {2}(.*)$/gm)].map((m) => m[1]);
    expect(imported[0]).toBe('report 000');
    expect(imported.at(-1)).toBe('report 698');
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      const articles = wb.service.listArticles({});
      expect(articles).toHaveLength(687);
      const cluttered = wb.service.getArticle({ id: articles.find((a) => a.title === 'report 007')!.id });
      expect(cluttered.text).toBe('Report 7\n\nThe convoy reached the port on day 7 and officials said the ceasefire held.\n');
      expect(cluttered.meta).toMatchObject({ removedLines: [{ text: 'Read more' }, { text: 'Show More' }] });
      const russian = wb.service.getArticle({ id: articles.find((a) => a.title === 'report 050')!.id });
      expect(russian).toMatchObject({ text: RUSSIAN, language: 'ru', meta: { encoding: 'windows-1251' } });
    } finally {
      wb.close();
    }
  });

  it('refuses the whole folder, naming the file, when one file cannot be decoded: nothing is stored', async () => {
    const run = await cli(['import', writeFolder('report-350-broken.txt'), '--db', db, '--quiet'], { WORKBENCH_IMPORT_THREADS: '2' });
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/nothing was imported: 1 bad file.*report-350-broken\.txt/);
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      expect(wb.service.listArticles({})).toHaveLength(0);
    } finally {
      wb.close();
    }
  });
});

describe('workbench search and article', () => {
  it('finds phrases, numbers however written, span notes; sets metadata; deletes and restores', async () => {
    const file = join(temp.dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ text: 'Toll claimed\n\nEach week brings 2,500 soldier deaths. Officials of the Kiev regime denied it.', title: 'Toll claimed' }),
        JSON.stringify({ text: 'Regime talk\n\nUshakov said the regime Kiev built would fall.', title: 'Regime talk' }),
      ].join('\n'),
    );
    await cli(['import', file, '--db', db]);
    const [toll, regime] = await list();
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
      wb.service.createAnnotation({ articleId: regime!.id, labelId: claim.id, start: 13, end: 20, note: 'a framing worth flagging' });
    } finally {
      wb.close();
    }
    const numbers = await cli(['search', '2500', '--db', db]);
    expect(numbers.code).toBe(0);
    expect(numbers.out).toContain(`${toll!.id}  Toll claimed  (1 match)`);
    expect(numbers.out).toContain('[2,500]');
    const phrase = await cli(['search', '"regime Kiev"', '--json', '--db', db]);
    expect((JSON.parse(phrase.out) as { articles: { article: { id: string } }[] }).articles.map((a) => a.article.id)).toEqual([regime!.id]);
    const note = await cli(['search', 'framing', '--label', 'Claim', '--db', db]);
    expect(note.out).toMatch(/Claim {2}“Ushakov” {2}in Regime talk {2}note: a framing worth flagging/);
    const badLabel = await cli(['search', 'x', '--label', 'nope', '--db', db]);
    expect(badLabel.code).toBe(1);

    const set = await cli([
      'article',
      'set',
      toll!.id,
      '--source',
      'Kyiv Independent',
      '--language',
      'en',
      '--published',
      '2025-03-18',
      '--status',
      'done',
      '--tag',
      'calls',
      '--db',
      db,
    ]);
    expect(set.code).toBe(0);
    expect(set.out).toContain('source Kyiv Independent · url - · published 2025-03-18 · language en · status done · tags calls');
    expect((await cli(['article', 'set', toll!.id, '--language', 'English', '--db', db])).code).toBe(1);

    const del = await cli(['article', 'delete', toll!.id, '--db', db]);
    expect(del.out).toContain('deleted 1 article with 0 spans');
    expect((await list()).map((a) => a.id)).toEqual([regime!.id]);
    expect((await cli(['article', 'restore', toll!.id, '--db', db])).out).toContain(`restored  ${toll!.id}  Toll claimed`);
    expect(await list()).toHaveLength(2);
  });
});

describe('workbench article trash | purge', () => {
  it('lists the trash, refuses to purge without --yes, then removes for good only what is in the trash', async () => {
    const file = join(temp.dir, 'b.jsonl');
    writeFileSync(
      file,
      ['Ceasefire holds in the port', 'Convoy reaches the border', 'Talks resume on Thursday'].map((text) => JSON.stringify({ text, title: text })).join('\n'),
    );
    await cli(['import', file, '--db', db]);
    const [a, b, c] = await list();
    expect((await cli(['article', 'trash', '--db', db])).out).toBe('The trash is empty.\n');
    await cli(['article', 'delete', a!.id, b!.id, '--db', db]);
    const trash = await cli(['article', 'trash', '--db', db]);
    expect(trash.out).toMatch(new RegExp(`${a!.id}  deleted \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  0 spans  Ceasefire holds in the port`));
    expect(trash.out).toContain('2 articles in the trash');

    const unconfirmed = await cli(['article', 'purge', '--all', '--db', db]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.out).toContain(`would remove  ${b!.id}`);
    expect(unconfirmed.err).toMatch(/nothing was removed: .*permanent.*--yes/);
    expect((await cli(['article', 'trash', '--db', db])).out).toContain('2 articles in the trash');

    const live = await cli(['article', 'purge', c!.id, '--yes', '--db', db]);
    expect(live.code).toBe(1);
    expect(live.err).toContain('not in the trash');

    const purged = await cli(['article', 'purge', a!.id, '--yes', '--db', db]);
    expect(purged.code).toBe(0);
    expect(purged.out).toContain('removed 1 article and 0 spans for good');
    expect((await cli(['article', 'restore', a!.id, '--db', db])).code).toBe(1);
    expect((await cli(['article', 'purge', '--all', '--yes', '--db', db])).out).toContain(`removed  ${b!.id}  Convoy reaches the border`);
    expect((await list()).map((x) => x.id)).toEqual([c!.id]);
  });
});
