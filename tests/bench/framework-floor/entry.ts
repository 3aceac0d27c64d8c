/**
 * React, ReactDOM and Lexical with nothing of the workbench: an empty
 * plain-text editor with undo history. The editor bench measures this page's
 * JS heap beside the floor's, so the heap rows show what the stack itself
 * costs before any article is open (issue 12).
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { PlainTextPlugin } from '@lexical/react/LexicalPlainTextPlugin';

const onError = (error: Error): void => {
  throw error;
};

function EmptyEditor(): ReturnType<typeof createElement> {
  return createElement(
    LexicalComposer,
    { initialConfig: { namespace: 'framework-floor', onError } },
    createElement(PlainTextPlugin, {
      contentEditable: createElement(ContentEditable, { className: 'editor', 'aria-label': 'Empty editor' }),
      placeholder: null,
      ErrorBoundary: LexicalErrorBoundary,
    }),
    createElement(HistoryPlugin),
  );
}

createRoot(document.getElementById('root')!).render(createElement(EmptyEditor));
