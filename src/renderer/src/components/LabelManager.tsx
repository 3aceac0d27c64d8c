import { type JSX, useEffect, useRef, useState } from 'react';
import type { AttributeDef, AttributeType, Label } from '../../../shared/domain';
import { api, errorMessage } from '../api';
import { notify } from '../state/toasts';
import { Dialog } from './Dialog';

export interface LabelManagerProps {
  labels: Label[];
  onChanged: () => void;
  onClose: () => void;
}

const KEYS = ['', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const TYPES: AttributeType[] = ['text', 'integer', 'boolean', 'choice'];

function attributeKey(name: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(key) ? key : `a_${key || 'attribute'}`;
}

interface DraftAttribute {
  name: string;
  type: AttributeType;
  options: string;
}

/**
 * A colour field that saves once the picker closes (the native `change`
 * event), not on every step of a drag through the palette, which would
 * redraw a long article each time.
 */
function ColorInput({ label, value, onCommit }: { label: string; value: string; onCommit: (color: string) => void }): JSX.Element {
  const ref = useRef<HTMLInputElement>(null);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const onChange = (): void => {
      if (input.value.toLowerCase() !== value.toLowerCase()) commit.current(input.value);
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
    const defs: AttributeDef[] = attributes
      .filter((a) => a.name.trim())
      .map((a) => ({
        key: attributeKey(a.name),
        name: a.name.trim(),
        type: a.type,
        ...(a.type === 'choice' ? { options: a.options.split(',').map((o) => o.trim()).filter(Boolean) } : {}),
        ...(a.type === 'text' ? { suggest: true } : {}),
      }));
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
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((label, i) => (
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
                  <button type="button" className="button subtle" onClick={() => void save(() => api.updateLabel({ id: label.id, archived: !label.archived }))}>
                    {label.archived ? 'Restore' : 'Archive'}
                  </button>
                </td>
              </tr>
            ))}
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
          <fieldset>
            <legend>Attributes</legend>
            {attributes.map((a, i) => (
              <div className="row" key={i}>
                <input
                  aria-label="Attribute name"
                  placeholder="Name"
                  value={a.name}
                  onChange={(e) => setAttributes(attributes.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                />
                <select
                  aria-label="Attribute type"
                  value={a.type}
                  onChange={(e) => setAttributes(attributes.map((x, j) => (j === i ? { ...x, type: e.target.value as AttributeType } : x)))}
                >
                  {TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
                {a.type === 'choice' && (
                  <input
                    aria-label="Options, separated by commas"
                    placeholder="option one, option two"
                    value={a.options}
                    onChange={(e) => setAttributes(attributes.map((x, j) => (j === i ? { ...x, options: e.target.value } : x)))}
                  />
                )}
                <button type="button" className="icon" aria-label="Remove attribute" onClick={() => setAttributes(attributes.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            ))}
            <button type="button" className="button subtle" onClick={() => setAttributes([...attributes, { name: '', type: 'text', options: '' }])}>
              Add attribute
            </button>
          </fieldset>
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
