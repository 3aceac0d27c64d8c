import { useVirtualizer } from '@tanstack/react-virtual';
import { type JSX, memo, type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ArticleListItem, Label } from '../../../../shared/domain';
import { ARTICLE_STATUSES } from '../../../../shared/domain';
import { keyName } from '../../hooks/useArticleKeys';
import {
  facet,
  filterArticles,
  isFiltered,
  languageName,
  NO_FILTER,
  sortArticles,
  SORTS,
  STATUS_NAMES,
  statusSummary,
  type ListFilter,
  type SortKey,
} from './list-model';
import './articles.css';

export interface ArticleListPanelProps {
  items: ArticleListItem[] | null;
  labels: Label[];
  selectedId: string | null;
  query: string;
  onQuery: (query: string) => void;
  /** `focusText`: move keyboard focus into the article's text once it is open. */
  onOpen: (id: string, focusText: boolean) => void;
  onImport: () => void;
  onDelete: (items: ArticleListItem[]) => void;
  /** Opens the trash (deleted articles: restore, or remove for good). */
  onTrash: () => void;
  busy: boolean;
  /** Shown instead of the list while a search is typed (features/search). */
  searchResults?: ReactNode;
}

const ROW_HEIGHT = 78;

/**
 * The article list: virtualised (only the rows in view are in the DOM, so
 * ten thousand articles scroll like ten), filtered and sorted by metadata,
 * driven by the keyboard (arrows, Home/End, Enter opens with focus in the
 * text, Delete asks to delete).
 */
