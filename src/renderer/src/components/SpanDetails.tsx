import { type JSX, useEffect, useId, useRef, useState } from 'react';
import { awaitsValue, chosenOptions, validateAttributes } from '../../../shared/attributes';
import type { CasualtyReading } from '../../../shared/casualty';
import type { ClaimSourceProposal } from '../../../shared/claim-source';
import type { Annotation, AttributeDef, AttributeValue, Confidence, Label } from '../../../shared/domain';
import { CONFIDENCES } from '../../../shared/domain';
import { api } from '../api';
import { useAutoCommit } from '../hooks/useAutoCommit';
import type { AnnotationPatch } from '../state/article-controller';
import { notify } from '../state/toasts';

export interface SpanDetailsProps {
  annotation: Annotation;
  labels: Label[];
  onChange: (patch: AnnotationPatch) => void;
  onDelete: () => void;
  /** What the casualty reader made of the span and its sentence (null for other labels). */
  reading?: CasualtyReading | null;
  /** A speaker and cue proposed from the sentence, and the fields accepting it would fill. */
  proposal?: { proposal: ClaimSourceProposal; fill: Record<string, string> } | null;
  onAcceptProposal?: () => void;
}

/** One formatter for every render (toLocaleString builds a new one per call, about a millisecond each). */
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : TIME_FORMAT.format(d);
}

