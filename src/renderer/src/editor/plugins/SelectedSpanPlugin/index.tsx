import { useEffect } from 'react';
import type { AnnotationStore } from '../../../state/annotation-store';

/**
 * Outlines the selected span without touching the document: one style rule
 * keyed on the span id, so selecting is instant even with thousands of marks.
 */
export function SelectedSpanPlugin({ store }: { store: AnnotationStore }): null {
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.role = 'selected-span';
    document.head.append(style);
    const apply = (id: string | null): void => {
      style.textContent = id && /^[\w-]+$/.test(id) ? `mark[data-ids~="${id}"] { outline: 2px solid var(--focus); outline-offset: 1px; border-radius: 2px; }` : '';
    };
    apply(store.selected);
    const off = store.onSelect(apply);
    return () => {
      off();
      style.remove();
    };
  }, [store]);
  return null;
}
