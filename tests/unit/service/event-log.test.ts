import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/store/database';
import { catchWorkbenchError, makeClock, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

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
      .prepare(
        `SELECT e.id, e.at, a.name AS actor, e.kind, e.annotation_id, e.target_id, e.before IS NULL AS b, e.after IS NULL AS f FROM events e JOIN annotators a ON a.id = e.annotator_id ORDER BY e.seq`,
      )
      .all(),
    decisions: db
      .prepare(
        `SELECT d.id, d.at, a.name AS reviewer, d.kind, d.span_ids, d.gold_id, d.target_id, d.batch FROM review_decisions d JOIN annotators a ON a.id = d.reviewer_id ORDER BY d.seq`,
      )
      .all(),
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

    const log = source.service.exportEventLog({});
    const first = fresh();
    const second = fresh();
    expect(first.service.applyEventLog({ content: log.content })).toEqual({ events: log.events, decisions: log.decisions, alreadyHere: 0 });
    second.service.applyEventLog({ content: log.content });
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
    const log = source.service.exportEventLog({});
    const target = fresh();
    target.service.applyEventLog({ content: log.content });
    const once = state(target.db);
    expect(target.service.applyEventLog({ content: log.content })).toEqual({ events: 0, decisions: 0, alreadyHere: log.events });
    expect(state(target.db)).toEqual(once);
  });

  it('refuses a log naming an article this database lacks, leaving the database as it was', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const claim = source.service.listLabels({}).find((l) => l.key === 'claim')!.id;
    source.service.as('ana').createAnnotation({ articleId, labelId: claim, ...at('observers') });
    const log = source.service.exportEventLog({});
    const empty = openTestWorkbench();
    opened.push(empty);
    const error = catchWorkbenchError(() => empty.service.applyEventLog({ content: log.content, fileName: 'ana.events' }), 'invalid_input');
    expect(error.message).toMatch(
      /^ana\.events, line 2 \(event [0-9a-f-]{36}\): names an article \(SHA-256 [0-9a-f]{12}…\) this database does not have; import it first; nothing was applied$/,
    );
    expect(state(empty.db).events).toEqual([]);
  });

  it('exports only what came after --since, events and decisions interleaved in the order written, and the parts apply to the same state', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const claim = source.service.listLabels({}).find((l) => l.key === 'claim')!.id;
    const ana = source.service.as('ana');
    const rita = source.service.as('rita');
    const a1 = ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    rita.reviewDecide({ spanIds: [a1.id], action: 'comment', comment: 'check' });
    const firstPart = source.service.exportEventLog({});
    expect(firstPart).toMatchObject({ events: 1, decisions: 1 });
    // The comment came after the create: it is the last entry and the cursor for next time.
    expect(
      firstPart.content
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type?: string }).type),
    ).toEqual([undefined, 'event', 'decision']);

    const a2 = ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    rita.reviewDecide({ spanIds: [a2.id], action: 'accept' }); // a gold create event, then the decision
    ana.updateAnnotation({ id: a1.id, note: 'later' });
    const secondPart = source.service.exportEventLog({ since: firstPart.last! });
    const types = secondPart.content
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { type: string; kind: string });
    expect(types.map((t) => `${t.type}:${t.kind}`)).toEqual(['event:create', 'event:create', 'decision:accept', 'event:update']);
    // Resuming after an event (not a decision) works too.
    const afterAccept = source.service.exportEventLog({ since: JSON.parse(secondPart.content.trim().split('\n')[3]!).id as string });
    expect(afterAccept).toMatchObject({ events: 1, decisions: 0 });

    const target = fresh();
    target.service.applyEventLog({ content: firstPart.content });
    target.service.applyEventLog({ content: secondPart.content });
    expect(state(target.db)).toEqual(state(source.db));
    expect(catchWorkbenchError(() => source.service.exportEventLog({ since: 'no-such-id' }), 'not_found').message).toMatch(
      /no event or review decision with id no-such-id/,
    );
  });

  it('refuses a file with a bad entry anywhere, naming its line and id, and applies none of the entries before it', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const claim = source.service.listLabels({}).find((l) => l.key === 'claim')!.id;
    const ana = source.service.as('ana');
    ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    const lines = source.service.exportEventLog({}).content.trim().split('\n');
    const target = fresh();
    const before = state(target.db);
    const tamper = (index: number, change: (entry: Record<string, unknown>) => void): string => {
      const copy = [...lines];
      const entry = JSON.parse(copy[index]!) as Record<string, unknown>;
      change(entry);
      copy[index] = JSON.stringify(entry);
      return `${copy.join('\n')}\n`;
    };
    const second = JSON.parse(lines[2]!) as { id: string };
    const cases: [string, RegExp][] = [
      [`${lines[0]}\n${lines[1]}\n{"type":"event","id":"x"\n`, /^log, line 3: not JSON/],
      [
        tamper(2, (e) => ((e.after as Record<string, unknown>).quote = 'forged')),
        new RegExp(`^log, line 3 \\(event ${second.id}\\): the quote of span \\d+-\\d+ is not the article's text there; nothing was applied$`),
      ],
      [
        tamper(2, (e) => ((e.after as Record<string, unknown>).label = 'no_such_label')),
        /line 3 \(event .*\): names label “no_such_label”, which this database does not have/,
      ],
      [tamper(2, (e) => ((e.after as Record<string, unknown>).end = 10_000)), /line 3 \(event .*\): span \d+-10000 lies outside its article/],
      [tamper(2, (e) => (e.kind = 'rename')), new RegExp(`^log, line 3 \\(entry ${second.id}\\): kind: `)],
      [tamper(2, (e) => (e.layer = 'gold\u0000')), /line 3 .*layer/],
      [lines.slice(1).join('\n'), /^log, line 1: not a workbench event log/],
      ['', /^log, line 1: the file is empty/],
    ];
    for (const [content, message] of cases) {
      expect(catchWorkbenchError(() => target.service.applyEventLog({ content, fileName: 'log' }), 'invalid_input').message).toMatch(message);
      expect(state(target.db)).toEqual(before);
    }
  });

  it('never lets one analyst’s log change another’s layer', () => {
    const source = fresh();
    const articleId = source.service.listArticles({})[0]!.id;
    const claim = source.service.listLabels({}).find((l) => l.key === 'claim')!.id;
    const mine = source.service.as('ana').createAnnotation({ articleId, labelId: claim, ...at('observers') });
    source.service.as('ana').updateAnnotation({ id: mine.id, note: 'mine' });
    const lines = source.service.exportEventLog({}).content.trim().split('\n');
    const target = fresh();
    target.service.applyEventLog({ content: `${lines[0]}\n${lines[1]}\n` });
    // The update, re-labelled as ben's layer: here the span is ana's.
    const forged = JSON.parse(lines[2]!) as Record<string, unknown>;
    forged.layer = 'ben';
    const before = state(target.db);
    const error = catchWorkbenchError(() => target.service.applyEventLog({ content: `${lines[0]}\n${JSON.stringify(forged)}\n` }), 'invalid_input');
    expect(error.message).toMatch(/changes span .* as ben's, but here it is in ana's layer/);
    expect(state(target.db)).toEqual(before);
  });
});
