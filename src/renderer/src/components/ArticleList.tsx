import { type JSX, useEffect, useRef } from 'react';
import type { ArticleSummary } from '../../../shared/domain';
import { keyName } from '../hooks/useArticleKeys';
import { requestTextFocus } from '../state/focus-request';

/** Up and Down move through the list's articles (from the search box, Down goes to the first). */
function moveInList(e: React.KeyboardEvent<HTMLElement>, list: HTMLElement | null): void {
  if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || !list) return;
  const items = [...list.querySelectorAll<HTMLButtonElement>('.article-item')];
  if (items.length === 0) return;
  e.preventDefault();
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  const next = at === -1 ? (e.key === 'ArrowDown' ? 0 : items.length - 1) : Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
  items[next]!.focus();
}

export interface ArticleListProps {
  articles: ArticleSummary[] | null;
  selectedId: string | null;
  query: string;
  onQuery: (query: string) => void;
  onOpen: (id: string) => void;
  onImport: () => void;
  busy: boolean;
}

export function ArticleList({ articles, selectedId, query, onQuery, onOpen, onImport, busy }: ArticleListProps): JSX.Element {
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
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

  return (
    <nav className="article-list" aria-label="Articles">
      <div className="article-list-head">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder="Search articles  (/)"
          aria-label="Search article titles and text"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => moveInList(e, listRef.current)}
        />
        <button type="button" className="button" onClick={onImport} disabled={busy}>
          {busy ? 'Importing…' : 'Import…'}
        </button>
      </div>
      {articles === null ? (
        <p className="empty">Loading articles…</p>
      ) : articles.length === 0 ? (
        query ? (
          <p className="empty">No article matches “{query}”.</p>
        ) : (
          <div className="empty">
            <p>No articles yet.</p>
            <p>Import plain-text files (.txt, .md) to start tagging.</p>
            <button type="button" className="button primary" onClick={onImport}>
              Import articles…
            </button>
          </div>
        )
      ) : (
        <ul className="articles" data-testid="article-list" ref={listRef} onKeyDown={(e) => moveInList(e, listRef.current)}>
          {articles.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className={`article-item${a.id === selectedId ? ' selected' : ''}`}
                aria-current={a.id === selectedId ? 'true' : undefined}
                onClick={(e) => {
                  // Enter or Space (a click with no pointer): the text gets the focus once the article is shown.
                  if (e.detail === 0) requestTextFocus(a.id);
                  onOpen(a.id);
                }}
                data-article-id={a.id}
              >
                <span className="article-title">{a.title}</span>
                <span className="article-meta">
                  {a.source ? `${a.source} · ` : ''}
                  {a.annotationCount} {a.annotationCount === 1 ? 'span' : 'spans'} · {Math.round(a.length / 100) / 10}k chars
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
