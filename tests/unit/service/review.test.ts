import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSpansByLayer } from '../../../src/main/store/annotations';
import type { WorkbenchService } from '../../../src/main/service/workbench-service';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

const TEXT = 'The ministry claimed 12 soldiers died; observers disputed the figure.\n';
const at = (quote: string) => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });

let wb: TestWorkbench;
let articleId: string;
let claim: number;
let casualty: number;
let ana: WorkbenchService;
let ben: WorkbenchService;
let rita: WorkbenchService;
beforeEach(() => {
  wb = openTestWorkbench();
  articleId = wb.service.importArticles({ files: [{ name: 'a.txt', text: TEXT }] }).imported[0]!.id;
  const labels = wb.service.listLabels({});
  claim = labels.find((l) => l.key === 'claim')!.id;
  casualty = labels.find((l) => l.key === 'casualty_figure')!.id;
  ana = wb.service.as('ana');
  ben = wb.service.as('ben');
  rita = wb.service.as('rita');
});
afterEach(() => wb.close());

const gold = () => listSpansByLayer(wb.db, { annotators: ['gold'] });

describe('review queue', () => {
  it('groups the layers’ spans and names each disagreement', () => {
    ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') }); // unanimous
    ben.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    ana.createAnnotation({ articleId, labelId: claim, ...at('12 soldiers died') }); // label conflict with ben
    ben.createAnnotation({ articleId, labelId: casualty, ...at('12 soldiers died'), attributes: { value: 12 } });
    ana.createAnnotation({ articleId, labelId: claim, ...at('observers disputed') }); // boundary conflict, only_some
    ben.createAnnotation({ articleId, labelId: claim, ...at('observers disputed the figure') });
    const queue = rita.reviewQueue({});
    const byQuote = Object.fromEntries(queue.items.map((i) => [`${i.quote}/${i.labelId === claim ? 'claim' : 'casualty'}`, i]));
    expect(queue.total).toBe(5);
    expect(queue.decided).toBe(0);
    expect(queue.annotators).toEqual(['ana', 'ben']);
    expect(byQuote['The ministry claimed/claim']).toMatchObject({ unanimous: true, kinds: [], annotators: ['ana', 'ben'] });
    expect(byQuote['12 soldiers died/claim']).toMatchObject({ unanimous: false, kinds: ['only_some', 'label'], missing: ['ben'] });
    expect(byQuote['12 soldiers died/casualty']!.kinds).toEqual(['only_some', 'label']);
    expect(byQuote['observers disputed/claim']!.kinds).toEqual(['only_some', 'boundary']);
    expect(rita.reviewQueue({ kind: 'boundary' }).items.map((i) => i.quote)).toEqual(['observers disputed the figure', 'observers disputed']);
    expect(rita.reviewQueue({ kind: 'unanimous' }).items).toHaveLength(1);
    expect(rita.reviewQueue({ labelId: casualty }).items).toHaveLength(1);
  });

  it('names attribute conflicts, which are never unanimous', () => {
    ana.createAnnotation({ articleId, labelId: casualty, ...at('12'), attributes: { value: 12 } });
    ben.createAnnotation({ articleId, labelId: casualty, ...at('12'), attributes: { value: 21 } });
    const [item] = rita.reviewQueue({}).items;
    expect(item).toMatchObject({ kinds: ['attribute'], unanimous: false });
  });
});

