import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
let casualty: number;
let claim: number;
const ids: Record<string, string> = {};

const TEXTS = {
  weekly: 'Weekly toll claimed\n\nEach week brings 2,500 soldier deaths, Trump wrote. Officials of the Kiev regime denied it.\n',
  spaced: 'Spaced figures here\n\nThe ministry said 2 500 people left the city and 40 were wounded.\n',
  phrase: 'Moscow speaks of the regime\n\nUshakov said the regime Kiev built would fall. Energy talks resume.\n',
};

beforeEach(() => {
  wb = openTestWorkbench();
  const result = wb.service.importArticles({ files: Object.entries(TEXTS).map(([name, text]) => ({ name: `${name}.txt`, text })) });
  for (const a of result.imported) ids[a.externalId!] = a.id;
  const labels = wb.service.listLabels({});
  casualty = labels.find((l) => l.key === 'casualty_figure')!.id;
  claim = labels.find((l) => l.key === 'claim')!.id;
  const span = (article: string, quote: string, labelId: number, extra: Record<string, unknown> = {}) => {
    const text = TEXTS[article as keyof typeof TEXTS];
    const start = text.indexOf(quote);
    return wb.service.createAnnotation({ articleId: ids[article]!, labelId, start, end: start + quote.length, ...extra });
  };
  span('weekly', '2,500 soldier deaths', casualty, { attributes: { value: 2500, category: 'killed' }, note: 'no evidence given for the weekly figure' });
  span('spaced', '2 500 people', casualty, { attributes: { value: 2500, category: 'unspecified' } });
  span('spaced', '40 were wounded', casualty, { attributes: { value: 40, category: 'wounded' } });
  span('phrase', 'the regime Kiev built would fall', claim, { attributes: { source: 'Ushakov' }, note: 'propaganda framing: regime' });
});
afterEach(() => wb.close());

describe('search', () => {
  it('finds "2500" written as 2,500 and 2 500, with snippets placed on the match', () => {
    const result = wb.service.search({ query: '2500' });
    expect(result.articles.map((a) => a.article.externalId).sort()).toEqual(['spaced', 'weekly']);
    for (const hit of result.articles) {
      const text = wb.service.getArticle({ id: hit.article.id }).text;
      const first = hit.hits.find((h) => h.field === 'text')!;
      expect(text.slice(first.start, first.end)).toBe(first.match);
      expect(['2,500', '2 500']).toContain(first.match);
    }
    expect(result.spans.map((s) => s.span.quote).sort()).toEqual(['2 500 people', '2,500 soldier deaths']);
  });

  it('keeps phrases in order: "regime Kiev" does not find "Kiev regime"', () => {
    expect(wb.service.search({ query: '"regime Kiev"' }).articles.map((a) => a.article.externalId)).toEqual(['phrase']);
    expect(wb.service.search({ query: '"Kiev regime"' }).articles.map((a) => a.article.externalId)).toEqual(['weekly']);
  });

  it('finds span notes, and says the match was in the note', () => {
    const result = wb.service.search({ query: '"no evidence"' });
    expect(result.articles).toEqual([]);
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0]).toMatchObject({ matchedIn: 'note', span: { quote: '2,500 soldier deaths', left: 'Weekly toll claimed Each week brings ' } });
  });

  it('finds every span of a label by the label name', () => {
    const result = wb.service.search({ query: 'Casualty figure' });
    expect(
      result.spans
        .filter((s) => s.matchedIn === 'label')
        .map((s) => s.span.quote)
        .sort(),
    ).toEqual(['2 500 people', '2,500 soldier deaths', '40 were wounded']);
  });

  it('supports prefix, OR and NOT, and limits spans to a label', () => {
    expect(wb.service.search({ query: 'wound*' }).articles.map((a) => a.article.externalId)).toEqual(['spaced']);
    expect(
      wb.service
        .search({ query: 'Energy OR ministry' })
        .articles.map((a) => a.article.externalId)
        .sort(),
    ).toEqual(['phrase', 'spaced']);
    expect(wb.service.search({ query: 'regime -Ushakov' }).articles.map((a) => a.article.externalId)).toEqual(['weekly']);
    expect(wb.service.search({ query: 'regime', labelId: casualty }).spans).toEqual([]);
  });

  it('leaves deleted articles and their spans out until they are restored', () => {
    const deleted = wb.service.deleteArticles({ ids: [ids.weekly!] });
    expect(deleted.spanCount).toBe(1);
    expect(wb.service.search({ query: '2500' }).articles.map((a) => a.article.externalId)).toEqual(['spaced']);
    expect(wb.service.listArticles({}).map((a) => a.externalId)).not.toContain('weekly');
    catchWorkbenchError(() => wb.service.getArticle({ id: ids.weekly! }), 'not_found');
    expect(wb.service.exportDataset({ format: 'jsonl' }).articleCount).toBe(2);
    wb.service.restoreArticles({ ids: [ids.weekly!] });
    expect(wb.service.search({ query: '2500' }).spans).toHaveLength(2);
    expect(wb.service.listAnnotations({ articleId: ids.weekly! })).toHaveLength(1);
  });
});

