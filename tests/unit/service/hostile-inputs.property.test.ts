import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync } from '../../../src/main/result';
import { WorkbenchService } from '../../../src/main/service/workbench-service';
import { openDatabase } from '../../../src/main/store/database';
import { IMPORT_FORMAT_IDS } from '../../../src/shared/formats';

/**
 * What was added last round, fed hostile input: annotation files of every
 * import format, review decisions on any mix of spans, article metadata
 * edits and fetched pages. Every answer is a value or a typed error (never
 * `internal`), and nothing saved before changes unless the call was meant to
 * change it.
 */

const db = openDatabase(':memory:');
let page: { bytes: Uint8Array; contentType?: string } = { bytes: new Uint8Array() };
const service = new WorkbenchService(db, {
  host: 'browser',
  appVersion: 'test',
  defaultAnnotator: 'tester',
  fetchPage: async (url) => ({ name: url, url, ...page }),
});
service.initializeFirstRun();
afterAll(() => db.close());

const TEXT = 'Officials said 40 people 😀 were evacuated on Monday. Officials said more.\n';
const article = service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!;
const other = service.importArticles({ files: [{ name: 'b.txt', text: 'Another article entirely.\n' }] }).imported[0]!;
const labels = service.listLabels({});
const spanIds: string[] = [];
for (const who of ['ana', 'ben']) {
  spanIds.push(service.as(who).createAnnotation({ articleId: article.id, labelId: labels[0]!.id, start: 0, end: 9, note: `${who} keeps this` }).id);
  spanIds.push(service.as(who).createAnnotation({ articleId: article.id, labelId: labels[1]!.id, start: 15, end: 17 }).id);
}
spanIds.push(service.as('ana').createAnnotation({ articleId: other.id, labelId: labels[0]!.id, start: 0, end: 7 }).id);
const deleted = service.as('ben').createAnnotation({ articleId: article.id, labelId: labels[0]!.id, start: 31, end: 35 }).id;
service.as('ben').deleteAnnotation({ id: deleted });
spanIds.push(deleted, 'no-such-span');

const internal: string[] = [];
function note(what: string, result: { ok: boolean; error?: { code: string; message: string } }): void {
  if (!result.ok && result.error!.code === 'internal') internal.push(`${what} -> ${result.error!.message}`);
}

