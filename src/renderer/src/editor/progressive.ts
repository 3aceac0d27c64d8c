/**
 * A long article is drawn a slice at a time: the first screen at once, the
 * rest in short tasks that leave the analyst free to read, select and tag
 * (issue 12). Whatever needs a line that is not drawn yet (a caret placed at
 * a span, a search match, scrolling to a span picked with j/k or in the span
 * list) asks for it here first, and the lines up to it are drawn there and then.
 */

const drawers = new WeakMap<HTMLElement, (offset: number) => void>();

export function registerLineDrawer(root: HTMLElement, drawThrough: (offset: number) => void): () => void {
  drawers.set(root, drawThrough);
  return () => {
    if (drawers.get(root) === drawThrough) drawers.delete(root);
  };
}

/** Draws the article's lines up to the one holding `offset` (and a margin), now, if they are not drawn yet. */
export function ensureDrawn(root: HTMLElement, offset: number): void {
  drawers.get(root)?.(offset);
}

type PostTask = (callback: () => void, options: { priority: 'user-blocking' | 'user-visible' | 'background' }) => Promise<unknown>;

/** Runs `callback` in a task of its own soon, after pending input and rendering (no 4 ms timer clamp). */
export function nextTask(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (scheduler?.postTask) {
    void scheduler.postTask(callback, { priority: 'user-visible' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => callback();
  channel.port2.postMessage(null);
}

/**
 * Runs `callback` once the next frame is painted: the key path's own redraw goes on screen first, and
 * whatever React shows around it (counts, lists, details, the save state) follows (issue 12).
 * A hidden page paints no frames: there it runs in the next task.
 */
export function afterPaint(callback: () => void): void {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState !== 'visible') {
    nextTask(callback);
    return;
  }
  requestAnimationFrame(() => nextTask(callback));
}
