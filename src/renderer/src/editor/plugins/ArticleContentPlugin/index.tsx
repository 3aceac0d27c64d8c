import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createTextNode, $getNodeByKey, $getRoot, SKIP_DOM_SELECTION_TAG, type LexicalNode } from 'lexical';
import { useEffect, useEffectEvent } from 'react';
import { blockIndexAt, splitBlocks } from '../../../../../shared/text/blocks';
import { assignLanes, giveLanes, segmentBlocks, type Segment, type SpanRef } from '../../../../../shared/text/segments';
import type { AnnotationStore, RangeChange } from '../../../state/annotation-store';
import { labelStyleSheet, setMarkLookup } from '../../mark-decoration';
import { $createAnnotationMarkNode } from '../../nodes/AnnotationMarkNode';
import { $createArticleBlockNode, $isArticleBlockNode } from '../../nodes/ArticleBlockNode';

export const ARTICLE_LOAD_TAG = 'article-load';
/** Tags the plugin's own redraws. */
export const ARTICLE_REDRAW_TAG = 'article-redraw';

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
 */
export function ArticleContentPlugin({ store, onRendered }: { store: AnnotationStore; onRendered?: () => void }): null {
  const [editor] = useLexicalComposerContext();
  const reportRendered = useEffectEvent(() => onRendered?.());

  useEffect(() => {
    const text = store.text;
    const blocks = splitBlocks(text);
    let lanes = new Map<string, number>();
    let blockKeys: string[] = [];
    setMarkLookup(editor, {
      annotation: (id) => store.get(id),
      label: (id) => store.label(id),
      lane: (id) => lanes.get(id) ?? 0,
      layer: (id) => store.layerOf(id),
    });

    const spanRefs = (): SpanRef[] => store.visible();
    const labelStyles = document.createElement('style');
    labelStyles.dataset.role = 'label-colours';
    document.head.append(labelStyles);
    const writeLabelStyles = (): void => {
      labelStyles.textContent = labelStyleSheet(store.allLabels());
    };
    writeLabelStyles();
    const offLabels = store.onLabels(writeLabelStyles);

    const renderAll = (): void => {
      const spans = spanRefs();
      lanes = assignLanes(spans);
      const segments = segmentBlocks(blocks, spans);
      const root = $getRoot();
      root.clear();
      blockKeys = blocks.map((block, i) => {
        const node = $createArticleBlockNode(block.start, block.end);
        node.append(...$segmentNodes(segments[i]!, text));
        root.append(node);
        return node.getKey();
      });
    };

    const renderRanges = (ranges: readonly RangeChange[]): void => {
      const indices = new Set<number>();
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of ranges) {
        const first = blockIndexAt(blocks, r.start);
        const last = blockIndexAt(blocks, Math.max(r.start, r.end - 1));
        for (let i = first; i <= last; i++) indices.add(i);
        lo = Math.min(lo, blocks[first]!.start);
        hi = Math.max(hi, blocks[last]!.next);
      }
      const spans = spanRefs().filter((s) => s.start < hi && s.end > lo);
      const touched = new Set(spans.filter((s) => ranges.some((r) => s.start === r.start && s.end === r.end)).map((s) => s.id));
      giveLanes(lanes, spans, touched);
      for (const i of [...indices].sort((a, b) => a - b)) {
        const node = $getNodeByKey(blockKeys[i]!);
        if (!$isArticleBlockNode(node)) continue;
        const block = blocks[i]!;
        const previousLineEnd = i > 0 ? blocks[i - 1]!.end : 0;
        const segments = segmentBlocks([block], spans.filter((s) => s.start < block.next && s.end > block.start), previousLineEnd)[0]!;
        node.clear();
        node.append(...$segmentNodes(segments, text));
      }
    };

    editor.update(renderAll, { tag: ARTICLE_LOAD_TAG, onUpdate: () => reportRendered() });

    const unsubscribe = store.onChange((ranges) => {
      const whole = ranges.some((r) => r.start === 0 && r.end === text.length && text.length > 0);
      // The DOM selection is the analyst's; Lexical must not try to restore its own copy of it
      // over the lines just redrawn (that costs a full selection repaint on long articles).
      editor.update(() => (whole ? renderAll() : renderRanges(ranges)), { tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_REDRAW_TAG] });
    });

    // Text entry that cannot be cancelled (an input method's composition, dictation) still
    // reaches the DOM and Lexical, possibly across several lines. The stored text is the truth:
    // when any line no longer shows exactly its stored characters, everything is redrawn.
    const onForeignInput = (): void => {
      const root = editor.getRootElement();
      if (!root) return;
      const shown = root.querySelectorAll<HTMLElement>('[data-block-start]');
      const intact =
        shown.length === blocks.length &&
        [...shown].every((el, i) => Number(el.dataset.blockStart) === blocks[i]!.start && el.textContent === text.slice(blocks[i]!.start, blocks[i]!.end));
      if (!intact) editor.update(renderAll, { tag: [SKIP_DOM_SELECTION_TAG, ARTICLE_REDRAW_TAG] });
    };
    const offRoot = editor.registerRootListener((root, prev) => {
      prev?.removeEventListener('input', onForeignInput);
      prev?.removeEventListener('compositionend', onForeignInput);
      root?.addEventListener('input', onForeignInput);
      root?.addEventListener('compositionend', onForeignInput);
    });
    return () => {
      offRoot();
      unsubscribe();
      offLabels();
      labelStyles.remove();
      setMarkLookup(editor, null);
    };
  }, [editor, store]);

  return null;
}
