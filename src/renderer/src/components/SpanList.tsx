import { useVirtualizer } from '@tanstack/react-virtual';
import { type JSX, memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Label } from '../../../shared/domain';
import { buildRows, rowAt, ROW_HEIGHTS } from './span-list-rows';

export interface SpanListProps {
  annotations: readonly Annotation[];
  /** The spans are still being listed (a long article's list is built after its first screen). */
  listing?: boolean;
  labels: Label[];
  selectedId: string | null;
  /** Labels whose spans the filter hides (a new set whenever the filter changes). */
  hiddenLabels: ReadonlySet<number>;
  onToggleLabel: (labelId: number, hidden: boolean) => void;
  onSelect: (id: string) => void;
}

/**
 * The article's spans grouped by label, with counts and a show/hide filter
 * per label. Virtualised (TanStack Virtual): thousands of spans cost only
 * the rows on screen.
 */
export const SpanList = memo(function SpanList({
  annotations,
  listing,
  labels,
  selectedId,
  hiddenLabels,
  onToggleLabel,
  onSelect,
}: SpanListProps): JSX.Element {
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const rows = useMemo(() => buildRows(annotations, labels, collapsed, hiddenLabels), [annotations, labels, collapsed, hiddenLabels]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.count,
    getScrollElement: () => parentRef.current,
    estimateSize: (i) => ROW_HEIGHTS[rows.kinds[i]!]!,
    overscan: 12,
  });
  // A row grows when its span gains a summary: sizes are estimated again when the rows change but their
  // number does not (a new number of rows has every size estimated again anyway; measuring on top of that
  // rendered the list twice after every key press).
  const measuredCount = useRef(rows.count);
  useEffect(() => {
    if (measuredCount.current === rows.count) virtualizer.measure();
    measuredCount.current = rows.count;
  }, [rows, virtualizer]);

  if (listing) {
    return (
      <div className="span-list empty" aria-busy="true">
        <p>Listing spans…</p>
      </div>
    );
  }
  if (annotations.length === 0) {
    return (
      <div className="span-list empty">
        <p>No spans yet.</p>
        <p>Select text in the article and press a label’s key (1–4), or click a label above.</p>
      </div>
    );
  }

  return (
    <div ref={parentRef} className="span-list" role="list" aria-label="Spans by label" data-testid="span-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rowAt(rows, item.index);
          const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)`, height: item.size };
          if (row.kind === 'group') {
            const hidden = hiddenLabels.has(row.label.id);
            return (
              <div key={`g${row.label.id}`} className="span-group" style={style} role="listitem">
                <button
                  type="button"
                  className="group-toggle"
                  aria-expanded={!collapsed.has(row.label.id)}
                  onClick={() =>
                    setCollapsed((prev) => {
                      const next = new Set(prev);
                      if (next.has(row.label.id)) next.delete(row.label.id);
                      else next.add(row.label.id);
                      return next;
                    })
                  }
                >
                  <span className="label-swatch" style={{ background: row.label.color }} aria-hidden="true" />
                  {row.label.name}
                  {row.label.archived ? ' (archived)' : ''} <span className="count">{row.count}</span>
                </button>
                <label className="filter" title={hidden ? 'Show these spans in the text' : 'Hide these spans in the text'}>
                  <input type="checkbox" checked={!hidden} onChange={(e) => onToggleLabel(row.label.id, !e.target.checked)} />
                  <span className="visually-hidden">Show {row.label.name} in the text</span>
                  show
                </label>
              </div>
            );
          }
          return (
            <button
              key={row.annotation.id}
              type="button"
              role="listitem"
              className={`span-row${row.annotation.id === selectedId ? ' selected' : ''}`}
              style={{ ...style, ['--label-color' as string]: row.label.color }}
              onClick={() => onSelect(row.annotation.id)}
              data-span-id={row.annotation.id}
            >
              <span className="span-row-quote">{row.annotation.quote}</span>
              {row.summary && (
                <span className="span-row-summary" title={row.summary}>
                  {row.summary}
                </span>
              )}
              <span className="span-row-meta">
                {row.annotation.annotator} · {row.annotation.start}–{row.annotation.end}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
});
