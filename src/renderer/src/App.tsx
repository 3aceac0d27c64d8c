import { type JSX, lazy, Suspense, useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { ShellCommand } from '../../shared/shell';
import { requestTextFocus } from './state/focus-request';
import type { ArticleListItem, ImportResult, Label, Session } from '../../shared/domain';
import { api, errorMessage, shell } from './api';
import { articleIdFromHash, startSession, startupLabels } from './boot/early-data';
import { ArticleView } from './components/ArticleView';
import { useAgreementRoute } from './features/agreement/route';
import { Toasts } from './components/Toasts';
import { ArticleListPanel } from './features/articles/ArticleListPanel';
import { ArticleMetaBar, DeleteDialog } from './features/articles/ArticleMetaBar';
import { ArticleFinder } from './features/search/ArticleFinder';
import { SearchResults, type MatchTarget } from './features/search/SearchResults';
import { dismissInfo, notify } from './state/toasts';

// The editor's path loads first; views and dialogs opened later load when first shown (issue 12).
const ReviewView = lazy(() => import('./features/review/ReviewView').then((m) => ({ default: m.ReviewView })));
const AnnotatorDialog = lazy(() => import('./components/AnnotatorDialog').then((m) => ({ default: m.AnnotatorDialog })));
const ExportDialog = lazy(() => import('./features/datasets/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const LabelManager = lazy(() => import('./components/LabelManager').then((m) => ({ default: m.LabelManager })));
const AgreementDashboard = lazy(() => import('./features/agreement/AgreementDashboard').then((m) => ({ default: m.AgreementDashboard })));
const ShortcutsOverlay = lazy(() => import('./components/ShortcutsOverlay').then((m) => ({ default: m.ShortcutsOverlay })));
const ImportDialog = lazy(() => import('./features/articles/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const SpanTable = lazy(() => import('./features/search/SpanTable').then((m) => ({ default: m.SpanTable })));
const TrashDialog = lazy(() => import('./features/articles/TrashDialog').then((m) => ({ default: m.TrashDialog })));

const isReviewHash = (): boolean => window.location.hash.startsWith('#/review');

function download(filename: string, content: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function App(): JSX.Element {
  const [session, setSession] = useState<Session | null>(null);
  const [labels, setLabels] = useState<Label[]>([]);
  const [articles, setArticles] = useState<ArticleListItem[] | null>(null);
  const [query, setQuery] = useState('');
  const [articleId, setArticleId] = useState<string | null>(articleIdFromHash());
  const [overlay, setOverlay] = useState<'shortcuts' | 'labels' | 'annotator' | 'first-run' | 'import' | 'export' | 'trash' | null>(null);
  const [dropped, setDropped] = useState<File[] | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const [view, setView] = useState<'articles' | 'spans'>('articles');
  const [target, setTarget] = useState<MatchTarget | null>(null);
  const [focusText, setFocusText] = useState(false);
  const [deleting, setDeleting] = useState<ArticleListItem[] | null>(null);
  const [undoDelete, setUndoDelete] = useState<{ ids: string[]; message: string } | null>(null);
  const [reviewing, setReviewing] = useState(isReviewHash());
  const [fatal, setFatal] = useState<string | null>(null);
  const { showAgreement, openAgreement, closeAgreement } = useAgreementRoute();
  const history = useRef<{ undo: () => void; redo: () => void } | null>(null);
  const screen = showAgreement ? 'agreement' : reviewing ? 'review' : view;
  // Information messages belong to the view they came from; errors stay until dismissed.
  useEffect(() => dismissInfo(), [screen]);

  const refreshLabels = useCallback(() => {
    api.listLabels({ includeArchived: true }).then(setLabels, (e: unknown) => notify(errorMessage(e), 'error'));
  }, []);
  const refreshArticles = useCallback(() => {
    api.listArticleItems({}).then(setArticles, (e: unknown) => notify(errorMessage(e), 'error'));
  }, []);

  useEffect(() => {
    startSession().then(
      (s) => {
        setSession(s);
        if (!s.annotatorChosen) setOverlay('first-run');
      },
      (e: unknown) => setFatal(errorMessage(e)),
    );
    startupLabels().then(setLabels, (e: unknown) => notify(errorMessage(e), 'error'));
  }, []);
  useEffect(() => {
    refreshArticles();
  }, [refreshArticles]);
  // Files dropped anywhere on the window are imported through the import dialog.
  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (!e.relatedTarget) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) {
        setDropped(files);
        setOverlay('import');
      }
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  useEffect(() => {
    const onHash = (): void => {
      setArticleId(articleIdFromHash());
      setReviewing(isReviewHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const open = (id: string, withFocus = false): void => {
    setView('articles');
    setTarget(null);
    setFocusText(withFocus);
    if (withFocus) requestTextFocus(id);
    window.location.hash = `#/article/${id}`;
  };
  const openMatch = (match: MatchTarget): void => {
    setView('articles');
    setFocusText(false);
    setTarget(match);
    window.location.hash = `#/article/${match.articleId}`;
  };
  const finderDone = useCallback(() => {
    setTarget(null);
    setFocusText(false);
  }, []);

  const afterImport = (result: ImportResult): void => {
    refreshArticles();
    if (result.imported[0]) open(result.imported[0].id);
  };

  const startImport = (): void => {
    setDropped(undefined);
    setOverlay('import');
  };

  const confirmDelete = async (items: ArticleListItem[]): Promise<void> => {
    setDeleting(null);
    try {
      const result = await api.deleteArticles({ ids: items.map((a) => a.id) });
      const what = result.deleted.length === 1 ? `“${result.deleted[0]!.title}”` : `${result.deleted.length} articles`;
      setUndoDelete({ ids: result.deleted.map((a) => a.id), message: `Deleted ${what} with ${result.spanCount} span${result.spanCount === 1 ? '' : 's'}.` });
      if (articleId && items.some((a) => a.id === articleId)) window.location.hash = '';
      refreshArticles();
    } catch (error) {
      notify(`Delete failed: ${errorMessage(error)}`, 'error');
    }
  };
  const undoDeletion = async (): Promise<void> => {
    if (!undoDelete) return;
    try {
      const restored = await api.restoreArticles({ ids: undoDelete.ids });
      setUndoDelete(null);
      refreshArticles();
      notify(`Restored ${restored.length} article${restored.length === 1 ? '' : 's'} with their spans.`);
    } catch (error) {
      notify(`Undo failed: ${errorMessage(error)}`, 'error');
    }
  };

  const downloadCsv = (name: string, csv: string): void => download(name, csv, 'text/csv;charset=utf-8');
  const current = articles?.find((a) => a.id === articleId) ?? null;

  const startExport = async (): Promise<void> => {
    setOverlay('export');
  };

  // Application menu (Electron only).
  const onMenuCommand = useEffectEvent((command: ShellCommand) => {
    if (command === 'import') startImport();
    if (command === 'export') void startExport();
    // In a text field the menu's Undo/Redo act on the typing, as everywhere else.
    const typing = document.activeElement?.closest('input, textarea, select');
    if (command === 'undo' || command === 'redo') {
      if (typing) document.execCommand(command);
      else if (command === 'undo') history.current?.undo();
      else history.current?.redo();
    }
    if (command === 'shortcuts') setOverlay('shortcuts');
    if (command === 'refresh') refreshArticles();
  });
  useEffect(() => shell?.onCommand((command) => onMenuCommand(command)), []);
  // `?` lists the shortcuts on every screen (the article view handles it too, to the same effect).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if ((e.target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable="true"]')) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      setOverlay('shortcuts');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const registerHistory = useCallback((h: { undo: () => void; redo: () => void } | null) => {
    history.current = h;
  }, []);

  if (fatal) {
    return (
      <main className="fatal" role="alert">
        <h1>The workbench cannot reach its data</h1>
        <p>{fatal}</p>
        <p>
          In a browser, open the exact address printed by <code>workbench serve</code> (it carries a one-time token).
        </p>
      </main>
    );
  }

  return (
    <div className="app">
      <header className="app-bar">
        <span className="brand">Analyst Workbench</span>
        <nav className="view-switch" aria-label="View">
          {(['articles', 'spans'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={`button subtle${view === v && !reviewing && !showAgreement ? ' on' : ''}`}
              aria-pressed={view === v && !reviewing && !showAgreement}
              onClick={() => {
                setView(v);
                if (reviewing || showAgreement) window.location.hash = articleId ? `#/article/${articleId}` : '';
              }}
            >
              {v === 'articles' ? 'Articles' : 'Span table'}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <button
          type="button"
          className={`button subtle${reviewing ? ' active' : ''}`}
          aria-pressed={reviewing}
          onClick={() => {
            window.location.hash = reviewing ? (articleId ? `#/article/${articleId}` : '') : '#/review';
          }}
        >
          Review
        </button>
        <button
          type="button"
          className={`button subtle${showAgreement ? ' active' : ''}`}
          onClick={showAgreement ? closeAgreement : openAgreement}
          aria-pressed={showAgreement}
        >
          Agreement
        </button>
        <button type="button" className="button subtle" onClick={() => void startExport()}>
          Export…
        </button>
        <button type="button" className="button subtle" onClick={() => setOverlay('shortcuts')} aria-keyshortcuts="?">
          Shortcuts <kbd>?</kbd>
        </button>
        <button type="button" className="button subtle annotator" onClick={() => setOverlay('annotator')} title="Change the annotator name">
          {session ? `Annotator: ${session.annotator}` : '…'}
        </button>
      </header>
      {showAgreement && (
        <Suspense fallback={null}>
          <AgreementDashboard onClose={closeAgreement} />
        </Suspense>
      )}
      <div className="workspace" hidden={showAgreement}>
        <div className="list-column">
          {undoDelete && (
            <div className="undo-bar" role="status" data-testid="undo-delete">
              <span>{undoDelete.message}</span>
              <button type="button" className="button small" onClick={() => void undoDeletion()}>
                Undo
              </button>
              <button type="button" className="button subtle small" aria-label="Dismiss" onClick={() => setUndoDelete(null)}>
                ×
              </button>
            </div>
          )}
          <ArticleListPanel
            items={articles}
            labels={labels}
            selectedId={articleId}
            query={query}
            onQuery={setQuery}
            onOpen={open}
            onImport={startImport}
            onDelete={setDeleting}
            onTrash={() => setOverlay('trash')}
            busy={overlay === 'import'}
            searchResults={<SearchResults query={query} labels={labels} onOpen={openMatch} />}
          />
        </div>
        <main className="main">
          <Suspense
            fallback={
              <div className="empty" aria-busy="true">
                Loading…
              </div>
            }
          >
            {reviewing && session?.annotatorChosen ? (
              <ReviewView key={session.annotator} labels={labels} reviewer={session.annotator} onDecided={refreshArticles} />
            ) : view === 'spans' ? (
              <SpanTable labels={labels} onOpen={openMatch} onDownload={downloadCsv} />
            ) : articleId && session?.annotatorChosen ? (
              <div className="article-column">
                {current && <ArticleMetaBar article={current} onChanged={refreshArticles} onDelete={() => setDeleting([current])} />}
                <ArticleFinder articleId={articleId} target={target} focusText={focusText} onDone={finderDone} />
                <ArticleView
                  key={session.annotator}
                  articleId={articleId}
                  labels={labels}
                  annotator={session?.annotator ?? ''}
                  onCountsChanged={refreshArticles}
                  onManageLabels={() => setOverlay('labels')}
                  onShowShortcuts={() => setOverlay('shortcuts')}
                  onTitleChanged={refreshArticles}
                  summary={current}
                  registerHistory={registerHistory}
                />
              </div>
            ) : (
              <div className="empty welcome">
                <h1>Analyst Workbench</h1>
                <p>Choose an article on the left, or import articles to start: text files, saved web pages, JSONL, a folder, pasted text or a web address.</p>
                <p>
                  Select text and press <kbd>1</kbd> Claim, <kbd>2</kbd> Condition, <kbd>3</kbd> Casualty figure, <kbd>4</kbd> Propaganda framing. Every change
                  is saved at once.
                </p>
              </div>
            )}
          </Suspense>
        </main>
      </div>
      <Suspense fallback={null}>
        {overlay === 'shortcuts' && <ShortcutsOverlay onClose={() => setOverlay(null)} />}
        {(overlay === 'annotator' || overlay === 'first-run') && session && (
          <AnnotatorDialog session={session} firstRun={overlay === 'first-run'} onSaved={setSession} onClose={() => setOverlay(null)} />
        )}
        {overlay === 'export' && <ExportDialog labels={labels} onClose={() => setOverlay(null)} />}
        {overlay === 'labels' && <LabelManager labels={labels} onChanged={refreshLabels} onClose={() => setOverlay(null)} />}
        {overlay === 'import' && <ImportDialog {...(dropped ? { initialFiles: dropped } : {})} onImported={afterImport} onClose={() => setOverlay(null)} />}
        {overlay === 'trash' && <TrashDialog onRestored={refreshArticles} onClose={() => setOverlay(null)} />}
        {deleting && <DeleteDialog articles={deleting} onConfirm={() => void confirmDelete(deleting)} onClose={() => setDeleting(null)} />}
      </Suspense>
      {dragging && <div className="drop-overlay">Drop files to import them</div>}
      <Toasts />
    </div>
  );
}
