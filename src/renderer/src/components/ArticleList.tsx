import { type JSX, useEffect, useRef } from 'react';
import type { ArticleSummary } from '../../../shared/domain';
import { keyName } from '../hooks/useArticleKeys';

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
        <ul className="articles" data-testid="article-list">
          {articles.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className={`article-item${a.id === selectedId ? ' selected' : ''}`}
                aria-current={a.id === selectedId ? 'true' : undefined}
                onClick={() => onOpen(a.id)}
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
