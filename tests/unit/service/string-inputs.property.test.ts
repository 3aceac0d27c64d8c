import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../src/shared/api';
import { WorkbenchError, type ErrorCode } from '../../../src/shared/errors';
import type { MethodName } from '../../../src/shared/schemas';
import { openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

/**
 * Random strings, lone surrogates, NUL, quotes, backslashes and `__proto__`
 * among them, fed to every string field of every API method: each call either
 * gets a typed 4xx error or stores a value that reads back as documented
 * (identical, or trimmed where the field trims).
 */

const CLIENT_ERRORS: readonly ErrorCode[] = ['invalid_input', 'not_found', 'conflict', 'unsupported_format'];
const NUM_RUNS = 60;

const awkward = fc.constantFrom(
  '\0',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '\\',
  '"',
  "'",
  '$',
  '.',
  '[',
  '*',
  '%',
  '_',
  ' ',
  '\n',
  '\u2028',
  '\uFEFF',
  'é',
  '😀',
  '__proto__',
  'a',
);
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostile = fc.string({ unit: fc.oneof(awkward, anyCodeUnit), maxLength: 24 });

let wb: TestWorkbench;
let articleId: string;
let annotationId: string;
let labelId: number;

beforeAll(() => {
  wb = openTestWorkbench();
  const text = 'The minister said 2,500 people were evacuated from the city on Monday. '.repeat(20);
  articleId = wb.service.importArticles({ files: [{ name: 'base.txt', text }] }).imported[0]!.id;
  labelId = wb.service.listLabels({}).find((l) => l.attributes.some((a) => a.key === 'source'))!.id;
  annotationId = wb.service.createAnnotation({ articleId, labelId, start: 4, end: 12 }).id;
});
afterAll(() => wb.close());

/** Runs `call`; a typed client error is an acceptable answer (returns undefined), anything else thrown fails the property. */
function attempt<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw new Error(`untyped error: ${String(error)}`);
    if (!CLIENT_ERRORS.includes(error.code)) throw new Error(`server-side error ${error.code}: ${error.message}`);
    return undefined;
  }
}

