import { describe, expect, it } from 'vitest';
import { blockIndexAt, splitBlocks, type TextBlock } from '../../../src/shared/text/blocks';
import { MIXED_NEWLINES, TRICKY_TEXT } from '../../fixtures/tricky-text';

function visible(text: string, blocks: readonly TextBlock[]): string[] {
  return blocks.map((b) => text.slice(b.start, b.end));
}

describe('splitBlocks', () => {
  it('gives one block for text without line terminators, and for empty text', () => {
    expect(splitBlocks('')).toEqual([{ start: 0, end: 0, next: 0 }]);
    expect(splitBlocks('abc')).toEqual([{ start: 0, end: 3, next: 3 }]);
  });

  it('splits on \\n, \\r\\n and a lone \\r, counting each terminator in `next`', () => {
    const blocks = splitBlocks(MIXED_NEWLINES);
    expect(visible(MIXED_NEWLINES, blocks)).toEqual(['one', 'two', 'three', 'four', '', 'five']);
    expect(blocks.map((b) => MIXED_NEWLINES.slice(b.end, b.next))).toEqual(['\n', '\r\n', '\r', '\n', '\n', '']);
  });

  it('treats \\n\\r as two terminators (an empty block between them)', () => {
    expect(visible('a\n\rb', splitBlocks('a\n\rb'))).toEqual(['a', '', 'b']);
  });

  it('ends with an empty block after a trailing terminator', () => {
    expect(splitBlocks('a\r\n')).toEqual([
      { start: 0, end: 1, next: 3 },
      { start: 3, end: 3, next: 3 },
    ]);
    expect(splitBlocks('a\r')).toEqual([
      { start: 0, end: 1, next: 2 },
      { start: 2, end: 2, next: 2 },
    ]);
  });

  it('never loses a character: blocks tile the whole text', () => {
    for (const text of [TRICKY_TEXT, MIXED_NEWLINES, '\r\r\n\n', '\uFEFF\r\n']) {
      const blocks = splitBlocks(text);
      let expectedStart = 0;
      for (const b of blocks) {
        expect(b.start).toBe(expectedStart);
        expect(b.start).toBeLessThanOrEqual(b.end);
        expect(b.end).toBeLessThanOrEqual(b.next);
        expect(text.slice(b.start, b.end)).not.toMatch(/[\r\n]/);
        expectedStart = b.next;
      }
      expect(blocks.at(-1)!.next).toBe(text.length);
      expect(blocks.map((b) => text.slice(b.start, b.next)).join('')).toBe(text);
    }
  });

  it('keeps the BOM in the first block of the tricky text and splits its CRLF lines', () => {
    const blocks = splitBlocks(TRICKY_TEXT);
    expect(blocks).toHaveLength(7);
    expect(TRICKY_TEXT.slice(blocks[0]!.start, blocks[0]!.end).startsWith('\uFEFFCeasefire')).toBe(true);
    expect(blocks[1]).toEqual({ start: blocks[0]!.next, end: blocks[0]!.next, next: blocks[0]!.next + 2 });
  });
});

describe('blockIndexAt', () => {
  const text = 'ab\r\ncd\n\nef';
  const blocks = splitBlocks(text); // [0,2,4] [4,6,7] [7,7,8] [8,10,10]

  it('finds the block of every offset, terminators belonging to the block before them', () => {
    const expected = [0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 3];
    expect(Array.from({ length: text.length + 1 }, (_, i) => blockIndexAt(blocks, i))).toEqual(expected);
  });

  it('works with a single block', () => {
    expect(blockIndexAt(splitBlocks('abc'), 2)).toBe(0);
  });
});
