import { useEffect, useRef } from 'react';

/**
 * Saves a field's draft shortly after typing stops, and at once when the
 * field goes away or the page is hidden (reload, close, switching apps), so
 * typed text is never lost between save points.
 */
export function useAutoCommit<T>(draft: T, saved: T, commit: (value: T) => void, valid: boolean, delayMs = 500): void {
  const latest = useRef({ draft, saved, commit, valid });
  latest.current = { draft, saved, commit, valid };

  useEffect(() => {
    if (!valid || draft === saved) return;
    const timer = setTimeout(() => latest.current.commit(draft), delayMs);
    return () => clearTimeout(timer);
  }, [draft, saved, valid, delayMs]);

  useEffect(() => {
    const flush = (): void => {
      const l = latest.current;
      if (l.valid && l.draft !== l.saved) l.commit(l.draft);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
}
