import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import { listSpansByLayer } from '../../src/main/store/annotations';
import type { JsonlRecord } from '../../src/shared/formats/jsonl';
import { makeTempDir } from '../helpers/workbench';
import { PILE_OF_POO, TRICKY_TEXT, codePointSlice } from '../fixtures/tricky-text';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

let temp: ReturnType<typeof makeTempDir>;
let article: string;
const db = (name: string) => join(temp.dir, `${name}.sqlite`);
const span = (quote: string) => ({ start: TRICKY_TEXT.indexOf(quote), end: TRICKY_TEXT.indexOf(quote) + quote.length });

beforeEach(async () => {
  temp = makeTempDir('workbench-layers-');
  article = join(temp.dir, 'tricky.txt');
  writeFileSync(article, TRICKY_TEXT, 'utf8');
  for (const who of ['ana', 'ben', 'rita']) expect((await cli(['import', article, '--db', db(who)])).code).toBe(0);
});
afterEach(() => temp.cleanup());

/** Tags in someone's own database, as that person. */
function tag(who: string, work: (s: ReturnType<typeof openWorkbench>['service'], articleId: string, labels: Record<string, number>) => void): void {
  const wb = openWorkbench({ dbPath: db(who), host: 'browser', samples: false });
  try {
    const service = wb.service.as(who);
    const labels = Object.fromEntries(service.listLabels({}).map((l) => [l.key, l.id]));
    work(service, service.listArticles({})[0]!.id, labels);
  } finally {
    wb.close();
  }
}

function layers(): Record<string, string[]> {
  const wb = openWorkbench({ dbPath: db('rita'), host: 'browser', samples: false });
  try {
    const spans = listSpansByLayer(wb.db);
    const out: Record<string, string[]> = {};
    for (const s of spans) (out[s.annotator] ??= []).push(s.quote);
    return out;
  } finally {
    wb.close();
  }
}

