import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

const TEXT = 'Kiev said no. The Kiev regime, Kiev officials and Kiev again.';
const occurrences = (needle: string): { start: number; end: number }[] => {
  const out: { start: number; end: number }[] = [];
  for (let i = TEXT.indexOf(needle); i !== -1; i = TEXT.indexOf(needle, i + 1)) out.push({ start: i, end: i + needle.length });
  return out;
};

describe('createAnnotations (tag all occurrences)', () => {
  let wb: TestWorkbench;
  let articleId: string;
  let framing: number;

  beforeEach(() => {
    wb = openTestWorkbench();
    articleId = wb.service.importArticles({ files: [{ name: 'k.txt', text: TEXT }] }).imported[0]!.id;
    framing = wb.service.listLabels({}).find((l) => l.key === 'propaganda_framing')!.id;
  });
  afterEach(() => wb.close());

  it('creates every span in one call with the same label and attributes, and one undo takes them all back', () => {
    const first = wb.service.createAnnotation({
      articleId,
      labelId: framing,
      ...occurrences('Kiev')[0]!,
      attributes: { technique: ['Name_Calling,Labeling'] },
    });
    const rest = occurrences('Kiev').slice(1);
    const created = wb.service.createAnnotations({
      articleId,
      spans: rest.map((r) => ({ labelId: framing, ...r, attributes: { technique: ['Name_Calling,Labeling'] } })),
    });
    expect(created.map((a) => a.quote)).toEqual(['Kiev', 'Kiev', 'Kiev']);
    expect(wb.service.listAnnotations({ articleId })).toHaveLength(4);

    const undone = wb.service.undo({ articleId });
    expect(undone.description).toBe('Undid 3 of 3 changes made together (tag Propaganda framing “Kiev”)');
    expect(undone.changes).toHaveLength(3);
    expect(undone.changes!.every((c) => c.annotation === null)).toBe(true);
    expect(wb.service.listAnnotations({ articleId }).map((a) => a.id)).toEqual([first.id]);

    const redone = wb.service.redo({ articleId });
    expect(redone.changes).toHaveLength(3);
    expect(wb.service.listAnnotations({ articleId })).toHaveLength(4);
    // The next undo is the batch again, then the single span.
    wb.service.undo({ articleId });
    expect(wb.service.undo({ articleId }).changes).toBeUndefined();
    expect(wb.service.listAnnotations({ articleId })).toHaveLength(0);
  });

  it('refuses the whole batch when one span is bad, naming it, and leaves the database as it was', () => {
    const spans = occurrences('Kiev').map((r) => ({ labelId: framing, ...r, attributes: { technique: ['Doubt'] } }));
    spans[2] = { ...spans[2]!, attributes: { technique: ['Sarcasm'] } };
    const error = catchWorkbenchError(() => wb.service.createAnnotations({ articleId, spans }), 'invalid_input');
    expect(error.message).toMatch(/^span 3 of 4: .*"Sarcasm" is not one of/);
    expect(wb.service.listAnnotations({ articleId })).toEqual([]);
    expect(wb.service.undo({ articleId }).done).toBe(false);
  });

  it('validates its input: no spans, and a span that ends before it starts', () => {
    catchWorkbenchError(() => wb.service.createAnnotations({ articleId, spans: [] }), 'invalid_input');
    catchWorkbenchError(() => wb.service.createAnnotations({ articleId, spans: [{ labelId: framing, start: 5, end: 2 }] }), 'invalid_input');
  });
});
