import { type JSX, useCallback, useEffect, useRef, useState } from 'react';
import { findMatches, parseQuery } from '../../../../shared/search/query';
import { articleText } from '../../boot/early-data';
import { articleTextRoot, clearMatches, showMatches, whenArticleReady } from './highlight';
import type { MatchTarget } from './SearchResults';
import './search.css';

type TextRange = { start: number; end: number };
const NO_RANGES: TextRange[] = [];

/**
 * Finding inside the open article: opening a search result scrolls to and
 * highlights the match (and every other match of the query); Ctrl/Cmd+F
 * opens a find bar whose Enter / Shift+Enter (or F3) move between hits.
 * Also puts keyboard focus in the text when the list asks for it.
 */
export function ArticleFinder({
  articleId,
  target,
  focusText,
  onDone,
}: {
  articleId: string;
  target: MatchTarget | null;
  focusText: boolean;
  onDone: () => void;
}): JSX.Element | null {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  // The matches belong to one article: opening another shows none until it is searched.
  const [matches, setMatches] = useState<{ articleId: string; ranges: TextRange[] }>({ articleId, ranges: [] });
  const ranges = matches.articleId === articleId ? matches.ranges : NO_RANGES;
  const setRanges = useCallback((found: TextRange[]) => setMatches({ articleId, ranges: found }), [articleId]);
  const [current, setCurrent] = useState(0);
  const textRef = useRef<{ articleId: string; text: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const loadText = useCallback(async (): Promise<string> => {
    if (textRef.current?.articleId !== articleId) textRef.current = { articleId, text: await articleText(articleId) };
    return textRef.current.text;
  }, [articleId]);

  useEffect(() => {
    clearMatches();
  }, [articleId]);

  // A search result or a keyboard open: wait for the article, then show the match or focus the text.
  useEffect(() => {
    if (!target && !focusText) return;
    let live = true;
    void (async () => {
      const root = await whenArticleReady(articleId);
      if (!live || !root) return;
      if (target && target.articleId === articleId) {
        let all: TextRange[] = [{ start: target.start, end: target.end }];
        try {
          const text = await loadText();
          const found = findMatches(text, parseQuery(target.query));
          if (found.some((r) => r.start === target.start)) all = found;
        } catch {
          // A query the matcher refuses still shows the one match the result named.
        }
        if (!live) return;
        const index = Math.max(
          0,
          all.findIndex((r) => r.start === target.start),
        );
        setQuery(target.query);
        setRanges(all);
        setCurrent(index);
        if (target.end > target.start) showMatches(root, all, index);
      }
      if (focusText) root.focus({ preventScroll: Boolean(target) });
      onDone();
    })();
    return () => {
      live = false;
    };
  }, [articleId, target, focusText, loadText, onDone, setRanges]);

  const search = useCallback(
    async (q: string) => {
      setQuery(q);
      const root = articleTextRoot();
      if (!q.trim() || !root) {
        setRanges([]);
        clearMatches();
        return;
      }
      let found: TextRange[] = [];
      try {
        found = findMatches(await loadText(), parseQuery(q));
      } catch {
        found = [];
      }
      setRanges(found);
      setCurrent(0);
      showMatches(root, found, 0);
    },
    [loadText, setRanges],
  );

  const step = useCallback(
    (by: number) => {
      const root = articleTextRoot();
      if (!root || ranges.length === 0) return;
      const next = (current + by + ranges.length) % ranges.length;
      setCurrent(next);
      showMatches(root, ranges, next);
    },
    [current, ranges],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.code === 'KeyF') {
        event.preventDefault();
        setOpen(true);
        setTimeout(() => inputRef.current?.select(), 0);
      } else if (event.key === 'F3' || ((event.ctrlKey || event.metaKey) && event.code === 'KeyG')) {
        event.preventDefault();
        step(event.shiftKey ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  if (!open) return null;
  return (
    <div className="find-bar" role="search" data-testid="find-bar">
      <input
        ref={inputRef}
        type="search"
        value={query}
        placeholder="Find in this article"
        aria-label="Find in this article"
        onChange={(e) => void search(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
            clearMatches();
            articleTextRoot()?.focus({ preventScroll: true });
          }
        }}
      />
      <span className="count" aria-live="polite" data-testid="find-count">
        {ranges.length ? `${current + 1} of ${ranges.length}` : query.trim() ? 'no match' : ''}
      </span>
      <button type="button" className="button subtle small" onClick={() => step(-1)} aria-label="Previous match">
        ↑
      </button>
      <button type="button" className="button subtle small" onClick={() => step(1)} aria-label="Next match">
        ↓
      </button>
      <button
        type="button"
        className="button subtle small"
        aria-label="Close find"
        onClick={() => {
          setOpen(false);
          clearMatches();
        }}
      >
        ×
      </button>
    </div>
  );
}
