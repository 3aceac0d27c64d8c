import { describe, expect, it } from 'vitest';
import { kappaOverCharacters } from '../../../../src/shared/metrics/cohen-kappa';
import { alphaOverTokens, krippendorffAlphaNominal } from '../../../../src/shared/metrics/krippendorff-alpha';
import type { ScoredSpan } from '../../../../src/shared/metrics/spans';
import { unitizingAlpha, unitizingAlphaOverArticles, unitizingCategory, type UnitizingStudy } from '../../../../src/shared/metrics/unitizing-alpha';
import { tokenize } from '../../../../src/shared/text/tokens';

const span = (article: string, start: number, end: number, label: string): ScoredSpan => ({ article, start, end, label });

// Krippendorff (1995: 57), example A: Bertha and Bill unitize a continuum of 24.
//   Bertha: 0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0
//   Bill:   0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
const bertha = [span('k', 2, 10, 'A'), span('k', 14, 20, 'A')];
const bill = [span('k', 4, 8, 'A'), span('k', 15, 17, 'A')];
const eachCharacterAToken = (length: number) => Int32Array.from({ length: 2 * length }, (_, i) => (i + 1) >> 1);

describe('kappaOverCharacters', () => {
  it('gives Cohen’s kappa 0.385 on Krippendorff’s example A, digitized (published; DKPro Agreement’s test)', () => {
    // both 6, Bertha only 8, Bill only 0, neither 10: p_o = 16/24, p_e = (14·6 + 10·18)/576 = 264/576,
    // κ = (16/24 − 264/576) / (1 − 264/576) = 0.384615…
    const r = kappaOverCharacters(bertha, bill, new Map([['k', 24]]));
    expect(r.byLabel.A!.table).toEqual({ both: 6, aOnly: 8, bOnly: 0, neither: 10 });
    expect(r.byLabel.A!.kappa).toBeCloseTo(0.384615, 5);
    expect(r.overall).toBeCloseTo(0.384615, 5);
    expect(r.characters).toBe(24);
  });

  it('treats the set of labels on a character as its category overall (worked by hand)', () => {
    // length 10; a: claim [0,4), condition [2,6); b: claim [0,4), condition [6,8).
    // chars 0-1 {claim}|{claim}, 2-3 {claim,cond}|{claim}, 4-5 {cond}|{}, 6-7 {}|{cond}, 8-9 {}|{}
    // p_o = 4/10; p_e = .2·.4 ({claim}) + .2·.2 ({cond}) + .4·.4 ({}) = .28; κ = .12/.72 = 1/6.
    // claim: identical, κ = 1. condition: both 0, a only 4, b only 2, neither 4:
    // p_o = .4, p_e = .4·.2 + .6·.8 = .56, κ = −.16/.44.
    const a = [span('x', 0, 4, 'claim'), span('x', 2, 6, 'condition')];
    const b = [span('x', 0, 4, 'claim'), span('x', 6, 8, 'condition')];
    const r = kappaOverCharacters(a, b, new Map([['x', 10]]));
    expect(r.overall).toBeCloseTo(1 / 6, 12);
    expect(r.byLabel.claim!.kappa).toBeCloseTo(1, 12);
    expect(r.byLabel.condition!.kappa).toBeCloseTo(-0.16 / 0.44, 12);
  });

  it('pools only the articles both sides annotated', () => {
    const a = [span('x', 0, 4, 'claim'), span('only-a', 0, 4, 'claim')];
    const b = [span('x', 0, 4, 'claim'), span('only-b', 0, 9, 'claim')];
    const r = kappaOverCharacters(
      a,
      b,
      new Map([
        ['x', 10],
        ['only-a', 100],
        ['only-b', 100],
      ]),
    );
    expect(r.articles).toEqual(['x']);
    expect(r.characters).toBe(10);
    expect(r.overall).toBeCloseTo(1, 12);
  });

  it('is null when neither side varies (no chance correction possible)', () => {
    expect(kappaOverCharacters([span('x', 0, 10, 'claim')], [span('x', 0, 10, 'claim')], new Map([['x', 10]])).overall).toBeNull();
  });
});

