import { describe, expect, it } from 'vitest';
import { parseCasualtyFigure } from '../../../src/shared/casualty';

describe('parseCasualtyFigure', () => {
  it.each([
    ['2,500 killed', { value: 2500, category: 'killed' }],
    ['2\u00A0500 dead', { value: 2500, category: 'killed' }],
    ['1 000 000', { value: 1_000_000 }],
    ['twenty-three soldiers wounded', { value: 23, category: 'wounded' }],
    ['twenty three', { value: 23 }],
    ['one hundred and fifty killed', { value: 150, category: 'killed' }],
    ['two hundred and fifty thousand', { value: 250_000 }],
    ['1.5 million', { value: 1_500_000 }],
    ['5k dead', { value: 5000, category: 'killed' }],
    ['3 bn', { value: 3_000_000_000 }],
    ['about 300 prisoners', { value: 300, approximate: true, category: 'captured/prisoners' }],
    ['at least 40 people died', { value: 40, approximate: true, category: 'killed' }],
    ['more than 2 million', { value: 2_000_000, approximate: true }],
    ['~70 injured', { value: 70, approximate: true, category: 'wounded' }],
    ['hundreds of civilians', { approximate: true }],
    ['12 missing', { value: 12, category: 'missing' }],
    ['some 1,000 prisoners were exchanged for 500', { value: 1000, approximate: true, category: 'exchanged' }],
    ['Nobody', {}],
  ])('%s', (text, expected) => {
    expect(parseCasualtyFigure(text)).toEqual(expected);
  });

  describe('ranges', () => {
    it.each([
      ['between 10 and 20 dead', { min: 10, max: 20, category: 'killed' }],
      ['10-20 missing', { min: 10, max: 20, category: 'missing' }],
      ['10\u201320 wounded', { min: 10, max: 20, category: 'wounded' }],
      ['from 30 to 40 killed', { min: 30, max: 40, category: 'killed' }],
      ['between ten and twenty', { min: 10, max: 20 }],
      ['between 1.5 million and 2 million', { min: 1_500_000, max: 2_000_000 }],
    ])('%s', (text, expected) => {
      expect(parseCasualtyFigure(text)).toEqual(expected);
    });

    it('reads a "range" whose bounds are reversed as a single value', () => {
      expect(parseCasualtyFigure('between 20 and 10')).toEqual({ value: 20 });
    });
  });

  it('prefers "exchanged" over "prisoners" and "killed" over "wounded" when both appear', () => {
    expect(parseCasualtyFigure('200 prisoners swapped').category).toBe('exchanged');
    expect(parseCasualtyFigure('5 killed and 9 wounded').category).toBe('killed');
  });
});

describe('parseCasualtyFigure with dotted thousands and decimals', () => {
  it('reads 2.500 and 12.000 as thousands, as written in much of Europe and in Russian', () => {
    expect(parseCasualtyFigure('2.500 soldiers')).toMatchObject({ value: 2500 });
    expect(parseCasualtyFigure('12.000 \u043F\u043E\u0433\u0438\u0431\u0448\u0438\u0445')).toMatchObject({ value: 12000 });
  });
  it('does not guess a count from a decimal without a scale word', () => {
    expect(parseCasualtyFigure('2.5').value).toBeUndefined();
    expect(parseCasualtyFigure('1.5 million').value).toBe(1_500_000);
  });
});
