import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as articles from '../../../src/main/store/articles';
import { ensureAnnotator } from '../../../src/main/store/annotators';
import { openDatabase, type Db } from '../../../src/main/store/database';
import * as labels from '../../../src/main/store/labels';
import { getSetting, setSetting } from '../../../src/main/store/settings';
import { CYRILLIC_WORD, TRICKY_TEXT } from '../../fixtures/tricky-text';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

function newArticle(id: string, text: string, title = `Title ${id}`, importedAt = '2025-01-01T00:00:00.000Z'): articles.NewArticle {
  return { id, externalId: id, title, source: null, url: null, publishedAt: null, language: null, text, sha256: `sha-${id}`, importedAt, meta: { n: 1 } };
}

describe('articles store', () => {
  it('stores text exactly and records its UTF-16 length', () => {
    articles.insertArticle(db, newArticle('a', TRICKY_TEXT));
    const got = articles.getArticle(db, 'a')!;
    expect(got.text).toBe(TRICKY_TEXT);
    expect(got.length).toBe(TRICKY_TEXT.length);
    expect(got.meta).toEqual({ n: 1 });
    expect(got.annotationCount).toBe(0);
    expect(articles.getArticle(db, 'nope')).toBeUndefined();
    expect(articles.getArticleSummary(db, 'a')).not.toHaveProperty('text');
  });

  it('lists in import order and counts', () => {
    articles.insertArticle(db, newArticle('late', 'x', 'Late', '2025-02-01T00:00:00.000Z'));
    articles.insertArticle(db, newArticle('early', 'y', 'Early', '2025-01-01T00:00:00.000Z'));
    articles.insertArticle(db, newArticle('early2', 'z', 'Early too', '2025-01-01T00:00:00.000Z'));
    expect(articles.listArticles(db).map((a) => a.id)).toEqual(['early', 'early2', 'late']);
    expect(articles.countArticles(db)).toBe(3);
    expect(articles.findArticleBySha(db, 'sha-late')?.id).toBe('late');
    expect(articles.findArticleBySha(db, 'nope')).toBeUndefined();
  });

  it('searches titles and text by word prefix, Cyrillic included', () => {
    articles.insertArticle(db, newArticle('a', TRICKY_TEXT, 'Geneva talks'));
    articles.insertArticle(db, newArticle('b', 'nothing relevant here', 'Weather report'));
    expect(articles.listArticles(db, 'cease').map((a) => a.id)).toEqual(['a']);
    expect(articles.listArticles(db, 'GENEVA').map((a) => a.id)).toEqual(['a']);
    expect(articles.listArticles(db, CYRILLIC_WORD.slice(0, 3)).map((a) => a.id)).toEqual(['a']);
    expect(articles.listArticles(db, 'weather relevant').map((a) => a.id)).toEqual(['b']);
    expect(articles.listArticles(db, 'weather ceasefire')).toEqual([]);
  });

  it('never lets user input break the full-text syntax', () => {
    articles.insertArticle(db, newArticle('a', 'He said "AND" or NOT (maybe) near: x*y', 'Odd'));
    for (const q of ['"', '*', '(', ')', 'AND', 'OR NOT', 'NEAR(', '-x', 'x:', "'", '^', 'a"b', 'title:x', '{}']) {
      expect(() => articles.listArticles(db, q), q).not.toThrow();
    }
    expect(articles.listArticles(db, 'AND').map((a) => a.id)).toEqual(['a']);
  });

  it('quotes every word of a query as a prefix term', () => {
    expect(articles.toFtsQuery('  foo  "bar" ')).toBe('"foo"* """bar"""*');
    expect(articles.toFtsQuery('   ')).toBe('');
  });

  it('keeps the search index in step with a renamed title', () => {
    articles.insertArticle(db, newArticle('a', 'body text', 'Original headline'));
    expect(articles.updateArticleTitle(db, 'a', 'Renamed story')).toBe(true);
    expect(articles.updateArticleTitle(db, 'missing', 'x')).toBe(false);
    expect(articles.listArticles(db, 'original')).toEqual([]);
    expect(articles.listArticles(db, 'renamed').map((a) => a.title)).toEqual(['Renamed story']);
    expect(articles.listArticles(db, 'body').map((a) => a.id)).toEqual(['a']);
  });
});

describe('labels store', () => {
  const base = { color: '#112233', description: '', attributes: [] };

  it('appends labels at the next position and lists them by position', () => {
    const a = labels.insertLabel(db, { ...base, key: 'a', name: 'A', hotkey: '1' });
    const b = labels.insertLabel(db, { ...base, key: 'b', name: 'B', hotkey: null });
    expect(labels.getLabel(db, a)!.position).toBe(0);
    expect(labels.getLabel(db, b)!.position).toBe(1);
    labels.setLabelPosition(db, a, 5);
    expect(labels.listLabels(db).map((l) => l.key)).toEqual(['b', 'a']);
    expect(labels.countLabels(db)).toBe(2);
  });

  it('round-trips attribute definitions and the archived flag', () => {
    const id = labels.insertLabel(db, {
      ...base,
      key: 'c',
      name: 'C',
      hotkey: '3',
      attributes: [{ key: 'kind', name: 'Kind', type: 'choice', options: ['x', 'y'] }],
    });
    const label = labels.getLabel(db, id)!;
    expect(label.attributes).toEqual([{ key: 'kind', name: 'Kind', type: 'choice', options: ['x', 'y'] }]);
    expect(label.archived).toBe(false);
    labels.updateLabel(db, { ...label, archived: true, name: 'C2' });
    expect(labels.getLabel(db, id)).toMatchObject({ archived: true, name: 'C2' });
    expect(labels.listLabels(db)).toEqual([]);
    expect(labels.listLabels(db, true).map((l) => l.id)).toEqual([id]);
  });

  it('finds labels by key, and by hotkey among live labels only', () => {
    const id = labels.insertLabel(db, { ...base, key: 'k', name: 'K', hotkey: '4' });
    expect(labels.findLabelByKey(db, 'k')?.id).toBe(id);
    expect(labels.findLabelByHotkey(db, '4')?.id).toBe(id);
    labels.updateLabel(db, { ...labels.getLabel(db, id)!, archived: true });
    expect(labels.findLabelByHotkey(db, '4')).toBeUndefined();
    expect(labels.findLabelByKey(db, 'missing')).toBeUndefined();
  });
});

describe('annotators and settings', () => {
  it('creates an annotator once and reuses the id', () => {
    const a = ensureAnnotator(db, 'ana', 'now');
    expect(ensureAnnotator(db, 'ana', 'later')).toBe(a);
    expect(ensureAnnotator(db, 'bo', 'now')).not.toBe(a);
  });

  it('upserts settings', () => {
    expect(getSetting(db, 'k')).toBeUndefined();
    setSetting(db, 'k', 'v1');
    setSetting(db, 'k', 'v2');
    expect(getSetting(db, 'k')).toBe('v2');
  });
});
