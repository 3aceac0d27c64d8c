// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { splitBlocks } from '../../../src/shared/text/blocks';
import { segmentBlocks } from '../../../src/shared/text/segments';
import { blockElementsIn, offsetsToRange, offsetToPoint, pointToOffset, selectionOffsets } from '../../../src/renderer/src/editor/dom-offsets';
import { TRICKY_TEXT } from '../../fixtures/tricky-text';

/**
 * Builds the view the editor builds (one block per line, flat marks, text
 * wrapped in spans as Lexical does) by hand, without Lexical, and checks the
 * mapping between DOM points and stored offsets at every boundary.
 */
function buildView(text: string, spans: { id: string; start: number; end: number }[]): HTMLElement {
  const root = document.createElement('div');
  const blocks = splitBlocks(text);
  const segments = segmentBlocks(blocks, spans);
  blocks.forEach((block, i) => {
    const el = document.createElement('div');
    el.dataset.blockStart = String(block.start);
    el.dataset.blockEnd = String(block.end);
    if (block.end === block.start) el.append(document.createElement('br'));
    for (const seg of segments[i]!) {
      const span = document.createElement('span');
      span.textContent = text.slice(seg.start, seg.end);
      if (seg.ids.length) {
        const mark = document.createElement('mark');
        mark.dataset.ids = seg.ids.join(' ');
        mark.append(span);
        el.append(mark);
      } else el.append(span);
    }
    root.append(el);
  });
  document.body.replaceChildren(root);
  return root;
}

const SPANS = [
  { id: 'a', start: 1, end: 40 },
  { id: 'b', start: 27, end: 32 },
  { id: 'c', start: 60, end: 120 },
];

/** Offsets a cursor can stand at: not inside a surrogate pair, not between \r and \n. */
function boundaries(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    const inPair = /[\uD800-\uDBFF]/.test(text[i - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[i] ?? '');
    if (!inPair && !(text[i - 1] === '\r' && text[i] === '\n')) out.push(i);
  }
  return out;
}

let root: HTMLElement;
beforeEach(() => {
  root = buildView(TRICKY_TEXT, SPANS);
});

describe('offsetToPoint and pointToOffset', () => {
  it('round-trip every boundary of the tricky text, across marks and line breaks', () => {
    for (const offset of boundaries(TRICKY_TEXT)) {
      const point = offsetToPoint(root, offset)!;
      expect(pointToOffset(root, point.node, point.offset), `offset ${offset}`).toBe(offset);
    }
  });

  it('maps a point given on an element (between children) to the text before it', () => {
    const second = root.children[2] as HTMLElement; // third line
    expect(pointToOffset(root, second, 0)).toBe(Number(second.dataset.blockStart));
    expect(pointToOffset(root, root, 1)).toBe(Number((root.children[1] as HTMLElement).dataset.blockStart));
    expect(pointToOffset(root, root, root.children.length)).toBe(TRICKY_TEXT.length);
  });

  it('refuses points outside the editor', () => {
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    expect(pointToOffset(root, outside.firstChild!, 2)).toBeNull();
  });
});

describe('selectionOffsets', () => {
  it('reads a selection made over the DOM back as the stored range, whichever way it was made', () => {
    const cases = [
      [0, 5],
      [26, 33],
      [TRICKY_TEXT.indexOf('\r\n') - 3, TRICKY_TEXT.indexOf('The ') + 3],
      [TRICKY_TEXT.indexOf('\u{1F1FA}'), TRICKY_TEXT.indexOf('\u{1F1FA}') + 4],
      [TRICKY_TEXT.length - 3, TRICKY_TEXT.length],
    ] as const;
    for (const [start, end] of cases) {
      const range = offsetsToRange(root, start, end)!;
      expect(range.toString().replace(/\r?\n|\r/g, '')).toBe(TRICKY_TEXT.slice(start, end).replace(/\r?\n|\r/g, ''));
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      expect(selectionOffsets(root)).toEqual({ start, end });
    }
  });

  it('gives nothing for a collapsed selection', () => {
    const p = offsetToPoint(root, 10)!;
    window.getSelection()!.collapse(p.node, p.offset);
    expect(selectionOffsets(root)).toBeNull();
  });
});

/**
 * The editor's own layout: lines in groups (data-chunk-start/-end), each group led by the hidden
 * element Lexical keeps its own children in, the lines' text as plain text nodes and marks.
 */
function buildChunkedView(text: string, spans: { id: string; start: number; end: number }[], linesPerChunk: number): HTMLElement {
  const flat = buildView(text, spans);
  const lines = [...flat.children] as HTMLElement[];
  const chunked = document.createElement('div');
  for (let i = 0; i < lines.length; i += linesPerChunk) {
    const group = lines.slice(i, i + linesPerChunk);
    const chunk = document.createElement('div');
    chunk.dataset.chunkStart = group[0]!.dataset.blockStart;
    chunk.dataset.chunkEnd = group.at(-1)!.dataset.blockEnd;
    const slot = document.createElement('span');
    slot.hidden = true;
    slot.append(document.createElement('br'));
    chunk.append(slot, ...group);
    chunked.append(chunk);
  }
  document.body.replaceChildren(chunked);
  return chunked;
}

describe('lines drawn in groups', () => {
  it('round-trip every boundary of the tricky text, whatever the group size', () => {
    for (const size of [1, 2, 3]) {
      const chunked = buildChunkedView(TRICKY_TEXT, SPANS, size);
      for (const offset of boundaries(TRICKY_TEXT)) {
        const point = offsetToPoint(chunked, offset)!;
        expect(pointToOffset(chunked, point.node, point.offset), `offset ${offset}, ${size} lines a group`).toBe(offset);
      }
    }
  });

  it('finds the lines a range reaches into, across groups, in order', () => {
    const chunked = buildChunkedView(TRICKY_TEXT, SPANS, 2);
    const lines = [...chunked.querySelectorAll<HTMLElement>('[data-block-start]')];
    const starts = lines.map((l) => Number(l.dataset.blockStart));
    // From inside the second line to the start of the last one: the second line up to the one before the last.
    const from = starts[1]! + 1;
    const to = starts.at(-1)!;
    expect(blockElementsIn(chunked, from, to)).toEqual(lines.slice(1, -1));
    // A range inside one line gives that line only.
    expect(blockElementsIn(chunked, starts[2]!, starts[2]! + 1)).toEqual([lines[2]]);
  });
});
