import { ensureDrawn } from './progressive';

/**
 * Maps between points in the editor's DOM and offsets in the stored text.
 * Every block element carries data-block-start/-end; inside a block, the
 * number of text characters before a point is its distance from the block
 * start (badges are CSS pseudo-elements and never count).
 */

export interface OffsetRange {
  start: number;
  end: number;
}

function blockOf(node: Node): HTMLElement | null {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return (element?.closest('[data-block-start]') as HTMLElement | null) ?? null;
}

function blockStart(block: HTMLElement): number {
  return Number(block.dataset.blockStart);
}
function blockEnd(block: HTMLElement): number {
  return Number(block.dataset.blockEnd);
}

/** The stored-text offset of a DOM point inside `root`, or null when the point is elsewhere. */
export function pointToOffset(root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  if (node === root) {
    const blocks = root.querySelectorAll<HTMLElement>('[data-block-start]');
    if (blocks.length === 0) return 0;
    if (offset < blocks.length) return blockStart(blocks[offset]!);
    return blockEnd(blocks[blocks.length - 1]!);
  }
  const block = blockOf(node);
  if (!block) return null;
  const range = document.createRange();
  range.setStart(block, 0);
  range.setEnd(node, offset);
  return Math.min(blockStart(block) + range.toString().length, blockEnd(block));
}

/** The current DOM selection as stored-text offsets, or null when it is empty or outside the editor. */
export function selectionOffsets(root: HTMLElement): OffsetRange | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const a = pointToOffset(root, range.startContainer, range.startOffset);
  const b = pointToOffset(root, range.endContainer, range.endOffset);
  if (a === null || b === null || a === b) return null;
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/** Finds the block element containing an offset (terminators count with the block before them). */
export function blockElementAt(root: HTMLElement, offset: number): HTMLElement | null {
  // A long article is drawn progressively: the line asked for is drawn first if it is not yet.
  ensureDrawn(root, offset);
  // The lines are the root's children, in order (a live collection: no query over thousands of lines).
  const children = root.children as HTMLCollectionOf<HTMLElement>;
  const blocks = children.length && children[0]!.dataset.blockStart !== undefined ? children : root.querySelectorAll<HTMLElement>('[data-block-start]');
  let lo = 0;
  let hi = blocks.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blockStart(blocks[mid]!) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return blocks[lo]!;
}

/** A DOM point for a stored-text offset. */
export function offsetToPoint(root: HTMLElement, offset: number): { node: Node; offset: number } | null {
  const block = blockElementAt(root, offset);
  if (!block) return null;
  let remaining = Math.max(0, Math.min(offset, blockEnd(block)) - blockStart(block));
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (remaining <= n.data.length) return { node: n, offset: remaining };
    remaining -= n.data.length;
    last = n;
  }
  return last ? { node: last, offset: last.data.length } : { node: block, offset: 0 };
}

/** A DOM Range covering stored-text offsets [start, end). */
export function offsetsToRange(root: HTMLElement, start: number, end: number): Range | null {
  const a = offsetToPoint(root, start);
  const b = offsetToPoint(root, end);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}
