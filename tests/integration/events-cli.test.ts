import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import { makeTempDir } from '../helpers/workbench';
import { TRICKY_TEXT } from '../fixtures/tricky-text';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

let temp: ReturnType<typeof makeTempDir>;
const db = (name: string) => join(temp.dir, `${name}.sqlite`);
const span = (quote: string) => ({ start: TRICKY_TEXT.indexOf(quote), end: TRICKY_TEXT.indexOf(quote) + quote.length });

beforeEach(async () => {
  temp = makeTempDir('workbench-events-');
  const article = join(temp.dir, 'tricky.txt');
  writeFileSync(article, TRICKY_TEXT, 'utf8');
  for (const name of ['laptop', 'desk']) expect((await cli(['import', article, '--db', db(name)])).code).toBe(0);
});
afterEach(() => temp.cleanup());

/** Spans, events and decisions without local row numbers: what must be equal on every machine. */
function state(name: string) {
  const wb = openWorkbench({ dbPath: db(name), host: 'browser', samples: false });
  try {
    return {
      spans: wb.db
        .prepare(
          `SELECT n.id, a.name AS layer, l.key AS label, n.start, n.end, n.quote, n.note, n.attributes, n.status, n.created_at, n.updated_at, n.deleted_at
           FROM annotations n JOIN annotators a ON a.id = n.annotator_id JOIN labels l ON l.id = n.label_id ORDER BY n.id`,
        )
        .all(),
      events: wb.db
        .prepare(
          'SELECT e.id, e.at, a.name AS actor, e.kind, e.annotation_id, e.target_id, e.before, e.after FROM events e JOIN annotators a ON a.id = e.annotator_id ORDER BY e.seq',
        )
        .all(),
      decisions: wb.db.prepare('SELECT id, at, kind, span_ids, gold_id, reason, comment, target_id FROM review_decisions ORDER BY seq').all(),
    };
  } finally {
    wb.close();
  }
}

function work(): void {
  const wb = openWorkbench({ dbPath: db('laptop'), host: 'browser', samples: false });
  try {
    const labels = Object.fromEntries(wb.service.listLabels({}).map((l) => [l.key, l.id]));
    const articleId = wb.service.listArticles({})[0]!.id;
    const ana = wb.service.as('ana');
    const ben = wb.service.as('ben');
    const a = ana.createAnnotation({ articleId, labelId: labels.claim!, ...span('Ceasefire talks stall') });
    const b = ben.createAnnotation({ articleId, labelId: labels.claim!, ...span('Ceasefire talks stall') });
    const c = ana.createAnnotation({ articleId, labelId: labels.claim!, ...span('no deal') });
    ana.updateAnnotation({ id: c.id, note: 'quoted' });
    ana.undo({ articleId });
    wb.service.as('rita').reviewDecide({ spanIds: [a.id, b.id], action: 'accept' });
    wb.service.as('rita').reviewDecide({ spanIds: [c.id], action: 'reject', reason: 'not a claim' });
  } finally {
    wb.close();
  }
}

describe('workbench events export / apply', () => {
  it('carries one database’s work to another: the same spans, events and decisions; applying twice changes nothing', async () => {
    work();
    const file = join(temp.dir, 'laptop.events.jsonl');
    const exported = await cli(['events', 'export', '--out', file, '--db', db('laptop')]);
    expect(exported.code).toBe(0);
    expect(exported.err).toMatch(/^wrote 6 events and 2 review decisions to .*laptop\.events\.jsonl; next time: --since [0-9a-f-]{36}\n$/);

    const applied = await cli(['events', 'apply', file, '--db', db('desk')]);
    expect(applied).toMatchObject({ code: 0, out: 'applied 6 events and 2 review decisions; 0 already here\n' });
    expect(state('desk')).toEqual(state('laptop'));

    const again = await cli(['events', 'apply', file, '--db', db('desk'), '--json']);
    expect(JSON.parse(again.out)).toEqual({ events: 0, decisions: 0, alreadyHere: 8 });
    expect(state('desk')).toEqual(state('laptop'));

    // The desk's own export is the same log, entry for entry.
    const fromDesk = await cli(['events', 'export', '--out', '-', '--db', db('desk')]);
    expect(fromDesk.out).toBe(readFileSync(file, 'utf8'));
    // Nothing new after the last entry.
    const since = /--since (\S+)/.exec(exported.err)![1]!;
    const nothing = await cli(['events', 'export', '--since', since, '--out', '-', '--db', db('laptop')]);
    expect(nothing.out.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a file with a corrupt line, naming the line, and leaves the database as it was', async () => {
    work();
    const good = (await cli(['events', 'export', '--out', '-', '--db', db('laptop')])).out.split('\n');
    const bad = join(temp.dir, 'bad.jsonl');
    good[5] = good[5]!.slice(0, 40); // cut short, as a half-copied file would be
    writeFileSync(bad, good.join('\n'));
    const before = state('desk');
    const result = await cli(['events', 'apply', bad, '--db', db('desk')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^workbench events: .*bad\.jsonl, line 6: not JSON \(.*\); nothing was applied\n$/);
    expect(state('desk')).toEqual(before);
  });

  it('says what is missing: an action, --out, a file', async () => {
    expect(await cli(['events', '--db', db('desk')])).toMatchObject({ code: 2, err: expect.stringMatching(/events needs an action: export or apply/) });
    expect(await cli(['events', 'export', '--db', db('desk')])).toMatchObject({ code: 2, err: expect.stringMatching(/needs --out PATH/) });
    expect(await cli(['events', 'apply', '--db', db('desk')])).toMatchObject({ code: 2, err: expect.stringMatching(/needs one file/) });
    expect(await cli(['events', 'export', '--out', db('desk'), '--db', db('desk')])).toMatchObject({ code: 1, err: expect.stringMatching(/is the database/) });
  });
});
