import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { type JSX, memo, useEffect, useMemo } from 'react';
import type { AnnotationStore } from '../state/annotation-store';
import { ArticleChunkNode } from './nodes/ArticleChunkNode';
import { titleOnHover } from './mark-decoration';
import { ArticleContentPlugin } from './plugins/ArticleContentPlugin';
import { ReadOnlyGuardPlugin } from './plugins/ReadOnlyGuardPlugin';
import { SelectedSpanPlugin } from './plugins/SelectedSpanPlugin';

export interface ArticleEditorProps {
  store: AnnotationStore;
  /** Receives the editable root element (or null when unmounted). */
  onRoot: (root: HTMLElement | null) => void;
  /** The first screen is drawn (the analyst can read and tag). */
  onRendered?: () => void;
  /** Every line of the article is drawn. */
  onComplete?: () => void;
  /** Click on a mark: the ids under the pointer and the pointer position. */
  onMarkClick: (ids: string[], at: { x: number; y: number }) => void;
  onBackgroundClick: () => void;
  label: string;
}

function RootBridge({ onRoot, onMarkClick, onBackgroundClick }: Pick<ArticleEditorProps, 'onRoot' | 'onMarkClick' | 'onBackgroundClick'>): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerRootListener((root, prev) => {
        const click = (event: MouseEvent): void => {
          const selection = window.getSelection();
          if (selection && !selection.isCollapsed) return; // a drag selected text
          const mark = (event.target as Element | null)?.closest?.('mark[data-ids]') as HTMLElement | null;
          if (mark?.dataset.ids) onMarkClick(mark.dataset.ids.split(' '), { x: event.clientX, y: event.clientY });
          else onBackgroundClick();
        };
        prev?.removeEventListener('click', click as EventListener);
        prev?.removeEventListener('mouseover', titleOnHover);
        root?.addEventListener('click', click);
        root?.addEventListener('mouseover', titleOnHover);
        // Still focusable with a caret (keyboard selection works), but not a rich-text field:
        // React then skips saving and restoring the selection of the whole article on every
        // commit, which on a long article costs tens of milliseconds per keystroke.
        root?.setAttribute('contenteditable', 'plaintext-only');
        onRoot(root);
        return () => {
          root?.removeEventListener('click', click);
          root?.removeEventListener('mouseover', titleOnHover);
        };
      }),
    [editor, onRoot, onMarkClick, onBackgroundClick],
  );
  return null;
}

/** Memoised: the article's React subtree does not re-render when spans change (Lexical redraws the marks itself). */
export const ArticleEditor = memo(function ArticleEditor({
  store,
  onRoot,
  onRendered,
  onComplete,
  onMarkClick,
  onBackgroundClick,
  label,
}: ArticleEditorProps): JSX.Element {
  const initialConfig = useMemo(
    () => ({
      namespace: `article-${store.articleId}`,
      nodes: [ArticleChunkNode],
      editable: true,
      onError: (error: Error) => {
        throw error;
      },
    }),
    [store.articleId],
  );
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <ContentEditable
        className="article-text"
        aria-label={label}
        aria-readonly="true"
        aria-multiline="true"
        spellCheck={false}
        inputMode="none"
        data-testid="article-text"
      />
      <ArticleContentPlugin store={store} onRendered={onRendered} onComplete={onComplete} />
      <ReadOnlyGuardPlugin />
      <SelectedSpanPlugin store={store} />
      <RootBridge onRoot={onRoot} onMarkClick={onMarkClick} onBackgroundClick={onBackgroundClick} />
    </LexicalComposer>
  );
});