/** What Escape says when it drops typing that was never saved. */
export function discardMessage(field: string, typed: string, saved: string): string {
  const kept = saved === '' ? 'it stays empty' : `it keeps the saved “${shorten(saved)}”`;
  return `${field}: unsaved typing “${shorten(typed)}” discarded; ${kept}.`;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 37)}…` : flat;
}

/** Marks an attribute's control so `e` can find the first one still awaiting a value. */
function fieldMarks(def: AttributeDef, awaiting: boolean): Record<string, string> {
  return awaiting ? { 'data-attribute': def.key, 'data-empty': 'true' } : { 'data-attribute': def.key };
}

/** A text or number field that commits on blur or Enter and shows its problem inline. */
function DraftField({
  def,
  value,
  awaiting,
  labelId,
  onCommit,
  readFrom,
}: {
  def: AttributeDef;
  value: AttributeValue | undefined;
  awaiting: boolean;
  labelId: number;
  onCommit: (value: AttributeValue | undefined) => void;
  readFrom?: string;
}): JSX.Element {
  const id = useId();
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const focused = useRef(false);
  // Follow changes from elsewhere (undo, another door), never while the analyst is typing here.
  useEffect(() => {
    if (!focused.current) setDraft(value === undefined ? '' : String(value));
  }, [value]);

  let parsed: AttributeValue | undefined = draft.trim() === '' ? undefined : draft.trim();
  let problem: string | null = null;
  if (def.type === 'integer' && parsed !== undefined) {
    const n = Number(String(parsed).replace(/[,\s_]/g, ''));
    if (!Number.isSafeInteger(n)) problem = 'Enter a whole number, e.g. 2500';
    else {
      parsed = n;
      problem = validateAttributes([def], { [def.key]: n })[0]?.message ?? null;
    }
  }
  const cancelled = useRef(false);
  const commit = (): void => {
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (problem) return;
    if (parsed !== value) onCommit(parsed);
  };
  useAutoCommit(parsed, value, (v) => onCommit(v), !problem);
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>{def.name}</label>
        <ReadFrom words={readFrom} />
      </div>
      <input
        id={id}
        {...fieldMarks(def, awaiting)}
        type="text"
        inputMode={def.type === 'integer' ? 'numeric' : undefined}
        value={draft}
        list={def.suggest ? `${id}-list` : undefined}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        title={def.help}
        onFocus={() => {
          focused.current = true;
          if (def.suggest) void api.attributeSuggestions({ attribute: def.key, labelId }).then(setSuggestions, () => setSuggestions([]));
        }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          focused.current = false;
          commit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
          if (e.key === 'Escape') {
            // Escape leaves the field and keeps what is saved. Only keystrokes not yet saved
            // (typed in the last moment, or not a valid value) are dropped, and a message says so.
            if (parsed !== value) {
              cancelled.current = true;
              const saved = value === undefined ? '' : String(value);
              setDraft(saved);
              notify(discardMessage(def.name, draft, saved));
            }
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      {def.suggest && (
        <datalist id={`${id}-list`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      {problem && (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

/** The words of the text a value was read from, shown beside the field's name (hover says so). */
function ReadFrom({ words }: { words: string | undefined }): JSX.Element | null {
  if (!words) return null;
  return (
    <span className="read-from" title={`Filled from the words “${words}” in the text; change it if that reading is wrong`}>
      from “{words}”
    </span>
  );
}

function AttributeField({
  def,
  value,
  awaiting,
  labelId,
  onSet,
  readFrom,
}: {
  def: AttributeDef;
  value: AttributeValue | undefined;
  awaiting: boolean;
  labelId: number;
  onSet: (value: AttributeValue | undefined) => void;
  readFrom?: string;
}): JSX.Element {
  const id = useId();
  if (def.type === 'boolean') {
    return (
      <div className="field field-inline">
        <input id={id} type="checkbox" {...fieldMarks(def, awaiting)} checked={value === true} onChange={(e) => onSet(e.target.checked ? true : undefined)} />
        <label htmlFor={id}>{def.name}</label>
        <ReadFrom words={readFrom} />
      </div>
    );
  }
  if (def.type === 'multichoice') {
    const chosen = chosenOptions(value);
    const options = [...(def.options ?? []), ...chosen.filter((c) => !(def.options ?? []).includes(c))];
    const toggle = (option: string, on: boolean): void => {
      const next = options.filter((o) => (o === option ? on : chosen.includes(o)));
      onSet(next.length ? next : undefined);
    };
    return (
      <fieldset className="field multichoice" title={def.help} {...(chosen.length ? {} : { 'data-empty-group': 'true' })}>
        <legend>
          {def.name} <span className="count">{chosen.length ? `${chosen.length} chosen` : ''}</span>
        </legend>
        <div className="multichoice-options">
          {options.map((o, i) => (
            <label key={o} className="radio">
              <input
                type="checkbox"
                {...(i === 0 ? fieldMarks(def, awaiting && chosen.length === 0) : {})}
                checked={chosen.includes(o)}
                onChange={(e) => toggle(o, e.target.checked)}
              />
              {o.replace(/_/g, ' ').replace(/,/g, ', ')}
              {!(def.options ?? []).includes(o) && ' (no longer listed)'}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (def.type === 'choice') {
    return (
      <div className="field">
        <div className="field-head">
          <label htmlFor={id}>{def.name}</label>
          <ReadFrom words={readFrom} />
        </div>
        <select
          id={id}
          {...fieldMarks(def, awaiting)}
          value={typeof value === 'string' ? value : ''}
          title={def.help}
          onChange={(e) => onSet(e.target.value || undefined)}
        >
          <option value="">—</option>
          {(def.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o.replace(/_/g, ' ')}
            </option>
          ))}
          {typeof value === 'string' && value && !(def.options ?? []).includes(value) && <option value={value}>{value} (no longer listed)</option>}
        </select>
      </div>
    );
  }
  return <DraftField def={def} value={value} awaiting={awaiting} labelId={labelId} onCommit={onSet} readFrom={readFrom} />;
}

export function SpanDetails({ annotation, labels, onChange, onDelete, reading, proposal, onAcceptProposal }: SpanDetailsProps): JSX.Element {
  const label = labels.find((l) => l.id === annotation.labelId);
  const [note, setNote] = useState(annotation.note);
  const noteFocused = useRef(false);
  const noteCancelled = useRef(false);
  useEffect(() => {
    if (!noteFocused.current) setNote(annotation.note);
  }, [annotation.id, annotation.note]);
  useAutoCommit(note, annotation.note, (value) => onChange({ note: value }), true);
  const labelSelectId = useId();
  const noteId = useId();

  const setAttribute = (key: string, value: AttributeValue | undefined): void => {
    const next = { ...annotation.attributes };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange({ attributes: next });
  };

  return (
    <section className="span-details" aria-label="Selected span" data-testid="span-details" data-span-id={annotation.id}>
      <header className="span-details-head">
        <span className="label-swatch" style={{ background: label?.color }} aria-hidden="true" />
        <blockquote className="quote">{annotation.quote}</blockquote>
      </header>
      <div className="field">
        <label htmlFor={labelSelectId}>Label</label>
        <select id={labelSelectId} value={annotation.labelId} onChange={(e) => onChange({ labelId: Number(e.target.value) })} data-details-first>
          {labels
            .filter((l) => !l.archived || l.id === annotation.labelId)
            .map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
                {l.archived ? ' (archived)' : ''}
              </option>
            ))}
        </select>
      </div>
      {reading?.warnings.map((w) => (
        <p key={w} className="reading-warning" role="note">
          Not a casualty count? {w}.
        </p>
      ))}
      {proposal && Object.keys(proposal.fill).length > 0 && (
        <div className="proposal" data-testid="source-proposal" title={`Read from “${proposal.proposal.evidence}”`}>
          <span>
            Suggested from the sentence:{' '}
            {Object.entries(proposal.fill).map(([key, v], i) => (
              <span key={key}>
                {i > 0 ? ' · ' : ''}
                {label?.attributes.find((d) => d.key === key)?.name ?? key} <strong>“{v}”</strong>
              </span>
            ))}
          </span>
          <button type="button" className="button subtle" tabIndex={-1} onClick={onAcceptProposal}>
            Accept <kbd>a</kbd>
          </button>
        </div>
      )}
      <div className="attribute-grid">
        {label?.attributes.map((def) => {
          const value = annotation.attributes[def.key];
          const read = reading?.values[def.key as keyof CasualtyReading['values']];
          const readFrom = value !== undefined && read === value ? reading?.evidence[def.key as keyof CasualtyReading['evidence']] : undefined;
          return (
            <AttributeField
              key={`${annotation.id}-${def.key}`}
              def={def}
              value={value}
              awaiting={awaitsValue(def, annotation.attributes)}
              labelId={annotation.labelId}
              onSet={(v) => setAttribute(def.key, v)}
              readFrom={readFrom}
            />
          );
        })}
      </div>
      <fieldset className="field confidence">
        <legend>Confidence</legend>
        {CONFIDENCES.map((c: Confidence) => (
          <label key={c} className="radio">
            <input type="radio" name={`confidence-${annotation.id}`} checked={annotation.confidence === c} onChange={() => onChange({ confidence: c })} />
            {c}
          </label>
        ))}
        {annotation.confidence && (
          <button type="button" className="link" onClick={() => onChange({ confidence: null })}>
            clear
          </button>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={noteId}>Note</label>
        <textarea
          id={noteId}
          rows={2}
          value={note}
          onFocus={() => {
            noteFocused.current = true;
          }}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            if (note !== annotation.note) {
              noteCancelled.current = true;
              setNote(annotation.note);
              notify(discardMessage('Note', note, annotation.note));
            }
            (e.target as HTMLTextAreaElement).blur();
          }}
          onBlur={() => {
            noteFocused.current = false;
            if (noteCancelled.current) noteCancelled.current = false;
            else if (note !== annotation.note) onChange({ note });
          }}
        />
      </div>
      <div className="details-foot">
        <p
          className="provenance"
          title={`Tagged by ${annotation.annotator} on ${formatTime(annotation.createdAt)}; last changed ${formatTime(annotation.updatedAt)}; offsets ${annotation.start}–${annotation.end}`}
        >
          <span>{annotation.annotator}</span> · <span>changed {formatTime(annotation.updatedAt)}</span> ·{' '}
          <span>
            {annotation.start}–{annotation.end}
          </span>
        </p>
        <button type="button" className="button danger" onClick={onDelete}>
          Delete span <kbd>Del</kbd>
        </button>
      </div>
    </section>
  );
}
