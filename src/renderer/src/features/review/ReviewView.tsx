import { useVirtualizer } from '@tanstack/react-virtual';
import { type JSX, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ArticleSummary, Attributes, DisagreementKind, Label, ReviewItem, ReviewQueue } from '../../../../shared/domain';
import { api, canUpload, errorMessage, uploadLayerDatabase } from '../../api';
import { Dialog } from '../../components/Dialog';
import { notify } from '../../state/toasts';
import { DecisionDetailsForm, type AcceptChoices } from './DecisionDetailsForm';

export interface ReviewViewProps {
  labels: Label[];
  reviewer: string;
  onDecided: () => void;
}

type KindFilter = DisagreementKind | 'unanimous' | '';
type StatusFilter = 'open' | 'decided' | 'all';

interface Filters {
  articleId: string;
  labelId: string;
  annotator: string;
  kind: KindFilter;
  status: StatusFilter;
}

const KIND_NAMES: Record<DisagreementKind, string> = {
  only_some: 'Only some annotators',
  label: 'Label conflict',
  boundary: 'Boundary conflict',
  attribute: 'Attribute conflict',
};

const CONTEXT = 160;
const ROW_HEIGHT = 52;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && Boolean(target.closest('input, textarea, select, [contenteditable="true"]'));
}

/**
 * Review mode: a queue of review items (the same text and label from one or
 * more layers), decided one by one into the gold layer from the keyboard:
 * A accept, R reject with a reason, a label key accepts with that label,
 * arrows move, Enter opens the details (boundaries, attributes, comment),
 * U undoes the last decision.
 */
