import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkbenchApi } from '../../../src/shared/api';
import { dispatch, dispatchAsync } from '../../../src/main/result';
import { WorkbenchService } from '../../../src/main/service/workbench-service';
import { WorkbenchError } from '../../../src/shared/errors';
import { openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

describe('dispatch', () => {
  it('calls the method with the service as `this` and wraps the value', () => {
    expect(dispatch(wb.service, 'getSession', {})).toMatchObject({ ok: true, value: { annotator: 'tester', appVersion: '9.9.9-test', host: 'browser' } });
    const labels = dispatch(wb.service, 'listLabels', { includeArchived: true });
    expect(labels.ok && (labels.value as unknown[]).length).toBe(4);
  });

  it('refuses names that are not API methods, including inherited ones', () => {
    for (const name of ['dropDatabase', 'constructor', '__proto__', 'toString', 'initializeFirstRun', 'as', '']) {
      const result = dispatch(wb.service, name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown_method');
    }
  });

  it('turns validation errors into invalid_input data with details', () => {
    const result = dispatch(wb.service, 'createAnnotation', { articleId: 'x', labelId: 1, start: 3, end: 1 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'end: end must be greater than start', details: [{ path: 'end', message: 'end must be greater than start' }] },
    });
  });

  it('turns domain errors into data', () => {
    expect(dispatch(wb.service, 'getArticle', { id: 'nope' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no article with id nope', details: { kind: 'article', id: 'nope' } },
    });
  });

  it('turns unexpected errors into an internal error without a stack', () => {
    const broken = {
      getSession: () => {
        throw new Error('SQLITE_BUSY: database is locked');
      },
      listArticles: () => {
        throw new WorkbenchError('io', 'disk gone');
      },
    } as unknown as WorkbenchApi;
    expect(dispatch(broken, 'getSession', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error: SQLITE_BUSY: database is locked' } });
    expect(dispatch(broken, 'listArticles', {})).toEqual({ ok: false, error: { code: 'io', message: 'disk gone' } });
  });
});

describe('dispatchAsync: a method that answers later (importUrl)', () => {
  it('resolves to a Result, a failure included, never a rejected promise; plain dispatch refuses it', async () => {
    const service = new WorkbenchService(wb.db, {
      host: 'browser',
      appVersion: 't',
      defaultAnnotator: 't',
      fetchPage: () => Promise.reject(new WorkbenchError('io', 'https://x.example/ answered 404 Not Found')),
    });
    expect(dispatch(service, 'importUrl', { url: 'https://x.example/' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await dispatchAsync(service, 'importUrl', { url: 'https://x.example/' })).toEqual({
      ok: false,
      error: { code: 'io', message: 'https://x.example/ answered 404 Not Found' },
    });
  });
});
