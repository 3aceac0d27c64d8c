import type { JSX } from 'react';
import type { Annotation, Label } from '../../../../shared/domain';
import { showValue } from '../../../../shared/span-summary';
import { contextLine } from '../../../../shared/text/occurrences';
import { Dialog } from '../../components/Dialog';

export interface TagAllRequest {
  source: Annotation;
  ranges: { start: number; end: number }[];
}

/** Lists every other occurrence of a span's text before tagging them all (Enter) or none (Escape). */
export function TagAllDialog({
  request,
  text,
  label,
  onConfirm,
  onClose,
}: {
  request: TagAllRequest;
  text: string;
  label: Label | undefined;
  onConfirm: () => void;
  onClose: () => void;
}): JSX.Element {
  const n = request.ranges.length;
  const attributes = Object.entries(request.source.attributes)
    .map(([k, v]) => `${label?.attributes.find((d) => d.key === k)?.name ?? k}: ${showValue(v)}`)
    .join(' · ');
  return (
    <Dialog title={`Tag ${n} more “${request.source.quote}”`} titleId="tag-all-title" onClose={onClose} initialFocus="button.primary">
      <p className="tag-all-what">
        As <strong>{label?.name ?? 'this label'}</strong>
        {attributes ? <> with {attributes}</> : null}. One <kbd>Ctrl</kbd>+<kbd>Z</kbd> takes them all back.
      </p>
      <ol className="tag-all-list" data-testid="tag-all-list">
        {request.ranges.map((r) => {
          const line = contextLine(text, r.start, r.end);
          return (
            <li key={r.start}>
              {line.before}
              <mark>{line.match}</mark>
              {line.after}
            </li>
          );
        })}
      </ol>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button type="button" className="button primary" onClick={onConfirm}>
          Tag {n} {n === 1 ? 'occurrence' : 'occurrences'} <kbd>Enter</kbd>
        </button>
      </div>
    </Dialog>
  );
}
