import { describe, expect, it } from 'vitest';
import { readCasualtyFigure } from '../../../src/shared/casualty';
import { CASUALTY_FIXTURES, CASUALTY_HELD_OUT, splitFixture, type CasualtyFixture } from '../../fixtures/casualty-sentences';

describe('readCasualtyFigure on the shapes of the five reports', () => {
  it('reads "175 prisoners will be exchanged ... for 175 people" as 175 exchanged per side, not a range and not civilians', () => {
    const r = readCasualtyFigure(
      '175 prisoners',
      'Vladimir Putin informed that on March 19, ',
      ' will be exchanged between the Russian and Ukrainian sides for 175 people.',
    );
    expect(r.values).toEqual({ value: 175, category: 'exchanged', unit: 'per side' });
    expect(r.evidence.unit).toBe('for 175');
    expect(r.warnings).toEqual([]);
  });

  it('reads "the 175 for 175 formula" the same way', () => {
    expect(readCasualtyFigure('175 for 175', 'prisoners will be exchanged according to the ', ' formula.').values).toEqual({
      value: 175,
      category: 'exchanged',
      unit: 'per side',
    });
  });

  it('takes side and population from the noun phrase: "23 seriously wounded Ukrainian servicemen"', () => {
    const r = readCasualtyFigure('23 seriously wounded Ukrainian servicemen', 'the Russian Federation will hand over ', '.');
    expect(r.values).toEqual({ value: 23, category: 'wounded', population: 'military', side: 'Ukraine' });
    expect(r.evidence).toMatchObject({ value: '23', category: 'wounded', population: 'servicemen', side: 'Ukrainian' });
  });

  it('flags "nearly 20% of Ukraine’s territory" as not a casualty count and fills no value', () => {
    const r = readCasualtyFigure('nearly 20% of Ukraine’s territory', 'Russian troops now occupy ', ', following the deployment.');
    expect(r.values.value).toBeUndefined();
    expect(r.values.population).toBeUndefined();
    expect(r.warnings).toEqual(['“20%” is a percentage, not a count of people']);
  });

  it('reads "Each week brings 2,500 soldier deaths" as a rate per week', () => {
    const r = readCasualtyFigure(
      '2,500 soldier deaths',
      '"Thousands of young soldiers, and others, are being killed. Each week brings ',
      ', and it must end now," Trump wrote.',
    );
    expect(r.values).toEqual({ value: 2500, category: 'killed', population: 'military', unit: 'per week' });
    expect(r.evidence.unit).toBe('Each week');
  });

  it('does not read dates, clock times or "30-day" as the figure', () => {
    expect(readCasualtyFigure('On March 19, 175 prisoners').values.value).toBe(175);
    expect(readCasualtyFigure('a 30-day truce and 12 wounded').values.value).toBe(12);
  });

  it('flags counts of drones and areas', () => {
    expect(readCasualtyFigure('337 Ukrainian drones').warnings).toEqual(['“337 Ukrainian drones” counts drones, not people']);
    expect(readCasualtyFigure('200 square kilometers').warnings).toEqual(['“200 square kilometers” is an area, not a count of people']);
  });

  it.each([
    ['the sentences it was tuned on', CASUALTY_FIXTURES, 0.9, 0.85],
    ['held-out sentences it was never tuned on', CASUALTY_HELD_OUT, 0.75, 0.7],
  ] as const)('measures precision and recall of the filled fields on %s', (name, fixtures: readonly CasualtyFixture[], minPrecision, minRecall) => {
    let predicted = 0;
    let expectedCount = 0;
    let correct = 0;
    let flagged = 0;
    let flaggedRight = 0;
    const notCounts = fixtures.filter((f) => f.notCount).length;
    const misses: string[] = [];
    for (const fixture of fixtures) {
      const { before, quote, after } = splitFixture(fixture.sentence);
      const r = readCasualtyFigure(quote, before, after);
      const got = r.values as Record<string, unknown>;
      predicted += Object.keys(got).length;
      expectedCount += Object.keys(fixture.expected).length;
      for (const [key, value] of Object.entries(fixture.expected)) {
        if (got[key] === value) correct++;
        else misses.push(`${quote} ${key}: expected ${String(value)}, got ${String(got[key])}`);
      }
      for (const key of Object.keys(got)) if (!(key in fixture.expected)) misses.push(`${quote} ${key}: unexpected ${String(got[key])}`);
      if (r.warnings.length) {
        flagged++;
        if (fixture.notCount) flaggedRight++;
      }
    }
    const precision = correct / predicted;
    const recall = correct / expectedCount;
    console.log(
      `casualty reading, ${name} (${fixtures.length}): fields precision ${(precision * 100).toFixed(1)}% (${correct}/${predicted}), recall ${(recall * 100).toFixed(1)}% (${correct}/${expectedCount}); ` +
        `not-a-count flags precision ${flaggedRight}/${flagged}, recall ${flaggedRight}/${notCounts}` +
        (misses.length ? `\n  miss: ${misses.join('\n  miss: ')}` : ''),
    );
    // Floors, so that a regression fails; the figures themselves are printed above.
    expect(precision).toBeGreaterThanOrEqual(minPrecision);
    expect(recall).toBeGreaterThanOrEqual(minRecall);
  });
});
