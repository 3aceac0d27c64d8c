import { describe, expect, it } from 'vitest';
import { contextLine, otherOccurrences } from '../../../src/shared/text/occurrences';

const TEXT = 'Kiev said no. The Kievan Rus and the Kiev regime; Kiev.\nKiev again';

describe('otherOccurrences', () => {
  it('finds every other whole-word occurrence, not the span itself nor words that contain it', () => {
    const self = { start: 0, end: 4 };
    expect(otherOccurrences(TEXT, 'Kiev', self).map((r) => TEXT.slice(r.start - 4, r.end))).toEqual(['the Kiev', 'me; Kiev', 'ev.\nKiev']);
  });
  it('skips places already tagged at the same offsets', () => {
    const all = otherOccurrences(TEXT, 'Kiev', { start: 0, end: 4 });
    expect(otherOccurrences(TEXT, 'Kiev', { start: 0, end: 4 }, [all[0]!])).toEqual(all.slice(1));
  });
  it('finds nothing for blank text', () => {
    expect(otherOccurrences(TEXT, ' ', { start: 4, end: 5 })).toEqual([]);
  });
  it('shows the line around an occurrence', () => {
    const at = TEXT.indexOf('Kiev regime');
    expect(contextLine(TEXT, at, at + 4, 10)).toEqual({ before: '…s and the ', match: 'Kiev', after: ' regime; K…' });
  });
});
