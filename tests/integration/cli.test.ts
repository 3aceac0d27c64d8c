import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { APP_VERSION, openWorkbench } from '../../src/main/open-workbench';
import type { ArticleSummary } from '../../src/shared/domain';
import type { JsonlRecord } from '../../src/shared/formats/jsonl';
import { makeTempDir } from '../helpers/workbench';
import { LINE_SEPARATOR_TEXT, PLAIN_TEXT, TRICKY_TEXT, codePointSlice } from '../fixtures/tricky-text';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, untilStopped?: () => Promise<void>): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
    ...(untilStopped ? { untilStopped } : {}),
  });
  return { code, out, err };
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let temp: ReturnType<typeof makeTempDir>;
let db: string;
let files: { tricky: string; plain: string; sep: string; badUtf8: string; unsupported: string };

beforeEach(() => {
  temp = makeTempDir('workbench-cli-');
  db = join(temp.dir, 'data', 'workbench.sqlite');
  const dir = join(temp.dir, 'articles');
  mkdirSync(dir);
  files = {
    tricky: join(dir, 'tricky.txt'),
    plain: join(dir, 'plain.md'),
    sep: join(dir, 'separators.TXT'),
    badUtf8: join(dir, 'latin1.txt'),
    unsupported: join(dir, 'report.pdf'),
  };
  writeFileSync(files.tricky, TRICKY_TEXT, 'utf8');
  writeFileSync(files.plain, PLAIN_TEXT, 'utf8');
  writeFileSync(files.sep, LINE_SEPARATOR_TEXT, 'utf8');
  writeFileSync(files.badUtf8, Buffer.from([0x4b, 0x79, 0x69, 0x76, 0x20, 0xe9, 0x74, 0xe9, 0x0a])); // "Kyiv été" in Latin-1
  writeFileSync(files.unsupported, '%PDF-1.4');
});
afterEach(() => temp.cleanup());

async function listJson(dbPath = db): Promise<ArticleSummary[]> {
  const run = await cli(['list', '--json', '--db', dbPath]);
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as ArticleSummary[];
}

describe('workbench CLI: help and usage', () => {
  it('prints help and exits 2 without a command, 0 with --help', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.out).toContain('Usage: workbench <command>');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('import PATH...');
  });

  it('prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${APP_VERSION}\n`, err: '' });
  });

  it('rejects an unknown command and an unknown option with exit code 2', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command “frobnicate”.*list, import, export, serve/);
    const badOption = await cli(['list', '--db', db, '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.err).toMatch(/^workbench list: .*--colour.*See workbench list --help\n$/);
    expect(existsSync(db)).toBe(false);
  });

  it('prints a command’s help without opening the database', async () => {
    const run = await cli(['export', '--help', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Usage: workbench export');
    expect(existsSync(db)).toBe(false);
  });
});

