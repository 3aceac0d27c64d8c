import { type JSX, type ReactNode, useEffect, useEffectEvent, useRef } from 'react';

export interface DialogProps {
  title: string;
  titleId: string;
  onClose: () => void;
  /** Extra keys that also close it (besides Escape). */
  closeKeys?: string[];
  wide?: boolean;
  /** Element to focus when the dialog opens (defaults to the dialog itself). */
  initialFocus?: string;
  children: ReactNode;
}

/** A modal dialog: closes on Escape or a click outside, takes focus when it opens. */
export function Dialog({ title, titleId, onClose, closeKeys = [], wide = false, initialFocus, children }: DialogProps): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  // Focus can fall out of the dialog when the element holding it goes away (a cancelled
  // attribute editor, say): Escape still closes the dialog then.
  const onKey = useEffectEvent((e: KeyboardEvent): void => {
    const active = document.activeElement;
    if (e.defaultPrevented || (active && active !== document.body)) return;
    if (e.key === 'Escape' || closeKeys.includes(e.key)) {
      e.preventDefault();
      onClose();
    }
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent): void => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  useEffect(() => {
    const target = initialFocus ? ref.current?.querySelector<HTMLElement>(initialFocus) : null;
    (target ?? ref.current)?.focus();
  }, [initialFocus]);
  return (
    <div className="overlay" onMouseDown={onClose}>
      <div
        ref={ref}
        className={`dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || closeKeys.includes(e.key)) {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
