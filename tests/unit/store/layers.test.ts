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
  insertArticle(db, { id, externalId: null, title: id, source: null, url: null, publishedAt: null, language: null, text, sha256: `sha-${id}`, importedAt: 'now', meta: {} });
}

function span(id: string, annotator: string, articleId: string, labelId: number, start: number, end: number): void {
  const annotatorId = ensureAnnotator(db, annotator, 'now');
  insertAnnotation(db, { id, articleId, annotatorId, labelId, start, end, quote: text.slice(start, end), note: '', confidence: null, attributes: {}, status: 'proposed', now: 'now' });
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
