import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/result';
import { makeTempDir, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

/**
 * A full disk, as SQLite reports it (SQLITE_FULL; here made by capping the
 * file's page count): the change is refused with a plain message and
 * nothing of it is saved; earlier work is intact and the database still works.
 */

let temp: ReturnType<typeof makeTempDir>;
let wb: TestWorkbench;
beforeEach(() => {
  temp = makeTempDir('workbench-full-');
  wb = openTestWorkbench(join(temp.dir, 'full.sqlite'));
});
afterEach(() => {
  wb.close();
  temp.cleanup();
});

describe('a full disk', () => {
  it('refuses the change that does not fit, keeps everything before it, and works again once there is room', () => {
    const first = dispatch(wb.service, 'importArticles', { files: [{ name: 'small.txt', text: 'Officials said 40 people were evacuated.' }] });
    expect(first.ok).toBe(true);
    const pages = wb.db.pragma('page_count', { simple: true }) as number;
    wb.db.pragma(`max_page_count = ${pages + 2}`);

    const big = 'Shelling continued overnight near the river crossing. '.repeat(20000);
    const refused = dispatch(wb.service, 'importArticles', { files: [{ name: 'big.txt', text: big }] });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'io', message: 'the disk is full: nothing of this change was saved; free some space and try again' },
    });
    expect(wb.service.listArticles({}).map((a) => a.externalId)).toEqual(['small']);
    expect(wb.db.pragma('quick_check', { simple: true })).toBe('ok');

    wb.db.pragma('max_page_count = 1073741823');
    const again = dispatch(wb.service, 'importArticles', { files: [{ name: 'big.txt', text: big }] });
    expect(again.ok).toBe(true);
    expect(wb.service.listArticles({}).map((a) => a.externalId)).toEqual(['small', 'big']);
  });
});