describe('hostile input to last round’s additions', () => {
  it('annotation files of every format: typed errors only, and the spans, labels and text already saved are unchanged', () => {
    const layerOf = (who: string) => service.listAnnotations({ articleId: article.id }).filter((s) => s.annotator === who);
    const before = { ana: layerOf('ana'), ben: layerOf('ben'), labels: service.listLabels({}), article: service.getArticle({ id: article.id }) };
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      '\n',
      '\t',
      ' ',
      'T1',
      'Claim',
      'claim',
      '0',
      '9',
      '-1',
      '99999999',
      'text',
      'spans',
      'start',
      'end',
      'label',
      'annotator',
      'gold',
      'ana',
      '__proto__',
      'attributes',
      'Officials',
      '\\u0000',
      '\\ud800',
      'null',
      'true',
      '1e400',
      'sha256',
      'id',
      'entities',
      'tokens',
      'ner_tags',
      'O',
      'B-X',
      'I-X',
      '\r\n',
      '#',
      '\uFEFF',
      'Loaded_Language',
      'A1',
      'R1',
      '*',
      ';',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...IMPORT_FORMAT_IDS),
        fc.oneof(
          fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((xs) => xs.join('')),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        ),
        fc.constantFrom('a.txt', 'a.ann', 'x.jsonl', 'x.json', 'x.tsv', 'x.conll', 'article111.txt', 'article111.labels.tsv'),
        fc.constantFrom('abort', 'skip', 'fix'),
        (format, body, name, onMismatch) => {
          note(
            `importAnnotations ${format} ${name} ${JSON.stringify(body)}`,
            dispatch(service.as('cy'), 'importAnnotations', {
              format,
              files: [
                { name, text: body },
                { name: 'a.txt', text: TEXT },
              ],
              onMismatch,
            }),
          );
        },
      ),
      { numRuns: 600 },
    );
    expect(internal).toEqual([]);
    // The file's spans may join any layer; what ana and ben saved stays exactly as it was.
    for (const who of ['ana', 'ben'] as const) for (const span of before[who]) expect(layerOf(who)).toContainEqual(span);
    for (const label of before.labels) expect(service.listLabels({})).toContainEqual(label);
    expect(service.getArticle({ id: article.id })).toEqual(before.article);
  }, 120_000);

  it('review decisions, undone or not, on any mix of spans (deleted, unknown, of two articles): typed errors only', () => {
    const offset = fc.oneof(fc.integer({ min: -2, max: 80 }), fc.constantFrom(25, 26, 27));
    fc.assert(
      fc.property(
        fc.subarray(spanIds, { minLength: 1 }),
        fc.constantFrom('accept', 'reject', 'comment'),
        fc.option(fc.constantFrom(...labels.map((l) => l.id), 9999), { nil: undefined }),
        fc.option(offset, { nil: undefined }),
        fc.option(offset, { nil: undefined }),
        fc.option(
          fc.dictionary(fc.constantFrom('value', 'category', 'x', 'source'), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string()))),
          { nil: undefined },
        ),
        fc.constantFrom('ana', 'ben', 'cy'),
        fc.boolean(),
        (ids, action, labelId, start, end, attributes, who, undo) => {
          const input = JSON.parse(
            JSON.stringify({ spanIds: [...ids, ...(undo ? ids.slice(0, 1) : [])], action, labelId, start, end, attributes, comment: 'why', reason: 'r' }),
          ) as unknown;
          note(`reviewDecide ${JSON.stringify(input)}`, dispatch(service.as(who), 'reviewDecide', input));
          if (undo) note('reviewUndo', dispatch(service.as(who), 'reviewUndo', { articleId: article.id }));
          for (const query of [{}, { status: 'all' }, { kind: 'boundary' }, { annotator: 'ana' }])
            note(`reviewQueue ${JSON.stringify(query)}`, dispatch(service.as(who), 'reviewQueue', query));
          note('acceptUnanimous', dispatch(service.as(who), 'acceptUnanimous', { dryRun: true }));
        },
      ),
      { numRuns: 100 },
    );
    expect(internal).toEqual([]);
    // Reviewing writes the gold layer only: the analysts' spans are as they saved them.
    expect(
      service
        .listAnnotations({ articleId: article.id })
        .filter((s) => s.annotator === 'ana')
        .map((s) => s.note),
    ).toContain('ana keeps this');
  }, 120_000);

  it('article metadata edits and fetched pages of any bytes and content type: typed errors only; the text never changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            title: fc.string(),
            source: fc.option(fc.string(), { nil: null }),
            url: fc.option(fc.constantFrom('http://x', 'https://example.org/a b', 'javascript:alert(1)', ''), { nil: null }),
            publishedAt: fc.option(fc.constantFrom('2024-02-30', '2024-13-01', '2024-01-01T25:00', '0000-00-00', '2024-01-01', '99999-01-01', ''), {
              nil: null,
            }),
            language: fc.option(fc.constantFrom('en', 'xx', 'EN', 'eng', ''), { nil: null }),
            status: fc.constantFrom('new', 'done', 'bogus'),
            tags: fc.array(fc.string(), { maxLength: 5 }),
          },
          { requiredKeys: [] },
        ),
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc.constantFrom('', ' ', 'just text', '<!-- only a comment -->', '</html>', '<?xml version="1.0"?>').map((t) => new TextEncoder().encode(t)),
        ),
        fc.constantFrom('text/html', 'text/plain; charset=koi8-r', 'application/pdf', undefined, 'text/html; charset=bogus'),
        async (fields, bytes, contentType) => {
          note(`updateArticle ${JSON.stringify(fields)}`, dispatch(service, 'updateArticle', { id: article.id, ...fields }));
          page = { bytes, ...(contentType ? { contentType } : {}) };
          note(
            `importUrl ${contentType} ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`,
            await dispatchAsync(service, 'importUrl', { url: 'https://example.org/page' }),
          );
        },
      ),
      { numRuns: 200 },
    );
    expect(internal).toEqual([]);
    expect(service.getArticle({ id: article.id }).text).toBe(TEXT);
  }, 120_000);
});
