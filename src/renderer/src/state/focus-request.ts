/**
 * A one-shot request to put the focus in the article text once it is shown:
 * opening an article from the keyboard (Enter in the article list) asks for
 * it, the article view honours it when its text is rendered.
 */
let pending: string | null = null;
const listeners = new Set<() => void>();

export function requestTextFocus(articleId: string): void {
  pending = articleId;
  for (const l of listeners) l();
}

/** True once per request, for the article it names. */
export function takeTextFocusRequest(articleId: string): boolean {
  if (pending !== articleId) return false;
  pending = null;
  return true;
}

export function onTextFocusRequest(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
