import { describe, expect, it } from 'vitest';
import { attributesForExport, chosenOptions, compactAttributes, validateAttributes } from '../../../src/shared/attributes';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';
import type { AttributeDef } from '../../../src/shared/domain';
import { PTC_TECHNIQUES } from '../../../src/shared/ptc-techniques';
import { inputSchemas } from '../../../src/shared/schemas';
import { splitOptions } from '../../../src/renderer/src/components/AttributeEditor';

const technique: AttributeDef = { key: 'technique', name: 'Technique', type: 'multichoice', options: [...PTC_TECHNIQUES] };

describe('multi-choice attributes', () => {
  it('accept several listed values, stored as an array of strings', () => {
    expect(validateAttributes([technique], { technique: ['Name_Calling,Labeling', 'Loaded_Language'] })).toEqual([]);
  });
  it('accept a single string stored while the attribute was a plain choice', () => {
    expect(validateAttributes([technique], { technique: 'Doubt' })).toEqual([]);
    expect(chosenOptions('Doubt')).toEqual(['Doubt']);
  });
  it('refuse unlisted, repeated, empty and non-string values, naming the problem', () => {
    expect(validateAttributes([technique], { technique: ['Sarcasm'] })[0]!.message).toContain('"Sarcasm" is not one of');
    expect(validateAttributes([technique], { technique: ['Doubt', 'Doubt'] })[0]!.message).toContain('chosen twice');
    expect(validateAttributes([technique], { technique: [] })[0]!.message).toContain('at least one');
    expect(validateAttributes([technique], { technique: 3 })[0]!.message).toContain('list of the listed values');
  });
  it('drop an emptied list when compacting (clearing the field removes the attribute)', () => {
    expect(compactAttributes({ technique: [], target: 'Kiev' })).toEqual({ target: 'Kiev' });
  });
  it('go through the API schemas as arrays, and the type is accepted in label definitions', () => {
    expect(inputSchemas.updateAnnotation.safeParse({ id: 'a', attributes: { technique: ['Doubt'] } }).success).toBe(true);
    expect(inputSchemas.createLabel.safeParse({ name: 'Frames', color: '#123456', attributes: [technique] }).success).toBe(true);
  });
  it('are exported as arrays, a stored single string as a one-element array (lossless)', () => {
    expect(attributesForExport([technique], { technique: 'Doubt', target: 'EU' })).toEqual({ technique: ['Doubt'], target: 'EU' });
    expect(attributesForExport([technique], { technique: ['Doubt', 'Slogans'] })).toEqual({ technique: ['Doubt', 'Slogans'] });
  });
  it('is what Propaganda framing’s technique is, over the 14 SemEval-2020 Task 11 names', () => {
    const def = DEFAULT_LABELS.find((l) => l.key === 'propaganda_framing')!.attributes.find((a) => a.key === 'technique')!;
    expect(def.type).toBe('multichoice');
    expect(def.options).toHaveLength(14);
  });
  it('keeps PTC names whole when options are edited as text (a bare comma stays inside an option)', () => {
    expect(splitOptions(PTC_TECHNIQUES.join(', '))).toEqual([...PTC_TECHNIQUES]);
    expect(splitOptions('city, border crossing, region')).toEqual(['city', 'border crossing', 'region']);
  });
});
