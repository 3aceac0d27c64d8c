import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkbenchApi } from '../../../src/shared/api';
import { dispatch } from '../../../src/main/result';
import { WorkbenchError } from '../../../src/shared/errors';
import { openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

describe('dispatch', () => {
  it('calls the method with the service as `this` and wraps the value', () => {
    expect(dispatch(wb.service, 'getSession', {})).toEqual({ ok: true, value: expect.objectContaining({ annotator: 'tester', appVersion: '9.9.9-test', host: 'browser' }) });
    const labels = dispatch(wb.service, 'listLabels', { includeArchived: true });
    expect(labels.ok && (labels.value as unknown[]).length).toBe(4);
  });

  it('refuses names that are not API methods, including inherited ones', () => {
    for (const name of ['dropDatabase', 'constructor', '__proto__', 'toString', 'initializeFirstRun', '']) {
      const result = dispatch(wb.service, name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown_method');
    }
  });

  it('turns validation errors into invalid_input data with details', () => {
    const result = dispatch(wb.service, 'createAnnotation', { articleId: 'x', labelId: 1, start: 3, end: 1 });
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: 'end: end must be greater than start', details: [{ path: 'end', message: 'end must be greater than start' }] } });
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
