import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';
import { putSpan } from '../../helpers/layers';
import { unpackSpans } from '../../../src/shared/packed-spans';

const TEXT = 'Officials said the convoy reached the port at dawn.';
let wb: TestWorkbench;
let articleId: string;

beforeEach(() => {
  wb = openTestWorkbench();
  articleId = wb.service.importArticles({ files: [{ name: 'port.txt', text: TEXT }] }).imported[0]!.id;
});
afterEach(() => wb.close());

describe('openArticle: what the editor needs, in one call', () => {
  it('answers the article, every layer’s live spans and every label (archived too) as the three separate calls would', () => {
    const labels = wb.service.listLabels({});
    const claim = labels.find((l) => l.key === 'claim')!;
    putSpan(wb.db, 'ana', articleId, claim.id, TEXT, 0, 9);
    putSpan(wb.db, 'bob', articleId, claim.id, TEXT, 19, 25);
    const deleted = wb.service.createAnnotation({ articleId, labelId: claim.id, start: 38, end: 42 });
    wb.service.deleteAnnotation({ id: deleted.id });
    const archived = wb.service.updateLabel({ id: labels.at(-1)!.id, archived: true });

    const opened = wb.service.openArticle({ id: articleId });

    expect(opened.article).toEqual(wb.service.getArticle({ id: articleId }));
    const annotations = unpackSpans(opened.article.text, opened.spans);
    expect(annotations).toEqual(wb.service.listAnnotations({ articleId }));
    expect(annotations.map((a) => [a.annotator, a.quote])).toEqual([
      ['ana', 'Officials'],
      ['bob', 'convoy'],
    ]);
    expect(opened.labels).toEqual(wb.service.listLabels({ includeArchived: true }));
    expect(opened.labels.find((l) => l.id === archived.id)?.archived).toBe(true);
  });

  it('orders spans that start together as listAnnotations does: longest first, then by id', () => {
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    for (const [who, start, end] of [
      ['ana', 19, 25],
      ['bob', 19, 37],
      ['cem', 19, 25],
      ['ana', 0, 9],
      ['bob', 19, 25],
      ['cem', 0, 14],
    ] as const)
      putSpan(wb.db, who, articleId, claim.id, TEXT, start, end);
    const opened = wb.service.openArticle({ id: articleId });
    const annotations = unpackSpans(opened.article.text, opened.spans);
    expect(annotations).toEqual(wb.service.listAnnotations({ articleId }));
    expect(annotations.map((a) => [a.start, a.end])).toEqual([
      [0, 14],
      [0, 9],
      [19, 37],
      [19, 25],
      [19, 25],
      [19, 25],
    ]);
  });

  it('names a missing article with a typed not_found error', () => {
    expect(catchWorkbenchError(() => wb.service.openArticle({ id: 'no-such-article' }), 'not_found').message).toContain('no-such-article');
  });

  it('refuses a call without an id as invalid input', () => {
    catchWorkbenchError(() => wb.service.openArticle({} as { id: string }), 'invalid_input');
  });
});
