import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Label } from '../../../src/shared/domain';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';
import { PILE_OF_POO, TRICKY_TEXT, indexOfOrThrow } from '../../fixtures/tricky-text';

let wb: TestWorkbench;
let articleId: string;
let claim: Label;
let casualty: Label;

beforeEach(() => {
  wb = openTestWorkbench();
  articleId = wb.service.importArticles({ files: [{ name: 'tricky.txt', text: TRICKY_TEXT }] }).imported[0]!.id;
  const labels = wb.service.listLabels({});
  claim = labels.find((l) => l.key === 'claim')!;
  casualty = labels.find((l) => l.key === 'casualty_figure')!;
});
afterEach(() => wb.close());

const at = (needle: string): { start: number; end: number } => {
  const start = indexOfOrThrow(TRICKY_TEXT, needle);
  return { start, end: start + needle.length };
};

describe('createAnnotation', () => {
  it('stores the quote from the stored text, the annotator and timestamps', () => {
    const a = wb.service.createAnnotation({
      articleId,
      labelId: casualty.id,
      ...at('2,500 soldiers'),
      note: 'n',
      confidence: 'high',
      attributes: { value: 2500, side: '  Ukraine ', as_of: '' },
    });
    expect(a).toMatchObject({
      articleId,
      labelId: casualty.id,
      quote: '2,500 soldiers',
      annotator: 'tester',
      note: 'n',
      confidence: 'high',
      attributes: { value: 2500, side: 'Ukraine' }, // trimmed, empty values dropped
      status: 'proposed',
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.createdAt).toBe(a.updatedAt);
    expect(wb.service.listAnnotations({ articleId })).toEqual([a]);
    expect(wb.service.listArticles({})[0]!.annotationCount).toBe(1);
  });

  it('keeps a caller-chosen id and refuses to reuse it', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(wb.service.createAnnotation({ id, articleId, labelId: claim.id, start: 1, end: 5 }).id).toBe(id);
    catchWorkbenchError(() => wb.service.createAnnotation({ id, articleId, labelId: claim.id, start: 6, end: 9 }), 'conflict');
  });

  it('quotes astral characters, flags and CRLF exactly', () => {
    const poo = indexOfOrThrow(TRICKY_TEXT, PILE_OF_POO);
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, start: poo - 8, end: poo + 4 });
    expect(a.quote).toBe(`missing ${PILE_OF_POO}\r\n`);
  });

  it('rejects invalid input with invalid_input and a detail per problem', () => {
    const error = catchWorkbenchError(
      () => wb.service.createAnnotation({ articleId: '', labelId: -1, start: -3, end: 2, confidence: 'sure' } as never),
      'invalid_input',
    );
    const details = error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path).sort()).toEqual(['articleId', 'confidence', 'labelId', 'start']);
    expect(error.message).toContain('start:');
    const empty = catchWorkbenchError(() => wb.service.createAnnotation({ articleId, labelId: claim.id, start: 4, end: 4 }), 'invalid_input');
    expect(empty.details).toEqual([{ path: 'end', message: 'end must be greater than start' }]);
    expect(wb.service.listAnnotations({ articleId })).toEqual([]);
  });

  it('rejects a span past the end of the article', () => {
    const error = catchWorkbenchError(
      () => wb.service.createAnnotation({ articleId, labelId: claim.id, start: 0, end: TRICKY_TEXT.length + 1 }),
      'invalid_input',
    );
    expect(error.details).toEqual({ start: 0, end: TRICKY_TEXT.length + 1, length: TRICKY_TEXT.length });
    expect(wb.service.createAnnotation({ articleId, labelId: claim.id, start: 0, end: TRICKY_TEXT.length }).quote).toBe(TRICKY_TEXT);
  });

  it('rejects an offset between the halves of a surrogate pair', () => {
    const poo = indexOfOrThrow(TRICKY_TEXT, PILE_OF_POO);
    for (const [start, end] of [
      [poo + 1, poo + 2],
      [poo - 3, poo + 1],
    ] as const) {
      const error = catchWorkbenchError(() => wb.service.createAnnotation({ articleId, labelId: claim.id, start, end }), 'invalid_input');
      expect(error.message).toMatch(/surrogate pair/);
      expect(error.details).toEqual({ offset: poo + 1 });
    }
  });

  it('reports an unknown article or label as not_found and an archived label as conflict', () => {
    catchWorkbenchError(() => wb.service.createAnnotation({ articleId: 'nope', labelId: claim.id, start: 0, end: 1 }), 'not_found');
    catchWorkbenchError(() => wb.service.createAnnotation({ articleId, labelId: 999, start: 0, end: 1 }), 'not_found');
    wb.service.updateLabel({ id: claim.id, archived: true });
    catchWorkbenchError(() => wb.service.createAnnotation({ articleId, labelId: claim.id, start: 0, end: 1 }), 'conflict');
    catchWorkbenchError(() => wb.service.listAnnotations({ articleId: 'nope' }), 'not_found');
  });

  it('checks attributes against the label', () => {
    const bad = catchWorkbenchError(
      () => wb.service.createAnnotation({ articleId, labelId: casualty.id, start: 0, end: 5, attributes: { value: -1, colour: 'red' } }),
      'invalid_input',
    );
    expect((bad.details as { attributes: { key: string }[] }).attributes.map((p) => p.key).sort()).toEqual(['colour', 'value']);
    catchWorkbenchError(
      () => wb.service.createAnnotation({ articleId, labelId: casualty.id, start: 0, end: 5, attributes: { min: 9, max: 3 } }),
      'invalid_input',
    );
    expect(wb.service.listAnnotations({ articleId })).toEqual([]);
  });
});

