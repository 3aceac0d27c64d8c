import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/main/store/migrations';
import { catchWorkbenchError, makeTempDir, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

/**
 * Importing an analyst's layer never loses work done in this database, and a
 * database file that cannot be read is refused as that file's problem.
 */

const TEXT = 'Officials said 40 people were evacuated on Monday.';
let wb: TestWorkbench;
let temp: ReturnType<typeof makeTempDir>;
let articleId: string;
let labelId: number;
beforeEach(() => {
  temp = makeTempDir('workbench-layer-safety-');
  wb = openTestWorkbench();
  articleId = wb.service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!.id;
  labelId = wb.service.listLabels({})[0]!.id;
});
afterEach(() => {
  wb.close();
  temp.cleanup();
});

function exportOf(service: TestWorkbench['service']): string {
  return service.exportDataset({ format: 'jsonl' }).content as string;
}

const spans = () => wb.service.listAnnotations({ articleId }).map((s) => ({ note: s.note, annotator: s.annotator }));

describe('an older export of a layer imported into the database the layer lives in', () => {
  it('keeps an edit, a new span and a deletion made here since, and lists each as skipped', () => {
    const ana = wb.service.as('ana');
    const edited = ana.createAnnotation({ articleId, labelId, start: 0, end: 9, note: 'first' });
    const deleted = ana.createAnnotation({ articleId, labelId, start: 15, end: 17, note: 'to be deleted' });
    const old = exportOf(wb.service);
    ana.updateAnnotation({ id: edited.id, note: 'edited after the export' });
    ana.deleteAnnotation({ id: deleted.id });
    const added = ana.createAnnotation({ articleId, labelId, start: 18, end: 24, note: 'added after the export' });

    const result = wb.service.importLayer({ content: old, fileName: 'ana-old.jsonl' });
    expect([result.updated, result.removed, result.created]).toEqual([0, 0, 0]);
    expect(result.skipped.map((s) => [s.spanId, s.reason])).toEqual([
      [edited.id, 'changed in this database after the file was made; this database’s version is kept'],
      [deleted.id, 'deleted in this database after the file was made; not brought back'],
      [added.id, 'not in the file, but made or changed in this database; kept'],
    ]);
    expect(spans()).toEqual([
      { note: 'edited after the export', annotator: 'ana' },
      { note: 'added after the export', annotator: 'ana' },
    ]);
  });

  it('still updates and removes spans that came from an earlier import of the layer (a newer file wins)', () => {
    const other = openTestWorkbench();
    try {
      other.service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] });
      const otherArticle = other.service.listArticles({})[0]!.id;
      const ana = other.service.as('ana');
      const kept = ana.createAnnotation({ articleId: otherArticle, labelId, start: 0, end: 9, note: 'v1' });
      const dropped = ana.createAnnotation({ articleId: otherArticle, labelId, start: 15, end: 17 });
      expect(wb.service.importLayer({ content: exportOf(other.service) }).created).toBe(2);
      ana.updateAnnotation({ id: kept.id, note: 'v2' });
      ana.deleteAnnotation({ id: dropped.id });
      const second = wb.service.importLayer({ content: exportOf(other.service) });
      expect([second.updated, second.removed, second.skipped]).toEqual([1, 1, []]);
      expect(spans()).toEqual([{ note: 'v2', annotator: 'ana' }]);
    } finally {
      other.close();
    }
  });
});

describe('a layer sent as a database file', () => {
  const send = (bytes: Buffer, fileName: string) => wb.service.importLayerDatabase({ data: bytes.toString('base64'), fileName });

  it('a damaged or cut-short file is refused as that file’s problem (not as damage to this database), nothing imported', () => {
    const file = join(temp.dir, 'ana.sqlite');
    const other = openTestWorkbench(file);
    const otherArticle = other.service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!.id;
    for (let i = 0; i < 30; i++) other.service.as('ana').createAnnotation({ articleId: otherArticle, labelId, start: 0, end: 9, note: 'n'.repeat(300) });
    const { rootpage } = other.db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'annotations'").get() as { rootpage: number };
    const pageSize = other.db.pragma('page_size', { simple: true }) as number;
    other.close();
    const bytes = readFileSync(file);
    for (const [name, broken] of [
      ['damaged.sqlite', Buffer.from(bytes).fill(0xa5, (rootpage - 1) * pageSize, rootpage * pageSize)],
      ['cut.sqlite', bytes.subarray(0, 3 * pageSize)],
      ['garbage.sqlite', Buffer.concat([bytes.subarray(0, 16), Buffer.alloc(5000, 0x41)])],
    ] as const) {
      const error = catchWorkbenchError(() => send(broken, name), 'unsupported_format');
      expect(error.message).toMatch(
        new RegExp(`^${name.replace('.', '\\.')} cannot be read as a workbench database \\(.+\\); nothing was imported and this database was not changed$`),
      );
    }
    expect(wb.service.listAnnotations({ articleId })).toEqual([]);
  });

  it('a database written by an older version is read (through a migrated copy), not a 500', () => {
    const file = join(temp.dir, 'v1.sqlite');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!.sql);
    old.pragma('user_version = 1');
    const sha256 = createHash('sha256').update(TEXT).digest('hex');
    old
      .prepare("INSERT INTO articles (id, title, text, text_length, sha256, imported_at) VALUES ('a1', 'Officials', ?, ?, ?, '2024-01-01')")
      .run(TEXT, TEXT.length, sha256);
    const key = wb.service.listLabels({})[0]!.key;
    old.prepare("INSERT INTO labels (id, key, name, color, position) VALUES (1, ?, 'Old label', '#ff0000', 1)").run(key);
    old.prepare("INSERT INTO annotators (id, name, created_at) VALUES (1, 'ana', '2024-01-01')").run();
    old
      .prepare(
        "INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, created_at, updated_at) VALUES ('s1', 'a1', 1, 0, 9, 'Officials', 1, '2024-01-01', '2024-01-01')",
      )
      .run();
    old.close();
    const before = readFileSync(file);
    const result = send(readFileSync(file), 'v1.sqlite');
    expect([result.annotator, result.created]).toEqual(['ana', 1]);
    expect(spans()).toEqual([{ note: '', annotator: 'ana' }]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
