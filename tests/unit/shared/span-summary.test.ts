import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';
import { spanSummary } from '../../../src/shared/span-summary';

const defs = (key: string) => DEFAULT_LABELS.find((l) => l.key === key)!.attributes;

describe('spanSummary', () => {
  it('reads a casualty figure as value, category, unit', () => {
    expect(spanSummary(defs('casualty_figure'), { value: 175, category: 'exchanged', unit: 'per side', approximate: true })).toBe(
      '175 · exchanged · per side · approximate',
    );
    expect(spanSummary(defs('casualty_figure'), { min: 300, max: 500, category: 'missing' })).toBe('300–500 · missing');
  });
  it('reads a claim as source and cue, a framing as its techniques and target', () => {
    expect(spanSummary(defs('claim'), { source: 'Trump', cue: 'wrote on Truth Social', verification: 'unverified' })).toBe(
      'Trump · wrote on Truth Social · unverified',
    );
    expect(spanSummary(defs('propaganda_framing'), { technique: ['Loaded_Language', 'Name_Calling,Labeling'], target: 'Kiev' })).toBe(
      'Loaded Language, Name Calling, Labeling · Kiev',
    );
    expect(spanSummary(defs('propaganda_framing'), { technique: 'Doubt' })).toBe('Doubt');
  });
  it('is empty when nothing is filled', () => {
    expect(spanSummary(defs('claim'), {})).toBe('');
  });
});