const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Asserts what a stored string must satisfy: valid Unicode, no NUL, and equal to what was sent (after the field's documented trim). */
function expectStored(stored: unknown, sent: string, trims: boolean): void {
  expect(typeof stored).toBe('string');
  expect(wellFormed(stored as string)).toBe(true);
  expect((stored as string).includes('\0')).toBe(false);
  expect(stored).toBe(trims ? sent.trim() : sent);
}

let uniq = 0;
const fresh = (): string => `n${++uniq}`;

/** One case per string field: makes the call with `s` in that field and checks the read-back. */
const cases: Record<MethodName, Record<string, (s: string) => void>> = {
  getSession: {},
  setAnnotator: {
    name: (s) => {
      const session = attempt(() => wb.service.setAnnotator({ name: s }));
      if (session) {
        expectStored(session.annotator, s, true);
        expect(wb.service.getSession({}).annotators.map((a) => a.name)).toContain(s.trim());
      }
    },
  },
  listArticles: { query: (s) => void attempt(() => wb.service.listArticles({ query: s })) },
  listArticleItems: {},
  deleteArticles: { ids: (s) => void attempt(() => wb.service.deleteArticles({ ids: [s] })) },
  restoreArticles: { ids: (s) => void attempt(() => wb.service.restoreArticles({ ids: [s] })) },
  listDeletedArticles: {},
  purgeArticles: { ids: (s) => void attempt(() => wb.service.purgeArticles({ ids: [s] })) },
  stageImport: {
    name: (s) => {
      const base64 = Buffer.from(`unique staged text ${fresh()}`).toString('base64');
      const staged = attempt(() => wb.service.stageImport({ files: [{ name: s, base64 }], format: 'text' }));
      const imported = staged && attempt(() => wb.service.commitImport({ importId: staged.importId }))?.imported[0];
      if (imported) expectStored(wb.service.getArticle({ id: imported.id }).meta.fileName, s.replace(/^.*[\\/]/, ''), false);
    },
    importId: (s) => void attempt(() => wb.service.stageImport({ importId: s, files: [{ name: 'i.txt', base64: 'QQ==' }] })),
  },
  commitImport: { importId: (s) => void attempt(() => wb.service.commitImport({ importId: s })) },
  discardImport: { importId: (s) => void attempt(() => wb.service.discardImport({ importId: s })) },
  importFiles: {
    name: (s) => {
      const base64 = Buffer.from(`unique text ${fresh()}`).toString('base64');
      const imported = attempt(() => wb.service.importFiles({ files: [{ name: s, base64 }], format: 'text' }))?.imported[0];
      if (imported) expectStored(wb.service.getArticle({ id: imported.id }).meta.fileName, s.replace(/^.*[\\/]/, ''), false);
    },
    base64: (s) => void attempt(() => wb.service.importFiles({ files: [{ name: 'b.txt', base64: s }] })),
    encoding: (s) => void attempt(() => wb.service.importFiles({ files: [{ name: 'e.txt', base64: 'QQ==' }], encoding: s, checkOnly: true })),
  },
  importUrl: {
    // Only addresses the schema refuses: nothing here reaches the network.
    url: (s) => {
      if (/^\s*https?:/i.test(s)) return;
      void wb.service.importUrl({ url: s }).catch((error: unknown) => {
        if (!(error instanceof WorkbenchError)) throw error;
      });
    },
  },
  search: { query: (s) => void attempt(() => wb.service.search({ query: s })) },
  listSpans: {
    'attributes, annotator and text': (s) => void attempt(() => wb.service.listSpans({ attributes: { source: s }, annotator: s, text: s })),
    articleId: (s) => void attempt(() => wb.service.listSpans({ articleId: s })),
  },
  getArticle: { id: (s) => void attempt(() => wb.service.getArticle({ id: s })) },
  openArticle: { id: (s) => void attempt(() => wb.service.openArticle({ id: s })) },
  updateArticle: {
    id: (s) => void attempt(() => wb.service.updateArticle({ id: s, title: 'x' })),
    title: (s) => {
      if (attempt(() => wb.service.updateArticle({ id: articleId, title: s }))) expectStored(wb.service.getArticle({ id: articleId }).title, s, true);
    },
  },
  importArticles: {
    name: (s) => {
      const result = attempt(() => wb.service.importArticles({ files: [{ name: s, text: `unique text ${fresh()}` }] }));
      const imported = result?.imported[0];
      if (imported) expectStored(wb.service.getArticle({ id: imported.id }).meta.fileName, s.replace(/^.*[\\/]/, ''), false);
    },
    text: (s) => {
      const text = `${fresh()} ${s}`;
      const imported = attempt(() => wb.service.importArticles({ files: [{ name: 'p.txt', text }] }))?.imported[0];
      if (imported) expectStored(wb.service.getArticle({ id: imported.id }).text, text, false);
    },
  },
  listLabels: {},
  createLabel: {
    name: (s) => {
      const label = attempt(() => wb.service.createLabel({ name: s, color: '#123456' }));
      if (label) expectStored(wb.service.listLabels({}).find((l) => l.id === label.id)!.name, s, true);
    },
    color: (s) => void attempt(() => wb.service.createLabel({ name: fresh(), color: s })),
    hotkey: (s) => void attempt(() => wb.service.createLabel({ name: fresh(), color: '#123456', hotkey: s })),
    description: (s) => {
      const label = attempt(() => wb.service.createLabel({ name: fresh(), color: '#123456', description: s }));
      if (label) expectStored(wb.service.listLabels({}).find((l) => l.id === label.id)!.description, s, false);
    },
    'attributes.key and suggestGroup': (s) => {
      const label = attempt(() =>
        wb.service.createLabel({ name: fresh(), color: '#123456', attributes: [{ key: s, name: 'k', type: 'text', suggestGroup: s }] }),
      );
      if (label) expectStored(wb.service.listLabels({}).find((l) => l.id === label.id)!.attributes[0]!.key, s, false);
    },
    'attributes.name, help and options': (s) => {
      const label = attempt(() =>
        wb.service.createLabel({
          name: fresh(),
          color: '#123456',
          attributes: [
            { key: 'b', name: s, type: 'text', help: s },
            { key: 'c', name: 'c', type: 'choice', options: [s] },
          ],
        }),
      );
      if (label) {
        const stored = wb.service.listLabels({}).find((l) => l.id === label.id)!;
        expectStored(stored.attributes[0]!.name, s, true);
        expectStored(stored.attributes[0]!.help, s, false);
        expectStored(stored.attributes[1]!.options![0], s, false);
      }
    },
  },
  updateLabel: {
    name: (s) => {
      if (attempt(() => wb.service.updateLabel({ id: labelId, name: s }))) {
        expectStored(wb.service.listLabels({}).find((l) => l.id === labelId)!.name, s, true);
      }
    },
    description: (s) => {
      if (attempt(() => wb.service.updateLabel({ id: labelId, description: s }))) {
        expectStored(wb.service.listLabels({}).find((l) => l.id === labelId)!.description, s, false);
      }
    },
    color: (s) => void attempt(() => wb.service.updateLabel({ id: labelId, color: s })),
    hotkey: (s) => void attempt(() => wb.service.updateLabel({ id: labelId, hotkey: s })),
  },
  reorderLabels: {},
  listAnnotations: { articleId: (s) => void attempt(() => wb.service.listAnnotations({ articleId: s })) },
  createAnnotations: {
    articleId: (s) => void attempt(() => wb.service.createAnnotations({ articleId: s, spans: [{ labelId, start: 0, end: 3 }] })),
    note: (s) => {
      const made = attempt(() => wb.service.createAnnotations({ articleId, spans: [{ labelId, start: 0, end: 3, note: s }] }));
      if (made) expectStored(wb.service.listAnnotations({ articleId }).find((a) => a.id === made[0]!.id)!.note, s, false);
    },
    'attributes value': (s) => {
      const made = attempt(() => wb.service.createAnnotations({ articleId, spans: [{ labelId, start: 0, end: 3, attributes: { source: s } }] }));
      if (made && s.trim() !== '') expectStored(wb.service.listAnnotations({ articleId }).find((a) => a.id === made[0]!.id)!.attributes.source, s, true);
    },
  },
  createAnnotation: {
    id: (s) => void attempt(() => wb.service.createAnnotation({ id: s, articleId, labelId, start: 0, end: 3 })),
    articleId: (s) => void attempt(() => wb.service.createAnnotation({ articleId: s, labelId, start: 0, end: 3 })),
    note: (s) => {
      const made = attempt(() => wb.service.createAnnotation({ articleId, labelId, start: 0, end: 3, note: s }));
      if (made) expectStored(wb.service.listAnnotations({ articleId }).find((a) => a.id === made.id)!.note, s, false);
    },
    'attributes key': (s) => void attempt(() => wb.service.createAnnotation({ articleId, labelId, start: 0, end: 3, attributes: { [s]: 'x' } })),
    'attributes value': (s) => {
      const made = attempt(() => wb.service.createAnnotation({ articleId, labelId, start: 0, end: 3, attributes: { source: s } }));
      if (made) {
        const stored = wb.service.listAnnotations({ articleId }).find((a) => a.id === made.id)!.attributes.source;
        if (s.trim() === '') expect(stored).toBeUndefined();
        else expectStored(stored, s, true);
      }
    },
  },
  updateAnnotation: {
    id: (s) => void attempt(() => wb.service.updateAnnotation({ id: s, note: 'x' })),
    note: (s) => {
      if (attempt(() => wb.service.updateAnnotation({ id: annotationId, note: s }))) {
        expectStored(wb.service.listAnnotations({ articleId }).find((a) => a.id === annotationId)!.note, s, false);
      }
    },
    'attributes value': (s) => {
      if (attempt(() => wb.service.updateAnnotation({ id: annotationId, attributes: { source: s } }))) {
        const stored = wb.service.listAnnotations({ articleId }).find((a) => a.id === annotationId)!.attributes.source;
        if (s.trim() === '') expect(stored).toBeUndefined();
        else expectStored(stored, s, true);
      }
    },
  },
  deleteAnnotation: { id: (s) => void attempt(() => wb.service.deleteAnnotation({ id: s })) },
  copyToMyLayer: { id: (s) => void attempt(() => wb.service.copyToMyLayer({ id: s })) },
  undo: { articleId: (s) => void attempt(() => wb.service.undo({ articleId: s })) },
  redo: { articleId: (s) => void attempt(() => wb.service.redo({ articleId: s })) },
  attributeSuggestions: { attribute: (s) => void attempt(() => wb.service.attributeSuggestions({ attribute: s })) },
  importLayer: {
    content: (s) => void attempt(() => wb.service.importLayer({ content: s })),
    annotator: (s) => void attempt(() => wb.service.importLayer({ content: '', annotator: s })),
  },
  reviewQueue: {
    articleId: (s) => void attempt(() => wb.service.reviewQueue({ articleId: s })),
    annotator: (s) => void attempt(() => wb.service.reviewQueue({ annotator: s })),
  },
  reviewDecide: {
    spanIds: (s) => void attempt(() => wb.service.reviewDecide({ spanIds: [s], action: 'accept' })),
    reason: (s) => void attempt(() => wb.service.reviewDecide({ spanIds: [annotationId], action: 'reject', reason: s })),
    comment: (s) => {
      const made = attempt(() => wb.service.reviewDecide({ spanIds: [annotationId], action: 'comment', comment: s }));
      if (made) {
        const item = wb.service.reviewQueue({ articleId }).items.find((i) => i.spans.some((x) => x.id === annotationId))!;
        expectStored(item.comments.find((c) => c.id === made.decision.id)!.comment, s, true);
      }
    },
  },
  importLayerDatabase: {
    data: (s) => void attempt(() => wb.service.importLayerDatabase({ data: s })),
    annotator: (s) => void attempt(() => wb.service.importLayerDatabase({ data: '', annotator: s })),
  },
  reviewUndo: { articleId: (s) => void attempt(() => wb.service.reviewUndo({ articleId: s })) },
  acceptUnanimous: { articleId: (s) => void attempt(() => wb.service.acceptUnanimous({ articleId: s, dryRun: true })) },
  exportEventLog: { since: (s) => void attempt(() => wb.service.exportEventLog({ since: s })) },
  applyEventLog: {
    // Any text that is not a log this database can take is refused whole: the log is exactly as long afterwards.
    content: (s) => {
      const before = wb.service.exportEventLog({}).content;
      attempt(() => wb.service.applyEventLog({ content: s }));
      expect(wb.service.exportEventLog({}).content).toBe(before);
    },
    fileName: (s) => void attempt(() => wb.service.applyEventLog({ content: '{}', fileName: s })),
  },
  agreementReport: {
    a: (s) => void attempt(() => wb.service.agreementReport({ a: s, b: 'gold' })),
    b: (s) => void attempt(() => wb.service.agreementReport({ a: 'tester', b: s })),
    labels: (s) => void attempt(() => wb.service.agreementReport({ a: 'tester', b: 'gold', labels: [s] })),
  },
  agreementOverview: { labels: (s) => void attempt(() => wb.service.agreementOverview({ labels: [s] })) },
  agreementSpans: {
    label: (s) => void attempt(() => wb.service.agreementSpans({ by: 'label', a: 'tester', b: 'gold', label: s })),
    'row and column': (s) => void attempt(() => wb.service.agreementSpans({ by: 'confusion', a: 'tester', b: 'gold', row: s, column: s })),
    'annotator and source': (s) => void attempt(() => wb.service.agreementSpans({ by: 'annotator', annotator: s, source: s })),
  },
  exportDataset: {
    articleIds: (s) => void attempt(() => wb.service.exportDataset({ format: 'jsonl', articleIds: [s] })),
    annotators: (s) => void attempt(() => wb.service.exportDataset({ format: 'jsonl', annotators: [s] })),
    'filters (labels, annotators, source, query)': (s) =>
      void attempt(() => wb.service.exportDataset({ format: 'jsonl', filters: { annotators: [s], source: s, query: s } })),
  },
  startExport: {
    'filters (annotators, source, query)': (s) => {
      const job = attempt(() => wb.service.startExport({ format: 'jsonl', filters: { annotators: [s], source: s, query: s } }));
      if (job) wb.service.cancelExport({ jobId: job.jobId });
    },
  },
  exportStatus: { jobId: (s) => void attempt(() => wb.service.exportStatus({ jobId: s })) },
  cancelExport: { jobId: (s) => void attempt(() => wb.service.cancelExport({ jobId: s })) },
  takeExport: { jobId: (s) => void attempt(() => wb.service.takeExport({ jobId: s })) },
  importAnnotations: {
    'file text': (s) => {
      const text = `${fresh()} ${s}`;
      const result = attempt(() =>
        wb.service.importAnnotations({ format: 'jsonl', files: [{ name: 'x.jsonl', text: JSON.stringify({ text, spans: [] }) }], annotator: 'importer' }),
      );
      if (result && result.articlesCreated === 1) {
        const article = wb.service.listArticles({}).find((a) => a.externalId === null && wb.service.getArticle({ id: a.id }).text === text);
        expect(article).toBeDefined();
      }
    },
    annotator: (s) =>
      void attempt(() =>
        wb.service.importAnnotations({
          format: 'jsonl',
          files: [{ name: 'x.jsonl', text: '{"text":"a b","spans":[{"start":0,"end":1,"text":"a","label":"claim"}]}' }],
          annotator: s,
        }),
      ),
  },
};

describe('every string field of every API method, given hostile strings', () => {
  it('covers every API method', () => {
    expect(Object.keys(cases).sort()).toEqual([...API_METHODS].sort());
  });

  for (const [method, fields] of Object.entries(cases)) {
    for (const [field, run] of Object.entries(fields)) {
      it(`${method}.${field}: a typed 4xx error or a value that reads back as sent`, () => {
        fc.assert(
          fc.property(hostile, (s) => run(s)),
          { numRuns: NUM_RUNS },
        );
      });
    }
  }

  it('refuses lone surrogates and NUL in a stored field with a message naming the field', () => {
    for (const bad of ['lab\uD800', 'lab\0el']) {
      try {
        wb.service.createLabel({ name: bad, color: '#123456' });
        expect.unreachable('accepted');
      } catch (error) {
        expect((error as WorkbenchError).code).toBe('invalid_input');
        expect((error as WorkbenchError).message).toMatch(/^name: contains (a lone surrogate \(not valid Unicode\)|a NUL character)$/);
      }
    }
  });

  it('refuses an attribute key named __proto__ by name instead of dropping it', () => {
    const attributes = JSON.parse('{"__proto__": "x", "source": "y"}') as Record<string, string>;
    try {
      wb.service.createAnnotation({ articleId, labelId, start: 0, end: 3, attributes });
      expect.unreachable('accepted');
    } catch (error) {
      expect((error as WorkbenchError).code).toBe('invalid_input');
      expect((error as WorkbenchError).message).toBe('attributes.__proto__: the key “__proto__” is not allowed (choose another name)');
    }
  });

  it('finds suggestions under attribute names holding quotes and backslashes (no JSON path built from the name)', () => {
    expect(wb.service.attributeSuggestions({ attribute: 'a\\"b' })).toEqual([]);
    wb.service.createAnnotation({ articleId, labelId, start: 0, end: 3, attributes: { source: 'Ministry' } });
    expect(wb.service.attributeSuggestions({ attribute: 'source', labelId })).toContain('Ministry');
  });
});