describe('krippendorffAlphaNominal', () => {
  it('gives 0.743 on Krippendorff’s (2011) reliability data with missing values (published)', () => {
    const _ = null;
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = coders[0]!.map((_, u) => coders.map((c) => c[u]));
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3);
  });
});

describe('alphaOverTokens', () => {
  it('gives α 0.329 on Krippendorff’s example A with one token per character (published; DKPro Agreement’s test)', () => {
    // coincidences: o11 = 12, o10 = o01 = 8, o00 = 20; n1 = 20, n0 = 28, n = 48:
    // α = 1 − 47·16 / (2·20·28) = 0.328571…
    const r = alphaOverTokens(bertha, bill, new Map([['k', eachCharacterAToken(24)]]));
    expect(r.byLabel.A).toBeCloseTo(0.328571, 5);
    expect(r.overall).toBeCloseTo(0.328571, 5);
    expect(r.tokens).toBe(24);
  });

  it('takes a token’s labels from every span sharing a character with it (worked by hand)', () => {
    const text = 'Tanks shelled Kyiv at dawn.';
    // tokens: Tanks shelled Kyiv at dawn .
    // a: claim "Tanks shelled", condition "dawn"; b: claim "shelled Kyiv", condition "awn" (part of dawn).
    const a = [span('x', 0, 13, 'claim'), span('x', 22, 26, 'condition')];
    const b = [span('x', 6, 18, 'claim'), span('x', 23, 26, 'condition')];
    const r = alphaOverTokens(a, b, new Map([['x', tokenize(text)]]));
    expect(r.tokens).toBe(6);
    // overall values: Tanks {c}|{}, shelled {c}|{c}, Kyiv {}|{c}, at {}|{}, dawn {d}|{d}, . {}|{}
    // n = 12, n_{c} = 4, n_{} = 6, n_{d} = 2; Σ o_ck (c≠k) = 4; Σ n_c n_k (c≠k) = 144 − 56 = 88: α = 1 − 11·4/88 = 0.5
    expect(r.overall).toBeCloseTo(0.5, 12);
    // claim: n1 = 4, n0 = 8, disagreement 4, expected 144 − 16 − 64 = 64: α = 1 − 44/64 = 0.3125
    expect(r.byLabel.claim).toBeCloseTo(0.3125, 12);
    expect(r.byLabel.condition).toBeCloseTo(1, 12);
  });
});

describe('tokenize', () => {
  it('keeps numbers and contractions whole and splits punctuation', () => {
    const text = 'Troops don’t count 2,500 dead.';
    const t = tokenize(text);
    const words = Array.from({ length: t.length / 2 }, (_, i) => text.slice(t[2 * i], t[2 * i + 1]));
    expect(words).toEqual(['Troops', 'don’t', 'count', '2,500', 'dead', '.']);
  });
});

/** Krippendorff (1995: 57) examples A-D, as DKPro Agreement's Krippendorff1995Test builds them. */
function krippendorff1995(stretch: number): UnitizingStudy {
  const u = (start: number, length: number, label: string) => ({
    start: Math.trunc(start * stretch),
    end: Math.trunc(start * stretch) + Math.trunc(length * stretch),
    label,
  });
  return {
    length: Math.trunc(24 * stretch),
    raters: [
      [
        u(2, 8, 'A'),
        u(14, 6, 'A'),
        u(0, 18, 'B'),
        u(2, 6, 'C'),
        u(10, 2, 'C'),
        u(14, 4, 'C'),
        u(20, 2, 'C'),
        u(0, 2, 'D'),
        u(2, 8, 'D'),
        u(10, 4, 'D'),
        u(14, 6, 'D'),
        u(20, 4, 'D'),
      ],
      [
        u(4, 4, 'A'),
        u(15, 2, 'A'),
        u(0, 2, 'B'),
        u(2, 1, 'B'),
        u(3, 1, 'B'),
        u(4, 1, 'B'),
        u(5, 1, 'B'),
        u(6, 3, 'B'),
        u(9, 1, 'B'),
        u(0, 2, 'C'),
        u(4, 4, 'C'),
        u(10, 4, 'C'),
        u(16, 2, 'C'),
        u(20, 2, 'C'),
        u(0, 4, 'D'),
        u(4, 4, 'D'),
        u(8, 7, 'D'),
        u(15, 2, 'D'),
        u(17, 7, 'D'),
      ],
    ],
  };
}

