/**
 * Splits stored text into display blocks (lines) without losing a character.
 * Every block knows where it starts and ends in the stored text; the line
 * terminator after it (\n, \r\n or \r) is not displayed but still counted, so
 * a character in the view maps to exactly one offset in the stored text.
 */
export interface TextBlock {
  /** Offset of the block's first character in the stored text. */
  start: number;
  /** End of the block's visible text (exclusive). */
  end: number;
  /** End of the block including its line terminator. */
  next: number;
}

export function splitBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      blocks.push({ start, end: i, next: i + 1 });
      start = i + 1;
    } else if (c === 13 /* \r */) {
      const next = text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      blocks.push({ start, end: i, next });
      start = next;
      i = next - 1;
    }
  }
  blocks.push({ start, end: n, next: n });
  return blocks;
}

/** Index of the block that contains `offset` (terminators belong to the block before them). */
export function blockIndexAt(blocks: readonly TextBlock[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
