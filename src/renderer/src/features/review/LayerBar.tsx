import type { JSX } from 'react';
import { GOLD_ANNOTATOR } from '../../../../shared/domain';
import { annotatorInitials, type AnnotationStore } from '../../state/annotation-store';

/**
 * Show or hide each annotator's layer in the open article (shown only when
 * the article has more than one). Spans of other layers are outlined per
 * layer and carry their annotators' initials on hover; a red corner marks
 * spans where layers disagree.
 */
export function LayerBar({
  store,
  comparing,
  onCompare,
}: {
  store: AnnotationStore;
  comparing: boolean;
  onCompare: (comparing: boolean) => void;
}): JSX.Element | null {
  // The store keeps its annotators counted: no pass over every span of every layer after each key press.
  const layers = store.layers();
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
