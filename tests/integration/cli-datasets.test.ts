import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import { makeTempDir } from '../helpers/workbench';
import { TRICKY_TEXT, indexOfOrThrow } from '../fixtures/tricky-text';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

const SAMPLES = process.env.WORKBENCH_FORMAT_SAMPLES ?? join(__dirname, '../../../shared/formats');
const samplesPresent = existsSync(SAMPLES);
if (!samplesPresent) console.warn(`CLI sample imports skipped: the format samples folder ${SAMPLES} does not exist (set WORKBENCH_FORMAT_SAMPLES)`);
const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('Python check of the code point JSONL export skipped: python3 is not installed');

let temp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  temp = makeTempDir('workbench-datasets-');
  db = join(temp.dir, 'workbench.sqlite');
});
afterEach(() => temp.cleanup());

/** Tricky text (BOM, CRLF, emoji, flags, combining marks) with three spans, imported through the CLI's jsonl import. */
async function seedTricky(): Promise<void> {
  const cp = (utf16: number) => Array.from(TRICKY_TEXT.slice(0, utf16)).length;
  const span = (quote: string, label: string, annotator: string) => {
    const s = indexOfOrThrow(TRICKY_TEXT, quote);
    return { start: cp(s), end: cp(s + quote.length), text: quote, label, annotator };
  };
  const record = {
    text: TRICKY_TEXT,
    offset_unit: 'codepoint',
    spans: [
      span('2,500 soldiers are reported missing \u{1F4A9}', 'claim', 'ana'),
      span('2,500 soldiers', 'casualty_figure', 'ana'),
      span('\u{1F1FA}\u{1F1E6} flag flew over the cafe\u0301', 'propaganda_framing', 'bob'),
      span('stay exactly as written.\r\nThe last line', 'claim', 'gold'),
    ],
  };
  const file = join(temp.dir, 'seed.jsonl');
  writeFileSync(file, `${JSON.stringify(record)}\n`);
  const run = await cli(['import', '--format', 'jsonl', file, '--db', db]);
  expect(run.code, run.err).toBe(0);
  expect(run.out).toMatch(/^4 spans imported, 0 already present/);
}

describe('workbench export --format', () => {
  it.skipIf(!python)('writes code point JSONL that Python slices exactly (emoji, flags, combining marks, CRLF, BOM)', async () => {
    await seedTricky();
    const out = join(temp.dir, 'data.jsonl');
    const run = await cli(['export', '--format', 'jsonl', '--out', out, '--db', db]);
    expect(run.code, run.err).toBe(0);
    const check = spawnSync(
      'python3',
      [
        '-c',
        [
          'import json, sys',
          'n = 0',
          'for line in open(sys.argv[1], encoding="utf-8"):',
          '    r = json.loads(line)',
          '    assert r["offset_unit"] == "codepoint"',
          '    assert r["text"].startswith("\\ufeff") and "\\r\\n" in r["text"]',
          '    for s in r["spans"]:',
          '        assert r["text"][s["start"]:s["end"]] == s["text"], (s, r["text"][s["start"]:s["end"]])',
          '        n += 1',
          'print(n)',
        ].join('\n'),
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.stdout.trim()).toBe('4');
  });

  it('reports on stderr what the format cannot carry, and refuses - for a folder format', async () => {
    await seedTricky();
    const conll = await cli(['export', '--format', 'conll', '--out', '-', '--db', db]);
    expect(conll.code).toBe(0);
    expect(conll.out).toContain('2\tB-claim\n,\tI-claim\n500\tI-claim\nsoldiers\tI-claim\n');
    expect(conll.err).toMatch(/overlapping spans dropped/);
    const brat = await cli(['export', '--format', 'brat', '--out', '-', '--db', db]);
    expect(brat.code).toBe(2);
    expect(brat.err).toMatch(/writes many files: give --out FOLDER/);
  });

  it('writes a folder format into a new folder, and refuses a folder that is not empty', async () => {
    await seedTricky();
    const folder = join(temp.dir, 'brat-out');
    const run = await cli(['export', '--format', 'brat', '--out', folder, '--db', db]);
    expect(run.code, run.err).toBe(0);
    const names = readdirSync(folder).sort();
    expect(names).toHaveLength(3);
    expect(names).toContain('annotation.conf');
    expect(
      readFileSync(
        join(
          folder,
          names.find((n) => n.endsWith('.txt'))!,
        ),
        'utf8',
      ),
    ).toBe(TRICKY_TEXT);
    expect(readdirSync(temp.dir).filter((n) => n.includes('.partial'))).toEqual([]);
    const again = await cli(['export', '--format', 'brat', '--out', folder, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/not an empty folder/);
  });

  it('filters by annotator and status, and splits into one file per split', async () => {
    await seedTricky();
    const gold = await cli(['export', '--format', 'spans-jsonl', '--out', '-', '--status', 'gold', '--db', db]);
    expect(
      gold.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { annotator: string }).annotator),
    ).toEqual(['gold']);
    const bob = await cli(['export', '--format', 'csv', '--out', '-', '--annotator', 'bob', '--db', db]);
    expect(bob.out.trim().split('\r\n')).toHaveLength(2);
    const out = join(temp.dir, 'split.jsonl');
    const split = await cli(['export', '--format', 'jsonl', '--out', out, '--split', '0,0,1', '--seed', '3', '--db', db]);
    expect(split.code, split.err).toBe(0);
    expect(readdirSync(temp.dir).filter((n) => n.startsWith('split.'))).toEqual(['split.test.jsonl']);
    const bad = await cli(['export', '--format', 'jsonl', '--out', out, '--split', '0.5,0.5', '--db', db]);
    expect(bad.code).toBe(2);
  });
});

