import { type JSX, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Label } from '../../../../shared/domain';
import { ArticleEditor } from '../../editor/ArticleEditor';
import { AnnotationStore } from '../../state/annotation-store';

const noop = (): void => {};

/**
 * Two layers of one article side by side, each in its own read-only editor
 * (each editor has its own mark lookup). Only the layers and labels the
 * layer bar and label filters leave shown take part. A red edge marks the
 * spans the other side lacks (same start, end and label) or has with other
 * attributes.
 */
export function CompareView({
  articleId,
  text,
  annotations,
  labels,
  layers,
}: {
  articleId: string;
  text: string;
  annotations: readonly Annotation[];
  labels: Label[];
  layers: string[];
}): JSX.Element {
  const [pickedLeft, setLeft] = useState(layers[0] ?? '');
  const [pickedRight, setRight] = useState(layers[1] ?? layers[0] ?? '');
  // A layer unticked in the layer bar leaves the comparison: its pane falls back to another shown layer.
  const left = layers.includes(pickedLeft) ? pickedLeft : (layers[0] ?? '');
  const right = layers.includes(pickedRight) ? pickedRight : (layers.find((l) => l !== left) ?? left);
  const stores = useMemo(() => {
    const of = (name: string) => annotations.filter((a) => a.annotator === name);
    const l = new AnnotationStore(articleId, text, of(left), labels);
    const r = new AnnotationStore(articleId, text, of(right), labels);
    l.compareWith(of(right));
    r.compareWith(of(left));
    return [l, r] as const;
  }, [articleId, text, annotations, labels, left, right]);
  useEffect(() => {
    for (const s of stores) s.setMe(s.layers()[0] ?? '');
  }, [stores]);
  // The panes show the same text at the same width: scrolling one scrolls the other to the same place.
  const panes = useRef<(HTMLDivElement | null)[]>([null, null]);
  const following = useRef<HTMLDivElement | null>(null);
  const follow = (from: number): void => {
    const source = panes.current[from];
    const other = panes.current[1 - from];
    if (!source || !other) return;
    if (following.current === source) {
      following.current = null; // this scroll was set by the other pane
      return;
    }
    if (Math.abs(other.scrollTop - source.scrollTop) < 1) return;
    following.current = other;
    other.scrollTop = source.scrollTop;
  };
  if (layers.length < 2) {
    return (
      <div className="compare-view compare-empty" data-testid="compare-view">
        <p className="muted">
          {layers.length === 0 ? 'No layer is shown.' : `Only ${layers[0]}'s layer is shown.`} Tick at least two layers above to compare them side by side.
        </p>
      </div>
    );
  }
  return (
    <div className="compare-view" data-testid="compare-view">
      {(
        [
          [left, setLeft, stores[0]],
          [right, setRight, stores[1]],
        ] as const
      ).map(([name, setName, store], i) => (
        <section key={i} className="compare-pane" aria-label={`${name}'s layer`}>
          <label className="compare-pick">
            Layer
            <select value={name} onChange={(e) => setName(e.target.value)}>
              {layers.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
            <span className="muted">{store.all().length} spans</span>
          </label>
          <div
            className="article-scroll"
            ref={(el) => {
              panes.current[i] = el;
            }}
            onScroll={() => follow(i)}
          >
            <ArticleEditor
              key={`${name}-${i}`}
              store={store}
              onRoot={noop}
              onMarkClick={noop}
              onBackgroundClick={noop}
              label={`Article text, ${name}'s layer`}
            />
          </div>
        </section>
      ))}
    </div>
  );
}