describe('unitizingAlpha (α_U)', () => {
  it('gives Krippendorff’s (1995) observed disagreements per category (published)', () => {
    const study = krippendorff1995(1);
    // A by hand: pairs unit/unit (2−4)²+(10−8)² = 8 and (14−15)²+(20−17)² = 10; D_O = 2·18 / (2·1·24²) = 0.03125
    expect(unitizingCategory(study, 'A').observed).toBeCloseTo(0.03125, 5);
    expect(unitizingCategory(study, 'B').observed).toBeCloseTo(2.26736, 5);
    expect(unitizingCategory(study, 'C').observed).toBeCloseTo(0.02777, 4);
    expect(unitizingCategory(study, 'D').observed).toBeCloseTo(0.38715, 5);
  });

  it('gives Krippendorff’s (1995) expected disagreements and α per category on a long continuum (published)', () => {
    const r = unitizingAlpha(krippendorff1995(1200000 / 24));
    const near = (value: number | null, expected: number, tolerance: number) => expect(Math.abs(value! - expected)).toBeLessThan(tolerance);
    near(r.byLabel.A!.expected, 0.0699, 0.005);
    near(r.byLabel.B!.expected, 1.17731, 0.005);
    near(r.byLabel.C!.expected, 0.08642, 0.005);
    near(r.byLabel.D!.expected, 0.41445, 0.005);
    near(r.byLabel.A!.alpha, 0.553, 0.02);
    near(r.byLabel.B!.alpha, -0.926, 0.02);
    near(r.byLabel.C!.alpha, 0.679, 0.02);
    near(r.byLabel.D!.alpha, 0.066, 0.02);
  });

  it('matches DKPro Agreement’s own example (D_O 0.9100, D_E 0.5351, α −0.7003)', () => {
    // r0: -11111111-   r1: --1-1-1---
    const study: UnitizingStudy = {
      length: 10,
      raters: [
        [{ start: 1, end: 9, label: 'A' }],
        [
          { start: 2, end: 3, label: 'A' },
          { start: 4, end: 5, label: 'A' },
          { start: 6, end: 7, label: 'A' },
        ],
      ],
    };
    const r = unitizingCategory(study, 'A');
    // DKPro asserts these to within 0.0001.
    expect(Math.abs(r.observed - 0.91)).toBeLessThan(0.0001);
    expect(Math.abs(r.expected - 0.5351)).toBeLessThan(0.0001);
    expect(Math.abs(r.alpha! + 0.7003)).toBeLessThan(0.0001);
  });

  it('is 0 for a single unit and null with no units at all, as DKPro reports', () => {
    expect(unitizingAlpha({ length: 20, raters: [[{ start: 0, end: 1, label: 'X' }], [], []] }).overall).toBe(0);
    expect(unitizingAlpha({ length: 20, raters: [[], [], []] }).overall).toBeNull();
  });

  it('merges one rater’s overlapping units of a label and lays articles end to end', () => {
    const a = [span('x', 0, 4, 'A'), span('x', 2, 6, 'A'), span('y', 1, 3, 'A')];
    const merged = [span('x', 0, 6, 'A'), span('y', 1, 3, 'A')];
    const b = [span('x', 1, 6, 'A'), span('y', 0, 3, 'A')];
    const lengths = new Map([
      ['x', 8],
      ['y', 5],
    ]);
    const r = unitizingAlphaOverArticles(a, b, lengths);
    expect(r.length).toBe(13);
    expect(r.overall).toBe(unitizingAlphaOverArticles(merged, b, lengths).overall);
    // Same as one study over a continuum of 13 with y shifted by 8.
    const direct = unitizingAlpha({
      length: 13,
      raters: [
        [
          { start: 0, end: 6, label: 'A' },
          { start: 9, end: 11, label: 'A' },
        ],
        [
          { start: 1, end: 6, label: 'A' },
          { start: 8, end: 11, label: 'A' },
        ],
      ],
    });
    expect(r.overall).toBeCloseTo(direct.overall!, 12);
  });
});
