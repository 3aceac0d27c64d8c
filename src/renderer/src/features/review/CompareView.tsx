import { type JSX, useEffect, useMemo, useState } from 'react';
import type { Annotation, Label } from '../../../../shared/domain';
import { ArticleEditor } from '../../editor/ArticleEditor';
import { AnnotationStore } from '../../state/annotation-store';

const noop = (): void => {};

/**
 * Two layers of one article side by side, each in its own read-only editor
 * (each editor has its own mark lookup). A red edge marks the spans the other
 * side lacks (same start, end and label).
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
  const [left, setLeft] = useState(layers[0]!);
  const [right, setRight] = useState(layers[1] ?? layers[0]!);
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
  return (
    <div className="compare-view" data-testid="compare-view">
      {([
        [left, setLeft, stores[0]],
        [right, setRight, stores[1]],
      ] as const).map(([name, setName, store], i) => (
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
          <div className="article-scroll">
            <ArticleEditor key={`${name}-${i}`} store={store} onRoot={noop} onMarkClick={noop} onBackgroundClick={noop} label={`Article text, ${name}'s layer`} />
          </div>
        </section>
      ))}
    </div>
  );
}
