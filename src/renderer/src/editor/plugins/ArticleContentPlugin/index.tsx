import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getNodeByKey, $getRoot, SKIP_DOM_SELECTION_TAG } from 'lexical';
import { useEffect, useEffectEvent } from 'react';
import { blockIndexAt, splitBlocks, type TextBlock } from '../../../../../shared/text/blocks';
import { assignLanes, giveLanes, segmentBlocks, type Segment, type SpanRef } from '../../../../../shared/text/segments';
import type { AnnotationStore, RangeChange } from '../../../state/annotation-store';
import { escapeText, labelStyleSheet, markOpenTag, setMarkLookup, type MarkLookup } from '../../mark-decoration';
import { $createArticleChunkNode, $isArticleChunkNode, setChunkRenderer } from '../../nodes/ArticleChunkNode';
import { afterPaint, nextTask, registerLineDrawer } from '../../progressive';

export const ARTICLE_LOAD_TAG = 'article-load';
/** Tags the plugin's own redraws. */
export const ARTICLE_REDRAW_TAG = 'article-redraw';

/** Characters drawn before the article counts as open: a 1400x900 window shows about 2,500; the rest is margin. */
const FIRST_SCREEN_CHARS = 8_000;
/** Characters drawn per background slice at first; adapted so that a slice takes about SLICE_MS (a task under 50 ms does not hold up input). */
const FIRST_SLICE_CHARS = 40_000;
const MIN_SLICE_CHARS = 10_000;
const SLICE_MS = 30;
/** Groups of lines drawn past the one asked for (a caret or match near the end of what is drawn still has context below it). */
const MARGIN_CHUNKS = 2;

/** Characters per group of lines (the unit drawn and redrawn): a group ends at the first line end past this. */
const CHUNK_CHARS = 3_000;

/** Groups of consecutive lines: [first, last) block indices, each group CHUNK_CHARS or so. */
export function chunkBlocks(blocks: readonly TextBlock[]): { first: number; last: number }[] {
  const chunks: { first: number; last: number }[] = [];
  let first = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i]!.next - blocks[first]!.start >= CHUNK_CHARS || i === blocks.length - 1) {
      chunks.push({ first, last: i + 1 });
      first = i + 1;
    }
  }
  return chunks;
}

/** Lines as HTML: one div per line, a mark per run of text under spans. */
function linesHtml(text: string, blocks: readonly TextBlock[], segments: readonly Segment[][], lookup: MarkLookup): string {
  let html = '';
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    html += `<div class="article-block" data-block-start="${block.start}" data-block-end="${block.end}">`;
    for (const seg of segments[i]!) {
      const run = escapeText(text.slice(seg.start, seg.end));
      html += seg.ids.length ? `${markOpenTag(seg.ids, seg.starts, lookup)}${run}</mark>` : run;
    }
    html += '</div>';
  }
  return html;
}

/**
 * Shows the stored text as one block per line and keeps the marks in step
 * with the annotation store: a change redraws only the blocks it touches.
 * The first screen is drawn at once and the rest in short slices after it
 * (see ../../progressive.ts); `onRendered` fires when the first screen is
 * drawn, `onComplete` when every line is.
 */
