import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as annotations from '../../../src/main/store/annotations';
import { ensureAnnotator } from '../../../src/main/store/annotators';
import { insertArticle } from '../../../src/main/store/articles';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { appendEvent, listEvents, undoRedoStacks, type AnnotationEvent } from '../../../src/main/store/events';
import { insertLabel } from '../../../src/main/store/labels';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let db: Db;
let annotatorId: number;
let labelId: number;
const text = 'The quick brown fox jumps over the lazy dog';

beforeEach(() => {
  db = openDatabase(':memory:');
  insertArticle(db, {
    id: 'art',
    externalId: null,
    title: 'Fox',
    source: null,
    url: null,
    publishedAt: null,
    language: null,
    text,
    sha256: 'h',
    importedAt: 'now',
    meta: {},
  });
  insertArticle(db, {
    id: 'other',
    externalId: null,
    title: 'Other',
    source: null,
    url: null,
    publishedAt: null,
    language: null,
    text: 'other text',
    sha256: 'h2',
    importedAt: 'now',
    meta: {},
  });
  labelId = insertLabel(db, { key: 'claim', name: 'Claim', color: '#000000', hotkey: null, description: '', attributes: [] });
  annotatorId = ensureAnnotator(db, 'ana', 'now');
});
afterEach(() => db.close());

function state(start: number, end: number, attributes: annotations.AnnotationState['attributes'] = {}): annotations.AnnotationState {
  return { labelId, start, end, quote: text.slice(start, end), note: '', confidence: null, attributes, status: 'proposed' };
}

function add(id: string, start: number, end: number, articleId = 'art', attributes = {}): void {
  annotations.insertAnnotation(db, { ...state(start, end, attributes), id, articleId, annotatorId, now: 'now' });
}

