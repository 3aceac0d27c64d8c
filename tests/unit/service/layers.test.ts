import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSpansByLayer } from '../../../src/main/store/annotations';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

const TEXT = 'The ministry claimed 12 soldiers died; observers disputed the figure.\n';
let wb: TestWorkbench;
let articleId: string;
let claim: number;
beforeEach(() => {
  wb = openTestWorkbench();
  articleId = wb.service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!.id;
  claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!.id;
});
afterEach(() => wb.close());

describe('layers: each request acts as its own annotator', () => {
  it('lets two annotators tag the same text with the same label, one span in each layer', () => {
    const ana = wb.service.as('ana').createAnnotation({ articleId, labelId: claim, start: 4, end: 12 });
    const ben = wb.service.as('ben').createAnnotation({ articleId, labelId: claim, start: 4, end: 12 });
    expect([ana.annotator, ben.annotator]).toEqual(['ana', 'ben']);
    expect(listSpansByLayer(wb.db, { annotators: ['ana'] }).map((s) => s.id)).toEqual([ana.id]);
    expect(listSpansByLayer(wb.db, { annotators: ['ben'] }).map((s) => s.id)).toEqual([ben.id]);
  });

  it('acting as one annotator never re-authors another caller’s edits (no global setting)', () => {
    const service = wb.service;
    service.setAnnotator({ name: 'ana' });
    const mine = service.as('ben').createAnnotation({ articleId, labelId: claim, start: 4, end: 12 });
    expect(mine.annotator).toBe('ben');
    const events = wb.db.prepare('SELECT a.name FROM events e JOIN annotators a ON a.id = e.annotator_id').all();
    expect(events).toEqual([{ name: 'ben' }]);
  });

  it('refuses to edit or delete another analyst’s span with a typed forbidden error, leaving it as it was', () => {
    const ana = wb.service.as('ana').createAnnotation({ articleId, labelId: claim, start: 4, end: 12, note: 'mine' });
    const ben = wb.service.as('ben');
    const error = catchWorkbenchError(() => ben.updateAnnotation({ id: ana.id, note: 'changed' }), 'forbidden');
    expect(error.message).toMatch(/in ana's layer; ben can change only their own layer/);
    catchWorkbenchError(() => ben.deleteAnnotation({ id: ana.id }), 'forbidden');
    const now = wb.service.listAnnotations({ articleId });
    expect(now).toHaveLength(1);
    expect([now[0]!.note, now[0]!.annotator]).toEqual(['mine', 'ana']);
  });

  it('copies another analyst’s span to my layer as a new span, once', () => {
    const ana = wb.service.as('ana').createAnnotation({ articleId, labelId: claim, start: 4, end: 12, attributes: { source: 'ministry' } });
    const ben = wb.service.as('ben');
    const copy = ben.copyToMyLayer({ id: ana.id });
    expect(copy.id).not.toBe(ana.id);
    expect([copy.annotator, copy.start, copy.end, copy.labelId, copy.attributes]).toEqual(['ben', 4, 12, claim, { source: 'ministry' }]);
    ben.updateAnnotation({ id: copy.id, note: 'my own now' });
    catchWorkbenchError(() => ben.copyToMyLayer({ id: ana.id }), 'conflict');
    expect(ben.undo({ articleId }).description).toMatch(/^Undid edit/);
  });

  it('reserves the name gold for the gold layer', () => {
    catchWorkbenchError(() => wb.service.setAnnotator({ name: 'Gold' }), 'invalid_input');
    catchWorkbenchError(() => wb.service.as('gold'), 'invalid_input');
  });

  it('any reviewer may edit the gold layer, and the event names who acted', () => {
    const gold = wb.service.as('ana').createAnnotation({ articleId, labelId: claim, start: 4, end: 12, layer: 'gold' });
    expect(gold.annotator).toBe('gold');
    wb.service.as('ben').updateAnnotation({ id: gold.id, note: 'checked' });
    const actors = wb.db.prepare('SELECT a.name FROM events e JOIN annotators a ON a.id = e.annotator_id ORDER BY seq').all();
    expect(actors).toEqual([{ name: 'ana' }, { name: 'ben' }]);
    expect(wb.service.as('ana').getSession({}).annotators).toEqual([
      { name: 'ana', kind: 'person', spanCount: 0 },
      { name: 'ben', kind: 'person', spanCount: 0 },
      { name: 'gold', kind: 'gold', spanCount: 1 },
    ]);
  });
});
