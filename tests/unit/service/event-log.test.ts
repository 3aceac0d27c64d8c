import { afterEach, describe, expect, it } from 'vitest';
import { applyEventLog, exportEventLog } from '../../../src/main/service/event-log';
import { createContext } from '../../../src/main/service/context';
import type { Db } from '../../../src/main/store/database';
import { makeClock, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

const TEXT = 'The ministry claimed 12 soldiers died; observers 🙂 disputed the figure.\n';
const at = (quote: string) => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });

const opened: TestWorkbench[] = [];
afterEach(() => opened.splice(0).forEach((w) => w.close()));

function fresh(): TestWorkbench {
  const wb = openTestWorkbench(':memory:', makeClock('2030-01-01T00:00:00.000Z'));
  wb.service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] });
  opened.push(wb);
  return wb;
}

const ctxOf = (wb: TestWorkbench) => createContext(wb.db, { host: 'browser', appVersion: 't', defaultAnnotator: 'x' });

/** Everything a machine's state is made of, without local row numbers. */
function state(db: Db) {
  return {
    spans: db
      .prepare(
        `SELECT n.id, a.name AS layer, l.key AS label, n.start, n.end, n.quote, n.note, n.confidence, n.attributes, n.status,
                n.created_at, n.updated_at, n.deleted_at, ar.sha256
         FROM annotations n JOIN annotators a ON a.id = n.annotator_id JOIN labels l ON l.id = n.label_id JOIN articles ar ON ar.id = n.article_id
         ORDER BY n.id`,
      )
      .all(),
    events: db
      .prepare(`SELECT e.id, e.at, a.name AS actor, e.kind, e.annotation_id, e.target_id, e.before IS NULL AS b, e.after IS NULL AS f FROM events e JOIN annotators a ON a.id = e.annotator_id ORDER BY e.seq`)
      .all(),
    decisions: db.prepare(`SELECT d.id, d.at, a.name AS reviewer, d.kind, d.span_ids, d.gold_id, d.target_id FROM review_decisions d JOIN annotators a ON a.id = d.reviewer_id ORDER BY d.seq`).all(),
    annotators: db.prepare('SELECT name, kind FROM annotators ORDER BY name').all(),
  };
}

describe('the event log replays the same state on every machine', () => {
  it('applies one log into two fresh databases, giving the same spans, events and decisions as the source', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const labels = source.service.listLabels({});
    const claim = labels.find((l) => l.key === 'claim')!.id;
    const casualty = labels.find((l) => l.key === 'casualty_figure')!.id;
    const ana = source.service.as('ana');
    const ben = source.service.as('ben');
    const rita = source.service.as('rita');
    const a1 = ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    const b1 = ben.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    const a2 = ana.createAnnotation({ articleId, labelId: casualty, ...at('12 soldiers'), attributes: { value: 12 } });
    ana.updateAnnotation({ id: a2.id, ...at('12 soldiers died'), note: 'whole phrase' });
    const a3 = ana.createAnnotation({ articleId, labelId: claim, ...at('observers 🙂') });
    ana.deleteAnnotation({ id: a3.id });
    ana.undo({ articleId }); // brings a3 back
    ana.undo({ articleId }); // undoes the boundary change
    ana.redo({ articleId });
    rita.reviewDecide({ spanIds: [a1.id, b1.id], action: 'accept' });
    rita.reviewDecide({ spanIds: [a2.id], action: 'reject', reason: 'counted twice' });
    rita.reviewDecide({ spanIds: [a3.id], action: 'accept', labelId: casualty, attributes: { value: 1 } });
    rita.reviewUndo({});
    rita.reviewDecide({ spanIds: [a3.id], action: 'comment', comment: 'ask ana' });

    const log = JSON.parse(JSON.stringify(exportEventLog(ctxOf(source)))) as ReturnType<typeof exportEventLog>;
    const first = fresh();
    const second = fresh();
    expect(applyEventLog(ctxOf(first), log)).toEqual({ events: log.events.length, decisions: log.decisions.length });
    applyEventLog(ctxOf(second), log);
    expect(state(first.db)).toEqual(state(second.db));
    expect(state(first.db)).toEqual(state(source.db));
    // The review queue reads the same too.
    expect(first.service.reviewQueue({}).items.map((i) => [i.quote, i.decision?.kind ?? null])).toEqual(
      source.service.reviewQueue({}).items.map((i) => [i.quote, i.decision?.kind ?? null]),
    );
  });

  it('is idempotent: applying the same log again changes nothing', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const claim = source.service.listLabels({}).find((l) => l.key === 'claim')!.id;
    source.service.as('ana').createAnnotation({ articleId, labelId: claim, ...at('observers') });
    const log = exportEventLog(ctxOf(source));
    const target = fresh();
    applyEventLog(ctxOf(target), log);
    const once = state(target.db);
    expect(applyEventLog(ctxOf(target), log)).toEqual({ events: 0, decisions: 0 });
    expect(state(target.db)).toEqual(once);
  });

  it('refuses a log naming an article this database lacks, leaving the database as it was', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const claim = source.service.listLabels({}).find((l) => l.key === 'claim')!.id;
    source.service.as('ana').createAnnotation({ articleId, labelId: claim, ...at('observers') });
    const log = exportEventLog(ctxOf(source));
    const empty = openTestWorkbench();
    opened.push(empty);
    expect(() => applyEventLog(ctxOf(empty), log)).toThrow(/does not have; import it first/);
    expect(state(empty.db).events).toEqual([]);
  });
});