describe('review decisions', () => {
  it('accepts into the gold layer, attributed to the reviewer, and counts progress', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    const b = ben.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    const result = rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept' });
    expect(result.decision).toMatchObject({ kind: 'accept', reviewer: 'rita' });
    expect(result.gold).toMatchObject({ annotator: 'gold', start: a.start, end: a.end, labelId: claim, status: 'accepted' });
    const queue = rita.reviewQueue({});
    expect([queue.total, queue.decided]).toEqual([1, 1]);
    expect(queue.items[0]!.decision).toMatchObject({ kind: 'accept', reviewer: 'rita', goldId: result.gold!.id });
    expect(rita.reviewQueue({ status: 'open' }).items).toEqual([]);
    // The analysts' layers are untouched.
    expect(listSpansByLayer(wb.db, { annotators: ['ana', 'ben'] }).map((s) => s.status)).toEqual(['proposed', 'proposed']);
  });

  it('accepts with another label, adjusted boundaries and corrected attributes', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('12 soldiers') });
    const { gold: g } = rita.reviewDecide({
      spanIds: [a.id],
      action: 'accept',
      labelId: casualty,
      ...at('12 soldiers died'),
      attributes: { value: 12, category: 'killed' },
    });
    expect(g).toMatchObject({ labelId: casualty, quote: '12 soldiers died', attributes: { value: 12, category: 'killed' } });
    const bad = catchWorkbenchError(() => rita.reviewDecide({ spanIds: [a.id], action: 'accept', start: 5, end: 2 }), 'invalid_input');
    expect(bad.message).toMatch(/end/);
    expect(gold()).toHaveLength(1);
  });

  it('refuses to accept an attribute conflict until the reviewer chooses the values, leaving gold as it was', () => {
    const a = ana.createAnnotation({ articleId, labelId: casualty, ...at('12 soldiers'), attributes: { value: 12 } });
    const b = ben.createAnnotation({ articleId, labelId: casualty, ...at('12 soldiers'), attributes: { value: 21 } });
    const error = catchWorkbenchError(() => rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept' }), 'conflict');
    expect(error.message).toContain('ana: value 12; ben: value 21');
    expect(gold()).toEqual([]);
    expect(rita.reviewQueue({}).decided).toBe(0);
    // The same values in another key order are no conflict.
    const c = ana.createAnnotation({ articleId, labelId: casualty, ...at('soldiers died'), attributes: { value: 12, approximate: true } });
    const d = ben.createAnnotation({ articleId, labelId: casualty, ...at('soldiers died'), attributes: { approximate: true, value: 12 } });
    expect(rita.reviewDecide({ spanIds: [c.id, d.id], action: 'accept' }).gold!.attributes).toEqual({ value: 12, approximate: true });
    const chosen = rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept', attributes: { value: 21 } });
    expect(chosen.gold!.attributes).toEqual({ value: 21 });
  });

  it('keeps the analysts’ notes and the lowest confidence they stated on the gold span, unless the reviewer gives them', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed'), note: 'Official line.', confidence: 'high' });
    const b = ben.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed'), note: 'Unverified.', confidence: 'medium' });
    const merged = rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept' }).gold!;
    expect(merged).toMatchObject({ note: 'ana: Official line.\nben: Unverified.', confidence: 'medium' });
    // Deciding again with the reviewer's own note and confidence replaces that gold span.
    rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept', note: 'Ministry statement, unconfirmed.', confidence: 'low' });
    expect(gold().map((g) => [g.note, g.confidence])).toEqual([['Ministry statement, unconfirmed.', 'low']]);
    // One note, written alike by both, is kept once; no stated confidence stays none.
    const c = ana.createAnnotation({ articleId, labelId: claim, ...at('observers disputed'), note: 'Disputed.' });
    const d = ben.createAnnotation({ articleId, labelId: claim, ...at('observers disputed'), note: 'Disputed. ' });
    expect(rita.reviewDecide({ spanIds: [c.id, d.id], action: 'accept' }).gold).toMatchObject({ note: 'Disputed.', confidence: null });
  });

  it('rejects with a reason; a later accept replaces the reject, and re-deciding never leaves two gold spans', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    rita.reviewDecide({ spanIds: [a.id], action: 'reject', reason: 'not a claim' });
    expect(rita.reviewQueue({}).items[0]!.decision).toMatchObject({ kind: 'reject', reason: 'not a claim' });
    expect(gold()).toHaveLength(0);
    rita.reviewDecide({ spanIds: [a.id], action: 'accept' });
    rita.reviewDecide({ spanIds: [a.id], action: 'accept', labelId: casualty, attributes: { value: 1 } });
    expect(gold().map((s) => s.labelId)).toEqual([casualty]);
    rita.reviewDecide({ spanIds: [a.id], action: 'reject', reason: 'on second thought' });
    expect(gold()).toHaveLength(0);
  });

  it('keeps comments beside the decision without deciding', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    rita.reviewDecide({ spanIds: [a.id], action: 'comment', comment: 'ask ana' });
    const [item] = rita.reviewQueue({}).items;
    expect(item!.decision).toBeNull();
    expect(item!.comments).toMatchObject([{ reviewer: 'rita', comment: 'ask ana' }]);
    catchWorkbenchError(() => rita.reviewDecide({ spanIds: [a.id], action: 'comment', comment: '  ' }), 'invalid_input');
  });

  it('undoes the reviewer’s own latest decision, taking its gold span away; another reviewer’s stand', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    const b = ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry') });
    rita.reviewDecide({ spanIds: [a.id], action: 'accept' });
    wb.service.as('sam').reviewDecide({ spanIds: [b.id], action: 'accept' });
    expect(gold()).toHaveLength(2);
    expect(rita.reviewUndo({}).description).toMatch(/^Undid accept of Claim “observers”/);
    expect(gold().map((s) => s.quote)).toEqual(['The ministry']);
    expect(rita.reviewUndo({}).done).toBe(false);
    const events = wb.db.prepare('SELECT kind FROM review_decisions ORDER BY seq').all();
    expect(events).toEqual([{ kind: 'accept' }, { kind: 'accept' }, { kind: 'revoke' }]);
  });

  it('accepts all unanimous items, reporting the count first in a dry run', () => {
    for (const q of ['The ministry claimed', 'observers']) {
      ana.createAnnotation({ articleId, labelId: claim, ...at(q) });
      ben.createAnnotation({ articleId, labelId: claim, ...at(q) });
    }
    ana.createAnnotation({ articleId, labelId: claim, ...at('12 soldiers') });
    expect(rita.acceptUnanimous({ dryRun: true })).toEqual({ count: 2, accepted: 0, dryRun: true });
    expect(gold()).toHaveLength(0);
    expect(rita.acceptUnanimous({})).toEqual({ count: 2, accepted: 2, dryRun: false });
    expect(gold().map((s) => s.quote)).toEqual(['The ministry claimed', 'observers']);
    expect(rita.acceptUnanimous({ dryRun: true }).count).toBe(0);
    // The whole action is one step: one undo takes every accept and its gold span back, recorded as revokes by rita.
    const before = rita.reviewDecide({ spanIds: [rita.reviewQueue({}).items.find((i) => i.quote === '12 soldiers')!.spans[0]!.id], action: 'reject' });
    expect(rita.reviewUndo({}).description).toMatch(/^Undid reject/); // the later single decision first
    expect(rita.reviewUndo({}).description).toBe('Undid accepting 2 unanimous items');
    expect(gold()).toEqual([]);
    expect(rita.reviewQueue({}).decided).toBe(0);
    expect(rita.reviewUndo({}).done).toBe(false);
    const revokes = wb.db.prepare("SELECT count(*) AS n FROM review_decisions WHERE kind = 'revoke' AND target_id != ?").get(before.decision.id) as {
      n: number;
    };
    expect(revokes.n).toBe(2);
  });

  it('refuses gold spans and mixed articles as decision input', () => {
    const g = rita.createAnnotation({ articleId, labelId: claim, ...at('observers'), layer: 'gold' });
    catchWorkbenchError(() => rita.reviewDecide({ spanIds: [g.id], action: 'accept' }), 'invalid_input');
    catchWorkbenchError(() => rita.reviewDecide({ spanIds: ['nope'], action: 'accept' }), 'not_found');
  });

  it('exports the gold layer like any other', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    rita.reviewDecide({ spanIds: [a.id], action: 'accept' });
    const out = rita.exportDataset({ format: 'jsonl', annotators: ['gold'] });
    const record = JSON.parse(out.content) as { spans: { annotator: string; text: string; status: string }[] };
    expect(record.spans).toEqual([expect.objectContaining({ annotator: 'gold', text: 'observers', status: 'accepted' })]);
    expect(out.spanCount).toBe(1);
  });
});

