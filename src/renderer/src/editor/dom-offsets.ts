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

/** The last of `elements` (from index `from`) whose `data-{key}` offset is at most `offset`; ordered by that offset. */
function lastAtOrBefore(elements: HTMLCollection, from: number, key: 'blockStart' | 'chunkStart', offset: number): HTMLElement | null {
  let lo = from;
  let hi = elements.length - 1;
  if (hi < lo) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Number((elements[mid] as HTMLElement).dataset[key]) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return elements[lo] as HTMLElement;
}

/** The line elements of a group of lines (its first child is Lexical's hidden slot, not a line). */
function firstLineIndex(chunk: HTMLElement): number {
  return (chunk.firstElementChild as HTMLElement | null)?.dataset.blockStart === undefined ? 1 : 0;
}

/**
 * Finds the block element containing an offset (terminators count with the block before them). The
 * editor's root holds groups of lines (data-chunk-start), each holding its lines in order; a view of
 * lines straight under the root is read too.
 */
export function blockElementAt(root: HTMLElement, offset: number): HTMLElement | null {
  // A long article is drawn progressively: the line asked for is drawn first if it is not yet.
  ensureDrawn(root, offset);
  return drawnBlockElementAt(root, offset);
}

/** Like blockElementAt, among the lines drawn so far (the last drawn line when `offset` is past them). */
function drawnBlockElementAt(root: HTMLElement, offset: number): HTMLElement | null {
  const children = root.children;
  const first = children[0] as HTMLElement | undefined;
  if (!first) return null;
  if (first.dataset.chunkStart !== undefined) {
    const chunk = lastAtOrBefore(children, 0, 'chunkStart', offset);
    return chunk ? lastAtOrBefore(chunk.children, firstLineIndex(chunk), 'blockStart', offset) : null;
  }
  if (first.dataset.blockStart !== undefined) return lastAtOrBefore(children, 0, 'blockStart', offset);
  const blocks = root.querySelectorAll<HTMLElement>('[data-block-start]');
  let found: HTMLElement | null = null;
  for (const block of blocks) if (blockStart(block) <= offset) found = block;
  return found;
}

/** The drawn line elements that [start, end) reaches into (at least the line holding `start`), in order; draws nothing. */
export function blockElementsIn(root: HTMLElement, start: number, end: number): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (let line: Element | null = drawnBlockElementAt(root, start); line;) {
    const el = line as HTMLElement;
    if (el.dataset.blockStart === undefined) break;
    if (out.length > 0 && blockStart(el) >= end) break;
    out.push(el);
    line = el.nextElementSibling ?? (el.parentElement?.dataset.chunkStart !== undefined ? firstLineOf(el.parentElement.nextElementSibling) : null);
  }
  return out;
}

function firstLineOf(chunk: Element | null): Element | null {
  if (!chunk) return null;
  return chunk.children[firstLineIndex(chunk as HTMLElement)] ?? null;
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
