import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteUntouchedArticles } from '../../../src/main/store/articles';
import { openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';
import { WorkbenchError } from '../../../src/shared/errors';

// A cancelled import takes back what it stored; what an analyst already started on stays.

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

const files = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `r${i}.txt`, text: `Report ${i}: talks resumed in Geneva on day ${i}.` }));

describe('a cancelled import', () => {
  it('removes the articles it stored and fails with cancelled', () => {
    const before = wb.service.listArticles({});
    let stored = 0;
    let error: unknown;
    try {
      // Cancelled once the first batch of 25 is stored.
      wb.service.importArticlesWithProgress(
        { files: files(200) },
        { onProgress: (p) => p.phase === 'storing' && (stored = p.imported), isCancelled: () => stored > 0 },
      );
    } catch (caught) {
      error = caught;
    }
    expect(stored).toBe(25);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('cancelled');
    expect((error as WorkbenchError).message).toContain('nothing was kept');
    expect(wb.service.listArticles({})).toEqual(before);
  });

  it('keeps an article someone has already tagged, and names it', () => {
    const imported = wb.service.importArticles({ files: files(3) }).imported;
    const label = wb.service.listLabels({})[0]!;
    wb.service.createAnnotation({ articleId: imported[1]!.id, labelId: label.id, start: 0, end: 6 });
    const kept = deleteUntouchedArticles(
      wb.db,
      imported.map((a) => a.id),
    );
    expect(kept).toEqual([imported[1]!.id]);
    expect(wb.service.listArticles({}).map((a) => a.id)).toEqual([imported[1]!.id]);
  });
});
