import { describe, expect, it } from 'vitest';
import { proposalFill, proposeClaimSource } from '../../../src/shared/claim-source';
import { CLAIM_FIXTURES, CLAIM_HELD_OUT, splitClaimFixture, type ClaimFixture } from '../../fixtures/claim-sentences';

function propose(paragraph: string) {
  const { text, start, end } = splitClaimFixture(paragraph);
  return proposeClaimSource(text, start, end);
}

describe('proposeClaimSource', () => {
  it('reads "Ushakov said" after a quotation', () => {
    expect(propose('"It has been a week. [[The attack was the largest ever]]. But we are not losing hope," Ushakov said.')).toMatchObject({
      source: 'Ushakov',
      cue: 'said',
    });
  });
  it('reads "the Kremlin said in a statement" and "Trump wrote on Truth Social", keeping the words it read', () => {
    const kremlin = propose('"[[Interest was expressed in normal relations]]," the Kremlin said in a statement following the talks.');
    expect(kremlin).toMatchObject({ source: 'Kremlin', cue: 'said in a statement', evidence: 'the Kremlin said in a statement' });
    expect(propose('"Each week brings [[2,500 soldier deaths]]," Trump wrote on Truth Social on March 17.')).toMatchObject({
      source: 'Trump',
      cue: 'wrote on Truth Social',
    });
  });
  it('resolves "he added" to the speaker named before it in the paragraph', () => {
    const p = propose('“It is merely a pause,” Ushakov remarked. “[[It offers us nothing]],” he added.');
    expect(p).toMatchObject({ source: 'Ushakov', cue: 'added', resolvedFrom: 'he' });
  });
  it('proposes nothing where the sentence names nobody', () => {
    expect(propose('Since mid-2024, [[Russian troops have been making gains]].')).toBeNull();
  });

  it.each([
    ['the paragraphs it was tuned on', CLAIM_FIXTURES, 0.85, 0.85],
    ['held-out paragraphs it was never tuned on', CLAIM_HELD_OUT, 0.6, 0.6],
  ] as const)('measures precision and recall of source and cue proposals on %s', (name, fixtures: readonly ClaimFixture[], minPrecision, minRecall) => {
    let proposals = 0;
    let expectedCount = 0;
    let sourceRight = 0;
    let cueRight = 0;
    const misses: string[] = [];
    for (const f of fixtures) {
      const p = propose(f.paragraph);
      if (p) proposals++;
      if (f.expected) expectedCount++;
      if (p && f.expected && p.source.toLowerCase() === f.expected.source.toLowerCase()) sourceRight++;
      if (p && f.expected && p.cue.toLowerCase() === f.expected.cue.toLowerCase()) cueRight++;
      if (JSON.stringify(p ? { source: p.source, cue: p.cue } : null) !== JSON.stringify(f.expected)) {
        misses.push(`${f.paragraph.slice(0, 60)}…: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(p && { source: p.source, cue: p.cue })}`);
      }
    }
    const pct = (n: number, d: number): string => `${d ? ((n / d) * 100).toFixed(1) : '-'}% (${n}/${d})`;
    console.log(
      `claim source proposals, ${name} (${fixtures.length}): source precision ${pct(sourceRight, proposals)}, recall ${pct(sourceRight, expectedCount)}; ` +
        `cue precision ${pct(cueRight, proposals)}, recall ${pct(cueRight, expectedCount)}` +
        (misses.length ? `\n  miss: ${misses.join('\n  miss: ')}` : ''),
    );
    expect(sourceRight / proposals).toBeGreaterThanOrEqual(minPrecision);
    expect(sourceRight / expectedCount).toBeGreaterThanOrEqual(minRecall);
  });
});

describe('proposalFill', () => {
  const claim = [
    { key: 'source', type: 'text', suggestGroup: 'source' },
    { key: 'cue', type: 'text' },
    { key: 'checkability', type: 'choice' },
  ];
  const proposal = { source: 'Yuri Ushakov', cue: 'said', evidence: 'Yuri Ushakov said', at: 0 };
  it('fills only the empty speaker and cue fields', () => {
    expect(proposalFill(claim, {}, proposal)).toEqual({ source: 'Yuri Ushakov', cue: 'said' });
    expect(proposalFill(claim, { source: 'Kremlin' }, proposal)).toEqual({ cue: 'said' });
    expect(proposalFill(claim, { source: 'Kremlin', cue: 'noted' }, proposal)).toEqual({});
    expect(proposalFill(claim, {}, null)).toEqual({});
  });
  it('offers the source as a casualty figure’s “reported by” (same suggestion group)', () => {
    expect(
      proposalFill(
        [
          { key: 'value', type: 'integer' },
          { key: 'reported_by', type: 'text', suggestGroup: 'source' },
        ],
        {},
        proposal,
      ),
    ).toEqual({ reported_by: 'Yuri Ushakov' });
  });
});

describe('speaker names without their titles', () => {
  it.each([
    ['Aide Ushakov said [[the call lasted two hours]].', 'Ushakov'],
    ['Foreign Minister Peter Szijjarto said [[the parties took a big step]].', 'Peter Szijjarto'],
    ['U.S. President Donald Trump said [[he would speak with Putin]].', 'Donald Trump'],
    ['The Foreign Ministry said [[the talks went well]].', 'Foreign Ministry'],
  ])('%s', (paragraph, source) => {
    expect(propose(paragraph)?.source).toBe(source);
  });
});

describe('a speaker named in an apposition', () => {
  it('reads "The country’s Foreign Minister, Peter Szijjarto, said that …"', () => {
    expect(propose('The country’s Foreign Minister, Peter Szijjarto, said that [[the parties had taken another big step towards peace]].')).toMatchObject({
      source: 'Peter Szijjarto',
      cue: 'said',
    });
  });
});
