import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createTextNode, $getNodeByKey, $getRoot, SKIP_DOM_SELECTION_TAG, type LexicalNode } from 'lexical';
import { useEffect, useEffectEvent } from 'react';
import { blockIndexAt, splitBlocks } from '../../../../../shared/text/blocks';
import { assignLanes, giveLanes, segmentBlocks, type Segment, type SpanRef } from '../../../../../shared/text/segments';
import type { AnnotationStore, RangeChange } from '../../../state/annotation-store';
import { labelStyleSheet, setMarkLookup } from '../../mark-decoration';
import { $createAnnotationMarkNode } from '../../nodes/AnnotationMarkNode';
import { $createArticleBlockNode, $isArticleBlockNode } from '../../nodes/ArticleBlockNode';
import { nextTask, registerLineDrawer } from '../../progressive';

export const ARTICLE_LOAD_TAG = 'article-load';
/** Tags the plugin's own redraws. */
export const ARTICLE_REDRAW_TAG = 'article-redraw';

/** Characters drawn before the article counts as open: a 1400x900 window shows about 2,500; the rest is margin. */
const FIRST_SCREEN_CHARS = 8_000;
/** Characters drawn per background slice at first; adapted so that a slice takes about SLICE_MS (a task under 50 ms does not hold up input). */
const FIRST_SLICE_CHARS = 40_000;
const SLICE_MS = 40;
/** Lines drawn past the one asked for (a caret or match near the end of what is drawn still has context below it). */
const MARGIN_LINES = 40;

