import { afterEach, describe, expect, it } from 'vitest';
import { planUndo } from '../../../src/main/service/undo';
import type { AnnotationState } from '../../../src/main/store/annotations';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

const TEXT = 'The ministry claimed 12 soldiers died; observers disputed the figure.\n';

let wb: TestWorkbench;
afterEach(() => wb?.close());

// Two people editing one span happens in the gold layer (reviewers); analysts' own layers are theirs alone.
function setup() {
  wb = openTestWorkbench();
  const { service } = wb;
  const article = service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!;
  const claim = service.listLabels({}).find((l) => l.key === 'claim')!;
  return { service, article, claim };
}

describe('undo with more than one annotator', () => {
  it('puts back only the fields the undone event changed, keeping a reviewer’s later changes', () => {
    const fixture = setup();
    let service = fixture.service;
    const { article, claim } = fixture;
    service = wb.service.as('A');
    const start = TEXT.indexOf('12 soldiers died');
    const span = service.createAnnotation({ articleId: article.id, labelId: claim.id, start, end: start + 16, layer: 'gold' });
    service.updateAnnotation({ id: span.id, note: 'from the ministry briefing' });

    service = wb.service.as('Reviewer');
    service.updateAnnotation({ id: span.id, status: 'accepted', confidence: 'high' });

    service = wb.service.as('A');
    const undone = service.undo({ articleId: article.id });
    expect(undone.description).toMatch(/^Undid edit Claim/);
    const now = service.listAnnotations({ articleId: article.id })[0]!;
    expect(now.note).toBe('');
    expect(now.status).toBe('accepted');
    expect(now.confidence).toBe('high');

    // A's next undo would delete a span the reviewer has since accepted: it is skipped, nothing is lost.
    const skipped = service.undo({ articleId: article.id });
    expect(skipped.done).toBe(true);
    expect(skipped.description).toMatch(/^Skipped undo of tag Claim .*changed since \(confidence, status\)/);
    expect(service.listAnnotations({ articleId: article.id })).toHaveLength(1);
    // ...and the history moved past it.
    expect(service.undo({ articleId: article.id }).done).toBe(false);
  });

  it('skips an undo whose field was changed again since, naming the field', () => {
    const fixture = setup();
    let service = fixture.service;
    const { article, claim } = fixture;
    service = wb.service.as('A');
    const span = service.createAnnotation({ articleId: article.id, labelId: claim.id, start: 4, end: 12, layer: 'gold' });
    service.updateAnnotation({ id: span.id, note: 'first' });
    service = wb.service.as('B');
    service.updateAnnotation({ id: span.id, note: 'second' });
    service = wb.service.as('A');
    expect(service.undo({ articleId: article.id }).description).toMatch(/changed since \(note\)/);
    expect(service.listAnnotations({ articleId: article.id })[0]!.note).toBe('second');
  });
});

describe('planUndo', () => {
  const base: AnnotationState = {
    labelId: 1,
    start: 0,
    end: 4,
    quote: 'The ',
    note: '',
    confidence: null,
    attributes: { source: 'ministry' },
    status: 'proposed',
  };
  it('reverts attribute keys one by one', () => {
    const from = { ...base, attributes: { source: 'ministry', cue: 'claimed' } };
    const current = { ...from, attributes: { ...from.attributes, verification: 'disputed' } };
    expect(planUndo(current, from, base).next!.attributes).toEqual({ source: 'ministry', verification: 'disputed' });
  });
  it('restores a deleted span whole', () => {
    expect(planUndo(null, null, base)).toEqual({ next: base, conflicts: [] });
  });
});

describe('updateAnnotation', () => {
  it('refuses boundaries that end before they start with a typed error, not a SQL one', () => {
    const fixture = setup();
    const service = fixture.service;
    const { article, claim } = fixture;
    const span = service.createAnnotation({ articleId: article.id, labelId: claim.id, start: 4, end: 12, layer: 'gold' });
    const error = catchWorkbenchError(() => service.updateAnnotation({ id: span.id, start: 20 }), 'invalid_input');
    expect(error.message).toMatch(/must end after it starts/);
  });
});

describe('undo and redo never overwrite later work', () => {
  it('a redo after a skipped undo of a create is skipped too', () => {
    const fixture = setup();
    let service = fixture.service;
    const { article, claim } = fixture;
    service = wb.service.as('A');
    const span = service.createAnnotation({ articleId: article.id, labelId: claim.id, start: 4, end: 12, layer: 'gold' });
    service = wb.service.as('Reviewer');
    service.updateAnnotation({ id: span.id, status: 'accepted', note: 'checked' });
    service = wb.service.as('A');
    expect(service.undo({ articleId: article.id }).description).toMatch(/^Skipped undo/);
    expect(service.redo({ articleId: article.id }).description).toMatch(/^Skipped redo .*the span exists again/);
    const now = service.listAnnotations({ articleId: article.id })[0]!;
    expect([now.status, now.note]).toEqual(['accepted', 'checked']);
  });

  it('undoing a relabel is skipped when the span has since got attributes the old label does not define', () => {
    const fixture = setup();
    let service = fixture.service;
    const { article, claim } = fixture;
    const casualty = service.listLabels({}).find((l) => l.key === 'casualty_figure')!;
    service = wb.service.as('A');
    const start = TEXT.indexOf('12 soldiers');
    const span = service.createAnnotation({ articleId: article.id, labelId: claim.id, start, end: start + 11, layer: 'gold' });
    service.updateAnnotation({ id: span.id, labelId: casualty.id });
    service = wb.service.as('Reviewer');
    service.updateAnnotation({ id: span.id, attributes: { category: 'killed' } });
    service = wb.service.as('A');
    expect(service.undo({ articleId: article.id }).description).toMatch(/changed since \(attribute category\)/);
    const now = service.listAnnotations({ articleId: article.id })[0]!;
    expect(now.labelId).toBe(casualty.id);
    expect(now.attributes).toEqual({ category: 'killed' });
  });
});

