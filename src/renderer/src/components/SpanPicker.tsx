import { type JSX, useEffect, useRef } from 'react';
import type { Annotation, Label } from '../../../shared/domain';

export interface SpanPickerProps {
  spans: { annotation: Annotation; label: Label | undefined }[];
  at: { x: number; y: number };
  onPick: (id: string) => void;
  onClose: () => void;
}

/** Shown when a click lands on text covered by several spans: choose which one. */
export function SpanPicker({ spans, at, onPick, onClose }: SpanPickerProps): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const away = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', key, true);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', key, true);
    };
  }, [onClose]);
  return (
    <div
      ref={ref}
      className="span-picker"
      role="menu"
      aria-label="Spans here"
      style={{ left: at.x, top: at.y + 12 }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        e.preventDefault();
        const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
        const current = items.indexOf(document.activeElement as HTMLButtonElement);
        const next = e.key === 'ArrowDown' ? (current + 1) % items.length : (current - 1 + items.length) % items.length;
        items[next]?.focus();
      }}
    >
      {spans.map(({ annotation, label }) => (
        <button key={annotation.id} type="button" role="menuitem" className="span-picker-item" onClick={() => onPick(annotation.id)}>
          <span className="label-swatch" style={{ background: label?.color }} aria-hidden="true" />
          <strong>{label?.name ?? 'Unknown label'}</strong>
          <span className="quote">{annotation.quote.length > 70 ? `${annotation.quote.slice(0, 67)}…` : annotation.quote}</span>
        </button>
      ))}
    </div>
  );
}
