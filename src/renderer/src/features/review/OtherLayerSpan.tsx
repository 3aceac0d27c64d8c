import type { JSX } from 'react';
import type { Annotation, Label } from '../../../../shared/domain';

/** Another analyst's span: read only here (their layer is theirs), with "copy to my layer". */
export function OtherLayerSpan({ annotation, label, onCopy }: { annotation: Annotation; label: Label | undefined; onCopy: () => void }): JSX.Element {
  const attributes = Object.entries(annotation.attributes);
  return (
    <section className="span-details other-layer" aria-label="Span in another layer">
      <p className="quote">“{annotation.quote}”</p>
      <p>
        <strong>{label?.name ?? 'Label'}</strong> in <strong>{annotation.annotator}</strong>'s layer
      </p>
      {attributes.length > 0 && <p className="muted">{attributes.map(([k, v]) => `${k}: ${String(v)}`).join(', ')}</p>}
      {annotation.note && <p className="muted">{annotation.note}</p>}
      <p className="hint">Only {annotation.annotator} edits this layer. Copy the span to yours to change it, or decide on it in Review.</p>
      <div className="row">
        <button type="button" className="button primary" data-details-first onClick={onCopy}>
          Copy to my layer
        </button>
      </div>
    </section>
  );
}
