import { type JSX, useCallback, useEffect, useRef, useState } from 'react';
import type { ArticleSummary, Label, Session } from '../../shared/domain';
import { api, errorMessage, rememberedAnnotator, setCallerAnnotator, shell, unwrap } from './api';
import { ReviewView } from './features/review/ReviewView';
import { AnnotatorDialog } from './components/AnnotatorDialog';
import { ArticleList } from './components/ArticleList';
import { ArticleView } from './components/ArticleView';
import { ExportDialog } from './features/datasets/ExportDialog';
import { LabelManager } from './components/LabelManager';
import { AgreementDashboard } from './features/agreement/AgreementDashboard';
import { useAgreementRoute } from './features/agreement/route';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { Toasts } from './components/Toasts';
import { readFilesForImport } from './file-import';
import { TEXT_EXTENSIONS } from '../../shared/importable';
import { notify } from './state/toasts';

function articleIdFromHash(): string | null {
  const match = /^#\/article\/([\w-]+)$/.exec(window.location.hash);
  return match ? match[1]! : null;
}

const isReviewHash = (): boolean => window.location.hash.startsWith('#/review');

/** The session as this window's annotator: the name it used last (sent with every call from now on), else none chosen yet. */
async function startSession(): Promise<Session> {
  const remembered = rememberedAnnotator();
  if (remembered) {
    try {
      const session = await api.setAnnotator({ name: remembered });
      setCallerAnnotator(session.annotator);
      return session;
    } catch {
      // A name this database refuses (say, one reserved since): ask again.
    }
  }
  return api.getSession({});
}

