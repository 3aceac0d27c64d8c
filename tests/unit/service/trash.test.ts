import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOriginal } from '../../../src/main/store/articles';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const PAGE = (n: number) =>
  `<!doctype html><html lang="en"><head><title>Page ${n}</title></head><body><article><h1>Talks resume ${n}</h1><p>Negotiators met again on Thursday, officials said, and agreed on a pause of ${n} days in the shelling of the port.</p></article></body></html>`;

function importTwo(): { keep: string; gone: string } {
  const { imported } = wb.service.importFiles({
    files: [
      { name: 'keep.txt', base64: b64('Talks resume\n\nNegotiators met again on Thursday.\n') },
      { name: 'gone.html', base64: b64(PAGE(5)) },
    ],
  });
  return { keep: imported[0]!.id, gone: imported[1]!.id };
}

describe('the trash', () => {
  it('lists deleted articles with when and how many spans, and restores them with their spans', () => {
    const { keep, gone } = importTwo();
    const labelId = wb.service.listLabels({})[0]!.id;
    wb.service.createAnnotation({ articleId: gone, labelId, start: 0, end: 10 });
    expect(wb.service.listDeletedArticles({})).toEqual([]);
    wb.service.deleteArticles({ ids: [gone] });
    const trash = wb.service.listDeletedArticles({});
    expect(trash).toHaveLength(1);
    expect(trash[0]).toMatchObject({ id: gone, title: 'Talks resume 5', annotationCount: 1 });
    expect(Date.parse(trash[0]!.deletedAt)).not.toBeNaN();
    expect(wb.service.listArticles({}).map((a) => a.id)).toEqual([keep]);

    wb.service.restoreArticles({ ids: [gone] });
    expect(wb.service.listDeletedArticles({})).toEqual([]);
    expect(wb.service.listAnnotations({ articleId: gone })).toHaveLength(1);
  });

  it('purges only the articles named, with their spans, originals and search entries', () => {
    const { keep, gone } = importTwo();
    const labelId = wb.service.listLabels({})[0]!.id;
    wb.service.createAnnotation({ articleId: gone, labelId, start: 0, end: 10, note: 'checked with the harbour office' });
    wb.service.deleteArticles({ ids: [gone, keep] });
    const result = wb.service.purgeArticles({ ids: [gone] });
    expect(result.purged.map((a) => a.id)).toEqual([gone]);
    expect(result.spanCount).toBe(1);
    // The other deleted article stays restorable.
    expect(wb.service.listDeletedArticles({}).map((a) => a.id)).toEqual([keep]);
    expect(wb.db.prepare('SELECT count(*) AS n FROM annotations WHERE article_id = ?').get(gone)).toEqual({ n: 0 });
    expect(getOriginal(wb.db, gone)).toBeUndefined();
    wb.service.restoreArticles({ ids: [keep] });
    expect(wb.service.search({ query: 'harbour office' }).spans).toEqual([]);
    expect(wb.service.search({ query: '"pause of 5 days"' }).articles).toEqual([]);
    expect(catchWorkbenchError(() => wb.service.restoreArticles({ ids: [gone] })).code).toBe('not_found');
  });

  it('refuses to purge a live article or an unknown id, and then removes nothing', () => {
    const { keep, gone } = importTwo();
    wb.service.deleteArticles({ ids: [gone] });
    const live = catchWorkbenchError(() => wb.service.purgeArticles({ ids: [gone, keep] }));
    expect(live.code).toBe('conflict');
    expect(live.message).toMatch(/not in the trash/);
    expect(catchWorkbenchError(() => wb.service.purgeArticles({ ids: ['no-such-id'] })).code).toBe('not_found');
    expect(wb.service.listDeletedArticles({}).map((a) => a.id)).toEqual([gone]);
    expect(wb.service.listArticles({}).map((a) => a.id)).toEqual([keep]);
  });

  it('unlinks a newer version of a page whose older version is purged', () => {
    const first = wb.service.importFiles({
      files: [{ name: 'a.html', base64: b64(PAGE(1).replace('<head>', '<head><link rel="canonical" href="https://port.example/talks">')) }],
    });
    const second = wb.service.importFiles({
      files: [{ name: 'b.html', base64: b64(PAGE(2).replace('<head>', '<head><link rel="canonical" href="https://port.example/talks">')) }],
    });
    const older = first.imported[0]!.id;
    expect(second.imported[0]!.previousVersionId).toBe(older);
    wb.service.deleteArticles({ ids: [older] });
    wb.service.purgeArticles({ ids: [older] });
    expect(wb.service.getArticle({ id: second.imported[0]!.id }).previousVersionId).toBeNull();
  });
});

