import { useVirtualizer } from '@tanstack/react-virtual';
import { type JSX, useEffect, useMemo, useRef, useState } from 'react';
import type { Label, SpanRow } from '../../../../shared/domain';
import { api, errorMessage } from '../../api';
import { sortSpanRows, spanRowsToCsv, type SpanSortKey } from './span-table-model';
import type { MatchTarget } from './SearchResults';
import './search.css';

const ROW = 34;

/** The fixed columns; with a label chosen, one column per attribute of it takes the place of "Attributes". */
const LEFT_COLUMNS = 'minmax(10rem, 1.3fr) minmax(8rem, 1fr) minmax(10rem, 1.3fr) 8rem';
const RIGHT_COLUMNS = 'minmax(8rem, 1fr) 7rem';

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return value.toLocaleString();
  return String(value);
}

/**
 * Every span across the corpus, one line each with its context: filter by
 * label and attribute values (every Casualty figure with category killed,
 * value ">= 1000"; every Claim whose source contains Ushakov), by annotator
 * and by text; sort by any column, attribute values included (numbers in
 * numeric order); Enter or a click opens the span in its article; export
 * what is shown as CSV (with each span's article id and offsets).
 */
export function SpanTable({
  labels,
  onOpen,
  onDownload,
}: {
  labels: Label[];
  onOpen: (target: MatchTarget) => void;
  onDownload: (name: string, csv: string) => void;
}): JSX.Element {
  const [labelId, setLabelId] = useState<number | null>(null);
  const [attributes, setAttributes] = useState<Record<string, string>>({});
  const [annotator, setAnnotator] = useState('');
  const [text, setText] = useState('');
  const [rows, setRows] = useState<SpanRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: SpanSortKey; descending: boolean }>({
    key: 'article',
    descending: false,
  });
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const label = labels.find((l) => l.id === labelId) ?? null;
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);

  useEffect(() => {
    let live = true;
    const filled = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v.trim() !== ''));
    const timer = setTimeout(() => {
      api
        .listSpans({
          ...(labelId ? { labelId } : {}),
          ...(Object.keys(filled).length ? { attributes: filled } : {}),
          ...(annotator ? { annotator } : {}),
          ...(text.trim() ? { text: text.trim() } : {}),
        })
        .then(
          (r) => {
            if (!live) return;
            setRows(r);
            setProblem(null);
            setActive(0);
          },
          (e: unknown) => live && setProblem(errorMessage(e)),
        );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [labelId, attributes, annotator, text]);

  const [annotators, setAnnotators] = useState<string[]>([]);
  useEffect(() => {
    if (rows && !annotator) setAnnotators([...new Set(rows.map((r) => r.annotator))].sort());
  }, [rows, annotator]);

  const sorted = useMemo(() => sortSpanRows(rows ?? [], sort.key, sort.descending, labelById), [rows, sort, labelById]);
  // Only the attributes some shown span has (or that are filtered or sorted on): a label's dozen attributes would crowd out the context.
  const attributeColumns = useMemo(
    () =>
      (label?.attributes ?? []).filter(
        (d) =>
          (attributes[d.key] ?? '').trim() !== '' ||
          sort.key === `attr:${d.key}` ||
          (rows ?? []).some((r) => r.attributes[d.key] !== undefined && r.attributes[d.key] !== ''),
      ),
    [label, attributes, sort.key, rows],
  );
  // Narrower than this, the table scrolls sideways rather than squeezing the context columns.
  const minWidth = `${10 + 8 + 10 + 8 + (attributeColumns.length ? attributeColumns.length * 6.1 : 8.6) + 8 + 7 + 0.6 * 6 + 2}rem`;
  const gridTemplateColumns = `${LEFT_COLUMNS} ${attributeColumns.length ? attributeColumns.map((d) => (d.type === 'integer' || d.type === 'boolean' ? '5.5rem' : 'minmax(6rem, 0.8fr)')).join(' ') : 'minmax(8rem, 1fr)'} ${RIGHT_COLUMNS}`;
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });

  const open = (row: SpanRow | undefined): void => {
    if (row)
      onOpen({
        articleId: row.articleId,
        start: row.start,
        end: row.end,
        query: '',
      });
  };
  const move = (to: number): void => {
    const next = Math.max(0, Math.min(sorted.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const header = (key: SpanSortKey, name: string): JSX.Element => (
    <button
      type="button"
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      onClick={() =>
        setSort((s) => ({
          key,
          descending: s.key === key ? !s.descending : false,
        }))
      }
    >
      {name}
    </button>
  );

  return (
    <section className="span-table-view" aria-label="Spans across the corpus" data-testid="span-table">
      <div className="span-table-tools">
        <label className="filter-field">
          <span>Label</span>
          <select
            value={labelId ?? ''}
            onChange={(e) => {
              setLabelId(e.target.value ? Number(e.target.value) : null);
              setAttributes({});
              setSort((s) => (s.key.startsWith('attr:') ? { key: 'article', descending: false } : s));
            }}
            aria-label="Label"
          >
            <option value="">Every label</option>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        {label?.attributes.map((def) => (
          <label key={def.key} className="filter-field">
            <span>{def.name}</span>
            {def.type === 'choice' || def.type === 'boolean' ? (
              <select value={attributes[def.key] ?? ''} onChange={(e) => setAttributes({ ...attributes, [def.key]: e.target.value })} aria-label={def.name}>
                <option value="">Any</option>
                {(def.type === 'boolean' ? ['true', 'false'] : (def.options ?? [])).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type="text"
                size={def.type === 'integer' ? 9 : 12}
                value={attributes[def.key] ?? ''}
                placeholder={def.type === 'integer' ? '>= 1000, 10-50' : 'contains…'}
                title={def.type === 'integer' ? 'A number, or a comparison: >= 1000, < 50, 100-500' : 'Spans whose value contains these words (any case)'}
                onChange={(e) => setAttributes({ ...attributes, [def.key]: e.target.value })}
                aria-label={def.name}
              />
            )}
          </label>
        ))}
        <label className="filter-field">
          <span>Annotator</span>
          <select value={annotator} onChange={(e) => setAnnotator(e.target.value)} aria-label="Annotator">
            <option value="">Anyone</option>
            {annotators.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-field">
          <span>Text or note contains</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} aria-label="Text or note contains" />
        </label>
        <span className="list-count" aria-live="polite" data-testid="span-count">
          {rows ? `${rows.length} span${rows.length === 1 ? '' : 's'}` : 'Loading…'}
        </span>
        <button type="button" className="button small" disabled={!sorted.length} onClick={() => onDownload('spans.csv', spanRowsToCsv(sorted, labelById))}>
          Export CSV
        </button>
      </div>
      {problem && <p className="field-problem">{problem}</p>}
      <div className="span-table-grid">
        <div className="span-table-head" role="row" style={{ gridTemplateColumns, minWidth }}>
          {header('left', 'Left context')}
          {header('quote', 'Span')}
          {header('right', 'Right context')}
          {header('label', 'Label')}
          {attributeColumns.length
            ? attributeColumns.map((d) => <span key={d.key}>{header(`attr:${d.key}`, d.name)}</span>)
            : header('attributes', 'Attributes')}
          {header('article', 'Article · outlet')}
          {header('annotator', 'Annotator')}
        </div>
        <div
          ref={scrollRef}
          style={{ minWidth }}
          className="corpus-span-rows"
          tabIndex={0}
          role="grid"
          aria-rowcount={sorted.length}
          onKeyDown={(e) => {
            const keys: Record<string, () => void> = {
              ArrowDown: () => move(active + 1),
              j: () => move(active + 1),
              ArrowUp: () => move(active - 1),
              k: () => move(active - 1),
              Home: () => move(0),
              End: () => move(sorted.length - 1),
              PageDown: () => move(active + 15),
              PageUp: () => move(active - 15),
              Enter: () => open(sorted[active]),
            };
            const action = keys[e.key];
            if (action) {
              e.preventDefault();
              action();
            }
          }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = sorted[v.index]!;
              const rowLabel = labelById.get(row.labelId);
              const attrs = Object.entries(row.attributes)
                .map(([k, value]) => `${rowLabel?.attributes.find((d) => d.key === k)?.name ?? k}: ${String(value)}`)
                .join(' · ');
              return (
                <div
                  key={row.id}
                  role="row"
                  className={`corpus-span-row${v.index === active ? ' active' : ''}`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW,
                    transform: `translateY(${v.start}px)`,
                    gridTemplateColumns,
                  }}
                  onClick={() => {
                    setActive(v.index);
                    open(row);
                  }}
                  data-span-id={row.id}
                >
                  <span className="left" title={row.left}>
                    <bdi>{row.left}</bdi>
                  </span>
                  <span
                    className="span-quote"
                    title={row.quote}
                    style={{
                      borderBottom: `3px solid ${rowLabel?.color ?? '#888'}`,
                    }}
                  >
                    {row.quote}
                  </span>
                  <span className="right" title={row.right}>
                    {row.right}
                  </span>
                  <span>{rowLabel?.name ?? row.labelId}</span>
                  {attributeColumns.length ? (
                    attributeColumns.map((d) => (
                      <span
                        key={d.key}
                        className={d.type === 'integer' ? 'attr-number' : 'attr-value'}
                        data-attr={d.key}
                        title={formatValue(row.attributes[d.key])}
                      >
                        {formatValue(row.attributes[d.key])}
                      </span>
                    ))
                  ) : (
                    <span className="attrs" title={attrs}>
                      {attrs}
                    </span>
                  )}
                  <span title={`${row.articleTitle}${row.source ? ` · ${row.source}` : ''}`}>
                    {row.articleTitle}
                    {row.source ? ` · ${row.source}` : ''}
                  </span>
                  <span>{row.annotator}</span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