describe('workbench import and list', () => {
  it('imports files byte for byte and lists them; --db may come before the command', async () => {
    const run = await cli(['--db', db, 'import', files.tricky, files.plain, files.sep]);
    expect(run.err).toBe(`created a new database at ${db}\n`);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/3 imported, 0 skipped\n$/);

    const articles = await listJson();
    expect(articles.map((a) => a.externalId)).toEqual(['tricky', 'plain', 'separators']);
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      for (const [summary, path] of [
        [articles[0]!, files.tricky],
        [articles[1]!, files.plain],
        [articles[2]!, files.sep],
      ] as const) {
        const bytes = readFileSync(path);
        const article = wb.service.getArticle({ id: summary.id });
        expect(summary.sha256).toBe(sha256(bytes));
        expect(Buffer.from(article.text, 'utf8').equals(bytes)).toBe(true);
      }
      const tricky = wb.service.getArticle({ id: articles[0]!.id });
      expect(tricky.text.startsWith('\uFEFF')).toBe(true);
      expect(tricky.text).toContain('\r\n');
    } finally {
      wb.close();
    }
  });

  it('accepts --db=PATH before the command and WORKBENCH_DB from the environment', async () => {
    expect((await cli([`--db=${db}`, 'import', files.plain])).code).toBe(0);
    const viaEnv = await cli(['list'], { WORKBENCH_DB: db });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.out).toMatch(/\s+0 spans\s+\d+ chars {2}Officials agree on prisoner exchange\n1 article\n$/);
  });

  it('skips files already imported, and says so', async () => {
    await cli(['import', files.plain, '--db', db]);
    const again = await cli(['import', files.plain, files.tricky, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`skipped   ${files.plain}: already imported as “Officials agree on prisoner exchange”`);
    expect(again.out).toMatch(/1 imported, 1 skipped\n$/);
    expect(await listJson()).toHaveLength(2);
  });

  it('leaves the database unchanged when one file is not valid UTF-8', async () => {
    await cli(['import', files.plain, '--db', db]);
    const before = await listJson();
    const bytesBefore = readFileSync(db);
    const run = await cli(['import', files.tricky, files.badUtf8, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(
      new RegExp(
        `^workbench import: nothing was imported: 1 bad file or record: ${files.badUtf8.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot tell its encoding with confidence \\(byte offset 5 is not UTF-8\\); tried utf-8, utf-16`,
      ),
    );
    expect(await listJson()).toEqual(before);
    expect(readFileSync(db).equals(bytesBefore)).toBe(true);
  });

  it('leaves the database unchanged (and uncreated) when a file is missing', async () => {
    const missing = join(temp.dir, 'articles', 'missing.txt');
    const run = await cli(['import', files.tricky, missing, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`workbench import: ${missing}: no such file or folder\n`);
    expect(existsSync(db)).toBe(false);
    await cli(['import', files.plain, '--db', db]);
    const before = await listJson();
    expect((await cli(['import', missing, files.tricky, '--db', db])).code).toBe(1);
    expect(await listJson()).toEqual(before);
  });

  it('refuses unsupported file types and a missing file list', async () => {
    const pdf = await cli(['import', files.unsupported, '--db', db]);
    expect(pdf.code).toBe(1);
    expect(pdf.err).toMatch(/unsupported file type “\.pdf”/);
    const none = await cli(['import', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/import needs at least one file/);
    expect(existsSync(db)).toBe(false);
  });

  it('adds the bundled samples to an empty database with --samples', async () => {
    const run = await cli(['import', files.plain, '--samples', '--db', db]);
    expect(run.code).toBe(0);
    const articles = await listJson();
    expect(articles.length).toBeGreaterThan(1);
    expect(articles.map((a) => a.externalId)).toContain('plain');
  });

  it('lists nothing helpfully and searches with --query', async () => {
    openWorkbench({ dbPath: db, host: 'browser', samples: false }).close();
    expect((await cli(['list', '--db', db])).out).toBe('No articles yet. Import some: workbench import FILE.txt...\n');
    await cli(['import', files.tricky, files.plain, '--db', db]);
    const found = await cli(['list', '--query', 'prisoner', '--db', db]);
    expect(found.out).toMatch(/Officials agree on prisoner exchange\n1 article\n$/);
    expect((await cli(['list', '--query', 'zzzz', '--db', db])).out).toBe('No article matches.\n');
  });

  it('refuses a database written by a newer app with a clear message', async () => {
    mkdirSync(join(temp.dir, 'data'));
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(db);
    raw.pragma('user_version = 99');
    raw.close();
    const run = await cli(['list', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^workbench list: This database was written by a newer Analyst Workbench \(schema 99;/);
  });
});

describe('workbench export', () => {
  async function seed(): Promise<{ ids: string[] }> {
    await cli(['import', files.tricky, files.plain, '--db', db]);
    const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      const ids = wb.service.listArticles({}).map((a) => a.id);
      const label = wb.service.listLabels({})[0]!.id;
      const text = wb.service.getArticle({ id: ids[0]! }).text;
      for (const needle of ['\u{1F4A9}', '\u{1F1FA}\u{1F1E6} flag', 'cafe\u0301', 'Tabs\tand   runs', 'terminator \u{1F600}']) {
        const start = text.indexOf(needle);
        expect(start).toBeGreaterThanOrEqual(0);
        wb.service.createAnnotation({ articleId: ids[0]!, labelId: label, start, end: start + needle.length });
      }
      return { ids };
    } finally {
      wb.close();
    }
  }

  it('writes JSONL to stdout whose code point offsets slice to each span’s text', async () => {
    const { ids } = await seed();
    const run = await cli(['export', '--format', 'jsonl', '--out', '-', '--db', db]);
    expect(run.code).toBe(0);
    const records = run.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonlRecord);
    expect(records.map((r) => r.id)).toEqual(ids);
    expect(records[0]!.text).toBe(TRICKY_TEXT);
    expect(records[0]!.spans).toHaveLength(5);
    for (const record of records) {
      for (const span of record.spans) expect(codePointSlice(record.text, span.start, span.end)).toBe(span.text);
    }
  });

  it('writes a file whole, reports counts on stderr, and honours --article', async () => {
    const { ids } = await seed();
    const out = join(temp.dir, 'export.jsonl');
    const run = await cli(['export', '--format', 'jsonl', '--out', out, '--article', ids[1]!, '--article', ids[0]!, '--db', db]);
    expect(run).toMatchObject({ code: 0, out: '' });
    expect(run.err).toBe(`wrote 2 articles, 5 spans as jsonl to ${out}, code point offsets\nnothing lost: the format carries every span and field exported\n`);
    const records = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonlRecord);
    expect(records.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(readdirSync(temp.dir).filter((n) => n.endsWith('.tmp') || n.endsWith('.partial'))).toEqual([]);
  });

  it('checks its options', async () => {
    await seed();
    expect((await cli(['export', '--out', '-', '--db', db])).code).toBe(2);
    const xml = await cli(['export', '--format', 'xml', '--out', '-', '--db', db]);
    expect(xml.code).toBe(2);
    expect(xml.err).toMatch(/unknown export format “xml”; supported: jsonl, spans-jsonl, prodigy, doccano, labelstudio, brat, conll, ptc, csv/);
    expect((await cli(['export', '--format', 'jsonl', '--db', db])).code).toBe(2);
    const unknown = await cli(['export', '--format', 'jsonl', '--out', '-', '--article', 'nope', '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('workbench export: no article with id nope\n');
  });

  it('fails cleanly, leaving no temporary file, when the target folder does not exist', async () => {
    await seed();
    const out = join(temp.dir, 'no-such-folder', 'x.jsonl');
    const run = await cli(['export', '--format', 'jsonl', '--out', out, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(new RegExp(`^workbench export: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(existsSync(join(temp.dir, 'no-such-folder'))).toBe(false);
  });
});

/** A stand-in for the built renderer, so serve runs without `npm run build`. */
function rendererEnv(): NodeJS.ProcessEnv {
  const dir = join(temp.dir, 'renderer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>test</title>');
  return { WORKBENCH_RENDERER_DIR: dir };
}

describe('workbench serve', () => {
  it('serves the API on 127.0.0.1 with a token until stopped', async () => {
    await cli(['import', files.plain, '--db', db]);
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let out = '';
    let err = '';
    const exit = runCli(['serve', '--port', '0', '--db', db], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: rendererEnv(),
      untilStopped: () => stopped,
    });
    try {
      await expect.poll(() => out, { timeout: 5000 }).toMatch(/^Workbench: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const url = new URL(out.replace(/^Workbench: /, '').trim());
      const token = url.searchParams.get('token')!;
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(err).toContain(`Database: ${db}`);
      const api = `http://127.0.0.1:${url.port}/api/listArticles`;
      const denied = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(denied.status).toBe(401);
      const res = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', 'x-workbench-token': token }, body: '{}' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ok: boolean; value: ArticleSummary[] };
      expect(body.value.map((a) => a.externalId)).toEqual(['plain']);
    } finally {
      stop();
    }
    expect(await exit).toBe(0);
  });

  it('rejects a bad --port and reports a port in use', async () => {
    const bad = await cli(['serve', '--port', 'eighty', '--db', db], rendererEnv());
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--port must be a number from 0 to 65535, not “eighty”/);

    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await cli(['serve', '--port', String(port), '--db', db], rendererEnv(), () => Promise.resolve());
      expect(busy.code).toBe(1);
      expect(busy.err).toContain(`port ${port} is in use; pick another with --port`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
