import { type JSX, useState } from 'react';
import { api, errorMessage } from '../api';
import type { Session } from '../../../shared/domain';
import { Dialog } from './Dialog';

/** Who is annotating: the name recorded on every span and change made from now on. */
export function AnnotatorDialog({ current, onSaved, onClose }: { current: string; onSaved: (s: Session) => void; onClose: () => void }): JSX.Element {
  const [name, setName] = useState(current);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog title="Annotator" titleId="annotator-title" onClose={onClose} initialFocus="input">
      <form
        className="annotator-form"
        onSubmit={(e) => {
          e.preventDefault();
          void (async () => {
            try {
              onSaved(await api.setAnnotator({ name }));
              onClose();
            } catch (error) {
              setProblem(errorMessage(error));
            }
          })();
        }}
      >
        <label>
          Your name, recorded on every span you make and every change (undo works per annotator)
          <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? 'true' : undefined} />
        </label>
        {problem && (
          <p className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="submit" className="button primary">
            Save
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