export function ReviewView({ labels, reviewer, onDecided }: ReviewViewProps): JSX.Element {
  const [filters, setFilters] = useState<Filters>({ articleId: '', labelId: '', annotator: '', kind: '', status: 'all' });
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [details, setDetails] = useState(false);
  const [unanimous, setUnanimous] = useState<number | null>(null);
  const [texts, setTexts] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);

  const load = useCallback(async (): Promise<ReviewQueue | null> => {
    try {
      const next = await api.reviewQueue({
        ...(filters.articleId ? { articleId: filters.articleId } : {}),
        ...(filters.labelId ? { labelId: Number(filters.labelId) } : {}),
        ...(filters.annotator ? { annotator: filters.annotator } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
        status: filters.status,
      });
      setQueue(next);
      return next;
    } catch (error) {
      notify(`Could not load the review queue: ${errorMessage(error)}`, 'error');
      return null;
    }
  }, [filters]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    api.listArticles({}).then(setArticles, () => {});
  }, []);

  const items = useMemo(() => queue?.items ?? [], [queue]);
  const index = Math.max(0, cursor ? items.findIndex((i) => i.key === cursor) : 0);
  const current: ReviewItem | undefined = items[index];
  // Thousands of items stay quick to move through: only the rows in view are drawn.
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => listRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  useEffect(() => {
    if (!current) return;
    if (!texts.has(current.articleId)) {
      api.getArticle({ id: current.articleId }).then(
        (a) => setTexts((m) => new Map(m).set(a.id, a.text)),
        () => {},
      );
    }
  }, [current, texts]);
  useEffect(() => {
    if (items.length) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, items.length, virtualizer]);

  const move = useCallback(
    (delta: number) => {
      if (!items.length) return;
      const next = items[Math.min(items.length - 1, Math.max(0, index + delta))]!;
      setCursor(next.key);
      setRejecting(false);
      setDetails(false);
    },
    [items, index],
  );

  /** After a decision: the next item still open after this one (or the same place). */
  const advance = useCallback((fresh: ReviewQueue | null, fromKey: string) => {
    if (!fresh) return;
    const list = fresh.items;
    const at = list.findIndex((i) => i.key === fromKey);
    const after = [...list.slice(at + 1), ...list.slice(0, Math.max(0, at))].find((i) => i.decision === null);
    setCursor((after ?? list[Math.min(Math.max(at, 0), list.length - 1)])?.key ?? null);
  }, []);

  const decide = useCallback(
    async (action: 'accept' | 'reject' | 'comment', extra: AcceptChoices & { reason?: string } = {}) => {
      if (!current || busy) return;
      if (action === 'accept' && extra.attributes === undefined && current.kinds.includes('attribute')) {
        // Gold must not take one annotator's values unchosen: the details show each side's.
        setRejecting(false);
        setDetails(true);
        notify('The annotators disagree on attributes: choose the values gold takes, then Accept with these');
        return;
      }
      setBusy(true);
      try {
        await api.reviewDecide({ spanIds: current.spans.map((s) => s.id), action, ...extra });
        const label = labelById.get(extra.labelId ?? current.labelId)?.name ?? 'span';
        notify(action === 'accept' ? `Accepted into gold as ${label}` : action === 'reject' ? 'Rejected' : 'Comment saved');
        setRejecting(false);
        setDetails(false);
        const fresh = await load();
        if (action !== 'comment') advance(fresh, current.key);
        onDecided();
      } catch (error) {
        notify(`Not decided: ${errorMessage(error)}`, 'error');
      } finally {
        setBusy(false);
      }
    },
    [current, busy, labelById, load, advance, onDecided],
  );

  const undo = useCallback(async () => {
    try {
      const result = await api.reviewUndo({});
      notify(result.description);
      await load();
      if (result.annotationId) {
        const fresh = await api.reviewQueue({ status: 'all' });
        const item = fresh.items.find((i) => i.spans.some((s) => s.id === result.annotationId));
        if (item) setCursor(item.key);
      }
      onDecided();
    } catch (error) {
      notify(`Could not undo: ${errorMessage(error)}`, 'error');
    }
  }, [load, onDecided]);

  const layerInput = useRef<HTMLInputElement>(null);
  /** Another analyst's native JSONL export, as their layer (one file at a time, each all or nothing). */
  const importLayers = async (files: FileList | null): Promise<void> => {
    for (const file of files ? [...files] : []) {
      try {
        const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
        const isDatabase = new TextDecoder('latin1').decode(head) === 'SQLite format 3\u0000';
        const r = !isDatabase
          ? await api.importLayer({ content: await file.text(), fileName: file.name })
          : canUpload
            ? await uploadLayerDatabase(file) // the browser host streams the file to disk: no base64 copy in a JSON body
            : await api.importLayerDatabase({ data: toBase64(new Uint8Array(await file.arrayBuffer())), fileName: file.name });
        const skipped = r.skipped.length ? `; ${r.skipped.length} skipped (${r.skipped[0]!.reason}${r.skipped.length > 1 ? ', …' : ''})` : '';
        notify(
          `${file.name}: ${r.annotator}'s layer, ${r.created} new, ${r.updated} updated, ${r.removed} removed${skipped}`,
          r.skipped.length ? 'error' : 'info',
        );
      } catch (error) {
        notify(`${file.name} was not imported: ${errorMessage(error)}`, 'error');
      }
    }
    if (layerInput.current) layerInput.current.value = '';
    await load();
    onDecided();
  };

  const askUnanimous = useCallback(async () => {
    try {
      const dry = await api.acceptUnanimous({ dryRun: true, ...(filters.articleId ? { articleId: filters.articleId } : {}) });
      setUnanimous(dry.count);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  }, [filters.articleId]);

  // The keys act on what is on screen now: the listener stays put and reads this render's handler, so a key
  // pressed as the queue arrives never runs a handler from before it (which saw no item and did nothing).
  const onKeyRef = useRef<(e: KeyboardEvent) => void>(() => {});
  // A layout effect runs in the same task as the render it follows: no key can come between the two.
  useLayoutEffect(() => {
    onKeyRef.current = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || typingIn(e.target) || unanimous !== null) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) {
        if ((e.ctrlKey || e.metaKey) && e.code === 'KeyZ') {
          e.preventDefault();
          void undo();
        }
        return;
      }
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      if (e.key === 'ArrowDown' || e.key === 'j') move(1);
      else if (e.key === 'ArrowUp' || e.key === 'k') move(-1);
      else if (e.code === 'KeyA' && e.shiftKey) void askUnanimous();
      else if (e.code === 'KeyA') void decide('accept');
      else if (e.code === 'KeyR') setRejecting(true);
      else if (e.code === 'KeyU') void undo();
      else if (e.key === 'Enter') setDetails((d) => !d);
      else if (digit) {
        const label = labels.find((l) => l.hotkey === digit && !l.archived);
        if (label) void decide('accept', { labelId: label.id });
        else return;
      } else return;
      e.preventDefault();
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => onKeyRef.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The queue keeps the keyboard focus: when a dialog, the reason field or the details close (or the page opens),
  // focus returns to it rather than to the page, so the next key and a screen reader both land on the current item.
  const hasQueue = queue !== null;
  useEffect(() => {
    if (!hasQueue || unanimous !== null || rejecting || details) return;
    const active = document.activeElement;
    if (!active || active === document.body) listRef.current?.focus({ preventScroll: true });
  }, [hasQueue, unanimous, rejecting, details, busy]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]): void => setFilters((f) => ({ ...f, [key]: value }));
  const text = current ? texts.get(current.articleId) : undefined;
  const total = queue?.total ?? 0;
  const decided = queue?.decided ?? 0;

  return (
    <div className="review-view" data-testid="review-view" data-ready={queue ? 'true' : 'false'}>
      <header className="review-head">
        <h1>Review</h1>
        <div className="review-progress" aria-label="Progress">
          <progress value={decided} max={Math.max(total, 1)} aria-label={`${decided} of ${total} decided`} />
          <span data-testid="review-progress">
            {decided} of {total} decided
          </span>
        </div>
        <span className="muted">Reviewing as {reviewer} · decisions go into gold</span>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => layerInput.current?.click()}>
          Import a layer…
        </button>
        <input
          ref={layerInput}
          type="file"
          accept=".jsonl,.sqlite,.db,application/x-ndjson,application/json"
          multiple
          hidden
          data-testid="layer-input"
          onChange={(e) => void importLayers(e.target.files)}
        />
        <button type="button" className="button" onClick={() => void askUnanimous()} aria-keyshortcuts="Shift+A">
          Accept all unanimous…
        </button>
      </header>
      <div className="review-filters" role="group" aria-label="Filters">
        <label>
          Article
          <select value={filters.articleId} onChange={(e) => set('articleId', e.target.value)}>
            <option value="">All articles</option>
            {articles.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label
          <select value={filters.labelId} onChange={(e) => set('labelId', e.target.value)}>
            <option value="">All labels</option>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Annotator
          <select value={filters.annotator} onChange={(e) => set('annotator', e.target.value)}>
            <option value="">Everyone</option>
            {(queue?.annotators ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind} onChange={(e) => set('kind', e.target.value as KindFilter)}>
            <option value="">Everything</option>
            <option value="unanimous">Unanimous</option>
            {(Object.keys(KIND_NAMES) as DisagreementKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_NAMES[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(e) => set('status', e.target.value as StatusFilter)}>
            <option value="all">Open and decided</option>
            <option value="open">Open</option>
            <option value="decided">Decided</option>
          </select>
        </label>
      </div>
      <div className="review-body">
        <div
          className="review-queue"
          ref={listRef}
          role="listbox"
          aria-label="Review queue"
          tabIndex={0}
          aria-activedescendant={current ? optionId(current.key) : undefined}
        >
          <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index]!;
              const label = labelById.get(item.labelId);
              return (
                <div
                  key={item.key}
                  id={optionId(item.key)}
                  data-key={item.key}
                  role="option"
                  aria-selected={row.index === index}
                  className={`review-row${row.index === index ? ' current' : ''}${item.decision ? ` decided ${item.decision.kind}` : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                  onClick={() => setCursor(item.key)}
                >
                  <span className="label-dot" style={{ background: label?.color ?? '#888' }} aria-hidden="true" />
                  <span className="review-quote">{item.quote}</span>
                  <span className="review-meta">
                    {label?.name ?? 'Label'} · {item.annotators.join(', ')}
                    {item.unanimous ? ' · unanimous' : item.kinds.length ? ` · ${item.kinds.map((k) => KIND_NAMES[k].toLowerCase()).join(', ')}` : ''}
                  </span>
                  <span className="review-status">{item.decision ? (item.decision.kind === 'accept' ? '✓ gold' : '✗ rejected') : 'open'}</span>
                </div>
              );
            })}
          </div>
          {queue && items.length === 0 && <p className="empty hint">Nothing to review with these filters. Import other analysts' layers to compare them.</p>}
        </div>
        <section className="review-item" aria-label="Review item" data-testid="review-item">
          {current ? (
            <ItemPanel
              item={current}
              text={text}
              labels={labels}
              labelById={labelById}
              rejecting={rejecting}
              details={details}
              busy={busy}
              onAccept={(extra) => void decide('accept', extra)}
              onReject={(reason) => void decide('reject', { reason })}
              onComment={(comment) => void decide('comment', { comment })}
              onCancel={() => {
                setRejecting(false);
                setDetails(false);
              }}
              onReject1={() => setRejecting(true)}
              onDetails={() => setDetails((d) => !d)}
            />
          ) : (
            <p className="hint">{queue ? 'No item selected.' : 'Loading the review queue…'}</p>
          )}
          <p className="review-keys hint">
            <kbd>A</kbd> accept · <kbd>R</kbd> reject · <kbd>1</kbd>–<kbd>9</kbd> accept as that label · <kbd>↑</kbd>
            <kbd>↓</kbd> move · <kbd>Enter</kbd> details · <kbd>U</kbd> undo · <kbd>Shift</kbd>+<kbd>A</kbd> accept all unanimous
          </p>
        </section>
      </div>
      {unanimous !== null && (
        <Dialog title="Accept all unanimous" titleId="unanimous-title" onClose={() => setUnanimous(null)} initialFocus="button">
          <p>
            {unanimous === 0
              ? 'No open item is unanimous (the same span, label and attributes from every annotator of its article).'
              : `${unanimous} open item${unanimous === 1 ? ' is' : 's are'} unanimous: the same span, label and attributes from every annotator of the article. Accept ${unanimous === 1 ? 'it' : 'them all'} into gold?`}
          </p>
          <div className="row">
            {unanimous > 0 && (
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  void (async () => {
                    setUnanimous(null);
                    try {
                      const result = await api.acceptUnanimous({ ...(filters.articleId ? { articleId: filters.articleId } : {}) });
                      notify(
                        `Accepted ${result.accepted} unanimous item${result.accepted === 1 ? '' : 's'} into gold (U undoes ${result.accepted === 1 ? 'it' : 'them all'})`,
                      );
                      const fresh = await load();
                      // On to the first item still open, ready for the next key.
                      const open = fresh?.items.find((i) => i.decision === null);
                      if (open) setCursor(open.key);
                      onDecided();
                    } catch (error) {
                      notify(errorMessage(error), 'error');
                    }
                  })();
                }}
              >
                Accept {unanimous}
              </button>
            )}
            <button type="button" className="button" onClick={() => setUnanimous(null)}>
              {unanimous > 0 ? 'Cancel' : 'Close'}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** The DOM id of a queue row (for aria-activedescendant). */
const optionId = (key: string): string => `review-option-${key.replace(/[^\w-]/g, '_')}`;

interface ItemPanelProps {
  item: ReviewItem;
  text: string | undefined;
  labels: Label[];
  labelById: Map<number, Label>;
  rejecting: boolean;
  details: boolean;
  busy: boolean;
  onAccept: (choices: AcceptChoices) => void;
  onReject: (reason: string) => void;
  onComment: (comment: string) => void;
  onCancel: () => void;
  onReject1: () => void;
  onDetails: () => void;
}

function ItemPanel({
  item,
  text,
  labels,
  labelById,
  rejecting,
  details,
  busy,
  onAccept,
  onReject,
  onComment,
  onCancel,
  onReject1,
  onDetails,
}: ItemPanelProps): JSX.Element {
  const label = labelById.get(item.labelId);
  const before = text ? text.slice(Math.max(0, item.start - CONTEXT), item.start) : '';
  const after = text ? text.slice(item.end, item.end + CONTEXT) : '';
  return (
    <div className="review-item-inner">
      <h2>
        <span className="label-chip static" style={{ ['--label-color' as string]: label?.color ?? '#888' }}>
          <span className="label-swatch" aria-hidden="true" />
          {label?.name ?? 'Label'}
        </span>{' '}
        <span className="muted">in {item.articleTitle}</span>
      </h2>
      <blockquote className="review-context" data-testid="review-context">
        {before && <span className="muted">…{before}</span>}
        <mark style={{ ['--mark-color' as string]: label?.color ?? '#888', ['--mark-fill' as string]: `${label?.color ?? '#888888'}2e` }}>{item.quote}</mark>
        {after && <span className="muted">{after}…</span>}
      </blockquote>
      <table className="review-layers">
        <thead>
          <tr>
            <th>Annotator</th>
            <th>Label</th>
            <th>Attributes</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {item.spans.map((s) => (
            <tr key={s.id}>
              <td>{s.annotator}</td>
              <td>{label?.name}</td>
              <td>{formatAttributes(s.attributes)}</td>
              <td>{s.note}</td>
            </tr>
          ))}
          {item.missing.map((m) => (
            <tr key={m} className="missing">
              <td>{m}</td>
              <td colSpan={3}>did not tag this</td>
            </tr>
          ))}
        </tbody>
      </table>
      {item.kinds.length > 0 && (
        <p className="review-kinds">
          {item.kinds.map((k) => (
            <span key={k} className={`kind-badge kind-${k}`}>
              {KIND_NAMES[k]}
            </span>
          ))}
        </p>
      )}
      {item.decision && (
        <p className={`review-decision ${item.decision.kind}`} data-testid="review-decision">
          {item.decision.kind === 'accept'
            ? `Accepted into gold${item.decision.labelId !== item.labelId ? ` as ${labelById.get(item.decision.labelId ?? 0)?.name ?? 'another label'}` : ''}${
                text && item.decision.start !== null && item.decision.end !== null && (item.decision.start !== item.start || item.decision.end !== item.end)
                  ? ` with the boundaries “${text.slice(item.decision.start, item.decision.end)}”`
                  : ''
              }`
            : `Rejected${item.decision.reason ? `: ${item.decision.reason}` : ''}`}{' '}
          by {item.decision.reviewer}, {new Date(item.decision.at).toLocaleString()}
          {item.decision.comment && <span className="review-decision-comment"> · “{item.decision.comment}”</span>}
        </p>
      )}
      {item.comments.map((c) => (
        <p key={c.id} className="review-comment">
          <strong>{c.reviewer}:</strong> {c.comment}
        </p>
      ))}
      <div className="row review-actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => onAccept({})} aria-keyshortcuts="A">
          Accept <kbd>A</kbd>
        </button>
        <button type="button" className="button" disabled={busy} onClick={onReject1} aria-keyshortcuts="R">
          Reject <kbd>R</kbd>
        </button>
        <button type="button" className="button subtle" onClick={onDetails} aria-expanded={details} aria-keyshortcuts="Enter">
          Details <kbd>Enter</kbd>
        </button>
      </div>
      {rejecting && <RejectForm onReject={onReject} onCancel={onCancel} />}
      {details && <DecisionDetailsForm key={item.key} item={item} text={text} labels={labels} onAccept={onAccept} onComment={onComment} onCancel={onCancel} />}
    </div>
  );
}

function formatAttributes(attributes: Attributes): string {
  const entries = Object.entries(attributes);
  return entries.length ? entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '—';
}

function RejectForm({ onReject, onCancel }: { onReject: (reason: string) => void; onCancel: () => void }): JSX.Element {
  const [reason, setReason] = useState('');
  return (
    <form
      className="review-reject"
      onSubmit={(e) => {
        e.preventDefault();
        onReject(reason);
      }}
    >
      <label>
        Reason for rejecting (Enter to reject, Escape to cancel)
        <input
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onCancel();
            }
          }}
          aria-label="Reason for rejecting"
        />
      </label>
    </form>
  );
}
