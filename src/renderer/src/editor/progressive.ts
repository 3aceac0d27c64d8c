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

/** 'background' work waits for input, timers and every other task; 'user-visible' work takes its turn among them. */
export type TaskPriority = 'user-visible' | 'background';

type PostTask = (callback: () => void, options: { priority: 'user-blocking' | TaskPriority }) => Promise<unknown>;

/** Runs `callback` in a task of its own soon, after pending input and rendering (no 4 ms timer clamp). */
export function nextTask(callback: () => void, priority: TaskPriority = 'user-visible'): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (scheduler?.postTask) {
    void scheduler.postTask(callback, { priority });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => callback();
  channel.port2.postMessage(null);
}

/**
 * Runs `callback` once the next frame is painted: the key path's own redraw goes on screen first, and
 * whatever React shows around it (counts, lists, details, the caret) follows (issue 12).
 * By default it also waits for input, timers and other tasks queued meanwhile: it follows a change that
 * is already on screen, so the next key must not queue behind it. A write passes 'user-visible'
 * (saving must not wait for a long article's drawing, which runs in a chain of user-visible tasks).
 * A hidden page paints no frames: there it runs in the next task.
 */
export function afterPaint(callback: () => void, priority: TaskPriority = 'background'): void {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState !== 'visible') {
    nextTask(callback, priority);
    return;
  }
  requestAnimationFrame(() => nextTask(callback, priority));
}