describe('rejections in exports', () => {
  it('exports a rejected span as rejected, in every layer and format, until the decision is undone or replaced', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    const b = ben.createAnnotation({ articleId, labelId: claim, ...at('The ministry claimed') });
    const c = ana.createAnnotation({ articleId, labelId: claim, ...at('observers disputed') });
    const statuses = () => {
      const record = JSON.parse(rita.exportDataset({ format: 'jsonl' }).content) as { spans: { id: string; annotator: string; status: string }[] };
      return Object.fromEntries(record.spans.map((s) => [s.id, `${s.annotator} ${s.status}`]));
    };
    const csvRow = (id: string) =>
      rita
        .exportDataset({ format: 'csv' })
        .content.split('\r\n')
        .find((row) => row.includes(id));
    rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept' });
    rita.reviewDecide({ spanIds: [c.id], action: 'reject', reason: 'not a claim' });
    const [goldSpan] = gold();
    // An accept needs no mark on the analysts' spans: gold holds what was accepted.
    expect(statuses()).toEqual({ [a.id]: 'ana proposed', [b.id]: 'ben proposed', [c.id]: 'ana rejected', [goldSpan!.id]: 'gold accepted' });
    expect(csvRow(c.id)).toContain(',rejected,');
    // The span table says the same; the analyst's own stored status is not touched.
    expect(rita.listSpans({ text: 'observers', annotator: 'ana' }).map((s) => s.status)).toEqual(['rejected']);
    expect(listSpansByLayer(wb.db, { annotators: ['ana'] }).map((s) => s.status)).toEqual(['proposed', 'proposed']);
    // Undoing the rejection takes the mark back; deciding again replaces it.
    rita.reviewUndo({});
    expect(statuses()[c.id]).toBe('ana proposed');
    rita.reviewDecide({ spanIds: [a.id, b.id], action: 'reject' });
    expect(statuses()).toMatchObject({ [a.id]: 'ana rejected', [b.id]: 'ben rejected' });
    rita.reviewDecide({ spanIds: [a.id, b.id], action: 'accept' });
    expect(statuses()).toMatchObject({ [a.id]: 'ana proposed', [b.id]: 'ben proposed' });
  });
});

describe('review and the article undo', () => {
  it('leaves gold spans made by decisions to the review undo, so a decision never points at a span undone behind its back', () => {
    const a = ana.createAnnotation({ articleId, labelId: claim, ...at('observers') });
    rita.createAnnotation({ articleId, labelId: claim, ...at('The ministry') }); // rita's own layer
    rita.reviewDecide({ spanIds: [a.id], action: 'accept' });
    // Ctrl+Z in the article undoes rita's own tag, not the gold span of her decision.
    expect(rita.undo({ articleId }).description).toMatch(/^Undid tag Claim “The ministry”/);
    expect(rita.undo({ articleId }).done).toBe(false);
    expect(gold()).toHaveLength(1);
    expect(rita.reviewUndo({ articleId }).description).toMatch(/^Undid accept/);
    expect(gold()).toHaveLength(0);
  });
});
