import { describe, expect, it } from 'vitest';
import { awaitsValue, compactAttributes, validateAttributes, hasNoAttributes } from '../../../src/shared/attributes';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';
import type { AttributeDef } from '../../../src/shared/domain';

const casualty = DEFAULT_LABELS.find((l) => l.key === 'casualty_figure')!.attributes;
const claim = DEFAULT_LABELS.find((l) => l.key === 'claim')!.attributes;

describe('validateAttributes', () => {
  it('accepts values that fit their definitions', () => {
    expect(validateAttributes(casualty, { value: 2500, approximate: true, category: 'killed', side: 'both' })).toEqual([]);
    expect(validateAttributes(casualty, { min: 10, max: 10 })).toEqual([]);
    expect(validateAttributes(claim, {})).toEqual([]);
  });

  it('reports unknown keys instead of dropping them', () => {
    expect(validateAttributes(claim, { colour: 'red' })).toEqual([{ key: 'colour', message: 'unknown attribute "colour"' }]);
  });

  it('checks each type', () => {
    const problems = validateAttributes(casualty, {
      value: 2.5,
      min: -1,
      approximate: 'yes',
      category: 'eaten',
      side: 7,
    });
    expect(problems.map((p) => p.key).sort()).toEqual(['approximate', 'category', 'min', 'side', 'value']);
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p.message]));
    expect(byKey.value).toBe('Value: expected a whole number');
    expect(byKey.min).toBe('Range from: must be at least 0');
    expect(byKey.approximate).toBe('Approximate: expected yes or no');
    expect(byKey.category).toMatch(/^Category: "eaten" is not one of: killed, wounded/);
    expect(byKey.side).toBe('Side: expected text');
  });

  it('rejects unsafe integers and over-long text', () => {
    expect(validateAttributes(casualty, { value: 2 ** 53 })).toHaveLength(1);
    expect(validateAttributes(casualty, { side: 'x'.repeat(2000) })).toEqual([]);
    expect(validateAttributes(casualty, { side: 'x'.repeat(2001) })).toEqual([{ key: 'side', message: 'Side: longer than 2000 characters' }]);
  });

  it('reports a range whose end is below its start', () => {
    expect(validateAttributes(casualty, { min: 20, max: 10 })).toEqual([{ key: 'max', message: 'Range to (10) is below range from (20)' }]);
  });

  it('only checks min/max ordering when the label defines both', () => {
    const defs: AttributeDef[] = [
      { key: 'min', name: 'Min', type: 'integer' },
      { key: 'top', name: 'Top', type: 'integer' },
    ];
    expect(validateAttributes(defs, { min: 20, top: 10 })).toEqual([]);
  });

  it('treats a choice without options as accepting nothing', () => {
    const defs: AttributeDef[] = [{ key: 'kind', name: 'Kind', type: 'choice' }];
    expect(validateAttributes(defs, { kind: 'x' })).toEqual([{ key: 'kind', message: 'Kind: "x" is not one of: ' }]);
  });
});

describe('compactAttributes', () => {
  it('drops empty and blank strings and trims the rest', () => {
    expect(compactAttributes({ a: '', b: '  \t', c: '  Kyiv ', d: 0, e: false, f: 'x' })).toEqual({ c: 'Kyiv', d: 0, e: false, f: 'x' });
  });

  it('does not modify its input', () => {
    const input = { a: ' x ' };
    compactAttributes(input);
    expect(input).toEqual({ a: ' x ' });
  });
});

describe('awaitsValue (where `e` takes the analyst)', () => {
  const awaiting = (values: Record<string, string | number | boolean>): string[] => casualty.filter((d) => awaitsValue(d, values)).map((d) => d.key);

  it('skips the range when the figure has a value, and the value when it has a range', () => {
    // "2,500 soldiers were killed": the value and category were read from the text.
    expect(awaiting({ value: 2500, category: 'killed' })[0]).toBe('population');
    expect(awaiting({ value: 2500, category: 'killed' })).not.toContain('min');
    expect(awaiting({ min: 10, max: 20 })).not.toContain('value');
    expect(awaiting({})).toEqual(['value', 'min', 'max', 'category', 'population', 'side', 'unit', 'as_of', 'reported_by']);
  });

  it('never counts an unticked box as waiting, and counts a text field until it is filled', () => {
    expect(awaiting({ value: 1 })).not.toContain('approximate');
    expect(claim.filter((d) => awaitsValue(d, { source: 'Kremlin' })).map((d) => d.key)).toEqual(['cue', 'checkability', 'verification']);
  });
});

describe('hasNoAttributes', () => {
  it('is true only for a span with no attribute at all', () => {
    expect(hasNoAttributes({})).toBe(true);
    expect(hasNoAttributes({ category: 'killed' })).toBe(false);
    expect(hasNoAttributes({ note: '' })).toBe(false);
    expect(hasNoAttributes(Object.create({ inherited: 'x' }) as Record<string, string>)).toBe(true);
  });
});
