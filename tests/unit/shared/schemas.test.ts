import { describe, expect, it } from 'vitest';
import { API_METHODS, ipcChannel, isApiMethod } from '../../../src/shared/api';
import { describeIssues, inputSchemas } from '../../../src/shared/schemas';
import { PILE_OF_POO } from '../../fixtures/tricky-text';

function issuesOf(method: keyof typeof inputSchemas, input: unknown): { path: string; message: string }[] {
  const result = inputSchemas[method].safeParse(input);
  if (result.success) return [];
  return describeIssues(result.error.issues).details;
}

describe('inputSchemas', () => {
  it('has exactly one schema per API method', () => {
    expect(Object.keys(inputSchemas).sort()).toEqual([...API_METHODS].sort());
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
  });

  it('rejects unknown keys everywhere (strict objects)', () => {
    expect(issuesOf('getSession', { extra: 1 })).toHaveLength(1);
    expect(issuesOf('deleteAnnotation', { id: 'a', force: true })).toHaveLength(1);
  });

  it('requires end > start for a new annotation and names the field', () => {
    expect(issuesOf('createAnnotation', { articleId: 'a', labelId: 1, start: 5, end: 5 })).toEqual([
      { path: 'end', message: 'end must be greater than start' },
    ]);
    expect(issuesOf('createAnnotation', { articleId: 'a', labelId: 1, start: 0, end: 1 })).toEqual([]);
  });

  it('rejects negative and fractional offsets, non-positive label ids and a malformed uuid', () => {
    const paths = issuesOf('createAnnotation', { id: 'not-a-uuid', articleId: '', labelId: 0, start: -1, end: 1.5 }).map((d) => d.path);
    expect(paths.sort()).toEqual(['articleId', 'end', 'id', 'labelId', 'start']);
  });

  it('checks label colours, hotkeys and attribute definitions', () => {
    expect(issuesOf('createLabel', { name: 'Claim', color: '#12345g' })[0]).toEqual({ path: 'color', message: 'a colour is written #rrggbb' });
    expect(issuesOf('createLabel', { name: 'Claim', color: '#123456', hotkey: '0' })[0]!.path).toBe('hotkey');
    expect(issuesOf('createLabel', { name: 'Claim', color: '#AbCdEf', hotkey: null })).toEqual([]);
    expect(issuesOf('createLabel', { name: '   ', color: '#123456' })[0]).toEqual({ path: 'name', message: 'a label needs a name' });
    expect(issuesOf('createLabel', { name: 'X', color: '#123456', attributes: [{ key: 'Bad Key', name: 'Bad', type: 'text' }] })[0]!.path).toBe(
      'attributes.0.key',
    );
    expect(issuesOf('createLabel', { name: 'X', color: '#123456', attributes: [{ key: 'k', name: 'K', type: 'date' }] })[0]!.path).toBe('attributes.0.type');
  });

  it('requires at least one file for an import and accepts surrogate pairs', () => {
    expect(issuesOf('importArticles', { files: [] })).toEqual([{ path: 'files', message: 'choose at least one file' }]);
    expect(issuesOf('importArticles', { files: [{ name: 'a.txt', text: `ok ${PILE_OF_POO}` }] })).toEqual([]);
  });

  it('rejects article text with a lone surrogate, which SQLite could not store faithfully', () => {
    for (const text of ['a\uD83Db', 'a\uDCA9', '\uDCA9\uD83D', 'end\uD83D']) {
      expect(issuesOf('importArticles', { files: [{ name: 'a.txt', text }] }).map((d) => d.path)).toEqual(['files.0.text']);
    }
  });

  it('trims names before checking them', () => {
    const parsed = inputSchemas.setAnnotator.parse({ name: '  Ana  ' });
    expect(parsed.name).toBe('Ana');
    expect(issuesOf('setAnnotator', { name: ' \t ' })).toEqual([{ path: 'name', message: 'a name is required' }]);
  });
});

describe('describeIssues', () => {
  it('joins issues into one line and names the root as (input)', () => {
    const result = inputSchemas.getArticle.safeParse('nope');
    expect(result.success).toBe(false);
    const described = describeIssues(result.error!.issues);
    expect(described.details).toHaveLength(1);
    expect(described.details[0]!.path).toBe('(input)');
    expect(described.message).toBe(`(input): ${described.details[0]!.message}`);
  });

  it('separates several issues with semicolons', () => {
    const result = inputSchemas.updateArticle.safeParse({ id: '', title: '' });
    const described = describeIssues(result.error!.issues);
    expect(described.message).toBe('id: an id is required; title: a title cannot be empty');
  });
});

describe('api helpers', () => {
  it('recognises method names and only those', () => {
    expect(isApiMethod('createAnnotation')).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('__proto__')).toBe(false);
    expect(isApiMethod('')).toBe(false);
  });

  it('names IPC channels after the method', () => {
    expect(ipcChannel('undo')).toBe('workbench:undo');
  });
});
