import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain';
import { AnnotationStore } from '../../../src/renderer/src/state/annotation-store';
import { STORE_LABELS as labels, storeSpan } from '../../helpers/store-spans';

/**
 * visibleIn and findAt read the sorted list when the store has one, looking
 * only at spans that start within the longest span's length of the range:
 * after any series of changes they must find exactly what a look at every
 * span finds.
 */

const TEXT = 'x'.repeat(200);

const span = (id: string, annotator: string, start: number, length: number, labelId: number): Annotation =>
  storeSpan(TEXT, id, annotator, start, length, labelId);

const spanArb = fc.record({
  annotator: fc.constantFrom('me', 'ana'),
  start: fc.integer({ min: 0, max: 199 }),
  // Mostly short, sometimes most of the text: the longest span decides how far back a lookup starts.
  length: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 200 }) }),
  labelId: fc.integer({ min: 1, max: 3 }),
});
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), span: spanArb }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), span: spanArb }),
  fc.record({ kind: fc.constant('sort' as const) }),
  fc.record({ kind: fc.constant('replace' as const), spans: fc.array(spanArb, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('hide' as const), labelId: fc.integer({ min: 1, max: 3 }), hidden: fc.boolean() }),
);
const rangeArb = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([start, length]) => ({ start, end: start + length }));

describe('AnnotationStore lookups by place', () => {
  it('visibleIn and findAt equal a look at every span, with or without the sorted list', () => {
    fc.assert(
      fc.property(
        fc.array(spanArb, { maxLength: 12 }),
        fc.array(stepArb, { maxLength: 25 }),
        fc.array(rangeArb, { minLength: 3, maxLength: 3 }),
        (initial, steps, ranges) => {
          let next = 0;
          const store = new AnnotationStore(
            'a',
            TEXT,
            initial.map((s) => span(`s${next++}`, s.annotator, s.start, s.length, s.labelId)),
            labels,
          );
          const hidden = new Set<number>();
          for (const step of steps) {
            const ids = store.all().map((a) => a.id);
            if (step.kind === 'add') store.upsert(span(`s${next++}`, step.span.annotator, step.span.start, step.span.length, step.span.labelId));
            if (step.kind === 'remove' && ids.length) store.remove(ids[step.pick % ids.length]!);
            if (step.kind === 'move' && ids.length)
              store.upsert(span(ids[step.pick % ids.length]!, step.span.annotator, step.span.start, step.span.length, step.span.labelId));
            if (step.kind === 'sort') store.all();
            if (step.kind === 'replace') store.replaceAll(step.spans.map((s) => span(`s${next++}`, s.annotator, s.start, s.length, s.labelId)));
            if (step.kind === 'hide') {
              store.setHidden(step.labelId, step.hidden);
              if (step.hidden) hidden.add(step.labelId);
              else hidden.delete(step.labelId);
            }
            // Half the time the lookups run before anything asks for the sorted list again.
            const every = [...store.all()];
            if (next % 2) store.replaceAll(every);
            for (const { start, end } of ranges) {
              const expected = every.filter((a) => a.start < end && a.end > start && !hidden.has(a.labelId)).map((a) => a.id);
              expect(
                store
                  .visibleIn(start, end)
                  .map((a) => a.id)
                  .sort(),
              ).toEqual(expected.sort());
            }
            for (const a of every.slice(0, 3)) {
              expect(store.findAt(a.start, a.end, a.labelId, a.annotator)).toBeDefined();
              expect(store.findAt(a.start, a.end, a.labelId, a.annotator === 'me' ? 'nobody' : 'me')?.annotator ?? 'me').toBe('me');
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