describe('annotations store', () => {
  it('lists live annotations of one article by start, longer first, then id', () => {
    add('c', 4, 9);
    add('b', 4, 15);
    add('a', 4, 9);
    add('z', 0, 3);
    add('x', 0, 5, 'other');
    expect(annotations.listAnnotations(db, 'art').map((a) => a.id)).toEqual(['z', 'b', 'a', 'c']);
    expect(annotations.listAnnotations(db, 'art')[0]).toMatchObject({ quote: 'The', annotator: 'ana', attributes: {}, status: 'proposed' });
  });

  it('uses the annotations_article index to list an article’s annotations', () => {
    add('a', 0, 3);
    const seen: string[] = [];
    const prepare = db.prepare.bind(db);
    const spy = vi.spyOn(db, 'prepare').mockImplementation((sql: string) => {
      seen.push(sql);
      return prepare(sql);
    });
    annotations.listAnnotations(db, 'art');
    spy.mockRestore();
    expect(seen).toHaveLength(1);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${seen[0]!}`).all('art') as { detail: string }[];
    const details = plan.map((p) => p.detail);
    expect(
      details.some((d) => /^SEARCH n USING INDEX annotations_article \(article_id=\?/.test(d)),
      details.join('\n'),
    ).toBe(true);
    expect(details.some((d) => /^SCAN n\b/.test(d))).toBe(false);
  });

  it('soft-deletes and restores, keeping the first deletion time', () => {
    add('a', 0, 3);
    annotations.writeAnnotationState(db, 'a', state(0, 3), 't1', true);
    annotations.writeAnnotationState(db, 'a', state(0, 3), 't2', true);
    expect(annotations.getAnnotation(db, 'a')!.deletedAt).toBe('t1');
    expect(annotations.listAnnotations(db, 'art')).toEqual([]);
    expect(annotations.listAnnotationsByArticle(db).get('art')).toBeUndefined();
    annotations.writeAnnotationState(db, 'a', state(4, 9), 't3', false);
    const back = annotations.getAnnotation(db, 'a')!;
    expect(back.deletedAt).toBeNull();
    expect(back.annotation).toMatchObject({ start: 4, end: 9, quote: 'quick', updatedAt: 't3', createdAt: 'now' });
  });

  it('groups live annotations by article', () => {
    add('a', 0, 3);
    add('b', 4, 9);
    add('x', 0, 5, 'other');
    const grouped = annotations.listAnnotationsByArticle(db);
    expect([...grouped.keys()].sort()).toEqual(['art', 'other']);
    expect(grouped.get('art')!.map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('suggests text attribute values, most used first, per label when asked', () => {
    const otherLabel = insertLabel(db, { key: 'other', name: 'Other', color: '#000000', hotkey: null, description: '', attributes: [] });
    add('a', 0, 3, 'art', { source: 'Kyiv' });
    add('b', 4, 9, 'art', { source: 'Moscow' });
    add('c', 10, 15, 'art', { source: 'Moscow' });
    add('d', 16, 19, 'art', { source: 42 });
    add('e', 20, 25, 'art', { 'we"ird': 'quoted key' });
    annotations.insertAnnotation(db, { ...state(26, 30, { source: 'Geneva' }), labelId: otherLabel, id: 'f', articleId: 'art', annotatorId, now: 'now' });
    expect(annotations.attributeValues(db, [{ attribute: 'source' }])).toEqual(['Moscow', 'Geneva', 'Kyiv']);
    expect(annotations.attributeValues(db, [{ attribute: 'source', labelId: otherLabel }])).toEqual(['Geneva']);
    expect(annotations.attributeValues(db, [{ attribute: 'missing' }])).toEqual([]);
    expect(() => annotations.attributeValues(db, [{ attribute: 'we"ird' }])).not.toThrow();
    annotations.writeAnnotationState(db, 'a', state(0, 3, { source: 'Kyiv' }), 'later', true);
    expect(annotations.attributeValues(db, [{ attribute: 'source' }])).toEqual(['Moscow', 'Geneva']);
  });
});

describe('event log', () => {
  it('appends and lists one annotator’s events on one article, oldest first', () => {
    const other = ensureAnnotator(db, 'bo', 'now');
    const s1 = appendEvent(db, { at: 't1', annotatorId, kind: 'create', articleId: 'art', annotationId: 'a', before: null, after: state(0, 3) });
    appendEvent(db, { at: 't2', annotatorId: other, kind: 'create', articleId: 'art', annotationId: 'b', before: null, after: state(4, 9) });
    appendEvent(db, { at: 't3', annotatorId, kind: 'create', articleId: 'other', annotationId: 'c', before: null, after: state(0, 3) });
    const s4 = appendEvent(db, { at: 't4', annotatorId, kind: 'undo', articleId: 'art', annotationId: 'a', targetSeq: s1, before: state(0, 3), after: null });
    const events = listEvents(db, 'art', annotatorId);
    expect(events).toEqual([
      { seq: s1, id: expect.stringMatching(UUID), kind: 'create', annotationId: 'a', targetSeq: null, before: null, after: state(0, 3) },
      { seq: s4, id: expect.stringMatching(UUID), kind: 'undo', annotationId: 'a', targetSeq: s1, before: state(0, 3), after: null },
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    const undoRow = db.prepare('SELECT target_id FROM events WHERE seq = ?').get(s4) as { target_id: string };
    expect(undoRow.target_id).toBe(events[0]!.id);
  });

  it('keeps an id given from elsewhere and refuses a second event with the same id', () => {
    appendEvent(db, { id: 'e-from-elsewhere', at: 't1', annotatorId, kind: 'create', articleId: 'art', annotationId: 'a', before: null, after: state(0, 3) });
    expect(listEvents(db, 'art', annotatorId)[0]!.id).toBe('e-from-elsewhere');
    expect(() =>
      appendEvent(db, { id: 'e-from-elsewhere', at: 't2', annotatorId, kind: 'create', articleId: 'art', annotationId: 'a', before: null, after: state(0, 3) }),
    ).toThrow(/UNIQUE/);
  });
});

describe('undoRedoStacks', () => {
  let seq = 0;
  const change = (kind: 'create' | 'update' | 'delete', annotationId = 'a'): AnnotationEvent => ({
    seq: ++seq,
    id: `e${seq}`,
    kind,
    annotationId,
    targetSeq: null,
    before: null,
    after: null,
  });
  const undoOf = (target: AnnotationEvent): AnnotationEvent => ({ ...change('create'), kind: 'undo', targetSeq: target.seq });
  const redoOf = (target: AnnotationEvent): AnnotationEvent => ({ ...change('create'), kind: 'redo', targetSeq: target.seq });
  const seqs = (s: { undo: AnnotationEvent[]; redo: AnnotationEvent[] }) => ({ undo: s.undo.map((e) => e.seq), redo: s.redo.map((e) => e.seq) });

  it('is empty for no events', () => {
    expect(undoRedoStacks([])).toEqual({ undo: [], redo: [] });
  });

  it('moves undone changes to the redo stack and back', () => {
    const a = change('create');
    const b = change('update');
    const c = change('delete');
    expect(seqs(undoRedoStacks([a, b, c]))).toEqual({ undo: [a.seq, b.seq, c.seq], redo: [] });
    const u1 = undoOf(c);
    const u2 = undoOf(b);
    expect(seqs(undoRedoStacks([a, b, c, u1, u2]))).toEqual({ undo: [a.seq], redo: [c.seq, b.seq] });
    const r1 = redoOf(b);
    expect(seqs(undoRedoStacks([a, b, c, u1, u2, r1]))).toEqual({ undo: [a.seq, b.seq], redo: [c.seq] });
  });

  it('clears the redo stack on a new change', () => {
    const a = change('create');
    const b = change('create', 'b');
    const u = undoOf(b);
    const d = change('update');
    expect(seqs(undoRedoStacks([a, b, u, d]))).toEqual({ undo: [a.seq, d.seq], redo: [] });
  });

  it('ignores undo and redo events whose target is unknown', () => {
    const a = change('create');
    const orphan: AnnotationEvent = { ...change('create'), kind: 'undo', targetSeq: 9999 };
    const noTarget: AnnotationEvent = { ...change('create'), kind: 'redo', targetSeq: null };
    expect(seqs(undoRedoStacks([a, orphan, noTarget]))).toEqual({ undo: [a.seq], redo: [] });
  });
});