function $segmentNodes(segments: readonly Segment[], text: string): LexicalNode[] {
  return segments.map((seg) => {
    const textNode = $createTextNode(text.slice(seg.start, seg.end));
    if (seg.ids.length === 0) return textNode;
    return $createAnnotationMarkNode(seg.ids, seg.starts).append(textNode);
  });
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
    let lanes = new Map<string, number>();
    /** Keys of the drawn blocks: always blocks[0 .. drawn). */
    const blockKeys: string[] = [];
    let drawn = 0;
    let sliceChars = FIRST_SLICE_CHARS;
    let live = true;
    let sliceQueued = false;
    setMarkLookup(editor, {
      annotation: (id) => store.get(id),
      label: (id) => store.label(id),
      lane: (id) => lanes.get(id) ?? 0,
      layer: (id) => store.layerOf(id),
    });

    const spanRefs = (): readonly SpanRef[] => store.visible();
    const labelStyles = document.createElement('style');
    labelStyles.dataset.role = 'label-colours';
    document.head.append(labelStyles);
    const writeLabelStyles = (): void => {
      labelStyles.textContent = labelStyleSheet(store.allLabels());
    };
    writeLabelStyles();
    const offLabels = store.onLabels(writeLabelStyles);

    /** Segments of blocks [from, to) from the spans that reach into them. */
    const segmentsOf = (from: number, to: number, spans: readonly SpanRef[]): Segment[][] => {
      const lo = blocks[from]!.start;
      const hi = blocks[to - 1]!.next;
      const inRange = spans.filter((s) => s.start < hi && s.end > lo);
      return segmentBlocks(blocks.slice(from, to), inRange, from > 0 ? blocks[from - 1]!.end : 0);
    };

    /** Appends blocks [drawn, to) (inside an update). */
    const $drawThrough = (to: number): void => {
      if (to <= drawn) return;
      const segments = segmentsOf(drawn, to, spanRefs());
      const root = $getRoot();
      for (let i = drawn; i < to; i++) {
        const block = blocks[i]!;
        const node = $createArticleBlockNode(block.start, block.end);
        node.append(...$segmentNodes(segments[i - drawn]!, text));
        root.append(node);
        blockKeys[i] = node.getKey();
      }
      drawn = to;
    };

    /** The index one past the last block that starts before `chars` characters after block `from`. */
    const blocksFor = (from: number, chars: number): number => {
      if (from >= blocks.length) return blocks.length;
      const limit = blocks[from]!.start + chars;
      let to = from + 1;
      while (to < blocks.length && blocks[to]!.start < limit) to++;
      return to;
    };

    const finish = (): void => {
      if (drawn >= blocks.length) reportComplete();
    };

    const slice = (): void => {
      sliceQueued = false;
      if (!live || drawn >= blocks.length) return;
      const started = performance.now();
      editor.update(() => $drawThrough(blocksFor(drawn, sliceChars)), {
        tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_LOAD_TAG],
        onUpdate: () => {
          const took = performance.now() - started;
          // Each update has a fixed cost that grows with the article (Lexical copies its node map and walks
          // the root's lines), so slices never shrink below the first size: smaller ones would multiply it.
          sliceChars = Math.max(FIRST_SLICE_CHARS, Math.min(400_000, Math.round((sliceChars * SLICE_MS) / Math.max(1, took))));
          if (drawn < blocks.length) queueSlice();
          else finish();
        },
      });
    };
    const queueSlice = (): void => {
      if (sliceQueued || !live) return;
      sliceQueued = true;
      nextTask(slice);
    };

    /** Draws up to the block holding `offset` now (a caret, a match or a span there is needed at once). */
    const drawNow = (offset: number): void => {
      if (drawn >= blocks.length) return;
      const index = blockIndexAt(blocks, Math.min(Math.max(0, offset), Math.max(0, text.length - 1)));
      if (index < drawn) return;
      editor.update(() => $drawThrough(Math.min(blocks.length, index + 1 + MARGIN_LINES)), {
        tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_LOAD_TAG],
        discrete: true,
      });
      if (drawn >= blocks.length) finish();
    };

    const renderFirstScreen = (): void => {
      lanes = assignLanes(spanRefs());
      $getRoot().clear();
      blockKeys.length = 0;
      drawn = 0;
      if (blocks.length) $drawThrough(blocksFor(0, FIRST_SCREEN_CHARS));
    };

    /** Redraws every drawn block from the store (labels or layers shown or hidden, a reload). */
    const redrawDrawn = (): void => {
      const spans = spanRefs();
      lanes = assignLanes(spans);
      if (drawn === 0) return;
      const segments = segmentsOf(0, drawn, spans);
      for (let i = 0; i < drawn; i++) {
        const node = $getNodeByKey(blockKeys[i]!);
        if (!$isArticleBlockNode(node)) continue;
        node.clear();
        node.append(...$segmentNodes(segments[i]!, text));
      }
    };

    const renderRanges = (ranges: readonly RangeChange[]): void => {
      const indices = new Set<number>();
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of ranges) {
        const first = blockIndexAt(blocks, r.start);
        const last = blockIndexAt(blocks, Math.max(r.start, r.end - 1));
        for (let i = first; i <= Math.min(last, drawn - 1); i++) indices.add(i);
        lo = Math.min(lo, blocks[first]!.start);
        hi = Math.max(hi, blocks[last]!.next);
      }
      const spans = store.visibleIn(lo, hi);
      const touched = new Set(spans.filter((s) => ranges.some((r) => s.start === r.start && s.end === r.end)).map((s) => s.id));
      giveLanes(lanes, spans, touched);
      for (const i of [...indices].sort((a, b) => a - b)) {
        const node = $getNodeByKey(blockKeys[i]!);
        if (!$isArticleBlockNode(node)) continue;
        const block = blocks[i]!;
        const previousLineEnd = i > 0 ? blocks[i - 1]!.end : 0;
        const segments = segmentBlocks(
          [block],
          spans.filter((s) => s.start < block.next && s.end > block.start),
          previousLineEnd,
        )[0]!;
        node.clear();
        node.append(...$segmentNodes(segments, text));
      }
    };

    editor.update(renderFirstScreen, {
      tag: ARTICLE_LOAD_TAG,
      onUpdate: () => {
        reportRendered();
        if (drawn < blocks.length) queueSlice();
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
    // reaches the DOM and Lexical, possibly across several lines. The stored text is the truth:
    // when any drawn line no longer shows exactly its stored characters, everything is redrawn.
    const onForeignInput = (): void => {
      const root = editor.getRootElement();
      if (!root) return;
      const shown = root.querySelectorAll<HTMLElement>('[data-block-start]');
      const intact =
        shown.length === drawn &&
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
    };
  }, [editor, store]);

  return null;
}