export function App(): JSX.Element {
  const [session, setSession] = useState<Session | null>(null);
  const [labels, setLabels] = useState<Label[]>([]);
  const [articles, setArticles] = useState<ArticleSummary[] | null>(null);
  const [query, setQuery] = useState('');
  const [articleId, setArticleId] = useState<string | null>(articleIdFromHash());
  const [overlay, setOverlay] = useState<'shortcuts' | 'labels' | 'annotator' | 'first-run' | 'export' | null>(null);
  const [reviewing, setReviewing] = useState(isReviewHash());
  const [importing, setImporting] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { showAgreement, openAgreement, closeAgreement } = useAgreementRoute();
  const history = useRef<{ undo: () => void; redo: () => void } | null>(null);

  const refreshLabels = useCallback(() => {
    api.listLabels({ includeArchived: true }).then(setLabels, (e: unknown) => notify(errorMessage(e), 'error'));
  }, []);
  const refreshArticles = useCallback(() => {
    api.listArticles(query.trim() ? { query } : {}).then(setArticles, (e: unknown) => notify(errorMessage(e), 'error'));
  }, [query]);

  useEffect(() => {
    startSession().then(
      (s) => {
        setSession(s);
        if (!s.annotatorChosen) setOverlay('first-run');
      },
      (e: unknown) => setFatal(errorMessage(e)),
    );
    refreshLabels();
  }, [refreshLabels]);
  useEffect(() => {
    const t = setTimeout(refreshArticles, query ? 150 : 0);
    return () => clearTimeout(t);
  }, [refreshArticles, query]);
  useEffect(() => {
    const onHash = (): void => {
      setArticleId(articleIdFromHash());
      setReviewing(isReviewHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const open = (id: string): void => {
    window.location.hash = `#/article/${id}`;
  };

  const afterImport = (result: { imported: ArticleSummary[]; skipped: { name: string; reason: string }[] }): void => {
    const parts = [`Imported ${result.imported.length} article${result.imported.length === 1 ? '' : 's'}`];
    if (result.skipped.length) parts.push(`skipped ${result.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
    notify(parts.join('; '), result.imported.length === 0 && result.skipped.length ? 'error' : 'info');
    refreshArticles();
    if (result.imported[0]) open(result.imported[0].id);
  };

  const startImport = async (): Promise<void> => {
    if (!shell) {
      fileInput.current?.click();
      return;
    }
    setImporting(true);
    try {
      const result = await unwrap('importWithDialog', shell.importWithDialog());
      if (result) afterImport(result);
    } catch (error) {
      notify(errorMessage(error), 'error');
    } finally {
      setImporting(false);
    }
  };

  const importFiles = async (files: FileList | null): Promise<void> => {
    if (!files || files.length === 0) return;
    setImporting(true);
    try {
      afterImport(await api.importArticles({ files: await readFilesForImport(files) }));
    } catch (error) {
      notify(`Import failed, nothing was imported: ${errorMessage(error)}`, 'error');
    } finally {
      setImporting(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const startExport = async (): Promise<void> => {
    setOverlay('export');
  };

  // Application menu (Electron only).
  const commands = useRef({ startImport, startExport });
  commands.current = { startImport, startExport };
  useEffect(
    () =>
      shell?.onCommand((command) => {
        if (command === 'import') void commands.current.startImport();
        if (command === 'export') void commands.current.startExport();
        // In a text field the menu's Undo/Redo act on the typing, as everywhere else.
        const typing = document.activeElement?.closest('input, textarea, select');
        if (command === 'undo' || command === 'redo') {
          if (typing) document.execCommand(command);
          else if (command === 'undo') history.current?.undo();
          else history.current?.redo();
        }
        if (command === 'shortcuts') setOverlay('shortcuts');
        if (command === 'refresh') refreshArticles();
      }),
    [refreshArticles],
  );

  const registerHistory = useCallback((h: { undo: () => void; redo: () => void } | null) => {
    history.current = h;
  }, []);

  if (fatal) {
    return (
      <main className="fatal" role="alert">
        <h1>The workbench cannot reach its data</h1>
        <p>{fatal}</p>
        <p>In a browser, open the exact address printed by <code>workbench serve</code> (it carries a one-time token).</p>
      </main>
    );
  }

  return (
    <div className="app">
      <header className="app-bar">
        <span className="brand">Analyst Workbench</span>
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
        <button type="button" className="button subtle" onClick={openAgreement} aria-pressed={showAgreement}>
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
      <input
        ref={fileInput}
        type="file"
        multiple
        accept={[...TEXT_EXTENSIONS, 'text/plain', 'text/markdown'].join(',')}
        hidden
        onChange={(e) => void importFiles(e.target.files)}
        data-testid="import-input"
      />
      {showAgreement && <AgreementDashboard onClose={closeAgreement} />}
      <div className="workspace" hidden={showAgreement}>
        <ArticleList
          articles={articles}
          selectedId={articleId}
          query={query}
          onQuery={setQuery}
          onOpen={open}
          onImport={() => void startImport()}
          busy={importing}
        />
        <main className="main">
          {reviewing && session?.annotatorChosen ? (
            <ReviewView key={session.annotator} labels={labels} reviewer={session.annotator} onDecided={refreshArticles} />
          ) : articleId && session?.annotatorChosen ? (
            <ArticleView
              key={session.annotator}
              articleId={articleId}
              labels={labels}
              annotator={session?.annotator ?? ''}
              onCountsChanged={refreshArticles}
              onManageLabels={() => setOverlay('labels')}
              onShowShortcuts={() => setOverlay('shortcuts')}
              onTitleChanged={refreshArticles}
              registerHistory={registerHistory}
            />
          ) : (
            <div className="empty welcome">
              <h1>Analyst Workbench</h1>
              <p>Choose an article on the left, or import plain-text articles to start.</p>
              <p>
                Select text and press <kbd>1</kbd> Claim, <kbd>2</kbd> Condition, <kbd>3</kbd> Casualty figure, <kbd>4</kbd> Propaganda framing. Every change is
                saved at once.
              </p>
            </div>
          )}
        </main>
      </div>
      {overlay === 'shortcuts' && <ShortcutsOverlay onClose={() => setOverlay(null)} />}
      {(overlay === 'annotator' || overlay === 'first-run') && session && (
        <AnnotatorDialog session={session} firstRun={overlay === 'first-run'} onSaved={setSession} onClose={() => setOverlay(null)} />
      )}
      {overlay === 'export' && <ExportDialog labels={labels} onClose={() => setOverlay(null)} />}
      {overlay === 'labels' && <LabelManager labels={labels} onChanged={refreshLabels} onClose={() => setOverlay(null)} />}
      <Toasts />
    </div>
  );
}
