import { describe, expect, it } from 'vitest';
import { splitBlocks } from '../../../src/shared/text/blocks';
import { assignLanes, giveLanes, segmentBlocks, type SpanRef } from '../../../src/shared/text/segments';
import { seededRandom } from '../../helpers/workbench';
import { TRICKY_TEXT } from '../../fixtures/tricky-text';

describe('segmentBlocks', () => {
  const text = 'abcdef\nghij';
  const blocks = splitBlocks(text);

  it('cuts blocks into flat segments listing every covering span, outer first', () => {
    const spans: SpanRef[] = [
      { id: 'C', start: 3, end: 4 },
      { id: 'B', start: 2, end: 9 }, // crosses the line break
      { id: 'A', start: 1, end: 4 },
    ];
    expect(segmentBlocks(blocks, spans)).toEqual([
      [
        { start: 0, end: 1, ids: [], starts: [] },
        { start: 1, end: 2, ids: ['A'], starts: ['A'] },
        { start: 2, end: 3, ids: ['A', 'B'], starts: ['B'] },
        { start: 3, end: 4, ids: ['A', 'B', 'C'], starts: ['C'] },
        { start: 4, end: 6, ids: ['B'], starts: [] },
      ],
      [
        { start: 7, end: 9, ids: ['B'], starts: [] },
        { start: 9, end: 11, ids: [], starts: [] },
      ],
    ]);
  });

  it('orders spans with the same start longest first, then by id', () => {
    const segments = segmentBlocks(splitBlocks('abcdef'), [
      { id: 'short', start: 0, end: 2 },
      { id: 'long', start: 0, end: 5 },
      { id: 'b-same', start: 0, end: 2 },
    ]);
    expect(segments[0]![0]).toEqual({ start: 0, end: 2, ids: ['long', 'b-same', 'short'], starts: ['long', 'b-same', 'short'] });
  });

  it('ignores zero-length spans and spans that lie only on a line terminator', () => {
    const segments = segmentBlocks(blocks, [
      { id: 'empty', start: 2, end: 2 },
      { id: 'newline', start: 6, end: 7 },
    ]);
    expect(segments).toEqual([[{ start: 0, end: 6, ids: [], starts: [] }], [{ start: 7, end: 11, ids: [], starts: [] }]]);
  });

  it('gives an empty block no segments', () => {
    const t = 'a\n\nb';
    expect(segmentBlocks(splitBlocks(t), [{ id: 'x', start: 0, end: 4 }])).toEqual([
      [{ start: 0, end: 1, ids: ['x'], starts: ['x'] }],
      [],
      [{ start: 3, end: 4, ids: ['x'], starts: [] }],
    ]);
  });

  it('matches a brute-force cover computation on random spans over the tricky text', () => {
    const random = seededRandom(20250301);
    const tBlocks = splitBlocks(TRICKY_TEXT);
    for (let round = 0; round < 30; round++) {
      const spans: SpanRef[] = Array.from({ length: 1 + Math.floor(random() * 25) }, (_, i) => {
        const a = Math.floor(random() * (TRICKY_TEXT.length + 1));
        const b = Math.floor(random() * (TRICKY_TEXT.length + 1));
        return { id: `s${i}`, start: Math.min(a, b), end: Math.max(a, b) };
      });
      const result = segmentBlocks(tBlocks, spans);
      expect(result).toHaveLength(tBlocks.length);
      result.forEach((segments, bi) => {
        const block = tBlocks[bi]!;
        // Segments tile the visible part of the block exactly.
        let pos = block.start;
        for (const seg of segments) {
          expect(seg.start).toBe(pos);
          expect(seg.end).toBeGreaterThan(seg.start);
          pos = seg.end;
          // Every character of the segment is covered by exactly the listed spans.
          for (const at of [seg.start, seg.end - 1]) {
            const covering = spans.filter((s) => s.start <= at && at < s.end).map((s) => s.id);
            expect([...seg.ids].sort()).toEqual(covering.sort());
          }
          // A span that begins on the line terminator before a block is badged at the block's start.
          const previousEnd = bi > 0 ? tBlocks[bi - 1]!.end : 0;
          const startingHere = spans
            .filter(
              (s) =>
                s.end > s.start &&
                (s.start === seg.start || (seg.start === block.start && s.start >= previousEnd && s.start < block.start && s.end > block.start)),
            )
            .map((s) => s.id);
          expect([...seg.starts].sort()).toEqual(startingHere.sort());
        }
        expect(pos).toBe(block.end);
      });
    }
  });
});

