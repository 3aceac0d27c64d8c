import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';

/**
 * The article text is immutable. The editor stays focusable (so the caret
 * and Shift+arrow selection work from the keyboard) but every edit is
 * refused before Lexical or the browser sees it: typing, deleting, pasting,
 * cutting, dropping, formatting.
 */
const BLOCKED = ['beforeinput', 'paste', 'cut', 'drop', 'dragstart'] as const;

export function ReadOnlyGuardPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const block = (event: Event): void => {
      const root = editor.getRootElement();
      if (root && event.target instanceof Node && root.contains(event.target)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    // The selection in the article belongs to the browser: Lexical does not need a copy of it
    // (nothing is edited), and writing its copy back while the mouse is still dragging cancels
    // the drag. Selection changes inside the article therefore stop at the window.
    const keepSelectionNative = (event: Event): void => {
      const root = editor.getRootElement();
      const anchor = document.getSelection()?.anchorNode;
      if (root && anchor && root.contains(anchor)) event.stopImmediatePropagation();
    };
    for (const type of BLOCKED) document.addEventListener(type, block, true);
    window.addEventListener('selectionchange', keepSelectionNative, true);
    return () => {
      for (const type of BLOCKED) document.removeEventListener(type, block, true);
      window.removeEventListener('selectionchange', keepSelectionNative, true);
    };
  }, [editor]);
  return null;
}
