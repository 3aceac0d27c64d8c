import { type JSX, useState } from 'react';
import { chosenOptions } from '../../../../shared/attributes';
import { CONFIDENCES, type AttributeDef, type AttributeValue, type Attributes, type Confidence, type Label, type ReviewItem } from '../../../../shared/domain';
import { sameValue } from '../../../../shared/review/disagreements';
import { mergedConfidence, mergedNote } from '../../../../shared/review/gold-details';

/** What the reviewer can set on the gold span an accept makes. */
export interface AcceptChoices {
  labelId?: number;
  start?: number;
  end?: number;
  attributes?: Attributes;
  note?: string;
  confidence?: Confidence | null;
  comment?: string;
}

const show = (value: AttributeValue): string => (Array.isArray(value) ? value.join(', ') : String(value));

/** Each attribute key the annotators gave different values (or gave and left out), with every annotator's value. */
export function attributeDisagreements(item: Pick<ReviewItem, 'spans'>): Map<string, { annotator: string; value: AttributeValue | undefined }[]> {
  const keys = new Set(item.spans.flatMap((s) => Object.keys(s.attributes)));
  const out = new Map<string, { annotator: string; value: AttributeValue | undefined }[]>();
  for (const key of keys) {
    const values = item.spans.map((s) => ({ annotator: s.annotator, value: s.attributes[key] }));
    if (values.some((v) => !sameValue(v.value, values[0]!.value))) out.set(key, values);
  }
  return out;
}

/**
 * The details of an accept: label, boundaries, attributes, the gold span's
 * note and confidence, and a comment. Attributes the annotators agree on
 * start filled in; one they disagree on starts empty, with each annotator's
 * value a click away, so gold never takes one side's value unchosen.
 */
export function DecisionDetailsForm({
  item,
  text,
  labels,
  onAccept,
  onComment,
  onCancel,
}: {
  item: ReviewItem;
  text: string | undefined;
  labels: Label[];
  onAccept: (choices: AcceptChoices) => void;
  onComment: (comment: string) => void;
  onCancel: () => void;
}): JSX.Element {
  const disagreements = attributeDisagreements(item);
  const [labelId, setLabelId] = useState(item.labelId);
  const [start, setStart] = useState(item.start);
  const [end, setEnd] = useState(item.end);
  const [attributes, setAttributes] = useState<Attributes>(() =>
    Object.fromEntries(Object.entries(item.spans[0]?.attributes ?? {}).filter(([key]) => !disagreements.has(key))),
  );
  // What an accept gives gold by default; sent only when the reviewer changes it, so a gold span that already holds this text keeps its own.
  const [defaults] = useState(() => ({ note: mergedNote(item.spans), confidence: mergedConfidence(item.spans) }));
  const [note, setNote] = useState(defaults.note);
  const [confidence, setConfidence] = useState<Confidence | null>(defaults.confidence);
  const [comment, setComment] = useState('');
  const label = labels.find((l) => l.id === labelId);
  const preview = text && end > start ? text.slice(start, end) : '';
  const setAttribute = (key: string, value: AttributeValue | undefined): void =>
    setAttributes((a) => {
      const next = { ...a };
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
      else next[key] = value;
      return next;
    });
  return (
    <form
      className="review-details"
      aria-label="Decision details"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        onAccept({
          ...(labelId !== item.labelId ? { labelId } : {}),
          ...(start !== item.start ? { start } : {}),
          ...(end !== item.end ? { end } : {}),
          attributes,
          ...(note !== defaults.note ? { note } : {}),
          ...(confidence !== defaults.confidence ? { confidence } : {}),
          ...(comment.trim() ? { comment } : {}),
        });
      }}
    >
      {disagreements.size > 0 && (
        <p className="review-conflict" role="note" data-testid="attribute-conflict">
          The annotators disagree on {[...disagreements.keys()].map((k) => label?.attributes.find((d) => d.key === k)?.name ?? k).join(', ')}: choose the value
          gold takes.
        </p>
      )}
      <label>
        Label
        <select autoFocus value={labelId} onChange={(e) => setLabelId(Number(e.target.value))}>
          {labels
            .filter((l) => !l.archived || l.id === item.labelId)
            .map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
        </select>
      </label>
      <div className="row">
        <label>
          Start
          <input type="number" min={0} value={start} onChange={(e) => setStart(Number(e.target.value))} />
        </label>
        <label>
          End
          <input type="number" min={0} value={end} onChange={(e) => setEnd(Number(e.target.value))} />
        </label>
      </div>
      <p className="hint">
        Text: <q data-testid="details-preview">{preview}</q>
      </p>
      {(label?.attributes ?? []).map((def) => (
        <div key={def.key} className="review-attribute">
          <AttributeInput def={def} value={attributes[def.key]} onSet={(value) => setAttribute(def.key, value)} />
          {disagreements.has(def.key) && (
            <span className="review-choices">
              {disagreements.get(def.key)!.map(({ annotator, value }) => (
                <button
                  key={annotator}
                  type="button"
                  className={`button subtle small${sameValue(attributes[def.key], value) ? ' chosen' : ''}`}
                  aria-pressed={sameValue(attributes[def.key], value)}
                  onClick={() => setAttribute(def.key, value)}
                >
                  {annotator}: {value === undefined ? 'none' : show(value)}
                </button>
              ))}
            </span>
          )}
        </div>
      ))}
      <label>
        Gold note
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      </label>
      <label>
        Confidence
        <select value={confidence ?? ''} onChange={(e) => setConfidence((e.target.value || null) as Confidence | null)}>
          <option value="">—</option>
          {CONFIDENCES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Comment
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
      </label>
      <div className="row">
        <button type="submit" className="button primary">
          Accept with these
        </button>
        <button type="button" className="button" disabled={!comment.trim()} onClick={() => onComment(comment)}>
          Add comment only
        </button>
        <button type="button" className="button subtle" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AttributeInput({
  def,
  value,
  onSet,
}: {
  def: AttributeDef;
  value: AttributeValue | undefined;
  onSet: (value: AttributeValue | undefined) => void;
}): JSX.Element {
  if (def.type === 'boolean') {
    return (
      <label>
        <input type="checkbox" checked={value === true} onChange={(e) => onSet(e.target.checked || undefined)} /> {def.name}
      </label>
    );
  }
  if (def.type === 'multichoice') {
    const chosen = chosenOptions(value);
    const options = [...(def.options ?? []), ...chosen.filter((c) => !(def.options ?? []).includes(c))];
    return (
      <fieldset className="multichoice">
        <legend>{def.name}</legend>
        {options.map((o) => (
          <label key={o} className="radio">
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              onChange={(e) => onSet(options.filter((x) => (x === o ? e.target.checked : chosen.includes(x))))}
            />
            {o.replace(/_/g, ' ')}
          </label>
        ))}
      </fieldset>
    );
  }
  if (def.type === 'choice') {
    return (
      <label>
        {def.name}
        <select value={typeof value === 'string' ? value : ''} onChange={(e) => onSet(e.target.value || undefined)}>
          <option value="">—</option>
          {(def.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          {typeof value === 'string' && value && !(def.options ?? []).includes(value) && <option value={value}>{value} (no longer listed)</option>}
        </select>
      </label>
    );
  }
  return (
    <label>
      {def.name}
      <input
        value={value === undefined ? '' : String(value)}
        inputMode={def.type === 'integer' ? 'numeric' : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          const n = Number(raw.replace(/[,\s_]/g, ''));
          onSet(def.type === 'integer' && raw.trim() !== '' && Number.isSafeInteger(n) ? n : raw);
        }}
      />
    </label>
  );
}
