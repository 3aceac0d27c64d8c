import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  /** How many times the same message came in a row (shown as ×N instead of N copies). */
  count: number;
}

/** How long an information message stays; errors stay until dismissed. */
export const INFO_MILLISECONDS = 4000;

let toasts: Toast[] = [];
let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

function expireLater(toast: Toast): void {
  clearTimeout(timers.get(toast.id));
  if (toast.kind === 'info')
    timers.set(
      toast.id,
      setTimeout(() => dismiss(toast.id), INFO_MILLISECONDS),
    );
}

/**
 * Shows a message in the corner of the window. A message equal to one already
 * shown is counted on it (×2, ×3…) rather than stacked again; errors stay
 * until dismissed, information goes after a few seconds.
 */
export function notify(message: string, kind: 'info' | 'error' = 'info'): number {
  const same = toasts.find((t) => t.message === message && t.kind === kind);
  let shown: Toast;
  if (same) {
    shown = { ...same, count: same.count + 1 };
    toasts = [...toasts.filter((t) => t.id !== same.id), shown];
  } else {
    shown = { id: nextId++, message, kind, count: 1 };
    toasts = [...toasts, shown];
  }
  expireLater(shown);
  emit();
  return shown.id;
}

/** Removes the information messages (errors stay until dismissed): they were about a view the analyst has left. */
export function dismissInfo(): void {
  const info = toasts.filter((t) => t.kind === 'info');
  if (info.length === 0) return;
  for (const t of info) {
    clearTimeout(timers.get(t.id));
    timers.delete(t.id);
  }
  toasts = toasts.filter((t) => t.kind !== 'info');
  emit();
}

export function dismiss(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function dismissAll(): void {
  for (const t of toasts) clearTimeout(timers.get(t.id));
  timers.clear();
  toasts = [];
  emit();
}

/** The messages now shown, oldest first. */
export function currentToasts(): Toast[] {
  return toasts;
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
}