export function ArticleListPanel(props: ArticleListPanelProps): JSX.Element {
  const { items, labels, selectedId, query, onQuery, onOpen, onImport, onDelete, onTrash, busy, searchResults } = props;
  const [filter, setFilter] = useState<ListFilter>(NO_FILTER);
  const [sort, setSort] = useState<SortKey>('imported');
  const [descending, setDescending] = useState(false);
  const [showFilters, setShowFilters] = useState(false);
  const [active, setActive] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const all = useMemo(() => items ?? [], [items]);
  const visible = useMemo(() => sortArticles(filterArticles(all, filter), sort, descending), [all, filter, sort, descending]);
  const facets = useMemo(
    () => ({
      sources: facet(all, (a) => [a.source]),
      languages: facet(all, (a) => [a.language]),
      annotators: facet(all, (a) => a.annotators),
      tags: facet(all, (a) => a.tags),
    }),
    [all],
  );
  const summary = useMemo(() => statusSummary(all), [all]);
  const samples = useMemo(() => all.filter((a) => a.isSample), [all]);
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);

  // The keyboard cursor follows the open article when it changes from elsewhere (state adjusted while rendering,
  // as React advises for state that follows props), and never points past the end of a list the filters shortened.
  const [followed, setFollowed] = useState<{ selectedId: string | null; visible: ArticleListItem[] } | null>(null);
  if (followed?.selectedId !== selectedId || followed.visible !== visible) {
    setFollowed({ selectedId, visible });
    const index = visible.findIndex((a) => a.id === selectedId);
    if (index >= 0) setActive(index);
  }
  const cursor = visible.length > 0 ? Math.min(active, visible.length - 1) : 0;

  useEffect(() => {
    const focusSearch = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement;
      if (keyName(event) === '/' && !target.closest('input, textarea, select, [role="dialog"]')) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', focusSearch);
    return () => window.removeEventListener('keydown', focusSearch);
  }, []);

  const set = <K extends keyof ListFilter>(key: K, value: ListFilter[K]): void => setFilter((f) => ({ ...f, [key]: value }));
  // One callback for every row, stable across renders, so rows already on screen are not rendered again while scrolling.
  const onOpenRef = useRef(onOpen);
  useLayoutEffect(() => {
    onOpenRef.current = onOpen;
  }, [onOpen]);
  const choose = useCallback((index: number, id: string): void => {
    setActive(index);
    onOpenRef.current(id, false);
  }, []);
  const activeId = visible[cursor] ? `article-row-${visible[cursor].id}` : undefined;

  return (
    <nav className="article-list" aria-label="Articles">
      <div className="article-list-head">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder="Search text, spans, notes  (/)"
          aria-label="Search article titles, text, span quotes and notes"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && !query) {
              e.preventDefault();
              scrollRef.current?.focus();
            }
          }}
        />
        <button type="button" className="button" onClick={onImport} disabled={busy}>
          {busy ? 'Importing…' : 'Import…'}
        </button>
      </div>
      {query.trim() && searchResults ? (
        searchResults
      ) : (
        <>
          <div className="list-tools">
            <label className="list-sort">
              <span className="visually-hidden">Sort by</span>
              <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)} aria-label="Sort by">
                {SORTS.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button subtle small"
              onClick={() => setDescending((d) => !d)}
              aria-label={descending ? 'Descending' : 'Ascending'}
              title="Reverse the order"
            >
              {descending ? '↓' : '↑'}
            </button>
            <button
              type="button"
              className={`button subtle small${isFiltered(filter) ? ' on' : ''}`}
              aria-expanded={showFilters}
              onClick={() => setShowFilters((s) => !s)}
            >
              Filter{isFiltered(filter) ? ' •' : ''}
            </button>
            <span className="list-count" aria-live="polite">
              {items ? (visible.length === all.length ? `${all.length}` : `${visible.length} of ${all.length}`) : ''}
            </span>
          </div>
          {showFilters && (
            <div className="list-filters" data-testid="list-filters">
              <Select label="Outlet" value={filter.source} options={facets.sources} onChange={(v) => set('source', v)} />
              <Select label="Language" value={filter.language} options={facets.languages} names={languageName} onChange={(v) => set('language', v)} />
              <Select
                label="Status"
                value={filter.status}
                options={[...ARTICLE_STATUSES]}
                names={(s) => STATUS_NAMES[s as keyof typeof STATUS_NAMES]}
                onChange={(v) => set('status', v as ListFilter['status'])}
              />
              <Select
                label="Has label"
                value={filter.labelId === null ? '' : String(filter.labelId)}
                options={labels.map((l) => String(l.id))}
                names={(id) => labelById.get(Number(id))?.name ?? id}
                onChange={(v) => set('labelId', v ? Number(v) : null)}
              />
              <Select label="Annotator" value={filter.annotator} options={facets.annotators} onChange={(v) => set('annotator', v)} />
              <Select label="Tag" value={filter.tag} options={facets.tags} onChange={(v) => set('tag', v)} />
              <label className="filter-field">
                <span>From</span>
                <input type="date" value={filter.from} onChange={(e) => set('from', e.target.value)} />
              </label>
              <label className="filter-field">
                <span>To</span>
                <input type="date" value={filter.to} onChange={(e) => set('to', e.target.value)} />
              </label>
              <button type="button" className="button subtle small" onClick={() => setFilter(NO_FILTER)} disabled={!isFiltered(filter)}>
                Clear filters
              </button>
            </div>
          )}
          {items === null ? (
            <p className="empty">Loading articles…</p>
          ) : all.length === 0 ? (
            <div className="empty">
              <p>No articles yet.</p>
              <p>Import text files, saved web pages (.html) or JSONL, drop them on the window, paste text or give a web address.</p>
              <button type="button" className="button primary" onClick={onImport}>
                Import articles…
              </button>
            </div>
          ) : visible.length === 0 ? (
            <p className="empty">No article matches these filters.</p>
          ) : (
            <ArticleRows
              scrollRef={scrollRef}
              visible={visible}
              active={cursor}
              setActive={setActive}
              activeId={activeId}
              selectedId={selectedId}
              labelById={labelById}
              onChoose={choose}
              onOpen={onOpen}
              onDelete={onDelete}
            />
          )}
          {items && (
            <footer className="list-summary" data-testid="progress-summary">
              {all.length > 0 && (
                <span>
                  {summary.new} new · {summary.in_progress} in progress · {summary.done} done · {summary.reviewed} reviewed
                </span>
              )}
              <span className="list-summary-actions">
                {samples.length > 0 && (
                  <button type="button" className="button subtle small" onClick={() => onDelete(samples)}>
                    Remove the {samples.length} sample{samples.length === 1 ? '' : 's'}
                  </button>
                )}
                <button type="button" className="button subtle small" onClick={onTrash}>
                  Trash…
                </button>
              </span>
            </footer>
          )}
        </>
      )}
    </nav>
  );
}

