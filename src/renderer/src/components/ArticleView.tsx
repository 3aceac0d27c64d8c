import { type JSX, startTransition, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { readCasualtyFigure } from '../../../shared/casualty';
import { proposalFill, proposeClaimSource } from '../../../shared/claim-source';
import { GOLD_ANNOTATOR, type Annotation, type Article, type Label } from '../../../shared/domain';
import { OtherLayerSpan } from '../features/review/OtherLayerSpan';
import { api, errorMessage } from '../api';
import { openArticleData } from '../boot/early-data';
import { placeCaret, watchPendingCaret } from '../editor/caret';
import { selectionOffsets } from '../editor/dom-offsets';
import { afterPaint, ensureDrawn } from '../editor/progressive';
import { ArticleEditor } from '../editor/ArticleEditor';
import { useArticleKeys } from '../hooks/useArticleKeys';
import { AnnotationStore } from '../state/annotation-store';
import { ArticleController } from '../state/article-controller';
import { dismiss, notify } from '../state/toasts';
import { onTextFocusRequest, takeTextFocusRequest } from '../state/focus-request';
import { LabelPalette } from './LabelPalette';
import { LayerBar } from '../features/review/LayerBar';
import { CompareView } from '../features/review/CompareView';
import { SpanDetails } from './SpanDetails';
import { SpanList } from './SpanList';
import { SpanPicker } from './SpanPicker';
import { otherOccurrences } from '../../../shared/text/occurrences';
import { TagAllDialog, type TagAllRequest } from '../features/annotate/TagAllDialog';

export interface ArticleViewProps {
  articleId: string;
  labels: Label[];
  annotator: string;
  onCountsChanged: () => void;
  onManageLabels: () => void;
  onShowShortcuts: () => void;
  onTitleChanged: () => void;
  /** The article as the list last read it: a title or outlet changed elsewhere (Edit details…, another tab) shows here too. */
  summary?: { title: string; source: string | null } | null;
  /** Registers this view's undo/redo for the application menu. */
  registerHistory: (history: { undo: () => void; redo: () => void } | null) => void;
}

interface Loaded {
  article: Article;
  store: AnnotationStore;
  controller: ArticleController;
}

declare global {
  interface Window {
    /** Readiness hooks for end-to-end tests and the benchmark. */
    __workbench?: { store: AnnotationStore; controller: ArticleController; root: HTMLElement | null };
  }
}

const NOT_LISTED_YET: readonly Annotation[] = [];

/**
 * The store's change counter, followed in a transition: the highlight of a key press is drawn by the
 * editor straight from the store, and everything React shows around it (counts, lists, details) is
 * rendered after that frame is painted, never before it (issue 12: key to painted in the next frame).
 */
function useStoreVersion(store: AnnotationStore): number {
  const [version, setVersion] = useState(store.snapshotVersion);
  useEffect(() => {
    let queued = false;
    return store.subscribe(() => {
      // Only the article's own keys are deferred: a change made from a control (a checkbox, a field)
      // renders at once, or React would put the control back until the deferred render came.
      if (!fromArticleKeys()) {
        setVersion(store.snapshotVersion);
        return;
      }
      if (queued) return;
      queued = true;
      afterPaint(() => {
        queued = false;
        startTransition(() => setVersion(store.snapshotVersion));
      });
    });
  }, [store]);
  return version;
}

/**
 * The save state in the header: a component of its own, so that following every write at once (a test or an
 * analyst reading "All changes saved" right after a key must be able to trust it) renders nothing around it.
 */
function SaveState({ controller }: { controller: ArticleController }): JSX.Element {
  const [status, setStatus] = useState(controller.status);
  useEffect(
    () => controller.onStatus((next) => setStatus((shown) => (shown.pending === next.pending && shown.failed === next.failed ? shown : next))),
    [controller],
  );
  const { pending, failed } = status;
  return (
    <span className={pending ? 'saving' : failed ? 'not-saved' : 'saved'} aria-live="polite" data-testid="save-state">
      {pending ? 'Saving…' : failed ? 'Not saved: see the message below' : 'All changes saved'}
    </span>
  );
}

/** Whether the change being made comes from a key press in the article (not typing in a field or a dialog). */
function fromArticleKeys(): boolean {
  const event = (window as unknown as { event?: Event }).event;
  if (event?.type !== 'keydown') return false;
  const target = event.target as Element | null;
  return !target?.closest?.('input, textarea, select, [role="dialog"], [role="menu"]');
}

export function ArticleView(props: ArticleViewProps): JSX.Element {
  const { articleId, labels, annotator } = props;
  // What the last load answered, for which article: another article shows "Opening" until its own answer.
  const [opened, setOpened] = useState<{ articleId: string; loaded: Loaded } | { articleId: string; failure: string } | null>(null);
  const current = opened?.articleId === articleId ? opened : null;
  const loaded = current && 'loaded' in current ? current.loaded : null;
  const failure = current && 'failure' in current ? current.failure : null;

  useEffect(() => {
    let cancelled = false;
    openArticleData(articleId).then(
      ({ article, annotations, labels: allLabels }) => {
        if (cancelled) return;
        const store = new AnnotationStore(article.id, article.text, annotations, allLabels);
        store.setMe(annotator);
        const controller = new ArticleController(store, api, notify, () => annotator);
        setOpened({ articleId, loaded: { article, store, controller } });
      },
      (error: unknown) => {
        if (!cancelled) setOpened({ articleId, failure: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [articleId, annotator]);

  // Label edits (colour, name, archive) reach the open article's marks.
  useEffect(() => {
    if (loaded && labels.length > 0) loaded.store.setLabels(labels);
  }, [labels, loaded]);

  if (failure) return <div className="article-view empty">Could not open the article: {failure}</div>;
  if (!loaded)
    return (
      <div className="article-view empty" aria-busy="true">
        Opening article…
      </div>
    );
  return <LoadedArticle key={loaded.article.id} {...props} {...loaded} />;
}

function LoadedArticle({
  article,
  store,
  controller,
  labels,
  onCountsChanged,
  onManageLabels,
  onShowShortcuts,
  onTitleChanged,
  registerHistory,
  summary,
}: ArticleViewProps & Loaded): JSX.Element {
  const version = useStoreVersion(store);
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const [rendered, setRendered] = useState(false);
  const [complete, setComplete] = useState(false);
  const [exact, setExact] = useState(false);
  const [picker, setPicker] = useState<{ ids: string[]; at: { x: number; y: number } } | null>(null);
  const [editingTitle, setEditingTitle] = useState(false);
  // The title as last saved (a rename changes it here; the loaded article stays as it was read).
  const [title, setTitle] = useState(article.title);
  const [summaryTitle, setSummaryTitle] = useState(summary?.title);
  if (summary && summary.title !== summaryTitle) {
    setSummaryTitle(summary.title);
    setTitle(summary.title);
  }
  const source = summary ? summary.source : article.source;
  const [comparing, setComparing] = useState(false);
  const [tagAll, setTagAll] = useState<TagAllRequest | null>(null);
  const detailsRef = useRef<HTMLDivElement>(null);

  const activeLabels = useMemo(() => labels.filter((l) => !l.archived), [labels]);
  // The highlight in the text is drawn by the editor straight from the store; the lists and
  // counts around it follow one render later, so a key press paints its highlight first.
  const panelVersion = useDeferredValue(version);
  // panelVersion is the mutable store's change counter, the one key the spans can be cached by.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const annotations = useMemo(() => store.all(), [store, panelVersion]);
  // The span list is built once every line is drawn (thousands of rows must not hold up the text), after that frame.
  const listed = useDeferredValue(complete ? annotations : NOT_LISTED_YET, NOT_LISTED_YET);
  // The compare view shows what the layer and label filters leave visible (keyed, like the spans, by the store's counters).
  const hiddenFilters = `${store.hiddenLayersKey()}|${[...store.hiddenLabelIds].sort((x, y) => x - y).join(',')}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const shownAnnotations = useMemo(() => store.visible(), [store, panelVersion, hiddenFilters]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const shownLayers = useMemo(() => store.layers().filter((l) => !store.isLayerHidden(l)), [store, panelVersion, hiddenFilters]);
  const toggleLabel = useCallback((id: number, hidden: boolean) => store.setHidden(id, hidden), [store]);
  const selectedId = store.selected;
  // The details of a newly selected span also follow the highlight by one render.
  const shownId = useDeferredValue(selectedId);
  const selected = shownId ? store.get(shownId) : undefined;
  // "Filled … from …" is about one span: it goes when the analyst moves on to another.
  const fillMessage = useRef<number | null>(null);
  useEffect(() => {
    if (fillMessage.current === null) return;
    dismiss(fillMessage.current);
    fillMessage.current = null;
  }, [selectedId]);

  // Opened from the keyboard: the focus goes to the text, ready for Shift+arrows and the label keys.
  useEffect(() => {
    if (!rendered || !root) return;
    const honour = (): void => {
      if (takeTextFocusRequest(article.id)) root.focus({ preventScroll: true });
    };
    honour();
    return onTextFocusRequest(honour);
  }, [rendered, root, article.id]);
  useEffect(watchPendingCaret, []);
  useEffect(() => {
    window.__workbench = { store, controller, root };
    return () => {
      delete window.__workbench;
    };
  }, [store, controller, root]);
  useEffect(() => {
    registerHistory({ undo: () => controller.undo(), redo: () => controller.redo() });
    return () => registerHistory(null);
  }, [controller, registerHistory]);

  // Counts in the article list follow the spans. The list was read with these counts at start-up:
  // ask again only once they change and every write is done (after the frame showing the change).
  const countsListed = useRef(annotations.length);
  useEffect(
    () =>
      controller.onStatus(({ pending }) => {
        if (pending > 0) return;
        afterPaint(() => {
          const count = store.all().length;
          if (controller.pending > 0 || countsListed.current === count) return;
          countsListed.current = count;
          onCountsChanged();
        });
      }),
    [controller, store, onCountsChanged],
  );

  // Work not yet written: warn before the window goes.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent): void => {
      if (controller.pending > 0) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [controller]);

  const scrollToSpan = useCallback(
    (id: string) => {
      const span = store.get(id);
      if (root && span) ensureDrawn(root, span.end);
      const mark = root?.querySelector(`mark[data-ids~="${CSS.escape(id)}"]`);
      mark?.scrollIntoView({ block: 'center', behavior: 'auto' });
    },
    [root, store],
  );

  const selectSpan = useCallback(
    (id: string | null, scroll = false) => {
      store.select(id);
      if (id && scroll) {
        scrollToSpan(id);
        // Keyboard selection (Shift+arrows) continues from the span just reached.
        const span = store.get(id);
        if (span && root && root.contains(document.activeElement)) placeCaret(root, span.start);
      }
    },
    [store, scrollToSpan, root],
  );

  const tagSelection = useCallback(
    (label: Label, exactNow: boolean): boolean => {
      if (!root) return false;
      const range = selectionOffsets(root);
      if (!range) return false;
      const created = controller.tag(label, range, exactNow || exact);
      if (created) placeCaret(root, created.end);
      return true;
    },
    [root, controller, exact],
  );

  const pickLabel = useCallback(
    (label: Label) => {
      if (tagSelection(label, false)) return;
      if (store.selected) controller.relabel(store.selected, label);
      else notify(`Select text in the article, then press ${label.hotkey ?? 'the label'} to tag it ${label.name}.`);
    },
    [tagSelection, store, controller],
  );

  /** The speaker and cue the sentence proposes for a span, and the empty fields they would fill. */
  const proposalFor = useCallback(
    (span: Annotation) => {
      const label = store.label(span.labelId);
      if (!label) return null;
      const proposal = proposeClaimSource(store.text, span.start, span.end);
      const fill = proposalFill(label.attributes, span.attributes, proposal);
      return proposal && Object.keys(fill).length > 0 ? { proposal, fill } : null;
    },
    [store],
  );
  const acceptProposal = useCallback(() => {
    const span = store.selected ? store.get(store.selected) : undefined;
    const offer = span ? proposalFor(span) : null;
    if (!span || !offer) {
      if (span) notify('No speaker to suggest for this span: its sentence names nobody, or the fields are filled.');
      return;
    }
    controller.update(span.id, { attributes: { ...span.attributes, ...offer.fill } });
    const what = Object.values(offer.fill)
      .map((v) => `“${v}”`)
      .join(' and ');
    fillMessage.current = notify(`Filled ${what} from “${offer.proposal.evidence}” (Ctrl+Z undoes).`);
  }, [store, controller, proposalFor]);
  const selectedProposal = useMemo(() => (selected ? proposalFor(selected) : null), [selected, proposalFor]);
  const selectedReading = useMemo(() => {
    if (!selected) return null;
    const keys = store.label(selected.labelId)?.attributes.map((d) => d.key) ?? [];
    if (!keys.includes('value') && !keys.includes('min')) return null;
    return readCasualtyFigure(
      selected.quote,
      store.text.slice(Math.max(0, selected.start - 300), selected.start),
      store.text.slice(selected.end, selected.end + 200),
    );
  }, [selected, store]);

  /** `t`: list every other occurrence of the selected span's text, to tag them all alike. */
  const askTagAll = useCallback(() => {
    const span = store.selected ? store.get(store.selected) : undefined;
    if (!span) return;
    const sameLabel = store.all().filter((a) => a.labelId === span.labelId);
    const ranges = otherOccurrences(store.text, span.quote, span, sameLabel);
    if (ranges.length === 0) notify(`No other “${span.quote}” to tag: it stands nowhere else, or every occurrence is tagged already.`);
    else setTagAll({ source: span, ranges });
  }, [store]);

  /** `c`: fill the selected span's empty attributes from the previous span of the same label. */
  const copyPrevious = useCallback(() => {
    const span = store.selected ? store.get(store.selected) : undefined;
    if (!span) return;
    const label = store.label(span.labelId);
    const previous = store
      .all()
      .filter((a) => a.labelId === span.labelId && a.id !== span.id && (a.start < span.start || (a.start === span.start && a.end > span.end)))
      .at(-1);
    if (!previous) {
      notify(`No ${label?.name ?? 'span'} before this one to copy from.`);
      return;
    }
    const copied = Object.fromEntries(Object.entries(previous.attributes).filter(([k]) => span.attributes[k] === undefined));
    const kept = Object.keys(previous.attributes).filter(
      (k) => span.attributes[k] !== undefined && JSON.stringify(span.attributes[k]) !== JSON.stringify(previous.attributes[k]),
    );
    const name = (k: string): string => label?.attributes.find((d) => d.key === k)?.name ?? k;
    if (Object.keys(copied).length === 0) {
      notify(`Nothing to copy from “${previous.quote}”: ${kept.length ? `this span has its own ${kept.map(name).join(', ')}` : 'it has no attributes'}.`);
      return;
    }
    controller.update(span.id, { attributes: { ...span.attributes, ...copied } });
    notify(
      `Copied ${Object.keys(copied).map(name).join(', ')} from “${previous.quote}”` +
        (kept.length ? `; kept this span’s own ${kept.map(name).join(', ')}` : '') +
        ' (Ctrl+Z undoes).',
    );
  }, [store, controller]);

  useArticleKeys({
    store,
    controller,
    labels: activeLabels,
    tagSelection,
    selectSpan,
    focusDetails: () => {
      // The details follow the selection one render later: wait for the selected span's, then
      // focus its first empty attribute, else its first attribute, else the label.
      let frames = 0;
      const attempt = (): void => {
        const details = detailsRef.current?.querySelector<HTMLElement>('[data-testid="span-details"]');
        if (details?.dataset.spanId !== store.selected) {
          if (frames++ < 20) requestAnimationFrame(attempt);
          return;
        }
        const target =
          details.querySelector<HTMLElement>('[data-attribute][data-empty]') ??
          details.querySelector<HTMLElement>('[data-attribute]') ??
          details.querySelector<HTMLElement>('[data-details-first]');
        target?.focus();
      };
      attempt();
    },
    showShortcuts: onShowShortcuts,
    acceptProposal,
    tagAll: askTagAll,
    copyPrevious,
    enabled: !picker && !tagAll,
  });

  /** Focus back in the text where the analyst was: no scroll jump, caret at the selected span. */
  const returnToText = useCallback(() => {
    if (!root) return;
    root.focus({ preventScroll: true });
    const span = store.selected ? store.get(store.selected) : undefined;
    if (span) placeCaret(root, span.start);
  }, [root, store]);

  const selectFromList = useCallback((id: string) => selectSpan(id, true), [selectSpan]);

  const onMarkClick = useCallback(
    (ids: string[], at: { x: number; y: number }) => {
      if (ids.length === 1) selectSpan(ids[0]!);
      else setPicker({ ids, at });
    },
    [selectSpan],
  );
  const onBackgroundClick = useCallback(() => store.select(null), [store]);
  const onRendered = useCallback(() => setRendered(true), []);
  const onComplete = useCallback(() => setComplete(true), []);

  return (
    <div className="article-view" data-ready={rendered ? 'true' : 'false'} data-complete={complete ? 'true' : 'false'} data-testid="article-view">
      <header className="article-head">
        {editingTitle ? (
          <input
            className="title-input"
            aria-label="Article title"
            defaultValue={title}
            autoFocus
            onBlur={(e) => {
              setEditingTitle(false);
              const typed = e.target.value.trim();
              if (typed && typed !== title) {
                void (async () => {
                  try {
                    const renamed = await api.updateArticle({ id: article.id, title: typed });
                    setTitle(renamed.title);
                    onTitleChanged();
                  } catch (error) {
                    notify(`Could not rename: ${errorMessage(error)}`, 'error');
                  }
                })();
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              if (e.key === 'Escape') setEditingTitle(false);
            }}
          />
        ) : (
          <h1 className="article-heading" title="Double-click to rename" onDoubleClick={() => setEditingTitle(true)}>
            {title}
          </h1>
        )}
        <p className="article-info">
          {source ? `${source} · ` : ''}
          {article.length.toLocaleString()} characters · {annotations.length} {annotations.length === 1 ? 'span' : 'spans'} ·{' '}
          <SaveState controller={controller} />
        </p>
        <LabelPalette labels={activeLabels} exact={exact} onExact={setExact} onPick={pickLabel} onManage={onManageLabels} />
        <LayerBar store={store} comparing={comparing} onCompare={setComparing} />
      </header>
      {comparing ? (
        <CompareView articleId={article.id} text={article.text} annotations={shownAnnotations} labels={labels} layers={shownLayers} />
      ) : (
        <div className="article-body">
          <div className="article-scroll">
            <ArticleEditor
              store={store}
              onRoot={setRoot}
              onRendered={onRendered}
              onComplete={onComplete}
              onMarkClick={onMarkClick}
              onBackgroundClick={onBackgroundClick}
              label={`Article text: ${title}`}
            />
          </div>
          <aside className="side-panel" aria-label="Spans">
            <div
              ref={detailsRef}
              onKeyDown={(e) => {
                // Escape leaves the details (after a field has cancelled its typing) and returns to the text.
                if (e.key === 'Escape') returnToText();
              }}
            >
              {selected && selected.annotator !== store.annotator && selected.annotator !== GOLD_ANNOTATOR ? (
                <OtherLayerSpan
                  annotation={selected}
                  label={store.label(selected.labelId)}
                  onCopy={() => {
                    void (async () => {
                      try {
                        const copy = await api.copyToMyLayer({ id: selected.id });
                        store.upsert(copy);
                        store.select(copy.id);
                        notify('Copied to your layer');
                        onCountsChanged();
                      } catch (error) {
                        notify(`Not copied: ${errorMessage(error)}`, 'error');
                      }
                    })();
                  }}
                />
              ) : selected ? (
                <SpanDetails
                  key={selected.id}
                  annotation={selected}
                  labels={labels}
                  onChange={(patch) => controller.update(selected.id, patch)}
                  onDelete={() => controller.remove(selected.id)}
                  reading={selectedReading}
                  proposal={selectedProposal}
                  onAcceptProposal={acceptProposal}
                />
              ) : (
                <p className="hint">Select text and press 1–4 to tag it. Click a highlight to see its details. Press ? for all shortcuts.</p>
              )}
            </div>
            <SpanList
              annotations={listed}
              listing={listed === NOT_LISTED_YET && annotations.length > 0}
              labels={labels}
              selectedId={selectedId}
              hiddenLabels={store.hiddenLabelIds}
              onToggleLabel={toggleLabel}
              onSelect={selectFromList}
            />
          </aside>
        </div>
      )}
      {tagAll && (
        <TagAllDialog
          request={tagAll}
          text={store.text}
          label={store.label(tagAll.source.labelId)}
          onClose={() => {
            setTagAll(null);
            returnToText();
          }}
          onConfirm={() => {
            const created = controller.tagMany(tagAll.source, tagAll.ranges);
            const name = store.label(tagAll.source.labelId)?.name ?? 'span';
            notify(`Tagged ${created.length} more “${tagAll.source.quote}” as ${name} (one Ctrl+Z undoes them all).`);
            setTagAll(null);
            returnToText();
          }}
        />
      )}
      {picker && (
        <SpanPicker
          spans={picker.ids.flatMap((id) => {
            const a = store.get(id);
            return a ? [{ annotation: a, label: store.label(a.labelId) }] : [];
          })}
          at={picker.at}
          onPick={(id) => {
            setPicker(null);
            selectSpan(id);
            returnToText();
          }}
          onClose={() => {
            setPicker(null);
            returnToText();
          }}
        />
      )}
    </div>
  );
}
