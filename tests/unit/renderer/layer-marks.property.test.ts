import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain';
import { AnnotationStore } from '../../../src/renderer/src/state/annotation-store';
import { STORE_LABELS as labels, storeSpan } from '../../helpers/store-spans';

const TEXT = 'x'.repeat(60);

const span = (id: string, annotator: string, start: number, length: number, labelId: number): Annotation =>
  storeSpan(TEXT, id, annotator, start, length, labelId);

const annotators = ['me', 'ana', 'bob'];
const spanArb = fc.record({
  annotator: fc.constantFrom(...annotators),
  start: fc.integer({ min: 0, max: 55 }),
  length: fc.integer({ min: 1, max: 8 }),
  labelId: fc.integer({ min: 1, max: 3 }),
});
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), span: spanArb }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), span: spanArb }),
);

/** Every visible span's layer marks, as the store shows them. */
function marks(store: AnnotationStore): unknown[] {
  return store.visible().map((a) => [a.id, store.layerOf(a.id)]);
}

describe('layer marks and text order after one span changes', () => {
  it('equal those of a store built afresh with the same spans (the patches around a change are exact)', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { minLength: 2, maxLength: 25 }), fc.array(stepArb, { maxLength: 12 }), (initial, steps) => {
        let n = 0;
        const start = initial.map((s) => span(`s${n++}`, s.annotator, s.start, s.length, s.labelId));
        const store = new AnnotationStore('a', TEXT, start, labels);
        store.setMe('me');
        marks(store); // the layer map exists: later changes patch it
        for (const step of steps) {
          const all = store.all();
          if (step.kind === 'add') store.upsert(span(`s${n++}`, step.span.annotator, step.span.start, step.span.length, step.span.labelId));
          else if (all.length === 0) continue;
          else if (step.kind === 'remove') store.remove(all[step.pick % all.length]!.id);
          else {
            const target = all[step.pick % all.length]!;
            store.upsert(span(target.id, target.annotator, step.span.start, step.span.length, step.span.labelId));
          }
          const fresh = new AnnotationStore('a', TEXT, store.all(), labels);
          fresh.setMe('me');
          expect(marks(store)).toEqual(marks(fresh));
          expect(store.all().map((a) => a.id)).toEqual(fresh.all().map((a) => a.id));
        }
      }),
      { numRuns: 300 },
    );
  });
});
