import { type JSX, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { ImportResult } from '../../../../shared/domain';
import { WorkbenchError } from '../../../../shared/errors';
import { IMPORTABLE_EXTENSIONS, isImportableName } from '../../../../shared/importable';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { importFilesInBatches, timeLeft, unitName, type ImportOptions, type RunProgress, type RunResult } from './import-runner';

export const ACCEPTED_FILES = [...IMPORTABLE_EXTENSIONS, 'text/plain', 'text/markdown', 'text/html', 'application/json'].join(',');

export interface ImportDialogProps {
  /** Files dropped on the window: imported as soon as the dialog opens. */
  initialFiles?: File[];
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}

type Problem = { name: string; line?: number; reason: string };

/** Import files, folders, pasted text or a web address, with progress, cancel and a summary. */
export function ImportDialog({ initialFiles, onImported, onClose }: ImportDialogProps): JSX.Element {
  const [options, setOptions] = useState<ImportOptions>({ skipInvalid: false, verbatim: false, encoding: '' });
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<RunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');
  const [url, setUrl] = useState('');
  const cancelled = useRef(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const started = useRef(false);

  const finish = (result: RunResult): void => {
    setSummary(result);
    if (result.imported.length || result.annotationFiles?.length) onImported(result);
  };

  const run = async (work: () => Promise<RunResult>): Promise<void> => {
    setRunning(true);
    setError(null);
    setSummary(null);
    cancelled.current = false;
    try {
      finish(await work());
    } catch (e) {
      const problems =
        e instanceof WorkbenchError ? (e.details as { problems?: { file: string; line?: number; reason: string }[] } | undefined)?.problems : undefined;
      if (problems) {
        setSummary({
          imported: [],
          skipped: [],
          failed: problems.map((p) => ({ name: p.file, ...(p.line ? { line: p.line } : {}), reason: p.reason })),
          cancelled: false,
          refused: true,
        });
      } else setError(errorMessage(e));
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };

  const importFiles = (files: File[]): void => {
    if (files.length === 0) return;
    void run(() => importFilesInBatches(files, options, setProgress, () => cancelled.current));
  };

  // Only once, for the files dropped when the dialog opened.
  const importInitialFiles = useEffectEvent(() => {
    if (initialFiles?.length && !started.current) {
      started.current = true;
      importFiles(initialFiles);
    }
  });
  useEffect(() => importInitialFiles(), []);

  const importPasted = (): void => {
    if (!pasted.trim()) return;
    const name = `pasted-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.txt`;
    importFiles([new File([pasted], name, { type: 'text/plain' })]);
  };

  const importUrl = (): void => {
    const address = url.trim();
    if (!address) return;
    void run(async () => ({ ...(await api.importUrl({ url: address })), cancelled: false }));
  };

  const refused = Boolean(summary?.refused) || Boolean(summary && !options.skipInvalid && summary.failed.length && !summary.imported.length);

  return (
    <Dialog title="Import articles" titleId="import-title" onClose={running ? () => undefined : onClose} wide>
      <div className="import-dialog" data-testid="import-dialog">
        <section>
          <h3>Files or a folder</h3>
          <div className="row">
            <button type="button" className="button primary" disabled={running} onClick={() => filesInput.current?.click()}>
              Choose files…
            </button>
            <button type="button" className="button" disabled={running} onClick={() => folderInput.current?.click()}>
              Choose a folder…
            </button>
            <span className="hint">or drop files on the window</span>
          </div>
          <p className="hint">
            Plain text (.txt, .md) in UTF-8, UTF-16 or a legacy encoding such as Windows-1251; saved web pages (.html); JSONL or JSON records with a “text”
            field. A labelled .jsonl (a workbench export, Prodigy, doccano, Label Studio) brings in its spans.
          </p>
          <input
            ref={filesInput}
            type="file"
            multiple
            hidden
            accept={ACCEPTED_FILES}
            data-testid="import-input"
            onChange={(e) => {
              importFiles(Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
          <input
            ref={folderInput}
            type="file"
            hidden
            multiple
            {...({ webkitdirectory: '' } as Record<string, string>)}
            onChange={(e) => {
              importFiles(Array.from(e.target.files ?? []).filter((f) => isImportableName(f.name)));
              e.target.value = '';
            }}
          />
        </section>
        <section>
          <h3>Paste text as a new article</h3>
          <textarea
            rows={4}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder="Paste the article here (its first short line becomes the title)"
            aria-label="Pasted text"
          />
          <div className="row" style={{ marginTop: '0.4rem' }}>
            <button type="button" className="button" disabled={running || !pasted.trim()} onClick={importPasted}>
              Import pasted text
            </button>
          </div>
        </section>
        <section>
          <h3>A web address</h3>
          <div className="row">
            <input
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://…"
              aria-label="Web address"
              onKeyDown={(e) => e.key === 'Enter' && importUrl()}
            />
            <button type="button" className="button" disabled={running || !/^https?:\/\/\S+/i.test(url.trim())} onClick={importUrl}>
              Fetch and import
            </button>
          </div>
        </section>
        <div className="options">
          <label>
            <input type="checkbox" checked={options.skipInvalid} onChange={(e) => setOptions({ ...options, skipInvalid: e.target.checked })} /> Skip bad files
            and records (import the rest)
          </label>
          <label>
            <input type="checkbox" checked={options.verbatim} onChange={(e) => setOptions({ ...options, verbatim: e.target.checked })} /> Keep plain text
            exactly as it is (no clean-up)
          </label>
          <label>
            Encoding{' '}
            <select value={options.encoding} onChange={(e) => setOptions({ ...options, encoding: e.target.value })} aria-label="Encoding">
              <option value="">Detect</option>
              {['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'koi8-r', 'koi8-u', 'iso-8859-5', 'windows-1252', 'iso-8859-2', 'windows-1250'].map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </label>
        </div>
        {running && (
          <div className="progress" role="status" data-testid="import-progress">
            {progress ? (
              <>
                <progress max={progress.total} value={progress.done} />
                <span>
                  {progress.phase === 'checking' ? 'Checking' : 'Importing'} {progress.file ? `${progress.file}: ` : ''}
                  {progress.done.toLocaleString('en')} of {progress.total.toLocaleString('en')} {unitName(progress)}{' '}
                  {timeLeft(progress) && `· ${timeLeft(progress)}`}
                </span>
              </>
            ) : (
              <span>Working…</span>
            )}
            <div>
              <button type="button" className="button" onClick={() => (cancelled.current = true)}>
                Cancel
              </button>
            </div>
          </div>
        )}
        {error && (
          <p className="field-problem" role="alert">
            {error}
          </p>
        )}
        {summary && <ImportSummary result={summary} refused={refused} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={running}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function ImportSummary({ result, refused }: { result: RunResult; refused: boolean }): JSX.Element {
  const problem = (p: Problem): string => `${p.name}${p.line ? `, line ${p.line}` : ''}: ${p.reason}`;
  return (
    <div className="import-summary" role="status" data-testid="import-summary">
      <p>
        <strong>
          {refused
            ? 'Nothing was imported.'
            : `${result.imported.length} imported, ${result.skipped.length} skipped, ${result.failed.length} failed${result.cancelled ? ' (cancelled: the rest was not imported)' : ''}.`}
        </strong>
        {refused && ' Fix these, or tick “Skip bad files and records” and import again:'}
      </p>
      {result.annotationFiles?.map((a) => (
        <p key={a.file} data-testid="annotation-file-summary">
          {a.file} holds labelled data: read as {a.formatName} annotations. {a.result.spansImported} spans imported
          {a.result.spansUnchanged ? `, ${a.result.spansUnchanged} already there` : ''}
          {a.result.spansSkipped ? `, ${a.result.spansSkipped} skipped` : ''} on {a.result.articlesMatched + a.result.articlesCreated}{' '}
          {a.result.articlesMatched + a.result.articlesCreated === 1 ? 'article' : 'articles'}
          {a.result.problems.length
            ? `; ${a.result.problems.length} problems: ${a.result.problems
                .slice(0, 3)
                .map((p) => p.message)
                .join('; ')}`
            : ''}
          .
        </p>
      ))}
      {result.failed.length > 0 && (
        <ul className="failed">
          {result.failed.map((f, i) => (
            <li key={i}>{problem(f)}</li>
          ))}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <ul>
          {result.skipped.map((s, i) => (
            <li key={i}>
              {s.name}: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