describe('assignLanes', () => {
  it('puts disjoint and merely touching spans in lane 0', () => {
    const lanes = assignLanes([
      { id: 'a', start: 0, end: 3 },
      { id: 'b', start: 3, end: 5 },
      { id: 'c', start: 8, end: 9 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('gives nested and overlapping spans different lanes, outer span first', () => {
    const lanes = assignLanes([
      { id: 'inner', start: 2, end: 4 },
      { id: 'outer', start: 0, end: 10 },
      { id: 'overlap', start: 3, end: 12 },
      { id: 'later', start: 5, end: 6 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ outer: 0, inner: 1, overlap: 2, later: 1 });
  });

  it('never lets overlapping spans share a lane and uses no more lanes than the deepest overlap', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 50; round++) {
      const spans: SpanRef[] = Array.from({ length: 40 }, (_, i) => {
        const start = Math.floor(random() * 200);
        return { id: `s${i}`, start, end: start + 1 + Math.floor(random() * 30) };
      });
      const lanes = assignLanes(spans);
      expect(lanes.size).toBe(spans.length);
      for (const a of spans) {
        for (const b of spans) {
          if (a !== b && a.start < b.end && b.start < a.end) expect(lanes.get(a.id)).not.toBe(lanes.get(b.id));
        }
      }
      let depth = 0;
      for (let x = 0; x < 240; x++) depth = Math.max(depth, spans.filter((s) => s.start <= x && x < s.end).length);
      expect(Math.max(...lanes.values()) + 1).toBe(depth);
      // Spans already in text order (as the editor passes them) take a path without sorting: same lanes.
      const inOrder = [...spans].sort((x, y) => x.start - y.start || y.end - x.end || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      expect(Object.fromEntries(assignLanes(inOrder))).toEqual(Object.fromEntries(lanes));
    }
  });
});

describe('giveLanes (incremental, as the editor redraws part of the text)', () => {
  it('keeps the lanes of untouched spans and gives a new span the lowest free lane', () => {
    const lanes = assignLanes([
      { id: 'outer', start: 0, end: 10 },
      { id: 'inner', start: 2, end: 4 },
    ]);
    giveLanes(lanes, [
      { id: 'outer', start: 0, end: 10 },
      { id: 'inner', start: 2, end: 4 },
      { id: 'new', start: 5, end: 8 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ outer: 0, inner: 1, new: 1 });
  });

  it('never lets overlapping spans share a lane over random sequences of adds, moves and removals', () => {
    const random = seededRandom(11);
    const problems: string[] = [];
    for (let round = 0; round < 40; round++) {
      let spans: SpanRef[] = Array.from({ length: 20 }, (_, i) => {
        const start = Math.floor(random() * 150);
        return { id: `s${i}`, start, end: start + 1 + Math.floor(random() * 25) };
      });
      const lanes = assignLanes(spans);
      for (let step = 0; step < 30; step++) {
        const roll = random();
        let changed: SpanRef;
        if (roll < 0.4 || spans.length === 0) {
          const start = Math.floor(random() * 150);
          changed = { id: `n${round}-${step}`, start, end: start + 1 + Math.floor(random() * 25) };
          spans = [...spans, changed];
        } else if (roll < 0.8) {
          const i = Math.floor(random() * spans.length);
          const start = Math.floor(random() * 150);
          changed = { ...spans[i]!, start, end: start + 1 + Math.floor(random() * 25) };
          spans = spans.map((s, j) => (j === i ? changed : s));
        } else {
          const i = Math.floor(random() * spans.length);
          changed = spans[i]!;
          spans = spans.filter((_, j) => j !== i);
          lanes.delete(changed.id);
        }
        // The editor hands over the spans around the change (the lines it redraws).
        const lo = changed.start - Math.floor(random() * 10);
        const hi = changed.end + Math.floor(random() * 10);
        const around = spans.filter((s) => s.start < hi && s.end > lo);
        giveLanes(lanes, around, new Set([changed.id]));
        for (const a of spans) {
          if (!lanes.has(a.id)) problems.push(`${a.id} has no lane`);
          for (const b of spans) {
            if (a !== b && a.start < b.end && b.start < a.end && lanes.get(a.id) === lanes.get(b.id)) problems.push(`${a.id} and ${b.id} share a lane`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('segmentBlocks on part of a text', () => {
  it('badges a span only where it begins, also when one line is redrawn alone', () => {
    const text = 'first line\nsecond line\nthird line';
    const blocks = splitBlocks(text);
    const span = { id: 'multi', start: 6, end: 28 }; // "line\nsecond line\nthird"
    // Redrawing the second line on its own, with the end of the line before it.
    const second = segmentBlocks([blocks[1]!], [span], blocks[0]!.end)[0]!;
    expect(second[0]!.ids).toEqual(['multi']);
    expect(second[0]!.starts).toEqual([]);
    // A span that begins on the terminator itself is badged at the next line's start.
    const onTerminator = { id: 'nl', start: 10, end: 14 };
    expect(segmentBlocks([blocks[1]!], [onTerminator], blocks[0]!.end)[0]![0]!.starts).toEqual(['nl']);
  });
});