describe('listSpans (the corpus span table)', () => {
  it('filters by label and attribute values, with context either side on one line', () => {
    const killed = wb.service.listSpans({ labelId: casualty, attributes: { category: 'killed' } });
    expect(killed.map((s) => s.quote)).toEqual(['2,500 soldier deaths']);
    expect(killed[0]).toMatchObject({
      left: 'Weekly toll claimed Each week brings ',
      right: ', Trump wrote. Officials of the Kiev regime denied it. ',
      articleTitle: 'Weekly toll claimed',
    });
    expect(wb.service.listSpans({ labelId: claim, attributes: { source: 'ushakov' } }).map((s) => s.quote)).toEqual(['the regime Kiev built would fall']);
    expect(wb.service.listSpans({ labelId: casualty }).map((s) => s.attributes.value)).toEqual([2500, 2500, 40]);
    expect(wb.service.listSpans({ text: 'wounded' }).map((s) => s.quote)).toEqual(['40 were wounded']);
    expect(wb.service.listSpans({ annotator: 'nobody' })).toEqual([]);
  });

  it('compares number attributes as numbers and finds a source by a word of it', () => {
    expect(wb.service.listSpans({ labelId: casualty, attributes: { value: '>= 1,000' } }).map((s) => s.attributes.value)).toEqual([2500, 2500]);
    expect(wb.service.listSpans({ labelId: casualty, attributes: { value: '10-100' } }).map((s) => s.attributes.value)).toEqual([40]);
    expect(wb.service.listSpans({ labelId: casualty, attributes: { value: '2500', category: 'killed' } })).toHaveLength(1);
    expect(wb.service.listSpans({ labelId: claim, attributes: { source: 'USHAK' } }).map((s) => s.quote)).toEqual(['the regime Kiev built would fall']);
  });
});

describe('article metadata and the article list', () => {
  it('sets and clears source, URL, date, language, status, tags and machine translation, refusing bad values', () => {
    const a = wb.service.updateArticle({
      id: ids.phrase!,
      source: 'Izvestia',
      url: 'https://iz.example/1',
      publishedAt: '2025-03-19',
      language: 'en',
      machineTranslatedFrom: 'ru',
      status: 'in_progress',
      tags: ['ceasefire', 'ceasefire', 'calls'],
    });
    expect(a).toMatchObject({
      source: 'Izvestia',
      publishedAt: '2025-03-19',
      language: 'en',
      machineTranslatedFrom: 'ru',
      status: 'in_progress',
      tags: ['ceasefire', 'calls'],
    });
    expect(wb.service.updateArticle({ id: ids.phrase!, source: '', url: null })).toMatchObject({
      source: null,
      url: null,
      title: 'Moscow speaks of the regime',
    });
    catchWorkbenchError(() => wb.service.updateArticle({ id: ids.phrase!, url: 'ftp://x' }), 'invalid_input');
    catchWorkbenchError(() => wb.service.updateArticle({ id: ids.phrase!, publishedAt: '19.03.2025' }), 'invalid_input');
    catchWorkbenchError(() => wb.service.updateArticle({ id: ids.phrase!, language: 'English' }), 'invalid_input');
    catchWorkbenchError(() => wb.service.updateArticle({ id: ids.phrase!, status: 'finished' as never }), 'invalid_input');
  });

  it('lists each article with its span counts per label and its annotators', () => {
    const items = wb.service.listArticleItems({});
    const spaced = items.find((i) => i.id === ids.spaced)!;
    expect(spaced.labelCounts).toEqual({ [casualty]: 2 });
    expect(spaced.annotators).toEqual(['tester']);
    expect(items.find((i) => i.id === ids.phrase)!.labelCounts).toEqual({ [claim]: 1 });
  });

  it('restoring an unknown id is not_found; deleting twice is not_found the second time', () => {
    wb.service.deleteArticles({ ids: [ids.spaced!] });
    catchWorkbenchError(() => wb.service.deleteArticles({ ids: [ids.spaced!] }), 'not_found');
    catchWorkbenchError(() => wb.service.restoreArticles({ ids: ['nope'] }), 'not_found');
  });
});