describe('updateAnnotation', () => {
  it('moves a span and re-quotes it, keeping other fields', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire'), note: 'keep me' });
    const moved = wb.service.updateAnnotation({ id: a.id, ...at('talks stall') });
    expect(moved).toMatchObject({ quote: 'talks stall', note: 'keep me', createdAt: a.createdAt });
    expect(moved.updatedAt > a.updatedAt).toBe(true);
  });

  it('changes status, note and confidence, and can clear the confidence', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire'), confidence: 'low' });
    expect(wb.service.updateAnnotation({ id: a.id, status: 'accepted', note: 'checked' })).toMatchObject({
      status: 'accepted',
      note: 'checked',
      confidence: 'low',
    });
    expect(wb.service.updateAnnotation({ id: a.id, confidence: null }).confidence).toBeNull();
  });

  it('drops attributes that do not fit a new label', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire'), attributes: { source: 'Kremlin', checkability: 'opinion' } });
    const condition = wb.service.listLabels({}).find((l) => l.key === 'condition')!;
    expect(wb.service.updateAnnotation({ id: a.id, labelId: condition.id }).attributes).toEqual({});
    const back = wb.service.updateAnnotation({ id: a.id, labelId: claim.id, attributes: { source: 'Kremlin' } });
    expect(back.attributes).toEqual({ source: 'Kremlin' });
  });

  it('refuses to drop a choice option that stored spans use, and keeps judging only changed values', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire'), attributes: { checkability: 'opinion' } });
    const attrs = claim.attributes.map((d) => (d.key === 'checkability' ? { ...d, options: ['checkable fact'] } : d));
    catchWorkbenchError(() => wb.service.updateLabel({ id: claim.id, attributes: attrs }), 'conflict');
    expect(wb.service.updateAnnotation({ id: a.id, note: 'still editable' }).attributes).toEqual({ checkability: 'opinion' });
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: a.id, attributes: { checkability: 'no such option' } }), 'invalid_input');
  });

  it('refuses to move a span to an archived label, out of range, or into a surrogate pair', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire') });
    wb.service.updateLabel({ id: casualty.id, archived: true });
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: a.id, labelId: casualty.id }), 'conflict');
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: a.id, end: TRICKY_TEXT.length + 5 }), 'invalid_input');
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: a.id, end: indexOfOrThrow(TRICKY_TEXT, PILE_OF_POO) + 1 }), 'invalid_input');
    expect(wb.service.listAnnotations({ articleId })[0]).toEqual(a);
  });

  it('refuses to move or relabel a span onto an identical span of the same layer, and leaves everything as it was', () => {
    const kept = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire') });
    const moved = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire talks') });
    const relabelled = wb.service.createAnnotation({ articleId, labelId: casualty.id, ...at('Ceasefire') });
    const before = wb.service.listAnnotations({ articleId });
    const error = catchWorkbenchError(() => wb.service.updateAnnotation({ id: moved.id, ...at('Ceasefire') }), 'conflict');
    expect(error.message).toContain(`tester's layer already has a “${claim.name}” span over exactly`);
    expect(error.details).toMatchObject({ annotationId: kept.id });
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: relabelled.id, labelId: claim.id }), 'conflict');
    expect(wb.service.listAnnotations({ articleId })).toEqual(before);
    // Another layer's identical span is no duplicate (agreement is measured on exactly that), nor is a deleted one.
    wb.service.deleteAnnotation({ id: kept.id });
    expect(wb.service.updateAnnotation({ id: moved.id, ...at('Ceasefire') })).toMatchObject(at('Ceasefire'));
  });

  it('still edits a span whose own label was archived later', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire') });
    wb.service.updateLabel({ id: claim.id, archived: true });
    expect(wb.service.updateAnnotation({ id: a.id, note: 'fine' }).note).toBe('fine');
  });

  it('reports unknown and deleted annotations as not_found', () => {
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: 'missing', note: 'x' }), 'not_found');
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire') });
    wb.service.deleteAnnotation({ id: a.id });
    catchWorkbenchError(() => wb.service.updateAnnotation({ id: a.id, note: 'x' }), 'not_found');
    catchWorkbenchError(() => wb.service.deleteAnnotation({ id: a.id }), 'not_found');
  });
});