describe('a staged import: each file read once, nothing stored while any is bad', () => {
  it('stages batches, then commits in slices with the totals of every batch', () => {
    const first = wb.service.stageImport({ files: [1, 2, 3].map((n) => ({ name: `p${n}.html`, base64: b64(PAGE(n)) })) });
    expect(first).toMatchObject({ documents: 3, failed: [] });
    const second = wb.service.stageImport({
      importId: first.importId,
      files: [
        { name: 'p4.html', base64: b64(PAGE(4)) },
        { name: 'p1-again.html', base64: b64(PAGE(1)) },
      ],
    });
    expect(second.documents).toBe(5);
    expect(wb.service.listArticles({})).toEqual([]);

    const a = wb.service.commitImport({ importId: first.importId, limit: 2 });
    expect(a).toMatchObject({ remaining: 3, refused: false });
    expect(a.imported).toHaveLength(2);
    const b = wb.service.commitImport({ importId: first.importId, limit: 10 });
    expect(b.remaining).toBe(0);
    expect(b.imported.map((x) => x.title)).toEqual(['Talks resume 3', 'Talks resume 4']);
    expect(b.skipped).toEqual([{ name: 'p1-again.html', reason: 'already imported as “Talks resume 1”' }]);
    expect(catchWorkbenchError(() => wb.service.commitImport({ importId: first.importId })).code).toBe('not_found');
  });

  it('refuses everything when one record in a later batch is bad, listing it with its line', () => {
    const staged = wb.service.stageImport({ files: [{ name: 'p1.html', base64: b64(PAGE(1)) }] });
    const jsonl = `${JSON.stringify({ text: 'A good record about the talks.' })}\n{"text": 5}\n`;
    const more = wb.service.stageImport({ importId: staged.importId, files: [{ name: 'batch.jsonl', base64: b64(jsonl) }] });
    expect(more.failed).toEqual([{ name: 'batch.jsonl', line: 2, reason: expect.stringMatching(/text/) }]);
    const result = wb.service.commitImport({ importId: staged.importId });
    expect(result).toMatchObject({ imported: [], refused: true, remaining: 0 });
    expect(result.failed).toHaveLength(1);
    expect(wb.service.listArticles({})).toEqual([]);
  });

  it('with skip-invalid, stores the good ones and reports the bad ones once', () => {
    const staged = wb.service.stageImport({
      files: [{ name: 'batch.jsonl', base64: b64(`${JSON.stringify({ text: 'A good record about the talks.' })}\nnot json\n`) }],
    });
    const result = wb.service.commitImport({ importId: staged.importId, skipInvalid: true });
    expect(result.imported).toHaveLength(1);
    expect(result.failed).toEqual([{ name: 'batch.jsonl', line: 2, reason: expect.any(String) }]);
  });

  it('discards a staged import (cancel) so nothing of it can be committed', () => {
    const staged = wb.service.stageImport({ files: [{ name: 'p1.html', base64: b64(PAGE(1)) }] });
    expect(wb.service.discardImport({ importId: staged.importId })).toEqual({ discarded: true });
    expect(catchWorkbenchError(() => wb.service.commitImport({ importId: staged.importId })).code).toBe('not_found');
    expect(wb.service.listArticles({})).toEqual([]);
  });
});
