import { describe, expect, it } from 'vitest';
import { firstJsonLine, sniffDatasetRecord } from '../../../../src/shared/formats';

const TEXT = 'Officials said 2,500 soldiers were missing.';

describe('which kind of JSON Lines file a first record comes from', () => {
  it('knows a workbench export, Prodigy, doccano and Label Studio records', () => {
    expect(sniffDatasetRecord({ schema_version: 1, text: TEXT, spans: [] })).toBe('jsonl');
    expect(sniffDatasetRecord({ text: TEXT, tokens: [{ text: 'Officials', start: 0, end: 9, id: 0, ws: true }], spans: [] })).toBe('prodigy');
    expect(sniffDatasetRecord({ text: TEXT, spans: [{ start: 0, end: 9, label: 'claim' }], answer: 'accept' })).toBe('prodigy');
    expect(sniffDatasetRecord({ text: TEXT, _input_hash: 1, _task_hash: 2 })).toBe('prodigy');
    expect(sniffDatasetRecord({ text: TEXT, label: [[15, 29, 'casualty_figure']] })).toBe('doccano');
    expect(sniffDatasetRecord({ data: { text: TEXT }, annotations: [] })).toBe('labelstudio');
    expect(sniffDatasetRecord({ data: { text: TEXT }, completions: [] })).toBe('labelstudio');
  });

  it('takes plain article records, and anything unreadable, as articles', () => {
    expect(sniffDatasetRecord({ text: TEXT, title: 'Missing soldiers', source: 'wire' })).toBeNull();
    expect(sniffDatasetRecord({ text: TEXT, label: 'politics' })).toBeNull();
    expect(sniffDatasetRecord(firstJsonLine('not json\n{"text":"x","schema_version":1,"spans":[]}'))).toBeNull();
    expect(sniffDatasetRecord(undefined)).toBeNull();
  });

  it('reads the first non-blank line after a BOM', () => {
    expect(firstJsonLine('\uFEFF\n\n{"text":"a","label":[]}\n{"text":"b"}')).toEqual({ text: 'a', label: [] });
  });
});
