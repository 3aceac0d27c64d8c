import { type JSX, useEffect, useState } from 'react';
import type { Label, SearchResult } from '../../../../shared/domain';
import { parseQuery, snippet } from '../../../../shared/search/query';
import { api, errorMessage } from '../../api';
import './search.css';

export interface MatchTarget {
  articleId: string;
  start: number;
  end: number;
  /** The query, for highlighting every match once the article is open. */
  query: string;
}

/**
 * Results of a full-text search, in the left column while a query is typed:
 * articles with highlighted snippets, then spans whose quote or note matched
 * (or whose label's name did). Choosing one opens the article at the match.
 */
export function SearchResults({ query, labels, onOpen }: { query: string; labels: Label[]; onOpen: (target: MatchTarget) => void }): JSX.Element {
  const [result, setResult] = useState<SearchResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      // A query with nothing to look for is answered here, with the host's own words, rather than by a refused request.
      try {
        parseQuery(query);
      } catch (error) {
        setProblem(errorMessage(error));
        return;
      }
      api.search({ query, limit: 100 }).then(
        (r) => {
          if (!live) return;
          setResult(r);
          setProblem(null);
        },
        (e: unknown) => live && setProblem(errorMessage(e)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  const labelById = new Map(labels.map((l) => [l.id, l]));

  if (problem) return <p className="search-status">{problem}</p>;
  if (!result) return <p className="search-status">Searching…</p>;
  if (result.articles.length === 0 && result.spans.length === 0) return <p className="search-status">Nothing matches “{query}”.</p>;
  return (
    <div className="search-results" data-testid="search-results">
      {result.articles.length > 0 && (
        <h3>
          Articles ({result.articles.length}
          {result.truncated ? '+' : ''})
        </h3>
      )}
      {result.articles.map(({ article, hits, hitCount }) => {
        const first = hits.find((h) => h.field === 'text') ?? null;
        return (
          <button
            key={article.id}
            type="button"
            className="search-hit"
            data-testid="search-article-hit"
            onClick={() => onOpen({ articleId: article.id, start: first?.start ?? 0, end: first?.end ?? 0, query })}
          >
            <span className="hit-title">{article.title}</span>
            <span className="article-meta">
              {[article.source, article.publishedAt?.slice(0, 10)].filter(Boolean).join(' · ')} {hitCount} match{hitCount === 1 ? '' : 'es'}
            </span>
            {hits
              .filter((h) => h.field === 'text')
              .map((h) => (
                <span key={h.start} className="snippet">
                  {h.before}
                  <mark>{h.match}</mark>
                  {h.after}
                </span>
              ))}
          </button>
        );
      })}
      {result.spans.length > 0 && <h3>Spans ({result.spans.length})</h3>}
      {result.spans.map(({ span, matchedIn, ranges }) => {
        const label = labelById.get(span.labelId);
        const noteRange = matchedIn === 'note' ? ranges[0] : undefined;
        // Cut at words, with "…" where the note goes on (a bare slice cut words in half, unmarked).
        const noteSnippet = noteRange ? snippet(span.note, noteRange, 40) : null;
        return (
          <button
            key={span.id}
            type="button"
            className="search-hit"
            data-testid="search-span-hit"
            onClick={() => onOpen({ articleId: span.articleId, start: span.start, end: span.end, query })}
          >
            <span className="hit-label" style={{ background: label?.color ?? '#666' }}>
              {label?.name ?? 'Label'}
            </span>{' '}
            <span className="snippet">
              …{span.left.slice(-40)}
              <mark>{span.quote}</mark>
              {span.right.slice(0, 40)}…
            </span>
            {noteSnippet && (
              <span className="snippet">
                Note: {noteSnippet.before}
                <mark>{noteSnippet.match}</mark>
                {noteSnippet.after}
              </span>
            )}
            <span className="article-meta">
              {span.articleTitle} · {span.annotator}
              {matchedIn === 'label' ? ' · label name' : ''}
            </span>
          </button>
        );
      })}
    </div>
  );
}
