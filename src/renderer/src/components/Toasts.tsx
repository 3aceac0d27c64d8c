import type { JSX } from 'react';
import { dismiss, dismissAll, useToasts } from '../state/toasts';

/** How many messages are shown at once; older ones are counted in a line that can dismiss them all. */
const SHOWN = 3;

/** Messages stacked in the bottom-left corner, over the article list rather than the text and the details. */
export function Toasts(): JSX.Element {
  const toasts = useToasts();
  const hidden = toasts.length - SHOWN;
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {hidden > 0 && (
        <div className="toast toast-more">
          <span>
            {hidden} earlier {hidden === 1 ? 'message' : 'messages'}
            {toasts.slice(0, hidden).some((t) => t.kind === 'error') ? ', errors among them' : ''}
          </span>
          <button type="button" className="link" onClick={dismissAll}>
            Dismiss all
          </button>
        </div>
      )}
      {toasts.slice(-SHOWN).map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <span>
            {t.message}
            {t.count > 1 && <span className="toast-count"> ×{t.count}</span>}
          </span>
          <button type="button" className="toast-close" aria-label="Dismiss message" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
