import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain';
import { initialAttributes } from '../../../src/shared/initial-attributes';
import { AnnotationStore } from '../../../src/renderer/src/state/annotation-store';
import { STORE_LABELS as labels, storeSpan } from '../../helpers/store-spans';

const TEXT = 'line one\nline two has 2,500 troops missing\nline three';

function annotation(id: string, start: number, end: number, labelId = 1): Annotation {
  return storeSpan(TEXT, id, 't', start, end - start, labelId);
}

describe('AnnotationStore', () => {
  it('reports the ranges to redraw: the new range on create, old and new on a move, none for invisible edits', () => {
    const store = new AnnotationStore('a', TEXT, [], labels);
    const changes: { start: number; end: number }[][] = [];
    store.onChange((r) => changes.push(r));
    store.upsert(annotation('x', 0, 4));
    store.upsert({ ...annotation('x', 0, 4), note: 'a note' });
    store.upsert(annotation('x', 9, 13));
    store.remove('x');
    expect(changes).toEqual([
      [{ start: 0, end: 4 }],
      [
        { start: 9, end: 13 },
        { start: 0, end: 4 },
      ],
      [{ start: 9, end: 13 }],
    ]);
  });

  it('keeps spans ordered by start, outer first, and hides filtered labels from the view', () => {
    const store = new AnnotationStore('a', TEXT, [annotation('inner', 9, 13, 3), annotation('outer', 9, 17, 1), annotation('first', 0, 4, 1)], labels);
    expect(store.all().map((a) => a.id)).toEqual(['first', 'outer', 'inner']);
    store.select('inner');
    store.setHidden(3, true);
    expect(store.visible().map((a) => a.id)).toEqual(['first', 'outer']);
    expect(store.selected).toBeNull();
  });

  it('redraws everything only when a visible property of a label changes', () => {
    const store = new AnnotationStore('a', TEXT, [], labels);
    const changes: unknown[] = [];
    store.onChange((r) => changes.push(r));
    store.setLabels(labels.map((l) => ({ ...l, description: 'changed guideline' })));
    expect(changes).toHaveLength(0);
    store.setLabels(labels.map((l) => (l.id === 1 ? { ...l, color: '#000000' } : l)));
    expect(changes).toEqual([[{ start: 0, end: TEXT.length }]]);
  });
});

describe('initialAttributes', () => {
  const casualty = labels.find((l) => l.key === 'casualty_figure')!;
  it('reads a casualty figure from the span and its category and population from the rest of the sentence', () => {
    const start = TEXT.indexOf('2,500');
    expect(initialAttributes(casualty, '2,500', TEXT.slice(start + 5))).toEqual({ value: 2500, category: 'missing', population: 'military' });
  });
  it('gives labels without figure attributes nothing', () => {
    expect(initialAttributes(labels[0]!, '2,500 troops', '')).toEqual({});
  });
});

describe('AnnotationStore layers', () => {
  const by = (a: Annotation, annotator: string): Annotation => ({ ...a, id: `${annotator}-${a.id}`, annotator });

  it('shows one layer as before, and several with the editing layer first, outlines per layer and disagreements marked', () => {
    const one = new AnnotationStore('a', TEXT, [annotation('x', 0, 4)], labels);
    one.setMe('t');
    expect(one.layerOf('x')).toBeUndefined();

    const store = new AnnotationStore(
      'a',
      TEXT,
      [by(annotation('s', 0, 4), 'ana'), by(annotation('s', 0, 4), 'ben'), by(annotation('d', 9, 13), 'ben'), by(annotation('g', 0, 4), 'gold')],
      labels,
    );
    store.setMe('ben');
    expect(store.layers()).toEqual(['ben', 'ana', 'gold']);
    expect(store.layerOf('ben-s')).toMatchObject({ index: 0, initials: 'BE', disagreement: false, gold: false });
    expect(store.layerOf('ana-s')).toMatchObject({ index: 1, initials: 'AN', disagreement: false });
    // Only ben made this one: a disagreement.
    expect(store.layerOf('ben-d')).toMatchObject({ disagreement: true });
    expect(store.layerOf('gold-g')).toMatchObject({ gold: true, initials: 'GOLD', index: 2 });

    store.setLayerHidden('ana', true);
    expect(store.visible().map((a) => a.id)).toEqual(['ben-s', 'gold-g', 'ben-d']);
    expect(store.layerOf('ben-d')).toMatchObject({ disagreement: false });
    expect(store.layerOf('ana-s')).toBeUndefined();
  });
});

describe('AnnotationStore disagreement marks follow attribute edits', () => {
  const by = (a: Annotation, annotator: string, attributes: Annotation['attributes'] = {}): Annotation => ({
    ...a,
    id: `${annotator}-${a.id}`,
    annotator,
    attributes,
  });

  it('redraws the place when another analyst’s attribute edit makes or ends an attribute conflict', () => {
    const store = new AnnotationStore(
      'a',
      TEXT,
      [by(annotation('s', 9, 13, 3), 'ana', { value: 2500 }), by(annotation('s', 9, 13, 3), 'ben', { value: 2500 })],
      labels,
    );
    store.setMe('ben');
    const redrawn: { start: number; end: number }[][] = [];
    store.onChange((ranges) => redrawn.push(ranges));
    expect(store.layerOf('ana-s')).toMatchObject({ disagreement: false });

    store.upsert(by(annotation('s', 9, 13, 3), 'ana', { value: 250 }));
    expect(redrawn).toEqual([[{ start: 9, end: 13 }]]);
    expect(store.layerOf('ana-s')).toMatchObject({ disagreement: true });
    expect(store.layerOf('ben-s')).toMatchObject({ disagreement: true });

    store.upsert(by(annotation('s', 9, 13, 3), 'ana', { value: 2500 }));
    expect(redrawn).toHaveLength(2);
    expect(store.layerOf('ben-s')).toMatchObject({ disagreement: false });
  });

  it('multi-choice values that hold the same items agree', () => {
    const store = new AnnotationStore(
      'a',
      TEXT,
      [by(annotation('s', 9, 13, 4), 'ana', { technique: ['Doubt'] }), by(annotation('s', 9, 13, 4), 'ben', { technique: ['Doubt'] })],
      labels,
    );
    store.setMe('ben');
    expect(store.layerOf('ben-s')).toMatchObject({ disagreement: false });
  });

  it('a one-layer store beside another marks spans the other has with other attributes, and redraws on an attribute edit', () => {
    const left = new AnnotationStore('a', TEXT, [by(annotation('s', 9, 13, 3), 'ana', { value: 2500 })], labels);
    left.compareWith([by(annotation('s', 9, 13, 3), 'ben', { value: 2500 })]);
    expect(left.layerOf('ana-s')).toMatchObject({ disagreement: false });
    left.compareWith([by(annotation('s', 9, 13, 3), 'ben', { value: 25 })]);
    expect(left.layerOf('ana-s')).toMatchObject({ disagreement: true });
    const redrawn: unknown[] = [];
    left.onChange((ranges) => redrawn.push(ranges));
    left.upsert(by(annotation('s', 9, 13, 3), 'ana', { value: 25 }));
    expect(redrawn).toEqual([[{ start: 9, end: 13 }]]);
    expect(left.layerOf('ana-s')).toMatchObject({ disagreement: false });
  });
});