interface ArticleRowsProps {
  scrollRef: React.RefObject<HTMLDivElement | null>;
  visible: ArticleListItem[];
  active: number;
  setActive: (index: number) => void;
  activeId: string | undefined;
  selectedId: string | null;
  labelById: ReadonlyMap<number, Label>;
  onChoose: (index: number, id: string) => void;
  onOpen: (id: string, focusText: boolean) => void;
  onDelete: (items: ArticleListItem[]) => void;
}

/**
 * The virtualised rows and their keys. Their own component: a scroll frame
 * renders these rows (and only the ones coming into view), not the list's
 * search box, sort and filter tools and summary around them.
 */
function ArticleRows(props: ArticleRowsProps): JSX.Element {
  const { scrollRef, visible, active, setActive, activeId, selectedId, labelById, onChoose, onOpen, onDelete } = props;
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  });

  const move = (to: number): void => {
    const next = Math.max(0, Math.min(visible.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onListKey = (event: React.KeyboardEvent): void => {
    if (visible.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(visible.length - 1),
      Enter: () => visible[active] && onOpen(visible[active].id, true),
      Delete: () => visible[active] && onDelete([visible[active]]),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div
      ref={scrollRef}
      className="article-rows"
      role="listbox"
      tabIndex={0}
      aria-label="Articles"
      aria-activedescendant={activeId}
      onKeyDown={onListKey}
      data-testid="article-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const a = visible[row.index]!;
          return (
            <ArticleRow
              key={a.id}
              article={a}
              index={row.index}
              top={row.start}
              selected={a.id === selectedId}
              active={row.index === active}
              labelById={labelById}
              onChoose={onChoose}
            />
          );
        })}
      </div>
    </div>
  );
}

interface ArticleRowProps {
  article: ArticleListItem;
  index: number;
  top: number;
  selected: boolean;
  active: boolean;
  labelById: ReadonlyMap<number, Label>;
  onChoose: (index: number, id: string) => void;
}

/** One row of the list; memoised: scrolling renders only the rows that come into view. */
const ArticleRow = memo(function ArticleRow({ article: a, index, top, selected, active, labelById, onChoose }: ArticleRowProps): JSX.Element {
  return (
    <div
      id={`article-row-${a.id}`}
      role="option"
      aria-selected={selected}
      className={`article-item${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      onClick={() => onChoose(index, a.id)}
      data-article-id={a.id}
    >
      <span className="article-title">{a.title}</span>
      <span className="article-meta">
        {[a.source, a.publishedAt?.slice(0, 10), a.language?.toUpperCase()].filter(Boolean).join(' · ') || 'no outlet or date'}
        {a.machineTranslatedFrom ? (
          <>
            {' · '}
            <abbr title={`Machine-translated from ${languageName(a.machineTranslatedFrom)}: quotes are not the original wording`}>MT</abbr>
          </>
        ) : null}
        {` · ${a.annotationCount} ${a.annotationCount === 1 ? 'span' : 'spans'}`}
      </span>
      <span className="article-badges">
        <span className={`status-badge status-${a.status}`}>{STATUS_NAMES[a.status]}</span>
        {Object.entries(a.labelCounts).map(([labelId, n]) => {
          const label = labelById.get(Number(labelId));
          return (
            <span key={labelId} className="label-count" title={`${n} ${label?.name ?? 'spans'}`}>
              <span className="dot" style={{ background: label?.color ?? '#888' }} />
              {n}
            </span>
          );
        })}
      </span>
    </div>
  );
});

function Select(props: { label: string; value: string; options: string[]; names?: (v: string) => string; onChange: (v: string) => void }): JSX.Element {
  return (
    <label className="filter-field">
      <span>{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Any</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.names ? props.names(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}