describe.skipIf(!samplesPresent)('workbench import --format with the real samples', () => {
  it('imports the PTC sample folder and exports the same label files', async () => {
    const run = await cli(['import', '--format', 'ptc', join(SAMPLES, 'ptc'), '--annotator', 'ptc', '--db', db]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^\d+ spans imported, 0 already present, 0 skipped\n12 articles created/);
    const twice = await cli(['import', '--format', 'ptc', join(SAMPLES, 'ptc'), '--db', db, '--annotator', 'ptc']);
    expect(twice.out).toMatch(/^0 spans imported, \d+ already present/);
    const folder = join(temp.dir, 'ptc-out');
    const exported = await cli(['export', '--format', 'ptc', '--out', folder, '--db', db]);
    expect(exported.code, exported.err).toBe(0);
    const lines = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.trim())
        .sort();
    for (const sub of ['labels-si', 'labels-tc']) {
      for (const name of readdirSync(join(SAMPLES, 'ptc', sub))) {
        expect(lines(readFileSync(join(folder, name), 'utf8')), name).toEqual(lines(readFileSync(join(SAMPLES, 'ptc', sub, name), 'utf8')));
      }
    }
  });

  it('imports brat, doccano and Prodigy samples; Label Studio stops on the stale record until told to skip it', async () => {
    const brat = await cli(['import', '--format', 'brat', join(SAMPLES, 'brat'), '--db', db]);
    expect(brat.code, brat.err).toBe(0);
    expect(brat.err).toMatch(/note: .*event line\(s\) not imported/);
    const doccanoFiles = readdirSync(join(SAMPLES, 'doccano')).map((n) => join(SAMPLES, 'doccano', n));
    const doccano = await cli(['import', '--format', 'doccano', ...doccanoFiles, '--on-mismatch', 'skip', '--db', db]);
    expect(doccano.code, doccano.err).toBe(0);
    expect(doccano.err).toMatch(/problem: .*sequence_labeling__example\.jsonl, line 3: a doccano record needs a "text" string/);
    const prodigy = await cli(['import', '--format', 'prodigy', join(SAMPLES, 'prodigy'), '--db', db]);
    expect(prodigy.code, prodigy.err).toBe(0);
    const ls = join(SAMPLES, 'label-studio');
    const stopped = await cli(['import', '--format', 'labelstudio', ls, '--db', db]);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(
      /problem: lsf__examples__rich_text_plain__annotations__1\.json, task 1, span annotations #1 result beFiQTT1cU: span annotations #1 result beFiQTT1cU records “February 22” but the text at 343-354 is “/,
    );
    const skipped = await cli(['import', '--format', 'labelstudio', ls, '--on-mismatch', 'skip', '--db', db]);
    expect(skipped.code, skipped.err).toBe(0);
    expect(skipped.out).toMatch(/^2 spans imported, 0 already present, 2 skipped/);
    expect(skipped.out).toMatch(/annotators: .*model 1/);
    const check = openWorkbench({ dbPath: db, host: 'browser', samples: false });
    try {
      expect(check.db.prepare("SELECT kind FROM annotators WHERE name = 'model 1'").get()).toEqual({ kind: 'model' });
    } finally {
      check.close();
    }
  });
});