describe('bringing two analysts’ work in and reviewing it from the command line', () => {
  it('imports a JSONL export and a database file as their layers, re-imports by span id, and accepts the unanimous spans into gold', async () => {
    tag('ana', (s, articleId, l) => {
      s.createAnnotation({ articleId, labelId: l.claim!, ...span('Ceasefire talks stall') });
      s.createAnnotation({ articleId, labelId: l.casualty_figure!, ...span(`missing ${PILE_OF_POO}`), attributes: { value: 2500 } });
      s.createAnnotation({ articleId, labelId: l.claim!, ...span('no deal') });
    });
    tag('ben', (s, articleId, l) => {
      s.createAnnotation({ articleId, labelId: l.claim!, ...span('Ceasefire talks stall') });
      s.createAnnotation({ articleId, labelId: l.casualty_figure!, ...span(`missing ${PILE_OF_POO}`), attributes: { value: 2500 } });
    });
    const anaFile = join(temp.dir, 'ana.jsonl');
    expect((await cli(['export', '--format', 'jsonl', '--out', anaFile, '--db', db('ana')])).code).toBe(0);

    const first = await cli(['import-layer', anaFile, '--db', db('rita'), '--annotator', 'rita']);
    expect(first.out).toBe("ana's layer: 3 new, 0 updated, 0 unchanged, 0 removed, in 1 article\n");
    const fromDb = await cli(['import-layer', db('ben'), '--db', db('rita')]);
    expect(fromDb.out).toMatch(/^ben's layer: 2 new/);
    expect(layers()).toEqual({ ana: ['Ceasefire talks stall', `missing ${PILE_OF_POO}`, 'no deal'], ben: ['Ceasefire talks stall', `missing ${PILE_OF_POO}`] });

    // Ana works on: one span edited, one deleted. Her newer file updates her layer in place.
    tag('ana', (s, articleId) => {
      const mine = s.listAnnotations({ articleId });
      s.updateAnnotation({ id: mine.find((m) => m.quote === 'no deal')!.id, ...span('“no deal”') });
      s.deleteAnnotation({ id: mine.find((m) => m.quote === 'Ceasefire talks stall')!.id });
    });
    expect((await cli(['export', '--format', 'jsonl', '--out', anaFile, '--db', db('ana')])).code).toBe(0);
    const again = await cli(['import-layer', anaFile, '--db', db('rita')]);
    expect(again.out).toBe("ana's layer: 0 new, 1 updated, 1 unchanged, 1 removed, in 1 article\n");
    expect((await cli(['import-layer', anaFile, '--db', db('rita')])).out).toMatch(/0 new, 0 updated, 2 unchanged, 0 removed/);
    expect(layers().ana).toEqual([`missing ${PILE_OF_POO}`, '“no deal”']);

    // A file naming ben's layer but holding ana's spans never touches ana's layer.
    const benFile = join(temp.dir, 'ben-with-ana.jsonl');
    expect((await cli(['export', '--format', 'jsonl', '--out', benFile, '--db', db('rita')])).code).toBe(0);
    const mixed = await cli(['import-layer', benFile, '--db', db('rita')]);
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/holds the spans of ana, ben: say whose layer to import/);
    const asBen = await cli(['import-layer', benFile, '--layer', 'ben', '--db', db('rita')]);
    expect(asBen.out).toMatch(/ben's layer: 0 new, 0 updated, 2 unchanged/);
    expect(asBen.out).toMatch(/ana's span; this import brings in ben's layer only/);
    expect(layers().ana).toEqual([`missing ${PILE_OF_POO}`, '“no deal”']);

    const dry = await cli(['review', '--accept-unanimous', '--dry-run', '--db', db('rita'), '--annotator', 'rita']);
    expect(dry.out).toBe('1 unanimous item would be accepted into gold (dry run; nothing changed)\n');
    expect(layers().gold).toBeUndefined();
    expect((await cli(['review', '--accept-unanimous', '--db', db('rita'), '--annotator', 'rita'])).out).toBe('accepted 1 unanimous item into gold\n');

    const gold = await cli(['export', '--format', 'jsonl', '--status', 'gold', '--out', '-', '--db', db('rita')]);
    const record = JSON.parse(gold.out) as JsonlRecord;
    expect(record.spans.map((s) => [s.annotator, s.text, s.label, s.status])).toEqual([['gold', `missing ${PILE_OF_POO}`, 'casualty_figure', 'accepted']]);
    expect(codePointSlice(record.text, record.spans[0]!.start, record.spans[0]!.end)).toBe(`missing ${PILE_OF_POO}`);
  });

  it('imports a database file sent as bytes (the browser door) like one named on the command line', async () => {
    tag('ben', (s, articleId, l) => {
      s.createAnnotation({ articleId, labelId: l.claim!, ...span('Ceasefire talks stall') });
    });
    const wb = openWorkbench({ dbPath: db('rita'), host: 'browser', samples: false });
    try {
      const service = wb.service.as('rita');
      const result = service.importLayerDatabase({ data: readFileSync(db('ben')).toString('base64'), fileName: 'ben.sqlite' });
      expect([result.annotator, result.created]).toEqual(['ben', 1]);
      expect(service.importLayerDatabase({ data: readFileSync(db('ben')).toString('base64') }).unchanged).toBe(1);
      expect(() => service.importLayerDatabase({ data: Buffer.from('not a database').toString('base64'), fileName: 'x.db' })).toThrow(
        /x\.db is not a workbench database/,
      );
    } finally {
      wb.close();
    }
    expect(layers()).toEqual({ ben: ['Ceasefire talks stall'] });
  });

  it('refuses a file that is not a JSONL export, a gold annotator name and an unknown review action, changing nothing', async () => {
    const bad = join(temp.dir, 'bad.jsonl');
    writeFileSync(bad, '{"title": "no text"}\n');
    const run = await cli(['import-layer', bad, '--db', db('rita')]);
    expect([run.code, run.err]).toEqual([1, expect.stringMatching(/not a workbench JSONL export \(line 1: not a workbench record/)]);
    expect((await cli(['review', '--accept-unanimous', '--annotator', 'gold', '--db', db('rita')])).err).toMatch(/reserved for the gold/);
    expect((await cli(['review', '--db', db('rita')])).code).toBe(2);
    expect(layers()).toEqual({});
  });
});
