import { type JSX, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Label } from '../../../shared/domain';
import { api, errorMessage } from '../api';
import { notify } from '../state/toasts';
import { AttributeEditor, toDefs, toDrafts, type DraftAttribute } from './AttributeEditor';
import { Dialog } from './Dialog';

export interface LabelManagerProps {
  labels: Label[];
  onChanged: () => void;
  onClose: () => void;
}

const KEYS = ['', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/**
 * A colour field that saves once the picker closes (the native `change`
 * event), not on every step of a drag through the palette, which would
 * redraw a long article each time.
 */
function ColorInput({ label, value, onCommit }: { label: string; value: string; onCommit: (color: string) => void }): JSX.Element {
  const ref = useRef<HTMLInputElement>(null);
  const commit = useEffectEvent((color: string) => onCommit(color));
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const onChange = (): void => {
      if (input.value.toLowerCase() !== value.toLowerCase()) commit(input.value);
    };
    input.addEventListener('change', onChange);
    return () => input.removeEventListener('change', onChange);
  }, [value]);
  return <input ref={ref} type="color" aria-label={label} defaultValue={value} />;
}

/** The label schema: add, rename, recolour, set keys, describe, reorder, archive. Nothing here deletes a span. */
export function LabelManager({ labels, onChanged, onClose }: LabelManagerProps): JSX.Element {
  const [problem, setProblem] = useState<string | null>(null);
  const [draft, setDraft] = useState({ name: '', color: '#0f766e', hotkey: '', description: '' });
  const [attributes, setAttributes] = useState<DraftAttribute[]>([]);
  const [editing, setEditing] = useState<{ id: number; drafts: DraftAttribute[] } | null>(null);
  const sorted = [...labels].sort((a, b) => a.position - b.position || a.id - b.id);

  const save = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      setProblem(null);
      onChanged();
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    }
  };

  const move = (index: number, delta: number): void => {
    const ids = sorted.map((l) => l.id);
    const target = index + delta;
    if (target < 0 || target >= ids.length) return;
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    void save(() => api.reorderLabels({ ids }));
  };

  const add = async (): Promise<void> => {
    const defs = toDefs(attributes);
    const ok = await save(() =>
      api.createLabel({
        name: draft.name,
        color: draft.color,
        hotkey: draft.hotkey || null,
        description: draft.description,
        attributes: defs,
      }),
    );
    if (ok) {
      notify(`Label “${draft.name.trim()}” added.`);
      setDraft({ name: '', color: '#0f766e', hotkey: '', description: '' });
      setAttributes([]);
    }
  };

  return (
    <Dialog title="Labels" titleId="labels-title" onClose={onClose} wide initialFocus="input">
      <p className="hint">Changes apply at once. Archiving hides a label from the palette; its spans stay, are listed and are exported.</p>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <table className="label-table">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Name</th>
            <th scope="col">Colour</th>
            <th scope="col">Key</th>
            <th scope="col">Guideline</th>
            <th scope="col">Attributes</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((label, i) => [
            <tr key={label.id} className={label.archived ? 'archived' : undefined}>
              <td className="order">
                <button type="button" className="icon" aria-label={`Move ${label.name} up`} onClick={() => move(i, -1)} disabled={i === 0}>
                  ↑
                </button>
                <button type="button" className="icon" aria-label={`Move ${label.name} down`} onClick={() => move(i, 1)} disabled={i === sorted.length - 1}>
                  ↓
                </button>
              </td>
              <td>
                <input
                  aria-label={`Name of ${label.name}`}
                  defaultValue={label.name}
                  onBlur={(e) => e.target.value.trim() !== label.name && void save(() => api.updateLabel({ id: label.id, name: e.target.value }))}
                />
              </td>
              <td>
                <ColorInput
                  label={`Colour of ${label.name}`}
                  value={label.color}
                  onCommit={(color) => void save(() => api.updateLabel({ id: label.id, color }))}
                />
              </td>
              <td>
                <select
                  aria-label={`Key of ${label.name}`}
                  value={label.hotkey ?? ''}
                  onChange={(e) => void save(() => api.updateLabel({ id: label.id, hotkey: e.target.value || null }))}
                >
                  {KEYS.map((k) => (
                    <option key={k} value={k}>
                      {k || 'none'}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <textarea
                  aria-label={`Guideline for ${label.name}`}
                  rows={2}
                  defaultValue={label.description}
                  onBlur={(e) => e.target.value !== label.description && void save(() => api.updateLabel({ id: label.id, description: e.target.value }))}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button subtle"
                  aria-expanded={editing?.id === label.id}
                  aria-label={`Attributes of ${label.name}`}
                  onClick={() => setEditing(editing?.id === label.id ? null : { id: label.id, drafts: toDrafts(label.attributes) })}
                >
                  {label.attributes.length} {label.attributes.length === 1 ? 'attribute' : 'attributes'}…
                </button>
              </td>
              <td>
                <button type="button" className="button subtle" onClick={() => void save(() => api.updateLabel({ id: label.id, archived: !label.archived }))}>
                  {label.archived ? 'Restore' : 'Archive'}
                </button>
              </td>
            </tr>,
            editing?.id === label.id && (
              <tr key={`${label.id}-attributes`} className="attribute-row">
                <td colSpan={7}>
                  <AttributeEditor value={editing.drafts} onChange={(drafts) => setEditing({ id: label.id, drafts })} />
                  <p className="hint">
                    Spans keep the values they have: renaming an attribute keeps them attached; removing one only hides it here (it is still exported).
                  </p>
                  <div className="row">
                    <button
                      type="button"
                      className="button primary"
                      onClick={() => {
                        void save(() =>
                          api.updateLabel({
                            id: label.id,
                            attributes: toDefs(
                              editing.drafts,
                              label.attributes.map((d) => d.key),
                            ),
                          }),
                        ).then((saved) => {
                          if (saved) setEditing(null);
                        });
                      }}
                    >
                      Save attributes
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setEditing(null);
                        // Back to the button that opened the editor, inside the dialog, so Escape still closes it.
                        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[aria-label="Attributes of ${CSS.escape(label.name)}"]`)?.focus());
                      }}
                    >
                      Cancel
                    </button>
                  </div>
                </td>
              </tr>
            ),
          ])}
        </tbody>
      </table>

      <form
        className="add-label"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <h3>Add a label</h3>
        <div className="row">
          <label>
            Name
            <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label>
            Colour
            <input type="color" value={draft.color} onChange={(e) => setDraft({ ...draft, color: e.target.value })} />
          </label>
          <label>
            Key
            <select value={draft.hotkey} onChange={(e) => setDraft({ ...draft, hotkey: e.target.value })}>
              {KEYS.map((k) => (
                <option key={k} value={k} disabled={Boolean(k) && labels.some((l) => !l.archived && l.hotkey === k)}>
                  {k || 'none'}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="block">
          Guideline
          <textarea rows={2} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        </label>
        <AttributeEditor value={attributes} onChange={setAttributes} />
        <button type="submit" className="button primary">
          Add label
        </button>
      </form>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </Dialog>
  );
}