describe('deleteAnnotation', () => {
  it('soft-deletes: the span leaves every listing but its row and history stay', () => {
    const a = wb.service.createAnnotation({ articleId, labelId: claim.id, ...at('Ceasefire') });
    expect(wb.service.deleteAnnotation({ id: a.id })).toEqual(a);
    expect(wb.service.listAnnotations({ articleId })).toEqual([]);
    expect(wb.service.listArticles({})[0]!.annotationCount).toBe(0);
    const row = wb.db.prepare('SELECT deleted_at FROM annotations WHERE id = ?').get(a.id) as { deleted_at: string | null };
    expect(row.deleted_at).toEqual(expect.any(String));
    const kinds = (wb.db.prepare('SELECT kind FROM events WHERE annotation_id = ? ORDER BY seq').all(a.id) as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toEqual(['create', 'delete']);
  });
});

describe('attributeSuggestions', () => {
  it('offers values used before, most used first', () => {
    wb.service.createAnnotation({ articleId, labelId: claim.id, start: 1, end: 3, attributes: { source: 'Kremlin' } });
    wb.service.createAnnotation({ articleId, labelId: claim.id, start: 4, end: 6, attributes: { source: 'Kyiv' } });
    wb.service.createAnnotation({ articleId, labelId: claim.id, start: 7, end: 9, attributes: { source: 'Kyiv' } });
    expect(wb.service.attributeSuggestions({ attribute: 'source' })).toEqual(['Kyiv', 'Kremlin']);
    expect(wb.service.attributeSuggestions({ attribute: 'source', labelId: casualty.id })).toEqual([]);
    catchWorkbenchError(() => wb.service.attributeSuggestions({ attribute: '' }), 'invalid_input');
  });
});
