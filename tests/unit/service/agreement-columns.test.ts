import { afterEach, describe, expect, it } from 'vitest';
import { AGREEMENT_METRICS, type AgreementReport } from '../../../src/shared/agreement';
import type { ScoredSpan } from '../../../src/shared/metrics/spans';
import { OffsetConverter } from '../../../src/shared/offsets';
import { tokenize } from '../../../src/shared/text/tokens';
import { listSpansByLayer } from '../../../src/main/store/annotations';
import * as reference from '../shared/metrics/reference';
import { openTestWorkbench, seededRandom, type TestWorkbench } from '../../helpers/workbench';
import { putSpan } from '../../helpers/layers';

/**
 * The report's figures come from columns built straight from the database
 * (agreement.ts); here they are recomputed the way the report used to be,
 * with the reference metrics on span objects (code-point offsets, label keys)
 * from every live span of each layer, and must be exactly equal: random
 * layers over articles with characters outside the BMP, a deleted article,
 * deleted spans, a third annotator, with and without a label filter.
 */
const WORDS = ['Tanks', 'shelled', '💩', 'Kyiv', 'at', 'dawn', '2,500', 'died', 'talks', 'failed', 'ceasefire', '𝒳'];

let wb: TestWorkbench;
afterEach(() => wb.close());

function expectedReport(labelFilter: string[] | null, keys: string[]): Omit<AgreementReport, 'labels' | 'figures'> & { figures: Record<string, unknown> } {
  const labels = wb.service.listLabels({});
  const keyOf = new Map(labels.map((l) => [l.id, l.key]));
  const texts = new Map(wb.service.listArticles({}).map((a) => [a.id, wb.service.getArticle({ id: a.id }).text]));
  const side = (name: string): ScoredSpan[] =>
    listSpansByLayer(wb.db, { annotators: [name] })
      .filter((s) => texts.has(s.articleId) && (!labelFilter || labelFilter.includes(keyOf.get(s.labelId)!)))
      .map((s) => {
        const converter = new OffsetConverter(texts.get(s.articleId)!);
        return { article: s.articleId, start: converter.toCodePoint(s.start), end: converter.toCodePoint(s.end), label: keyOf.get(s.labelId)! };
      });
  const a = side('ana');
  const b = side('bob');
  const both = [...new Set(a.map((s) => s.article))].filter((id) => b.some((s) => s.article === id)).sort();
  const lengths = new Map(both.map((id) => [id, [...texts.get(id)!].length]));
  const tokens = new Map(
    both.map((id) => {
      const converter = new OffsetConverter(texts.get(id)!);
      return [id, tokenize(texts.get(id)!).map((o) => converter.toCodePoint(o))];
    }),
  );
  const prf = (r: {
    overall: { precision: number | null; recall: number | null; f1: number | null };
    byLabel: Record<string, { precision: number | null; recall: number | null; f1: number | null }>;
  }) => ({
    overall: [r.overall.precision, r.overall.recall, r.overall.f1],
    byLabel: Object.fromEntries(keys.map((k) => [k, r.byLabel[k] ? [r.byLabel[k].precision, r.byLabel[k].recall, r.byLabel[k].f1] : [null, null, null]])),
  });
  const coefficient = (overall: number | null, byLabel: Record<string, number | null>) => ({
    overall,
    byLabel: Object.fromEntries(keys.map((k) => [k, byLabel[k] ?? null])),
  });
  const kappa = reference.kappaOverCharacters(a, b, lengths);
  const alpha = reference.alphaOverTokens(a, b, tokens);
  const alphaU = reference.unitizingAlphaOverArticles(a, b, lengths);
  const confusion = reference.labelConfusion(a, b);
  const counts: AgreementReport['counts'] = {};
  for (const s of a) (counts[s.label] ??= { a: 0, b: 0 }).a++;
  for (const s of b) (counts[s.label] ??= { a: 0, b: 0 }).b++;
  return {
    a: 'ana',
    b: 'bob',
    figures: {
      exact: prf(reference.exactMatch(a, b)),
      overlap: prf(reference.overlapMatch(a, b)),
      ptc: prf(reference.ptcSpanIdentification(a, b)),
      kappa: coefficient(kappa.overall, Object.fromEntries(Object.entries(kappa.byLabel).map(([k, v]) => [k, v.kappa]))),
      alpha: coefficient(alpha.overall, alpha.byLabel),
      'alpha-u': coefficient(alphaU.overall, Object.fromEntries(Object.entries(alphaU.byLabel).map(([k, v]) => [k, v.alpha]))),
    },
    counts,
    articles: { a: new Set(a.map((s) => s.article)).size, b: new Set(b.map((s) => s.article)).size, both: both.length },
    characters: [...lengths.values()].reduce((x, y) => x + y, 0),
    tokens: [...tokens.values()].reduce((x, t) => x + t.length / 2, 0),
    confusion: { rows: confusion.rows, columns: confusion.columns, counts: confusion.counts },
  };
}

