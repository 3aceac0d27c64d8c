import { useEffect, useEffectEvent } from 'react';

/**
 * Saves a field's draft shortly after typing stops, and at once when the
 * field goes away or the page is hidden (reload, close, switching apps), so
 * typed text is never lost between save points.
 */
export function useAutoCommit<T>(draft: T, saved: T, commit: (value: T) => void, valid: boolean, delayMs = 500): void {
  const commitDraft = useEffectEvent((value: T) => commit(value));
  // Reads the draft of the latest render, also when called on unmount.
  const flush = useEffectEvent(() => {
    if (valid && draft !== saved) commit(draft);
  });

  useEffect(() => {
    if (!valid || draft === saved) return;
    const timer = setTimeout(() => commitDraft(draft), delayMs);
    return () => clearTimeout(timer);
  }, [draft, saved, valid, delayMs]);

  useEffect(() => {
    const onPageHide = (): void => flush();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      flush();
    };
  }, []);
}