describe('label schema changes never rewrite stored values', () => {
  it('refuses a new attribute that would take over values stored under a removed one', () => {
    const fixture = setup();
    const service = fixture.service;
    const { article, claim } = fixture;
    service.createAnnotation({ articleId: article.id, labelId: claim.id, start: 4, end: 12, attributes: { source: 'ministry' } });
    const withoutSource = claim.attributes.filter((d) => d.key !== 'source');
    service.updateLabel({ id: claim.id, attributes: withoutSource });
    const error = catchWorkbenchError(
      () => service.updateLabel({ id: claim.id, attributes: [...withoutSource, { key: 'source', name: 'Source', type: 'integer' }] }),
      'conflict',
    );
    expect(error.message).toMatch(/still hold values under the key “source”/);
    // The stored value is still there, untouched, and exported.
    expect(service.listAnnotations({ articleId: article.id })[0]!.attributes).toEqual({ source: 'ministry' });
  });

  it('refuses a type change that stored values do not fit, and allows one they do', () => {
    const { service, article } = setup();
    const casualty = service.listLabels({}).find((l) => l.key === 'casualty_figure')!;
    service.createAnnotation({ articleId: article.id, labelId: casualty.id, start: 21, end: 23, attributes: { value: 12 } });
    const retyped = casualty.attributes.map((d) => (d.key === 'value' ? { ...d, type: 'text' as const, min: undefined } : d));
    const error = catchWorkbenchError(() => service.updateLabel({ id: casualty.id, attributes: retyped }), 'conflict');
    expect(error.message).toMatch(/would no longer accept \(e\.g\. “12”\)/);
    const renamed = casualty.attributes.map((d) => (d.key === 'value' ? { ...d, name: 'Count' } : d));
    expect(service.updateLabel({ id: casualty.id, attributes: renamed }).attributes.find((d) => d.key === 'value')!.name).toBe('Count');
  });
});

describe('attributeSuggestions', () => {
  it('offers a party typed on one label for every party field of every label', () => {
    const { service, article } = setup();
    const labels = service.listLabels({});
    const condition = labels.find((l) => l.key === 'condition')!;
    const casualty = labels.find((l) => l.key === 'casualty_figure')!;
    const claim = labels.find((l) => l.key === 'claim')!;
    service.createAnnotation({ articleId: article.id, labelId: condition.id, start: 4, end: 12, attributes: { imposed_by: 'Kremlin' } });
    service.createAnnotation({ articleId: article.id, labelId: claim.id, start: 13, end: 20, attributes: { source: 'Ministry of Defence' } });
    expect(service.attributeSuggestions({ attribute: 'side', labelId: casualty.id })).toEqual(['Kremlin']);
    expect(service.attributeSuggestions({ attribute: 'reported_by', labelId: casualty.id })).toEqual(['Ministry of Defence']);
    expect(service.attributeSuggestions({ attribute: 'subject', labelId: condition.id })).toEqual([]);
  });
});

describe('undo compares attributes as sets of key/value pairs', () => {
  it('undoes a create after a value was cleared and typed again (the key moved to the end)', () => {
    wb = openTestWorkbench();
    const { service } = wb;
    const article = service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!;
    const casualty = service.listLabels({}).find((l) => l.key === 'casualty_figure')!;
    const start = TEXT.indexOf('12 soldiers');
    const valueKey = casualty.attributes.find((d) => d.type === 'integer')!.key;
    const categoryKey = casualty.attributes.find((d) => d.type === 'choice')!.key;
    const category = casualty.attributes.find((d) => d.key === categoryKey)!.options![0]!;
    const span = service.createAnnotation({
      articleId: article.id,
      labelId: casualty.id,
      start,
      end: start + 11,
      attributes: { [valueKey]: 12, [categoryKey]: category },
    });
    service.updateAnnotation({ id: span.id, attributes: { [categoryKey]: category } });
    service.updateAnnotation({ id: span.id, attributes: { [categoryKey]: category, [valueKey]: 12 } });
    expect(service.undo({ articleId: article.id }).description).toMatch(/^Undid edit/);
    expect(service.undo({ articleId: article.id }).description).toMatch(/^Undid edit/);
    const third = service.undo({ articleId: article.id });
    expect(third.description).toMatch(/^Undid tag/);
    expect(service.listAnnotations({ articleId: article.id })).toHaveLength(0);
  });
});
