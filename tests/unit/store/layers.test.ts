import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAnnotation, listSpansByLayer } from '../../../src/main/store/annotations';
import { ensureAnnotator } from '../../../src/main/store/annotators';
import { insertArticle } from '../../../src/main/store/articles';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { insertLabel } from '../../../src/main/store/labels';

let db: Db;
const text = 'The quick brown fox jumps over the lazy dog';
let claim: number;
let source: number;

function article(id: string): void {
  insertArticle(db, {
    id,
    externalId: null,
    title: id,
    source: null,
    url: null,
    publishedAt: null,
    language: null,
    text,
    sha256: `sha-${id}`,
    importedAt: 'now',
    meta: {},
  });
}

function span(id: string, annotator: string, articleId: string, labelId: number, start: number, end: number): void {
  const annotatorId = ensureAnnotator(db, annotator, 'now');
  insertAnnotation(db, {
    id,
    articleId,
    annotatorId,
    labelId,
    start,
    end,
    quote: text.slice(start, end),
    note: '',
    confidence: null,
    attributes: {},
    status: 'proposed',
    now: 'now',
  });
}

beforeEach(() => {
  db = openDatabase(':memory:');
  article('a1');
  article('a2');
  claim = insertLabel(db, { key: 'claim', name: 'Claim', color: '#000000', hotkey: null, description: '', attributes: [] });
  source = insertLabel(db, { key: 'source', name: 'Source', color: '#111111', hotkey: null, description: '', attributes: [] });
  // Two analysts tag the same text with the same label: both spans stay, one per layer.
  span('ana-1', 'ana', 'a1', claim, 4, 9);
  span('ben-1', 'ben', 'a1', claim, 4, 9);
  span('ben-2', 'ben', 'a2', source, 10, 15);
  span('gold-1', 'gold', 'a1', claim, 4, 9);
});
afterEach(() => db.close());

const ids = (spans: { id: string }[]) => spans.map((s) => s.id);

describe('listSpansByLayer', () => {
  it('reads every layer when no filter is given, ordered by article and position', () => {
    expect(ids(listSpansByLayer(db))).toEqual(['ana-1', 'ben-1', 'gold-1', 'ben-2']);
  });

  it('filters by annotator name, gold being the gold layer', () => {
    expect(ids(listSpansByLayer(db, { annotators: ['gold'] }))).toEqual(['gold-1']);
    const ben = listSpansByLayer(db, { annotators: ['ben'] });
    expect(ids(ben)).toEqual(['ben-1', 'ben-2']);
    expect(ben.every((s) => s.annotator === 'ben')).toBe(true);
  });

  it('filters by article and by label key or id, combined', () => {
    expect(ids(listSpansByLayer(db, { articleIds: ['a2'] }))).toEqual(['ben-2']);
    expect(ids(listSpansByLayer(db, { labels: ['source'] }))).toEqual(['ben-2']);
    expect(ids(listSpansByLayer(db, { labels: [claim], annotators: ['ana', 'ben'] }))).toEqual(['ana-1', 'ben-1']);
    expect(ids(listSpansByLayer(db, { labels: [source, 'claim'], articleIds: ['a1'], annotators: ['ben'] }))).toEqual(['ben-1']);
  });

  it('an empty list matches nothing, and deleted spans are left out', () => {
    expect(listSpansByLayer(db, { annotators: [] })).toEqual([]);
    expect(listSpansByLayer(db, { labels: [] })).toEqual([]);
    db.prepare(`UPDATE annotations SET deleted_at = 'now' WHERE id = 'ben-1'`).run();
    expect(ids(listSpansByLayer(db, { annotators: ['ben'] }))).toEqual(['ben-2']);
  });
});

describe('migration 003 on a database written before it', () => {
  it('gives every old event a unique id, names undo targets by id, and marks an annotator named gold as the gold layer', async () => {
    const Database = (await import('better-sqlite3')).default;
    const { MIGRATIONS, migrate } = await import('../../../src/main/store/migrations');
    const old = new Database(':memory:');
    old.exec(MIGRATIONS[0]!.sql);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO annotators (name, created_at) VALUES ('ana', 'now'), ('gold', 'now');
      INSERT INTO events (at, annotator_id, kind, article_id, annotation_id) VALUES ('t1', 1, 'create', 'a1', 'n1');
      INSERT INTO events (at, annotator_id, kind, article_id, annotation_id, target_seq) VALUES ('t2', 1, 'undo', 'a1', 'n1', 1);`);
    migrate(old);
    const events = old.prepare('SELECT seq, id, target_seq, target_id FROM events ORDER BY seq').all() as { id: string; target_id: string | null }[];
    expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events[1]!.id).not.toBe(events[0]!.id);
    expect(events[1]!.target_id).toBe(events[0]!.id);
    expect(old.prepare('SELECT name, kind FROM annotators ORDER BY id').all()).toEqual([
      { name: 'ana', kind: 'person' },
      { name: 'gold', kind: 'gold' },
    ]);
    expect(() => old.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    old.close();
  });
});
