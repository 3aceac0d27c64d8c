import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import type { AnnotationStore } from '../../../state/annotation-store';

const CLASS = 'is-selected';

/**
 * Outlines the selected span: a class on its marks, set again after every
 * redraw. Only the marks concerned are restyled, so selecting stays instant
 * with thousands of marks.
 */
export function SelectedSpanPlugin({ store }: { store: AnnotationStore }): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    let current: string | null = null;
    let outlined: Element[] = [];
    const apply = (): void => {
      const root = editor.getRootElement();
      if (!root) return;
      for (const el of outlined) el.classList.remove(CLASS);
      outlined = [];
      const span = current ? store.get(current) : undefined;
      if (!span || !current) return;
      // Only the lines the span covers are searched (lines are the root's children, in order).
      const lines = root.children;
      let lo = 0;
      let hi = lines.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (Number((lines[mid] as HTMLElement).dataset.blockStart) <= span.start) lo = mid;
        else hi = mid - 1;
      }
      const selector = `mark[data-ids~="${CSS.escape(current)}"]`;
      for (let i = lo; i < lines.length && Number((lines[i] as HTMLElement).dataset.blockStart) < span.end; i++) {
        for (const el of lines[i]!.querySelectorAll(selector)) {
          el.classList.add(CLASS);
          outlined.push(el);
        }
      }
    };
    const select = (id: string | null): void => {
      current = id;
      apply();
    };
    select(store.selected);
    const offSelect = store.onSelect(select);
    const offUpdate = editor.registerUpdateListener(({ dirtyElements }) => {
      if (current && dirtyElements.size > 0) apply();
    });
    return () => {
      offSelect();
      offUpdate();
    };
  }, [editor, store]);
  return null;
}
