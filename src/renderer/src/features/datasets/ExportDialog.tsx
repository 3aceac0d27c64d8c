import { type JSX, useEffect, useMemo, useRef, useState } from 'react';
import type { ExportJobStatus, ExportResult, Label } from '../../../../shared/domain';
import { DATASET_FORMATS, findFormat, zipFiles, type FormatCarries, type OffsetUnit } from '../../../../shared/formats';
import type { ExportFilters, MethodInput } from '../../../../shared/schemas';
import { api, errorMessage, shell, unwrap } from '../../api';
import { Dialog } from '../../components/Dialog';

/**
 * The export dialog: format (from the one registry), offsets, filters and
 * split; after the export, the counts and the loss report stay on screen.
 */

const CARRY_NAMES: Record<keyof FormatCarries, string> = {
  overlaps: 'overlapping spans',
  attributes: 'attributes',
  notes: 'notes',
  annotators: 'who annotated',
  status: 'review status',
  articleMetadata: 'article title, source, date',
  articleDetails: 'article author, tags, status, translation source',
};

function download(filename: string, body: BlobPart, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([body], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Outcome {
  saved: boolean;
  /** The file (or zip, or folder) the export went to. */
  savedTo: string | null;
  result: Pick<ExportResult, 'articleCount' | 'spanCount' | 'losses' | 'notes' | 'offsetUnit' | 'format'> & { fileCount: number };
  seconds: number;
}

/** How often the dialog asks how far a running export is. */
const POLL_MS = 250;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function ExportDialog({ labels, onClose }: { labels: Label[]; onClose: () => void }): JSX.Element {
  const [formatId, setFormatId] = useState('jsonl');
  const [offsets, setOffsets] = useState<OffsetUnit>('codepoint');
  const [chosenLabels, setChosenLabels] = useState<string[]>([]);
  const [annotators, setAnnotators] = useState('');
  const [status, setStatus] = useState<'all' | 'accepted' | 'gold'>('all');
  const [source, setSource] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState('');
  const [samples, setSamples] = useState<'include' | 'exclude' | 'only'>('include');
  const [attributes, setAttributes] = useState(true);
  const [splitOn, setSplitOn] = useState(false);
  const [split, setSplit] = useState({ train: '0.8', dev: '0.1', test: '0.1', seed: '1' });
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<ExportJobStatus | null>(null);
  const [cancelled, setCancelled] = useState<ExportJobStatus | null>(null);
  const cancelRequested = useRef(false);
  const [cancelling, setCancelling] = useState(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const format = findFormat(formatId)!;
  const lost = (Object.keys(CARRY_NAMES) as (keyof FormatCarries)[]).filter((k) => !format.carries[k]);

  const input = useMemo((): MethodInput<'exportDataset'> => {
    const filters: ExportFilters = {};
    if (chosenLabels.length) filters.labels = chosenLabels;
    const names = annotators
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length) filters.annotators = names;
    if (status !== 'all') filters.status = status;
    if (source.trim()) filters.source = source.trim();
    if (from) filters.from = from;
    if (to) filters.to = to;
    if (query.trim()) filters.query = query.trim();
    if (samples !== 'include') filters.samples = samples;
    if (!attributes) filters.attributes = false;
    if (splitOn) filters.split = { train: Number(split.train), dev: Number(split.dev), test: Number(split.test), seed: Math.trunc(Number(split.seed)) };
    return { format: formatId, ...(format.unit === 'selectable' ? { offsets } : {}), filters };
  }, [formatId, format.unit, offsets, chosenLabels, annotators, status, source, from, to, query, samples, attributes, splitOn, split]);

  // The export runs in the background in the main process (both doors); the dialog polls it, so the app never freezes.
  const run = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    setOutcome(null);
    setCancelled(null);
    cancelRequested.current = false;
    setCancelling(false);
    let status: ExportJobStatus | null = null;
    try {
      status = await api.startExport(input);
      setJob(status);
      while (status.state === 'running' && alive.current) {
        await sleep(POLL_MS);
        status = cancelRequested.current ? await api.cancelExport({ jobId: status.jobId }) : await api.exportStatus({ jobId: status.jobId });
        if (alive.current) setJob(status);
      }
      if (!alive.current) {
        // The dialog was closed mid-export: stop it rather than leave it running.
        if (status.state === 'running') await api.cancelExport({ jobId: status.jobId });
        return;
      }
      if (status.state === 'cancelled') {
        setCancelled(status);
        return;
      }
      if (status.state === 'failed') throw new Error(status.error?.message ?? 'the export failed');
      if (shell) {
        const saved = await unwrap('exportWithDialog', shell.exportWithDialog({ jobId: status.jobId }));
        setOutcome({ saved: saved.saved, savedTo: saved.savedTo ?? null, result: saved, seconds: status.elapsed });
        return;
      }
      const result = await api.takeExport({ jobId: status.jobId });
      const single = result.files.length === 1 && format.output === 'file';
      const name = single ? result.files[0]!.path : result.filename.replace(/\.[^.]+$/, '.zip');
      if (single) download(name, result.files[0]!.content, result.mimeType);
      else download(name, zipFiles(result.files) as BlobPart, 'application/zip');
      setOutcome({ saved: true, savedTo: name, result: { ...result, fileCount: result.files.length }, seconds: status.elapsed });
    } catch (error) {
      if (alive.current) setProblem(errorMessage(error));
    } finally {
      if (alive.current) {
        setBusy(false);
        setJob(null);
      }
    }
  };

  const cancel = (): void => {
    cancelRequested.current = true;
    setCancelling(true);
  };

  const toggleLabel = (key: string): void => setChosenLabels((list) => (list.includes(key) ? list.filter((k) => k !== key) : [...list, key]));

  return (
    <Dialog title="Export dataset" titleId="export-title" onClose={onClose} wide initialFocus="#export-format">
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="export-columns">
          <section aria-labelledby="export-format-heading">
            <h3 id="export-format-heading">Output</h3>
            <div className="field">
              <label htmlFor="export-format">Format</label>
              <select id="export-format" value={formatId} onChange={(e) => setFormatId(e.target.value)}>
                {DATASET_FORMATS.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </div>
            <p className="hint" data-testid="format-description">
              {format.description}
            </p>
            <p className="carries" data-testid="format-carries">
              {lost.length === 0
                ? 'Carries every span field, and each article’s text, title, source, URL, date, language, author, tags, status, translation source, previous version and meta.'
                : `Cannot carry: ${lost.map((k) => CARRY_NAMES[k]).join(', ')}.`}
            </p>
            <fieldset className="field" disabled={format.unit !== 'selectable'}>
              <legend>Offsets</legend>
              <label className="field-inline">
                <input type="radio" name="offsets" checked={format.unit === 'codepoint' || offsets === 'codepoint'} onChange={() => setOffsets('codepoint')} />
                Unicode code points (Python, spaCy, Hugging Face)
              </label>
              <label className="field-inline">
                <input type="radio" name="offsets" checked={format.unit === 'selectable' && offsets === 'utf16'} onChange={() => setOffsets('utf16')} />
                UTF-16 code units (JavaScript)
              </label>
              {format.unit === null && <span className="hint">This format has tokens, not character offsets.</span>}
            </fieldset>
            <label className="field-inline">
              <input type="checkbox" checked={attributes} onChange={(e) => setAttributes(e.target.checked)} /> Include span attributes
            </label>
            <label className="field-inline">
              <input type="checkbox" checked={splitOn} onChange={(e) => setSplitOn(e.target.checked)} /> Split into train / dev / test (by article)
            </label>
            {splitOn && (
              <div className="split-row">
                {(['train', 'dev', 'test', 'seed'] as const).map((k) => (
                  <label key={k} className="field">
                    {k}
                    <input type="text" inputMode="decimal" value={split[k]} onChange={(e) => setSplit({ ...split, [k]: e.target.value })} size={4} />
                  </label>
                ))}
              </div>
            )}
          </section>
          <section aria-labelledby="export-filter-heading">
            <h3 id="export-filter-heading">Which spans and articles</h3>
            <fieldset className="field">
              <legend>Labels (none ticked: all)</legend>
              <div className="label-checks">
                {labels.map((l) => (
                  <label key={l.id} className="field-inline">
                    <input type="checkbox" checked={chosenLabels.includes(l.key)} onChange={() => toggleLabel(l.key)} />
                    <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                    {l.name}
                    {l.archived ? ' (archived)' : ''}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor="export-status">Spans</label>
              <select id="export-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                <option value="all">Every annotator’s spans</option>
                <option value="accepted">Accepted spans only</option>
                <option value="gold">The gold layer only</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="export-annotators">Annotators (comma separated; empty: all)</label>
              <input id="export-annotators" type="text" value={annotators} onChange={(e) => setAnnotators(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="export-query">Articles matching</label>
              <input id="export-query" type="text" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="search words" />
            </div>
            <div className="field">
              <label htmlFor="export-source">Source</label>
              <input id="export-source" type="text" value={source} onChange={(e) => setSource(e.target.value)} />
            </div>
            <div className="split-row">
              <div className="field">
                <label htmlFor="export-from">From</label>
                <input id="export-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="export-to">To</label>
                <input id="export-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              </div>
            </div>
            <div className="field">
              <label htmlFor="export-samples">Sample articles</label>
              <select id="export-samples" value={samples} onChange={(e) => setSamples(e.target.value as typeof samples)}>
                <option value="include">Include</option>
                <option value="exclude">Leave out</option>
                <option value="only">Only the samples</option>
              </select>
            </div>
          </section>
        </div>
        {problem && (
          <p className="field-problem" role="alert">
            Export failed: {problem}
          </p>
        )}
        {busy && job && <ExportProgressView job={job} />}
        {cancelled && (
          <p className="export-report" role="status" aria-label="Export report">
            <strong>Export cancelled</strong> after {cancelled.articles.toLocaleString('en')} of {cancelled.totalArticles.toLocaleString('en')} articles;
            nothing was saved.
          </p>
        )}
        {outcome && <ExportReport outcome={outcome} />}
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Exporting…' : `Export ${format.name}`}
          </button>
          {busy && (
            <button type="button" className="button" onClick={cancel} disabled={cancelling}>
              Cancel export
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** How far a running export is: a bar, counts, rate and time left. */
function ExportProgressView({ job }: { job: ExportJobStatus }): JSX.Element {
  const rate = job.elapsed > 0 ? job.articles / job.elapsed : 0;
  const left = rate > 0 ? (job.totalArticles - job.articles) / rate : null;
  return (
    <section className="export-progress" aria-label="Export progress">
      <progress value={job.articles} max={Math.max(1, job.totalArticles)} aria-label="Articles exported" />
      <p role="status" data-testid="export-progress-text">
        Exporting… {job.articles.toLocaleString('en')} of {job.totalArticles.toLocaleString('en')} articles, {job.spans.toLocaleString('en')} spans
        {rate > 0 ? ` · ${Math.round(rate).toLocaleString('en')} articles/s` : ''}
        {left !== null && job.articles < job.totalArticles ? ` · about ${formatSeconds(left)} left` : ''}
      </p>
    </section>
  );
}

function ExportReport({ outcome }: { outcome: Outcome }): JSX.Element {
  const { result } = outcome;
  const unit = result.offsetUnit === 'codepoint' ? 'code point offsets' : result.offsetUnit === 'utf16' ? 'UTF-16 offsets' : 'token based';
  return (
    <section className="export-report" role="status" aria-label="Export report">
      <p>
        <strong>{outcome.saved ? 'Exported' : 'Not saved (save dialog cancelled)'}</strong>: {result.articleCount.toLocaleString('en')} articles,{' '}
        {result.spanCount.toLocaleString('en')} spans, {unit}, {result.fileCount} {result.fileCount === 1 ? 'file' : 'files'} in{' '}
        {formatSeconds(outcome.seconds)}.
      </p>
      {outcome.saved && outcome.savedTo && (
        <p>
          Saved to <code data-testid="export-saved-to">{outcome.savedTo}</code>
          {result.fileCount > 1 ? ` (${result.fileCount} files)` : ''}.
        </p>
      )}
      {result.notes.map((n) => (
        <p key={n} className="hint">
          Note: {n}
        </p>
      ))}
      {result.losses.length === 0 ? (
        <p>Nothing lost: the format carries every span and field exported.</p>
      ) : (
        <>
          <p>What this format could not carry:</p>
          <ul className="loss-list">
            {result.losses.map((l) => (
              <li key={l.key}>
                <strong>{l.count.toLocaleString('en')}</strong> {l.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
