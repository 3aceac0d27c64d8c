import { type JSX, useMemo } from 'react';
import { GOLD_ANNOTATOR, type Annotation } from '../../../../shared/domain';
import { annotatorInitials, layerNames, type AnnotationStore } from '../../state/annotation-store';

/**
 * Show or hide each annotator's layer in the open article (shown only when
 * the article has more than one). Spans of other layers are outlined per
 * layer and carry their annotators' initials on hover; a red corner marks
 * spans where layers disagree.
 */
export function LayerBar({
  store,
  annotations,
  comparing,
  onCompare,
}: {
  store: AnnotationStore;
  /** The article's spans as the panels show them. */
  annotations: readonly Annotation[];
  comparing: boolean;
  onCompare: (comparing: boolean) => void;
}): JSX.Element | null {
  const me = store.annotator;
  const layers = useMemo(() => layerNames(annotations, me), [annotations, me]);
  if (layers.length < 2) return null;
  return (
    <div className="layer-bar" role="group" aria-label="Layers">
      <span className="muted">Layers:</span>
      {layers.map((name) => (
        <label key={name} className={`layer-toggle by-${Math.min(store.layerIndex(name), 3)}${name === GOLD_ANNOTATOR ? ' by-gold' : ''}`}>
          <input type="checkbox" checked={!store.isLayerHidden(name)} onChange={(e) => store.setLayerHidden(name, !e.target.checked)} />
          <span className="layer-initials" aria-hidden="true">
            {name === GOLD_ANNOTATOR ? 'GOLD' : annotatorInitials(name)}
          </span>
          {name === store.annotator ? `${name} (you)` : name}
        </label>
      ))}
      <button type="button" className={`button subtle${comparing ? ' active' : ''}`} aria-pressed={comparing} onClick={() => onCompare(!comparing)}>
        Compare side by side
      </button>
      <span className="layer-legend muted">
        <span className="disagreement-sample" aria-hidden="true" /> disagreement
      </span>
    </div>
  );
}
