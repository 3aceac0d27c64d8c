import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoefficientFigure, SpanAgreementFigure } from '../../../src/shared/agreement';
import { kappaOverCharacters } from '../../../src/shared/metrics/cohen-kappa';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';
import { putSpan } from '../../helpers/layers';

// An astral character first: in code points "💩 Tanks" is 7 characters long, in JavaScript indices 8.
const TEXT = '💩 Tanks shelled Kyiv at dawn. Nothing else happened.';
let wb: TestWorkbench;
let articleId: string;
let claim: number;
let condition: number;

const put = (who: string, labelId: number, needle: string) => {
  const start = TEXT.indexOf(needle);
  putSpan(wb.db, who, articleId, labelId, TEXT, start, start + needle.length);
};

beforeEach(() => {
  wb = openTestWorkbench();
  articleId = wb.service.importArticles({ files: [{ name: 'dawn.txt', text: TEXT }] }).imported[0]!.id;
  const labels = wb.service.listLabels({});
  claim = labels.find((l) => l.key === 'claim')!.id;
  condition = labels.find((l) => l.key === 'condition')!.id;
  put('ana', claim, '💩 Tanks');
  put('ana', condition, 'dawn');
  put('bob', claim, 'Tanks');
  put('bob', condition, 'dawn');
});
afterEach(() => wb.close());

const figure = (metric: string) => wb.service.agreementReport({ a: 'ana', b: 'bob' }).figures.find((f) => f.metric === metric)!;

describe('agreementReport', () => {
  it('scores a against b per label and overall, exactly and by overlap', () => {
    const exact = figure('exact') as SpanAgreementFigure;
    // condition matches exactly, claim does not: P = R = 1/2
    expect(exact).toEqual({
      metric: 'exact',
      a: 'ana',
      b: 'bob',
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      by_label: { claim: { precision: 0, recall: 0, f1: 0 }, condition: { precision: 1, recall: 1, f1: 1 } },
    });
    expect((figure('overlap') as SpanAgreementFigure).f1).toBe(1);
  });

  it('counts characters as code points (PTC: P = (5/7 + 1) / 2, not (5/8 + 1) / 2)', () => {
    const ptc = figure('ptc') as SpanAgreementFigure;
    expect(ptc.precision).toBeCloseTo(6 / 7, 12);
    expect(ptc.recall).toBe(1);
    expect(ptc.f1).toBeCloseTo(12 / 13, 12);
  });

  it('gives the chance-corrected coefficients of the pure metrics over the article', () => {
    const kappa = figure('kappa') as CoefficientFigure;
    const length = [...TEXT].length;
    const direct = kappaOverCharacters(
      [
        { article: articleId, start: 0, end: 7, label: 'claim' },
        { article: articleId, start: 25, end: 29, label: 'condition' },
      ],
      [
        { article: articleId, start: 2, end: 7, label: 'claim' },
        { article: articleId, start: 25, end: 29, label: 'condition' },
      ],
      new Map([[articleId, length]]),
    );
    expect(kappa.value).toBeCloseTo(direct.overall!, 12);
    expect(kappa.by_label.condition).toBeCloseTo(1, 12);
    expect(Object.keys(kappa)).toEqual(['metric', 'value', 'by_label']);
    const alpha = figure('alpha') as CoefficientFigure;
    expect(alpha.by_label.condition).toBeCloseTo(1, 12);
    // 11 tokens (💩 is one); claim: ana {💩, Tanks}, bob {Tanks}: n = 22, n1 = 3, n0 = 19, Σo_ck = 2,
    // α = 1 − 21·2 / (22² − 3² − 19²) = 1 − 42/114
    expect(alpha.by_label.claim).toBeCloseTo(1 - 42 / 114, 12);
    expect((figure('alpha-u') as CoefficientFigure).by_label.condition).toBeCloseTo(1, 12);
  });

  it('reports counts, articles and the confusion matrix, and restricts to the labels asked for', () => {
    const r = wb.service.agreementReport({ a: 'ana', b: 'bob', metrics: ['exact'] });
    expect(r.counts).toEqual({ claim: { a: 1, b: 1 }, condition: { a: 1, b: 1 } });
    expect(r.articles).toEqual({ a: 1, b: 1, both: 1 });
    expect(r.confusion.counts).toEqual({ claim: { claim: 1 }, condition: { condition: 1 } });
    const only = wb.service.agreementReport({ a: 'ana', b: 'bob', labels: ['Condition'], metrics: ['exact'] });
    expect(only.labels.map((l) => l.key)).toEqual(['condition']);
    expect((only.figures[0] as SpanAgreementFigure).f1).toBe(1);
  });

  it('refuses unknown annotators and labels, and comparing a layer with itself, with typed errors', () => {
    expect(catchWorkbenchError(() => wb.service.agreementReport({ a: 'ana', b: 'nobody' }), 'not_found').message).toContain('ana, bob');
    expect(catchWorkbenchError(() => wb.service.agreementReport({ a: 'ana', b: 'bob', labels: ['nope'] }), 'invalid_input').message).toContain(
      'unknown label “nope”',
    );
    catchWorkbenchError(() => wb.service.agreementReport({ a: 'ana', b: 'ana' }), 'invalid_input');
  });
});

