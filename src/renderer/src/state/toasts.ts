import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

/** Shows a message at the bottom of the window; errors stay until dismissed. */
export function notify(message: string, kind: 'info' | 'error' = 'info'): void {
  const toast = { id: nextId++, message, kind };
  toasts = [...toasts.slice(-4), toast];
  emit();
  if (kind === 'info') setTimeout(() => dismiss(toast.id), 4000);
}

export function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
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
