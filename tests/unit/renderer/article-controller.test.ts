// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { WorkbenchClient } from '../../../src/shared/api';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';
import type { Annotation, Label } from '../../../src/shared/domain';
import { AnnotationStore } from '../../../src/renderer/src/state/annotation-store';
import { ArticleController } from '../../../src/renderer/src/state/article-controller';

const TEXT = 'The ministry said 12 soldiers died near the port.';
const labels: Label[] = DEFAULT_LABELS.map((l, i) => ({ ...l, id: i + 1, position: i, archived: false }));
const claim = labels[0]!;
const casualty = labels[2]!;

/** A fake API whose calls wait until the test answers them, in order. */
function fakeApi() {
  const calls: { method: string; input: Record<string, unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const db = new Map<string, Annotation>();
  const handler = (method: string) => (input: Record<string, unknown>) => new Promise((resolve, reject) => calls.push({ method, input, resolve, reject }));
  const api = new Proxy({}, { get: (_t, method: string) => handler(method) }) as unknown as WorkbenchClient;
  /** Answers the oldest waiting call as the database would, or fails it. */
  const answer = async (fail?: Error) => {
    await flush();
    const call = calls.shift();
    if (!call) throw new Error('no call is waiting');
    if (fail) call.reject(fail);
    else if (call.method === 'createAnnotation' || call.method === 'updateAnnotation') {
      const before = db.get(call.input.id as string);
      const saved = {
        ...(before ?? { quote: '', note: '', confidence: null, status: 'proposed', annotator: 'tester', createdAt: 'db', articleId: 'a' }),
        ...call.input,
        updatedAt: 'db',
      } as Annotation;
      saved.quote = TEXT.slice(saved.start, saved.end);
      db.set(saved.id, saved);
      call.resolve(saved);
    } else if (call.method === 'deleteAnnotation') {
      const gone = db.get(call.input.id as string);
      db.delete(call.input.id as string);
      call.resolve(gone);
    } else if (call.method === 'listAnnotations') call.resolve([...db.values()]);
    else call.resolve(null);
    await flush();
  };
  return { api, calls, db, answer };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function setup() {
  const fake = fakeApi();
  const store = new AnnotationStore('a', TEXT, [], labels);
  const messages: string[] = [];
  const controller = new ArticleController(
    store,
    fake.api,
    (m) => messages.push(m),
    () => 'tester',
  );
  return { ...fake, store, controller, messages };
}

const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });

describe('ArticleController', () => {
  it('shows a new span at once, snapped to words, and reads a casualty figure from its text', () => {
    const { store, controller } = setup();
    const span = controller.tag(casualty, { start: TEXT.indexOf('2 soldiers'), end: TEXT.indexOf(' died') }, false)!;
    expect(store.get(span.id)!.quote).toBe('12 soldiers');
    expect(store.get(span.id)!.attributes).toMatchObject({ value: 12, category: 'killed', population: 'military' });
    expect(controller.status.pending).toBe(1);
  });

  it('never lets the reply to an earlier write overwrite a later edit of the same span', async () => {
    const { store, controller, answer, db } = setup();
    const span = controller.tag(claim, at('The ministry said'), true)!;
    controller.update(span.id, { note: 'first' });
    controller.update(span.id, { attributes: { source: 'ministry' } });
    await answer(); // create
    expect(store.get(span.id)!.note).toBe('first');
    expect(store.get(span.id)!.attributes).toEqual({ source: 'ministry' });
    await answer(); // note
    expect(store.get(span.id)!.attributes).toEqual({ source: 'ministry' });
    await answer(); // attributes
    expect(controller.status).toEqual({ pending: 0, failed: false });
    expect(db.get(span.id)).toMatchObject({ note: 'first', attributes: { source: 'ministry' } });
  });

  it('after a failed write, reloads the spans as the database has them and reports it', async () => {
    const { store, controller, answer, messages } = setup();
    const kept = controller.tag(claim, at('The ministry'), true)!;
    await answer();
    const lost = controller.tag(casualty, at('12 soldiers'), true)!;
    controller.relabel(lost.id, claim);
    await answer(new Error('host stopped')); // create fails
    expect(controller.status.failed).toBe(true);
    await answer(new Error('no such annotation')); // the relabel fails too
    await answer(); // the reload
    expect(store.all().map((a) => a.id)).toEqual([kept.id]);
    expect(controller.status).toEqual({ pending: 0, failed: false });
    expect(messages.some((m) => m.includes('host stopped'))).toBe(true);
    expect(messages.at(-1)).toMatch(/reloaded/);
  });

  it('does not let a reload replace changes made while it was under way', async () => {
    const { store, controller, answer } = setup();
    const first = controller.tag(claim, at('The ministry'), true)!;
    await answer(new Error('flaky')); // create fails, a reload is queued
    const second = controller.tag(casualty, at('12 soldiers'), true)!; // made while the reload waits
    await answer(); // the reload answers (without the new span): not applied
    expect(store.get(second.id)).toBeDefined();
    expect(store.get(first.id)).toBeDefined();
    await answer(); // the second create
    await answer(); // the reload after the queue drained
    expect(store.all().map((a) => a.id)).toEqual([second.id]);
  });

  it('removes a deleted span and selects nothing, so a second Delete removes nothing', async () => {
    const { store, controller, answer } = setup();
    const a = controller.tag(claim, at('The ministry'), true)!;
    const b = controller.tag(casualty, at('12 soldiers'), true)!;
    await answer();
    await answer();
    store.select(a.id);
    controller.remove(a.id);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.selected).toBeNull();
    expect(controller.removedAt).toBe(a.start);
    await answer();
    expect(store.all().map((x) => x.id)).toEqual([b.id]);
  });

  it("leaves another analyst's span as it is, saying who edits it, instead of changing it on screen for the database to refuse", async () => {
    const { store, controller, calls, messages } = setup();
    const theirs: Annotation = {
      id: 'bob-1',
      articleId: 'a',
      labelId: claim.id,
      ...at('The ministry said'),
      quote: 'The ministry said',
      annotator: 'bob',
      note: '',
      confidence: null,
      attributes: {},
      status: 'proposed',
      createdAt: 'db',
      updatedAt: 'db',
    };
    store.upsert(theirs);
    controller.remove(theirs.id);
    controller.relabel(theirs.id, casualty);
    controller.resize(theirs.id, 'end', 'shrink', 'word');
    expect(controller.update(theirs.id, { note: 'mine now' })).toBe(false);
    await flush();
    expect(calls).toEqual([]);
    expect(store.get(theirs.id)).toEqual(theirs);
    expect(messages).toHaveLength(4);
    expect(messages[0]).toBe('Only bob edits this layer. Copy the span to yours to change it, or decide on it in Review.');
  });

  it('never moves or relabels a span onto an identical span of the same layer', async () => {
    const { store, controller, answer, calls, messages } = setup();
    const short = controller.tag(claim, at('ministry'), true)!;
    const long = controller.tag(claim, at('The ministry'), true)!;
    const other = controller.tag(casualty, at('ministry'), true)!;
    await answer();
    await answer();
    await answer();
    // Shrinking "The ministry" from its start would make it a second Claim over "ministry".
    controller.resize(long.id, 'start', 'shrink', 'word');
    expect(store.get(long.id)).toMatchObject(at('The ministry'));
    expect(messages.at(-1)).toBe('Not changed: “ministry” is already tagged Claim in this layer.');
    // Relabelling the Casualty figure over "ministry" to Claim would repeat the first span too.
    controller.relabel(other.id, claim);
    expect(store.get(other.id)!.labelId).toBe(casualty.id);
    await flush();
    expect(calls).toEqual([]);
    // A change that leaves the span unlike any other still goes through.
    controller.resize(long.id, 'end', 'grow', 'word');
    expect(store.get(long.id)).toMatchObject(at('The ministry said'));
    expect(store.get(short.id)).toMatchObject(at('ministry'));
    expect(calls.map((c) => c.method)).toEqual([]);
    await flush();
    expect(calls.map((c) => c.method)).toEqual(['updateAnnotation']);
  });
});