describe('agreementOverview', () => {
  it('gives the pairwise matrix and label counts per annotator and per source', () => {
    put('cy', claim, 'Tanks');
    const o = wb.service.agreementOverview({ metric: 'exact' });
    expect(o.annotators).toEqual([
      { name: 'ana', spans: 2, articles: 1 },
      { name: 'bob', spans: 2, articles: 1 },
      { name: 'cy', spans: 1, articles: 1 },
    ]);
    expect(o.pairwise.ana!.bob).toBe(0.5);
    // cy's one claim matches bob's exactly: P = 1, R = 1/2, F1 = 2/3
    expect(o.pairwise.cy!.bob).toBeCloseTo(2 / 3, 12);
    expect(o.byAnnotator).toEqual({ ana: { claim: 1, condition: 1 }, bob: { claim: 1, condition: 1 }, cy: { claim: 1 } });
    expect(o.bySource).toEqual({ '(no source)': { claim: 3, condition: 2 } });
  });
});

describe('agreementSpans (drill-down)', () => {
  it('lists the spans behind a label with whether each found its match', () => {
    const r = wb.service.agreementSpans({ by: 'label', a: 'ana', b: 'bob', label: 'claim' });
    expect(r.total).toBe(2);
    expect(r.spans.map((s) => [s.annotator, s.quote, s.exact, s.overlap])).toEqual([
      ['ana', '💩 Tanks', false, true],
      ['bob', 'Tanks', false, true],
    ]);
  });

  it('lists the pairs behind a confusion cell and the spans behind a label count', () => {
    const pairs = wb.service.agreementSpans({ by: 'confusion', a: 'ana', b: 'bob', row: 'claim', column: 'claim' });
    expect(pairs.spans.map((s) => [s.side, s.quote, s.pair])).toEqual([
      ['a', '💩 Tanks', 1],
      ['b', 'Tanks', 0],
    ]);
    const counted = wb.service.agreementSpans({ by: 'annotator', annotator: 'bob', label: 'condition' });
    expect(counted.spans.map((s) => s.quote)).toEqual(['dawn']);
  });

  it('orders spans by article title, then place, and returns the first `limit` with their ids and quotes and the full count', () => {
    // Titles out of id and import order; title order ignores case: alpha, Bravo, Charlie, delta.
    wb.service.updateArticle({ id: articleId, title: 'delta' });
    const more = ['Charlie', 'alpha', 'Bravo'].map((title) => {
      const text = `${title} report: shelling at noon, shelling at dusk.`;
      const id = wb.service.importArticles({ files: [{ name: `${title}.txt`, text: `${title}\n\n${text}` }] }).imported[0]!.id;
      wb.service.updateArticle({ id, title });
      const body = wb.service.getArticle({ id }).text;
      for (const needle of ['at dusk', 'at noon']) {
        const start = body.indexOf(needle);
        putSpan(wb.db, 'bob', id, claim, body, start, start + needle.length);
      }
      return { id, title };
    });
    const firstThree = wb.service.agreementSpans({ by: 'annotator', annotator: 'bob', limit: 3 });
    expect(firstThree.total).toBe(8);
    expect(firstThree.spans.map((s) => [s.articleTitle, s.quote])).toEqual([
      ['alpha', 'at noon'],
      ['alpha', 'at dusk'],
      ['Bravo', 'at noon'],
    ]);
    const alpha = more.find((a) => a.title === 'alpha')!.id;
    const stored = wb.service.listAnnotations({ articleId: alpha }).filter((a) => a.annotator === 'bob');
    expect(firstThree.spans.slice(0, 2).map((s) => s.annotationId)).toEqual(['at noon', 'at dusk'].map((q) => stored.find((a) => a.quote === q)!.id));
    const byLabel = wb.service.agreementSpans({ by: 'label', a: 'ana', b: 'bob', label: 'claim', limit: 100 });
    expect(byLabel.total).toBe(8);
    expect(byLabel.spans.map((s) => [s.articleTitle, s.annotator, s.quote])).toEqual([
      ['alpha', 'bob', 'at noon'],
      ['alpha', 'bob', 'at dusk'],
      ['Bravo', 'bob', 'at noon'],
      ['Bravo', 'bob', 'at dusk'],
      ['Charlie', 'bob', 'at noon'],
      ['Charlie', 'bob', 'at dusk'],
      ['delta', 'ana', '💩 Tanks'],
      ['delta', 'bob', 'Tanks'],
    ]);
  });
});