function actualReport(labelFilter: string[] | null) {
  const r = wb.service.agreementReport({ a: 'ana', b: 'bob', metrics: [...AGREEMENT_METRICS], ...(labelFilter ? { labels: labelFilter } : {}) });
  const figures: Record<string, unknown> = {};
  for (const f of r.figures) {
    if ('value' in f) figures[f.metric] = { overall: f.value, byLabel: f.by_label };
    else
      figures[f.metric] = {
        overall: [f.precision, f.recall, f.f1],
        byLabel: Object.fromEntries(Object.entries(f.by_label).map(([k, v]) => [k, [v.precision, v.recall, v.f1]])),
      };
  }
  return { ...r, keys: r.labels.map((l) => l.key), figures };
}

describe('agreementReport from columns', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`equals the reference metrics on span objects (seed ${seed})`, () => {
      wb = openTestWorkbench();
      const random = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const files = Array.from({ length: 6 }, (_, i) => {
        let text = '';
        while (text.length < 300) text += `${pick(WORDS)}${random() < 0.1 ? '. ' : ' '}`;
        return { name: `a${i}.txt`, text };
      });
      const articles = wb.service.importArticles({ files }).imported.map((s) => s.id);
      const texts = files.map((f) => f.text);
      const schema = wb.service.listLabels({});
      const labels = schema.map((l) => l.id);
      const keyOf = (id: number): string => schema.find((l) => l.id === id)!.key;
      // Offsets on character boundaries (never inside a surrogate pair), as the service stores them.
      const splits = (text: string, i: number): boolean => i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!);
      for (const who of ['ana', 'bob', 'cy']) {
        for (let n = 0; n < 120; n++) {
          const k = Math.floor(random() * articles.length);
          const text = texts[k]!;
          let start = Math.floor(random() * (text.length - 40));
          if (splits(text, start)) start--;
          let end = start + 1 + Math.floor(random() * 30);
          if (splits(text, end)) end++;
          const id = putSpan(wb.db, who, articles[k]!, pick(labels), text, start, end);
          if (random() < 0.05) wb.db.prepare('UPDATE annotations SET deleted_at = ? WHERE id = ?').run('2025-03-02T00:00:00.000Z', id);
        }
      }
      // Bob copies half of Ana's spans, some with another label: exact matches happen.
      for (const s of listSpansByLayer(wb.db, { annotators: ['ana'] })) {
        if (random() < 0.5)
          putSpan(wb.db, 'bob', s.articleId, random() < 0.2 ? pick(labels) : s.labelId, texts[articles.indexOf(s.articleId)]!, s.start, s.end);
      }
      wb.service.deleteArticles({ ids: [articles[5]!] });

      for (const filter of [null, ['claim', 'condition']]) {
        const actual = actualReport(filter);
        const expected = expectedReport(filter, actual.keys);
        // Every label either side used, in the schema's order.
        expect(actual.keys).toEqual(labels.filter((id) => actual.counts[keyOf(id)]).map(keyOf));
        expect(actual.figures).toEqual(expected.figures);
        expect({ ...actual, figures: undefined, labels: undefined, keys: undefined }).toEqual({ ...expected, figures: undefined });
      }
    });
  }
});
