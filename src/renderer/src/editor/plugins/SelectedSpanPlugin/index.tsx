import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import type { AnnotationStore } from '../../../state/annotation-store';
import { blockElementsIn } from '../../dom-offsets';

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
      // Only the lines the span covers are searched.
      const selector = `mark[data-ids~="${CSS.escape(current)}"]`;
      for (const line of blockElementsIn(root, span.start, span.end)) {
        for (const el of line.querySelectorAll(selector)) {
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
