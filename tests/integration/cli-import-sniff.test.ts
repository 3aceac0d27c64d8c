import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import { makeTempDir } from '../helpers/workbench';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

let temp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  temp = makeTempDir('workbench-sniff-');
  db = join(temp.dir, 'workbench.sqlite');
});
afterEach(() => temp.cleanup());

const TEXT = 'Officials said 2,500 soldiers were missing.';

function stored(): { articles: number; spans: { annotator: string; quote: string }[] } {
  const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
  try {
    const articles = (wb.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const spans = wb.db.prepare('SELECT u.name AS annotator, n.quote FROM annotations n JOIN annotators u ON u.id = n.annotator_id ORDER BY n.start').all() as {
      annotator: string;
      quote: string;
    }[];
    return { articles, spans };
  } finally {
    wb.close();
  }
}

function write(name: string, records: unknown[]): string {
  const path = join(temp.dir, name);
  // A blank first line must not hide the first record.
  writeFileSync(path, `\n${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

const SHAPES: { name: string; format: string; record: unknown }[] = [
  {
    name: 'a workbench JSONL export',
    format: 'Workbench JSONL',
    record: {
      schema_version: 1,
      text: TEXT,
      offset_unit: 'codepoint',
      spans: [{ start: 15, end: 29, text: '2,500 soldiers', label: 'casualty_figure', annotator: 'ana' }],
      meta: {},
    },
  },
  {
    name: 'a Prodigy spans file',
    format: 'Prodigy',
    record: { text: TEXT, spans: [{ start: 15, end: 29, label: 'casualty_figure', text: '2,500 soldiers' }], answer: 'accept', _annotator_id: 'ana' },
  },
  { name: 'a doccano file', format: 'doccano', record: { text: TEXT, label: [[15, 29, 'casualty_figure']] } },
  {
    name: 'a Label Studio task per line',
    format: 'Label Studio',
    record: {
      data: { text: TEXT },
      annotations: [
        {
          completed_by: { email: 'ana@example.org' },
          result: [{ type: 'labels', from_name: 'label', to_name: 'text', value: { start: 15, end: 29, text: '2,500 soldiers', labels: ['casualty_figure'] } }],
        },
      ],
    },
  },
];

describe('workbench import FILE.jsonl without --format reads the first record', () => {
  for (const shape of SHAPES) {
    it(`imports ${shape.name} as annotations and says so on stderr`, async () => {
      const path = write('data.jsonl', [shape.record]);
      const result = await cli(['import', path, '--db', db, '--annotator', 'importer']);
      expect(result.err).toContain(shape.format);
      expect(result.err).toMatch(/annotations \(its first record has that shape\)/);
      expect(result.code).toBe(0);
      const after = stored();
      expect(after.articles).toBe(1);
      expect(after.spans.map((s) => s.quote)).toEqual(['2,500 soldiers']);
      // Importing the same file again changes nothing.
      expect((await cli(['import', path, '--db', db, '--annotator', 'importer'])).code).toBe(0);
      expect(stored()).toEqual(after);
    });
  }

  it('imports plain {text, title} records as articles, without a word about annotations', async () => {
    const path = write('articles.jsonl', [
      { text: TEXT, title: 'Missing soldiers' },
      { text: 'A second story.', title: 'Second' },
    ]);
    const result = await cli(['import', path, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.err).not.toMatch(/annotations/);
    expect(stored()).toEqual({ articles: 2, spans: [] });
  });

  it('--format auto reads even a dataset file as article records', async () => {
    const path = write('data.jsonl', [{ text: TEXT, title: 'Missing soldiers', label: [[15, 29, 'casualty_figure']] }]);
    const result = await cli(['import', path, '--db', db, '--format', 'auto']);
    expect(result.code).toBe(0);
    expect(stored()).toEqual({ articles: 1, spans: [] });
  });

  it('refuses a mix of annotation and article files, naming each', async () => {
    const data = write('data.jsonl', [SHAPES[2]!.record]);
    const articles = write('articles.jsonl', [{ text: 'A story.', title: 'Story' }]);
    const result = await cli(['import', data, articles, '--db', db]);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(`${data}: doccano`);
    expect(result.err).toContain(`${articles}: articles`);
  });
});

describe('workbench import of a large annotation file', () => {
  it('prints progress lines on stderr (count, rate, time left) while it checks and imports', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      text: `Story ${i}: ${TEXT}`,
      label: [[10 + String(i).length, 10 + String(i).length + 9, 'claim']],
    }));
    const path = write('big.jsonl', records);
    let err = '';
    let out = '';
    const code = await runCli(['import', path, '--format', 'doccano', '--db', db, '--annotator', 'carol'], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { WORKBENCH_PROGRESS_MS: '0' },
    });
    expect(code).toBe(0);
    expect(err).toMatch(/records checked, \d+%, [\d,]+\/s, about [\d\w ]+ left/);
    expect(err).toMatch(/records imported \([\d,]+ spans\), \d+%, [\d,]+\/s, about [\d\w ]+ left/);
    expect(out).toContain('300 spans imported');
    expect(stored().spans).toHaveLength(300);
  });

  it('refuses a file that is not UTF-8, naming it, and imports nothing', async () => {
    const path = join(temp.dir, 'latin1.jsonl');
    writeFileSync(path, Buffer.concat([Buffer.from('{"text":"caf'), Buffer.from([0xe9]), Buffer.from('","label":[[0,3,"claim"]]}\n')]));
    const result = await cli(['import', path, '--format', 'doccano', '--db', db]);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(`${path} is not valid UTF-8`);
  });
});
