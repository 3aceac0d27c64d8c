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
    const apply = (): void => {
      const root = editor.getRootElement();
      if (!root) return;
      for (const el of root.querySelectorAll(`mark.${CLASS}`)) {
        if (!current || !(el as HTMLElement).dataset.ids?.split(' ').includes(current)) el.classList.remove(CLASS);
      }
      if (current) for (const el of root.querySelectorAll(`mark[data-ids~="${CSS.escape(current)}"]`)) el.classList.add(CLASS);
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