export function ArticleContentPlugin({ store, onRendered, onComplete }: { store: AnnotationStore; onRendered?: () => void; onComplete?: () => void }): null {
  const [editor] = useLexicalComposerContext();
  const reportRendered = useEffectEvent(() => onRendered?.());
  const reportComplete = useEffectEvent(() => onComplete?.());

  useEffect(() => {
    const text = store.text;
    const blocks = splitBlocks(text);
    const chunks = chunkBlocks(blocks);
    /** Where each group starts in the stored text, for finding the groups a change touches. */
    const chunkStarts = chunks.map((c) => blocks[c.first]!.start);
    let lanes = new Map<string, number>();
    /** Keys of the drawn groups: always chunks[0 .. drawn). */
    const chunkKeys: string[] = [];
    let drawn = 0;
    let sliceChars = FIRST_SLICE_CHARS;
    let live = true;
    let sliceQueued = false;
    const lookup: MarkLookup = {
      annotation: (id) => store.get(id),
      label: (id) => store.label(id),
      lane: (id) => lanes.get(id) ?? 0,
      layer: (id) => store.layerOf(id),
    };
    setMarkLookup(editor, lookup);

    const spanRefs = (): readonly SpanRef[] => store.visible();
    const labelStyles = document.createElement('style');
    labelStyles.dataset.role = 'label-colours';
    document.head.append(labelStyles);
    const writeLabelStyles = (): void => {
      labelStyles.textContent = labelStyleSheet(store.allLabels());
    };
    writeLabelStyles();
    const offLabels = store.onLabels(writeLabelStyles);

    /** Group index of the line holding `offset`. */
    const chunkIndexAt = (offset: number): number => {
      let lo = 0;
      let hi = chunkStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (chunkStarts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };

    /** HTML of groups prepared ahead (a slice segments its groups in one pass), by group start; taken when drawn. */
    const prepared = new Map<number, string>();
    /** Lines of [start, end) as HTML: prepared, else from the visible spans reaching into them. */
    const renderLines = (start: number, end: number): string => {
      const ready = prepared.get(start);
      if (ready !== undefined) {
        prepared.delete(start);
        return ready;
      }
      const first = blockIndexAt(blocks, start);
      const last = blockIndexAt(blocks, Math.max(start, end)) + 1;
      const hi = blocks[last - 1]!.next;
      const spans = store.visibleIn(start, Math.max(hi, start + 1));
      const segments = segmentBlocks(blocks.slice(first, last), spans, first > 0 ? blocks[first - 1]!.end : 0);
      return linesHtml(text, blocks.slice(first, last), segments, lookup);
    };
    setChunkRenderer(editor, renderLines);

    /** Appends groups [drawn, to) (inside an update), their lines segmented in one pass over the spans. */
    const $drawThrough = (to: number): void => {
      if (to <= drawn) return;
      const firstBlock = chunks[drawn]!.first;
      const lastBlock = chunks[to - 1]!.last;
      const lo = blocks[firstBlock]!.start;
      const hi = blocks[lastBlock - 1]!.next;
      const inRange = spanRefs().filter((s) => s.start < hi && s.end > lo);
      const segments = segmentBlocks(blocks.slice(firstBlock, lastBlock), inRange, firstBlock > 0 ? blocks[firstBlock - 1]!.end : 0);
      const root = $getRoot();
      for (let i = drawn; i < to; i++) {
        const chunk = chunks[i]!;
        const start = blocks[chunk.first]!.start;
        const end = blocks[chunk.last - 1]!.end;
        prepared.set(start, linesHtml(text, blocks.slice(chunk.first, chunk.last), segments.slice(chunk.first - firstBlock, chunk.last - firstBlock), lookup));
        const node = $createArticleChunkNode(start, end, chunk.last - chunk.first);
        root.append(node);
        chunkKeys[i] = node.getKey();
      }
      drawn = to;
    };

    /** The index one past the last group that starts before `chars` characters after group `from`. */
    const chunksFor = (from: number, chars: number): number => {
      if (from >= chunks.length) return chunks.length;
      const limit = chunkStarts[from]! + chars;
      let to = from + 1;
      while (to < chunks.length && chunkStarts[to]! < limit) to++;
      return to;
    };

    const finish = (): void => {
      if (drawn >= chunks.length) reportComplete();
    };

    const slice = (): void => {
      sliceQueued = false;
      if (!live || drawn >= chunks.length) return;
      const started = performance.now();
      editor.update(() => $drawThrough(chunksFor(drawn, sliceChars)), {
        tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_LOAD_TAG],
        onUpdate: () => {
          const took = performance.now() - started;
          sliceChars = Math.max(MIN_SLICE_CHARS, Math.min(400_000, Math.round((sliceChars * SLICE_MS) / Math.max(1, took))));
          if (drawn < chunks.length) queueSlice();
          else finish();
        },
      });
    };
    const queueSlice = (): void => {
      if (sliceQueued || !live) return;
      sliceQueued = true;
      nextTask(slice);
    };

    /** Draws up to the group holding `offset` now (a caret, a match or a span there is needed at once). */
    const drawNow = (offset: number): void => {
      if (drawn >= chunks.length) return;
      const index = chunkIndexAt(Math.min(Math.max(0, offset), Math.max(0, text.length - 1)));
      if (index < drawn) return;
      editor.update(() => $drawThrough(Math.min(chunks.length, index + 1 + MARGIN_CHUNKS)), {
        tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_LOAD_TAG],
        discrete: true,
      });
      if (drawn >= chunks.length) finish();
    };

    const renderFirstScreen = (): void => {
      lanes = assignLanes(spanRefs());
      $getRoot().clear();
      chunkKeys.length = 0;
      prepared.clear();
      drawn = 0;
      if (chunks.length) $drawThrough(chunksFor(0, FIRST_SCREEN_CHARS));
    };

    /** Redraws every drawn group from the store (labels or layers shown or hidden, a reload). */
    const redrawDrawn = (): void => {
      lanes = assignLanes(spanRefs());
      prepared.clear();
      for (let i = 0; i < drawn; i++) {
        const node = $getNodeByKey(chunkKeys[i]!);
        if ($isArticleChunkNode(node)) node.redraw();
      }
    };

    const renderRanges = (ranges: readonly RangeChange[]): void => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of ranges) {
        lo = Math.min(lo, r.start);
        hi = Math.max(hi, r.end);
      }
      // New and moved spans get the lowest lane free among the spans they overlap.
      const spans = store.visibleIn(lo, Math.max(hi, lo + 1));
      const touched = new Set(spans.filter((s) => ranges.some((r) => s.start === r.start && s.end === r.end)).map((s) => s.id));
      giveLanes(lanes, spans, touched);
      for (const r of ranges) {
        const last = Math.min(chunkIndexAt(Math.max(r.start, r.end - 1)), drawn - 1);
        for (let i = chunkIndexAt(r.start); i <= last; i++) {
          const node = $getNodeByKey(chunkKeys[i]!);
          if ($isArticleChunkNode(node)) node.redraw({ from: r.start, to: Math.max(r.end, r.start + 1) });
        }
      }
    };

    editor.update(renderFirstScreen, {
      tag: ARTICLE_LOAD_TAG,
      onUpdate: () => {
        reportRendered();
        // The rest is drawn once the first screen (and the view saying it is ready) is on screen.
        if (drawn < chunks.length) afterPaint(queueSlice, 'user-visible');
        else finish();
      },
    });

    const unsubscribe = store.onChange((ranges) => {
      const whole = ranges.some((r) => r.start === 0 && r.end === text.length && text.length > 0);
      // The DOM selection is the analyst's; Lexical must not try to restore its own copy of it
      // over the lines just redrawn (that costs a full selection repaint on long articles).
      editor.update(() => (whole ? redrawDrawn() : renderRanges(ranges)), { tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_REDRAW_TAG] });
    });

    // Text entry that cannot be cancelled (an input method's composition, dictation) still
    // reaches the DOM, possibly across several lines. The stored text is the truth: when any
    // drawn line no longer shows exactly its stored characters, everything is redrawn.
    const onForeignInput = (): void => {
      const root = editor.getRootElement();
      if (!root) return;
      const shown = root.querySelectorAll<HTMLElement>('[data-block-start]');
      const lines = drawn > 0 ? chunks[drawn - 1]!.last : 0;
      const intact =
        shown.length === lines &&
        [...shown].every((el, i) => Number(el.dataset.blockStart) === blocks[i]!.start && el.textContent === text.slice(blocks[i]!.start, blocks[i]!.end));
      if (!intact) {
        editor.update(renderFirstScreen, { tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_REDRAW_TAG], onUpdate: queueSlice });
      }
    };
    let offDrawer: (() => void) | null = null;
    const offRoot = editor.registerRootListener((root, prev) => {
      prev?.removeEventListener('input', onForeignInput);
      prev?.removeEventListener('compositionend', onForeignInput);
      root?.addEventListener('input', onForeignInput);
      root?.addEventListener('compositionend', onForeignInput);
      offDrawer?.();
      offDrawer = root ? registerLineDrawer(root, drawNow) : null;
    });
    return () => {
      live = false;
      offDrawer?.();
      offRoot();
      unsubscribe();
      offLabels();
      labelStyles.remove();
      setMarkLookup(editor, null);
      setChunkRenderer(editor, null);
    };
  }, [editor, store]);

  return null;
}