describe('workbench import --format errors', () => {
  it('names a PTC label line for an article that is not there, and imports nothing', async () => {
    const dir = join(temp.dir, 'ptc');
    mkdirSync(dir);
    writeFileSync(join(dir, 'article1.txt'), 'Some text here');
    writeFileSync(join(dir, 'article1.task1-SI.labels'), '1\t0\t4\n2\t0\t4\n');
    const run = await cli(['import', '--format', 'ptc', dir, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/article 2 has no article2\.txt/);
    const list = await cli(['list', '--json', '--db', db]);
    expect(JSON.parse(list.out)).toEqual([]);
  });
});

describe('workbench import --format labelstudio, a JSON array of tasks', () => {
  const task = (text: string, quote: string, start: number, who: string) => ({
    data: { text },
    annotations: [
      {
        completed_by: who,
        result: [
          {
            id: `r-${start}`,
            type: 'labels',
            from_name: 'label',
            to_name: 'text',
            value: { start, end: start + quote.length, text: quote, labels: ['Claim'] },
          },
        ],
      },
    ],
  });

  it('reads the array task by task; a bad task is named by its place and stops the import until told to skip it', async () => {
    const file = join(temp.dir, 'export.json');
    const tasks = [
      task('Officials said the talks failed.', 'the talks failed', 15, 'ana@example.org'),
      task('Shelling resumed at dawn.', 'Shelling resumed', 0, 'ana@example.org'),
      // Its recorded text is not what its offsets cover.
      task('The convoy was stopped.', 'convoy stopped', 4, 'ana@example.org'),
    ];
    writeFileSync(file, `\uFEFF${JSON.stringify(tasks, null, 2)}\n`);
    const stopped = await cli(['import', '--format', 'labelstudio', file, '--db', db]);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(/problem: .*export\.json, task #3, .*records “convoy stopped” but the text at 4-18 is “convoy was sto”/);
    expect(JSON.parse((await cli(['list', '--json', '--db', db])).out)).toEqual([]);

    const skipped = await cli(['import', '--format', 'labelstudio', file, '--on-mismatch', 'skip', '--db', db]);
    expect(skipped.code, skipped.err).toBe(0);
    expect(skipped.out).toMatch(/^2 spans imported, 0 already present, 1 skipped/);
    expect(skipped.out).toMatch(/3 articles created/);
    const again = await cli(['import', '--format', 'labelstudio', file, '--on-mismatch', 'skip', '--db', db]);
    expect(again.out).toMatch(/^0 spans imported, 2 already present/);
  });

  it('names a file whose array is not closed, and imports nothing from it', async () => {
    const file = join(temp.dir, 'cut.json');
    writeFileSync(file, JSON.stringify([task('Officials said the talks failed.', 'the talks failed', 15, 'ana')]).slice(0, -5));
    const run = await cli(['import', '--format', 'labelstudio', file, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/cut\.json: the JSON array is not closed/);
    expect(JSON.parse((await cli(['list', '--json', '--db', db])).out)).toEqual([]);
  });
});
