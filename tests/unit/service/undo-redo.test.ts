import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain';
import { catchWorkbenchError, makeClock, makeTempDir, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';
import { TRICKY_TEXT, indexOfOrThrow } from '../../fixtures/tricky-text';

function span(needle: string): { start: number; end: number } {
  const start = indexOfOrThrow(TRICKY_TEXT, needle);
  return { start, end: start + needle.length };
}

/** What the analyst sees: the live spans with the fields an undo must restore. */
function visible(wb: TestWorkbench, articleId: string): Pick<Annotation, 'id' | 'labelId' | 'start' | 'end' | 'quote' | 'note' | 'attributes' | 'status'>[] {
  return wb.service
    .listAnnotations({ articleId })
    .map(({ id, labelId, start, end, quote, note, attributes, status }) => ({ id, labelId, start, end, quote, note, attributes, status }));
}

describe('undo and redo in one session', () => {
  let wb: TestWorkbench;
  let articleId: string;
  let labelId: number;

  beforeEach(() => {
    wb = openTestWorkbench();
    articleId = wb.service.importArticles({ files: [{ name: 't.txt', text: TRICKY_TEXT }] }).imported[0]!.id;
    labelId = wb.service.listLabels({})[0]!.id;
  });
  afterEach(() => wb.close());

  it('says so when there is nothing to undo or redo', () => {
    expect(wb.service.undo({ articleId })).toEqual({ done: false, description: 'Nothing to undo', annotation: null, annotationId: null });
    expect(wb.service.redo({ articleId })).toEqual({ done: false, description: 'Nothing to redo', annotation: null, annotationId: null });
  });

  it('undoes and redoes a create', () => {
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire talks') });
    const undone = wb.service.undo({ articleId });
    expect(undone).toEqual({ done: true, description: 'Undid tag Claim “Ceasefire talks”', annotation: null, annotationId: a.id });
    expect(wb.service.listAnnotations({ articleId })).toEqual([]);
    const redone = wb.service.redo({ articleId });
    expect(redone.description).toBe('Redid tag Claim “Ceasefire talks”');
    expect(redone.annotation).toMatchObject({ id: a.id, start: a.start, end: a.end, quote: a.quote, createdAt: a.createdAt });
    expect(visible(wb, articleId)).toHaveLength(1);
  });

  it('undoes and redoes an update, restoring every field', () => {
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire'), attributes: { source: 'Kremlin' } });
    const beforeUpdate = visible(wb, articleId);
    wb.service.updateAnnotation({ id: a.id, ...span('talks stall'), note: 'moved', status: 'accepted', attributes: { source: 'Kyiv' } });
    const afterUpdate = visible(wb, articleId);
    expect(afterUpdate[0]).toMatchObject({ quote: 'talks stall', note: 'moved', status: 'accepted', attributes: { source: 'Kyiv' } });
    expect(wb.service.undo({ articleId }).description).toBe('Undid edit Claim “Ceasefire”');
    expect(visible(wb, articleId)).toEqual(beforeUpdate);
    wb.service.redo({ articleId });
    expect(visible(wb, articleId)).toEqual(afterUpdate);
  });

  it('brings back attributes dropped by a relabel', () => {
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire'), attributes: { source: 'Kremlin' } });
    const other = wb.service.listLabels({})[1]!.id;
    expect(wb.service.updateAnnotation({ id: a.id, labelId: other }).attributes).toEqual({});
    wb.service.undo({ articleId });
    expect(visible(wb, articleId)[0]).toMatchObject({ labelId, attributes: { source: 'Kremlin' } });
  });

  it('undoes and redoes a delete', () => {
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire') });
    const live = visible(wb, articleId);
    wb.service.deleteAnnotation({ id: a.id });
    const undone = wb.service.undo({ articleId });
    expect(undone.description).toBe('Undid delete Claim “Ceasefire”');
    expect(undone.annotation?.id).toBe(a.id);
    expect(visible(wb, articleId)).toEqual(live);
    const redone = wb.service.redo({ articleId });
    expect(redone).toMatchObject({ done: true, annotation: null, annotationId: a.id });
    expect(visible(wb, articleId)).toEqual([]);
  });

  it('walks back a sequence of changes in reverse order and forward again', () => {
    const states: ReturnType<typeof visible>[] = [visible(wb, articleId)];
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire') });
    states.push(visible(wb, articleId));
    const b = wb.service.createAnnotation({ articleId, labelId, ...span('soldiers') });
    states.push(visible(wb, articleId));
    wb.service.updateAnnotation({ id: a.id, note: 'first note' });
    states.push(visible(wb, articleId));
    wb.service.deleteAnnotation({ id: b.id });
    states.push(visible(wb, articleId));
    wb.service.updateAnnotation({ id: a.id, ...span('talks') });
    states.push(visible(wb, articleId));

    for (let i = states.length - 2; i >= 0; i--) {
      expect(wb.service.undo({ articleId }).done).toBe(true);
      expect(visible(wb, articleId)).toEqual(states[i]);
    }
    expect(wb.service.undo({ articleId }).done).toBe(false);
    for (let i = 1; i < states.length; i++) {
      expect(wb.service.redo({ articleId }).done).toBe(true);
      expect(visible(wb, articleId)).toEqual(states[i]);
    }
    expect(wb.service.redo({ articleId }).done).toBe(false);
  });

  it('forgets the redo stack after a new change', () => {
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire') });
    wb.service.updateAnnotation({ id: a.id, note: 'x' });
    wb.service.undo({ articleId });
    wb.service.updateAnnotation({ id: a.id, note: 'y' });
    expect(wb.service.redo({ articleId }).done).toBe(false);
    expect(visible(wb, articleId)[0]!.note).toBe('y');
  });

  it('keeps one history per annotator and per article', () => {
    wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire') });
    const other = wb.service.importArticles({ files: [{ name: 'o.txt', text: 'Another article with words\n' }] }).imported[0]!.id;
    expect(wb.service.undo({ articleId: other }).done).toBe(false);
    expect(wb.service.as('Second analyst').undo({ articleId }).done).toBe(false);
    expect(visible(wb, articleId)).toHaveLength(1);
    expect(wb.service.as('tester').undo({ articleId }).done).toBe(true);
  });

  it('records every undo and redo in the append-only log', () => {
    wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire') });
    wb.service.undo({ articleId });
    wb.service.redo({ articleId });
    const rows = wb.db.prepare('SELECT seq, kind, target_seq FROM events ORDER BY seq').all() as { seq: number; kind: string; target_seq: number | null }[];
    expect(rows.map((r) => r.kind)).toEqual(['create', 'undo', 'redo']);
    expect(rows[1]!.target_seq).toBe(rows[0]!.seq);
    expect(rows[2]!.target_seq).toBe(rows[0]!.seq);
  });

  it('validates input and reports an unknown article', () => {
    catchWorkbenchError(() => wb.service.undo({ articleId: 'missing' }), 'not_found');
    catchWorkbenchError(() => wb.service.redo({} as never), 'invalid_input');
  });
});

describe('undo and redo across closing and reopening the database file', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  const clock = makeClock();
  const reopen = (): TestWorkbench => openTestWorkbench(file, clock);

  beforeEach(() => {
    temp = makeTempDir();
    file = join(temp.dir, 'workbench.sqlite');
  });
  afterEach(() => temp.cleanup());

  it('rebuilds the undo and redo stacks from the event log', () => {
    let wb = reopen();
    const articleId = wb.service.importArticles({ files: [{ name: 't.txt', text: TRICKY_TEXT }] }).imported[0]!.id;
    const labelId = wb.service.listLabels({})[0]!.id;
    const a = wb.service.createAnnotation({ articleId, labelId, ...span('Ceasefire') });
    const afterCreate = visible(wb, articleId);
    wb.service.updateAnnotation({ id: a.id, ...span('talks stall'), note: 'edited' });
    const afterUpdate = visible(wb, articleId);
    wb.service.deleteAnnotation({ id: a.id });
    wb.close();

    wb = reopen();
    expect(visible(wb, articleId)).toEqual([]);
    expect(wb.service.undo({ articleId }).description).toBe('Undid delete Claim “talks stall”');
    expect(visible(wb, articleId)).toEqual(afterUpdate);
    wb.close();

    wb = reopen();
    expect(wb.service.undo({ articleId }).description).toBe('Undid edit Claim “Ceasefire”');
    expect(visible(wb, articleId)).toEqual(afterCreate);
    wb.close();

    wb = reopen();
    wb.service.undo({ articleId });
    expect(visible(wb, articleId)).toEqual([]);
    expect(wb.service.undo({ articleId }).done).toBe(false);
    wb.close();

    wb = reopen();
    wb.service.redo({ articleId });
    expect(visible(wb, articleId)).toEqual(afterCreate);
    wb.close();

    wb = reopen();
    wb.service.redo({ articleId });
    expect(visible(wb, articleId)).toEqual(afterUpdate);
    wb.service.redo({ articleId });
    expect(visible(wb, articleId)).toEqual([]);
    expect(wb.service.redo({ articleId }).done).toBe(false);
    wb.close();
  });
});
