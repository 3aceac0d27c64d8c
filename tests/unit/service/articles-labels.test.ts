import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchService } from '../../../src/main/service/workbench-service';
import { openDatabase } from '../../../src/main/store/database';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';
import { catchWorkbenchError, makeClock, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';
import { PILE_OF_POO, PLAIN_TEXT, TRICKY_TEXT } from '../../fixtures/tricky-text';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

const sha256 = (text: string): string => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('session', () => {
  it('reports the default annotator, the app version and the host', () => {
    expect(wb.service.getSession({})).toEqual({
      annotator: 'tester',
      annotatorChosen: false,
      suggestedAnnotator: 'tester',
      annotators: [],
      appVersion: '9.9.9-test',
      host: 'browser',
    });
  });

  it('checks a trimmed annotator name, answering as that annotator without changing anyone else, and rejects a blank one', () => {
    const session = wb.service.setAnnotator({ name: '  Ana  ' });
    expect([session.annotator, session.annotatorChosen]).toEqual(['Ana', true]);
    expect(session.annotators).toEqual([{ name: 'Ana', kind: 'person', spanCount: 0 }]);
    expect(wb.service.getSession({}).annotator).toBe('tester');
    expect(wb.service.as('Ana').getSession({}).annotator).toBe('Ana');
    const error = catchWorkbenchError(() => wb.service.setAnnotator({ name: '   ' }), 'invalid_input');
    expect(error.details).toEqual([{ path: 'name', message: 'a name is required' }]);
  });

  it('rejects unexpected input with invalid_input rather than a crash', () => {
    catchWorkbenchError(() => wb.service.getSession({ debug: true } as never), 'invalid_input');
    catchWorkbenchError(() => wb.service.listArticles(42 as never), 'invalid_input');
    expect(wb.service.listArticles(undefined as never)).toEqual([]);
  });
});

describe('first run', () => {
  it('seeds the default labels once, with their hotkeys', () => {
    const labels = wb.service.listLabels({});
    expect(labels.map((l) => l.key)).toEqual(DEFAULT_LABELS.map((l) => l.key));
    expect(labels.map((l) => l.hotkey)).toEqual(['1', '2', '3', '4']);
    wb.service.updateLabel({ id: labels[0]!.id, archived: true });
    wb.service.initializeFirstRun();
    expect(wb.service.listLabels({ includeArchived: true })).toHaveLength(DEFAULT_LABELS.length);
  });

  it('adds samples to an empty database only, and only once', () => {
    const db = openDatabase(':memory:');
    const service = new WorkbenchService(db, { host: 'electron', appVersion: 't', defaultAnnotator: 'x', now: makeClock() });
    service.initializeFirstRun({ samples: [{ name: 'sample-one.txt', text: PLAIN_TEXT }] });
    const first = service.listArticles({});
    expect(first.map((a) => a.externalId)).toEqual(['sample-one']);
    expect(service.getArticle({ id: first[0]!.id }).meta).toEqual({ fileName: 'sample-one.txt', origin: 'sample' });
    service.initializeFirstRun({ samples: [{ name: 'sample-two.txt', text: 'Another sample article here\n' }] });
    expect(service.listArticles({})).toHaveLength(1);
    db.close();
  });

  it('does not add samples to a database that already has articles', () => {
    wb.service.importArticles({ files: [{ name: 'mine.txt', text: PLAIN_TEXT }] });
    wb.service.initializeFirstRun({ samples: [{ name: 'sample.txt', text: 'A sample article text here\n' }] });
    expect(wb.service.listArticles({}).map((a) => a.externalId)).toEqual(['mine']);
  });
});

describe('articles', () => {
  it('imports text byte for byte, BOM and CRLF included, with its SHA-256', () => {
    const result = wb.service.importArticles({ files: [{ name: 'C:\\news\\tricky-one.txt', text: TRICKY_TEXT }] });
    expect(result.skipped).toEqual([]);
    const summary = result.imported[0]!;
    expect(summary).toMatchObject({
      externalId: 'tricky-one',
      title: `Ceasefire talks stall as 2,500 soldiers are reported missing ${PILE_OF_POO}`,
      length: TRICKY_TEXT.length,
      annotationCount: 0,
      sha256: sha256(TRICKY_TEXT),
      importedAt: expect.stringMatching(/^2025-03-01T10:00:\d\d\.000Z$/),
    });
    const article = wb.service.getArticle({ id: summary.id });
    expect(Buffer.from(article.text, 'utf8').equals(Buffer.from(TRICKY_TEXT, 'utf8'))).toBe(true);
    expect(article.text.charCodeAt(0)).toBe(0xfeff);
    expect(article.text.split('\r\n')).toHaveLength(7);
    expect(article.meta).toEqual({ fileName: 'tricky-one.txt', format: 'text', encoding: 'utf-8', encodingDetectedBy: 'bom', origin: 'import' });
  });

  it('skips empty files and duplicates, saying why', () => {
    const first = wb.service.importArticles({ files: [{ name: 'a.txt', text: PLAIN_TEXT }] });
    const result = wb.service.importArticles({
      files: [
        { name: 'empty.txt', text: '\uFEFF \r\n\t' },
        { name: 'again.txt', text: PLAIN_TEXT },
        { name: 'new.txt', text: TRICKY_TEXT },
        { name: 'copy.txt', text: TRICKY_TEXT },
      ],
    });
    expect(result.imported.map((a) => a.externalId)).toEqual(['new']);
    expect(result.skipped).toEqual([
      { name: 'empty.txt', reason: 'the file is empty' },
      { name: 'again.txt', reason: `already imported as “${first.imported[0]!.title}”` },
      { name: 'copy.txt', reason: 'same text as new.txt in this import' },
    ]);
    expect(wb.service.listArticles({})).toHaveLength(2);
  });

  it('treats texts differing only in line endings or BOM as different articles', () => {
    const lf = 'Line one of the story\nLine two\n';
    const result = wb.service.importArticles({
      files: [
        { name: 'lf.txt', text: lf },
        { name: 'crlf.txt', text: lf.replace(/\n/g, '\r\n') },
        { name: 'bom.txt', text: `\uFEFF${lf}` },
      ],
    });
    expect(result.imported).toHaveLength(3);
    expect(new Set(result.imported.map((a) => a.sha256)).size).toBe(3);
  });

  it('imports all or nothing: one invalid file rejects the whole call', () => {
    const error = catchWorkbenchError(
      () =>
        wb.service.importArticles({
          files: [
            { name: 'ok.txt', text: PLAIN_TEXT },
            { name: 'bad.txt', text: 'broken \uD83D text' },
          ],
        }),
      'invalid_input',
    );
    expect(error.details).toEqual([{ path: 'files.1.text', message: '“bad.txt” contains a lone surrogate (not valid Unicode)' }]);
    expect(wb.service.listArticles({})).toEqual([]);
  });

  it('renames an article and finds it by its new title', () => {
    const { imported } = wb.service.importArticles({ files: [{ name: 'a.txt', text: PLAIN_TEXT }] });
    const renamed = wb.service.updateArticle({ id: imported[0]!.id, title: '  Prisoner swap  ' });
    expect(renamed.title).toBe('Prisoner swap');
    expect(wb.service.listArticles({ query: 'swap' }).map((a) => a.id)).toEqual([imported[0]!.id]);
    expect(wb.service.listArticles({ query: '   ' })).toHaveLength(1);
    catchWorkbenchError(() => wb.service.updateArticle({ id: 'nope', title: 'x' }), 'not_found');
    catchWorkbenchError(() => wb.service.updateArticle({ id: imported[0]!.id, title: ' ' }), 'invalid_input');
  });

  it('reports a missing article as not_found with its id', () => {
    const error = catchWorkbenchError(() => wb.service.getArticle({ id: 'missing-id' }), 'not_found');
    expect(error.message).toBe('no article with id missing-id');
    expect(error.details).toEqual({ kind: 'article', id: 'missing-id' });
  });
});

describe('labels', () => {
  it('creates a label with a slug key, lower-case colour and the next position', () => {
    const label = wb.service.createLabel({ name: 'Troop Movement!', color: '#ABCDEF', description: 'Units moving' });
    expect(label).toMatchObject({ key: 'troop_movement', name: 'Troop Movement!', color: '#abcdef', hotkey: null, archived: false });
    expect(label.position).toBe(DEFAULT_LABELS.length);
    expect(wb.service.createLabel({ name: 'troop movement', color: '#000000' }).key).toBe('troop_movement_2');
    expect(wb.service.createLabel({ name: 'Troop-movement', color: '#000000' }).key).toBe('troop_movement_3');
  });

  it('strips accents from keys and falls back to "label"', () => {
    expect(wb.service.createLabel({ name: 'Déclaration Über', color: '#000000' }).key).toBe('declaration_uber');
    expect(wb.service.createLabel({ name: '!!!', color: '#000000' }).key).toBe('label');
  });

  it('refuses a hotkey another live label holds, with conflict details', () => {
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    const error = catchWorkbenchError(() => wb.service.createLabel({ name: 'Other', color: '#000000', hotkey: '1' }), 'conflict');
    expect(error.message).toBe('key 1 already belongs to label “Claim”');
    expect(error.details).toEqual({ hotkey: '1', labelId: claim.id });
    expect(wb.service.listLabels({})).toHaveLength(DEFAULT_LABELS.length);
  });

  it('frees a hotkey when its label is archived and checks it again on restore', () => {
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    wb.service.updateLabel({ id: claim.id, archived: true });
    const taker = wb.service.createLabel({ name: 'Taker', color: '#000000', hotkey: '1' });
    expect(taker.hotkey).toBe('1');
    catchWorkbenchError(() => wb.service.updateLabel({ id: claim.id, archived: false }), 'conflict');
    expect(wb.service.updateLabel({ id: claim.id, archived: false, hotkey: null })).toMatchObject({ archived: false, hotkey: null });
    expect(wb.service.updateLabel({ id: taker.id, hotkey: '1', name: 'Taker renamed' }).name).toBe('Taker renamed');
  });

  it('validates attribute definitions', () => {
    catchWorkbenchError(
      () =>
        wb.service.createLabel({
          name: 'Dup',
          color: '#000000',
          attributes: [
            { key: 'a', name: 'A', type: 'text' },
            { key: 'a', name: 'A again', type: 'integer' },
          ],
        }),
      'invalid_input',
    );
    const error = catchWorkbenchError(
      () => wb.service.createLabel({ name: 'Choice', color: '#000000', attributes: [{ key: 'c', name: 'C', type: 'choice' }] }),
      'invalid_input',
    );
    expect(error.message).toBe('attribute “C” is a choice and needs at least one option');
  });

  it('reorders labels, keeping unlisted ones after, and rejects unknown or repeated ids', () => {
    const ids = wb.service.listLabels({}).map((l) => l.id);
    const reordered = wb.service.reorderLabels({ ids: [ids[3]!, ids[1]!] });
    expect(reordered.map((l) => l.id)).toEqual([ids[3], ids[1], ids[0], ids[2]]);
    expect(reordered.map((l) => l.position)).toEqual([0, 1, 2, 3]);
    expect(catchWorkbenchError(() => wb.service.reorderLabels({ ids: [999] }), 'not_found').details).toEqual({ ids: [999] });
    catchWorkbenchError(() => wb.service.reorderLabels({ ids: [ids[0]!, ids[0]!] }), 'invalid_input');
    catchWorkbenchError(() => wb.service.updateLabel({ id: 999, name: 'x' }), 'not_found');
  });
});

describe('imported text that is not valid UTF-8 text, whatever the door', () => {
  it('names the file holding NUL characters (binary, or UTF-16 read as UTF-8) and imports nothing', () => {
    const wb = openTestWorkbench();
    try {
      const utf16AsUtf8 = Buffer.from('Officials said 40 people.', 'utf16le').toString('utf8');
      const error = catchWorkbenchError(
        () =>
          wb.service.importArticles({
            files: [
              { name: 'ok.txt', text: 'Fine text.' },
              { name: 'utf16.txt', text: utf16AsUtf8 },
            ],
          }),
        'invalid_input',
      );
      expect(error.message).toBe('files.1.text: “utf16.txt” contains a NUL character: it is binary, or text in UTF-16 rather than UTF-8');
      expect(wb.service.listArticles({})).toEqual([]);
    } finally {
      wb.close();
    }
  });
});
