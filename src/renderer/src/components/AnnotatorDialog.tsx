import { type JSX, useState } from 'react';
import { api, errorMessage, setCallerAnnotator } from '../api';
import type { Session } from '../../../shared/domain';
import { Dialog } from './Dialog';

/**
 * Who is annotating in this window: the name recorded on every span and
 * change made here, and the layer this window edits. On first run the field
 * starts with the suggested name (the OS user name), which is used only once
 * the analyst saves it. Several annotators can share an installation: pick one.
 */
export function AnnotatorDialog({
  session,
  firstRun = false,
  onSaved,
  onClose,
}: {
  session: Session;
  firstRun?: boolean;
  onSaved: (s: Session) => void;
  onClose: () => void;
}): JSX.Element {
  const [name, setName] = useState(firstRun ? session.suggestedAnnotator : session.annotator);
  const [problem, setProblem] = useState<string | null>(null);
  const people = session.annotators.filter((a) => a.kind === 'person' && a.name !== session.annotator);
  const save = async (chosen: string): Promise<void> => {
    try {
      const next = await api.setAnnotator({ name: chosen });
      setCallerAnnotator(next.annotator);
      onSaved(next);
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  return (
    <Dialog title={firstRun ? 'Who is annotating?' : 'Annotator'} titleId="annotator-title" onClose={firstRun ? () => {} : onClose} initialFocus="input">
      <form
        className="annotator-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(name);
        }}
      >
        <label>
          {firstRun
            ? 'Your name, recorded on every span you make and every review decision. Each analyst tags in their own layer.'
            : 'Your name, recorded on every span you make and every change in this window (undo works per annotator)'}
          <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? 'true' : undefined} />
        </label>
        {firstRun && (
          <p className="hint">
            Suggested from this computer's user name: <strong>{session.suggestedAnnotator}</strong>. Nothing is recorded until you save.
          </p>
        )}
        {problem && (
          <p className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="submit" className="button primary">
            {firstRun ? 'Start' : 'Save'}
          </button>
          {!firstRun && (
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          )}
        </div>
        {people.length > 0 && (
          <div className="annotator-switch">
            <p>Switch to an annotator of this database:</p>
            <ul>
              {people.map((a) => (
                <li key={a.name}>
                  <button type="button" className="button subtle" onClick={() => void save(a.name)}>
                    {a.name} <span className="muted">({a.spanCount} spans)</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
    </Dialog>
  );
}
