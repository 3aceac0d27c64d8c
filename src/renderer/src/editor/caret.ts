import { offsetToPoint } from './dom-offsets';
import { afterPaint } from './progressive';

/**
 * The text caret put at a stored offset after a key press (the end of a new span, the start of a span
 * reached with j or k). Placing it makes the browser lay out the line just redrawn there and then, so it
 * is placed once the frame showing the change is painted (issue 12: the highlight in the next frame),
 * or at once when a key comes first: Shift+arrows always continue from it. A pointer press drops it
 * (the analyst placed the caret elsewhere), and so does any other change of the selection meanwhile.
 */
let pending: { root: HTMLElement; offset: number; after: SelectionPoints | null } | null = null;

type SelectionPoints = readonly [Node | null, number, Node | null, number];

function selectionPoints(): SelectionPoints | null {
  const selection = window.getSelection();
  return selection ? [selection.anchorNode, selection.anchorOffset, selection.focusNode, selection.focusOffset] : null;
}

function placePending(): void {
  const caret = pending;
  pending = null;
  if (!caret || !caret.root.isConnected) return;
  // The selection as the redraw left it: anything else means the selection was made anew since.
  const now = selectionPoints();
  if (caret.after && now && caret.after.some((x, i) => x !== now[i])) return;
  const point = offsetToPoint(caret.root, caret.offset);
  if (point) window.getSelection()?.collapse(point.node, point.offset);
}

function dropPending(): void {
  pending = null;
}

export function placeCaret(root: HTMLElement, offset: number): void {
  const first = pending === null;
  const caret: NonNullable<typeof pending> = { root, offset, after: null };
  pending = caret;
  // The redraw this key started is committed in a microtask queued before this one: note the selection it leaves.
  queueMicrotask(() => {
    caret.after = selectionPoints();
  });
  if (first) afterPaint(placePending);
}

/** Listens for the keys and pointer presses that place or drop a pending caret first; returns the cleanup. */
export function watchPendingCaret(): () => void {
  window.addEventListener('keydown', placePending, true);
  window.addEventListener('pointerdown', dropPending, true);
  return () => {
    window.removeEventListener('keydown', placePending, true);
    window.removeEventListener('pointerdown', dropPending, true);
    pending = null;
  };
}
