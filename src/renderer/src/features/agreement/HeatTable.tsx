import type { JSX } from 'react';

export interface HeatTableProps {
  caption: string;
  rowTitle: string;
  columnTitle: string;
  rows: string[];
  columns: string[];
  value: (row: string, column: string) => number | null | undefined;
  format: (value: number) => string;
  /** Colour scale: [low, high] of the values (clamped). */
  scale: [number, number];
  onSelect?: (row: string, column: string) => void;
  /** How a row or column key is shown (a label's name for its key, say). */
  display?: (key: string) => string;
  testId?: string;
}

/** A matrix as a table whose cells are shaded by value; every number is a button that drills down. */
export function HeatTable({
  caption,
  rowTitle,
  columnTitle,
  rows,
  columns,
  value,
  format,
  scale,
  onSelect,
  display = (k) => k,
  testId,
}: HeatTableProps): JSX.Element {
  const shade = (v: number): string => {
    const t = Math.max(0, Math.min(1, (v - scale[0]) / (scale[1] - scale[0] || 1)));
    return `color-mix(in srgb, var(--accent) ${Math.round(8 + t * 62)}%, transparent)`;
  };
  return (
    <table className="heat-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="corner">
            {rowTitle} ↓ · {columnTitle} →
          </th>
          {columns.map((c) => (
            <th key={c} scope="col">
              {display(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r}>
            <th scope="row">{display(r)}</th>
            {columns.map((c) => {
              const v = value(r, c);
              if (v === undefined) return <td key={c} className="none" />;
              return (
                <td key={c} style={v === null ? undefined : { background: shade(v) }}>
                  {onSelect ? (
                    <button type="button" className="cell" onClick={() => onSelect(r, c)} title={`${display(r)} · ${display(c)}`}>
                      {v === null ? '–' : format(v)}
                    </button>
                  ) : v === null ? (
                    '–'
                  ) : (
                    format(v)
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
