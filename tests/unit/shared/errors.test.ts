import { describe, expect, it } from 'vitest';
import { toErrorData, WorkbenchError } from '../../../src/shared/errors';

describe('WorkbenchError', () => {
  it('carries code, message and details as data', () => {
    const error = new WorkbenchError('not_found', 'no article with id x', { id: 'x' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WorkbenchError');
    expect(error.toData()).toEqual({ code: 'not_found', message: 'no article with id x', details: { id: 'x' } });
  });

  it('leaves out details when there are none', () => {
    expect(new WorkbenchError('conflict', 'taken').toData()).toEqual({ code: 'conflict', message: 'taken' });
  });

  it('prefixes the method name to the message but not to its data', () => {
    const error = WorkbenchError.fromData({ code: 'invalid_input', message: 'end: too small', details: [1] }, 'createAnnotation');
    expect(error.message).toBe('createAnnotation: end: too small');
    expect(error.method).toBe('createAnnotation');
    expect(error.toData()).toEqual({ code: 'invalid_input', message: 'end: too small', details: [1] });
  });
});

describe('toErrorData', () => {
  it('passes WorkbenchErrors through', () => {
    expect(toErrorData(new WorkbenchError('io', 'disk full'))).toEqual({ code: 'io', message: 'disk full' });
  });

  it('turns anything else into an internal error without a stack', () => {
    const data = toErrorData(new TypeError('SQLITE_CONSTRAINT: boom'));
    expect(data).toEqual({ code: 'internal', message: 'Internal error: SQLITE_CONSTRAINT: boom' });
    expect(JSON.stringify(data)).not.toContain('    at ');
    expect(toErrorData('plain string')).toEqual({ code: 'internal', message: 'Internal error: plain string' });
  });
});
