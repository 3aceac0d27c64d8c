import { describe, expect, it } from 'vitest';
import type { ArticleListItem, Label, SpanRow } from '../../../src/shared/domain';
import { facet, filterArticles, NO_FILTER, sortArticles, statusSummary } from '../../../src/renderer/src/features/articles/list-model';
import { sortSpanRows, spanRowsToCsv } from '../../../src/renderer/src/features/search/span-table-model';

const item = (over: Partial<ArticleListItem>): ArticleListItem => ({
  id: 'x',
  externalId: null,
  title: 'T',
  source: null,
  url: null,
  publishedAt: null,
  language: null,
  sha256: '',
  importedAt: '2025-01-01T00:00:00Z',
  length: 1,
  annotationCount: 0,
  author: null,
  machineTranslatedFrom: null,
  status: 'new',
  tags: [],
  previousVersionId: null,
  labelCounts: {},
  annotators: [],
  isSample: false,
  ...over,
});

const items = [
  item({
    id: 'a',
    title: 'Alpha',
    source: 'TASS',
    publishedAt: '2025-03-18T10:00:00Z',
    language: 'ru',
    status: 'done',
    labelCounts: { 3: 2 },
    annotators: ['ana'],
    tags: ['calls'],
    annotationCount: 2,
  }),
  item({ id: 'b', title: 'beta', source: 'Kyiv Independent', publishedAt: '2025-03-11', language: 'en', importedAt: '2025-01-02T00:00:00Z' }),
  item({ id: 'c', title: 'Gamma 10', importedAt: '2025-01-03T00:00:00Z', annotationCount: 5, labelCounts: { 1: 5 }, annotators: ['bo'] }),
];

describe('article list filters and sorting', () => {
  it('filters by outlet, language, status, label present, annotator, tag and a date range (undated articles drop out of a range)', () => {
    const ids = (f: Partial<typeof NO_FILTER>): string[] => filterArticles(items, { ...NO_FILTER, ...f }).map((a) => a.id);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ source: 'TASS' })).toEqual(['a']);
    expect(ids({ language: 'en' })).toEqual(['b']);
    expect(ids({ status: 'new' })).toEqual(['b', 'c']);
    expect(ids({ labelId: 3 })).toEqual(['a']);
    expect(ids({ annotator: 'bo' })).toEqual(['c']);
    expect(ids({ tag: 'calls' })).toEqual(['a']);
    expect(ids({ from: '2025-03-12' })).toEqual(['a']);
    expect(ids({ from: '2025-03-11', to: '2025-03-11' })).toEqual(['b']);
  });

  it('sorts by date with undated last either way, by title ignoring case, by spans', () => {
    expect(sortArticles(items, 'published', false).map((a) => a.id)).toEqual(['b', 'a', 'c']);
    expect(sortArticles(items, 'published', true).map((a) => a.id)).toEqual(['a', 'b', 'c']);
    expect(sortArticles(items, 'title', false).map((a) => a.title)).toEqual(['Alpha', 'beta', 'Gamma 10']);
    expect(sortArticles(items, 'spans', true).map((a) => a.id)).toEqual(['c', 'a', 'b']);
    expect(sortArticles(items, 'source', false).map((a) => a.id)).toEqual(['b', 'a', 'c']);
  });

  it('lists facet values and counts statuses', () => {
    expect(facet(items, (a) => [a.source])).toEqual(['Kyiv Independent', 'TASS']);
    expect(statusSummary(items)).toEqual({ new: 2, in_progress: 0, done: 1, reviewed: 0 });
  });
});

const label: Label = {
  id: 3,
  key: 'casualty_figure',
  name: 'Casualty figure',
  color: '#dc2626',
  hotkey: '3',
  description: '',
  position: 3,
  archived: false,
  attributes: [],
};
const row = (over: Partial<SpanRow>): SpanRow => ({
  id: 's',
  articleId: 'a',
  articleTitle: 'Alpha',
  source: null,
  labelId: 3,
  start: 0,
  end: 1,
  quote: 'q',
  left: '',
  right: '',
  attributes: {},
  annotator: 'ana',
  note: '',
  confidence: null,
  status: 'proposed',
  updatedAt: '',
  ...over,
});

describe('span table model', () => {
  it('sorts by an attribute: numbers in numeric order, spans without the value last in either direction', () => {
    const rows = [
      row({ id: 'nine', attributes: { value: 9 } }),
      row({ id: 'none' }),
      row({ id: 'thousand', attributes: { value: 1000 } }),
      row({ id: 'eighty', attributes: { value: 80 } }),
    ];
    const labels = new Map([[3, label]]);
    expect(sortSpanRows(rows, 'attr:value', false, labels).map((r) => r.id)).toEqual(['nine', 'eighty', 'thousand', 'none']);
    expect(sortSpanRows(rows, 'attr:value', true, labels).map((r) => r.id)).toEqual(['thousand', 'eighty', 'nine', 'none']);
  });

  it('sorts text attributes and the right context alphabetically, ignoring case', () => {
    const rows = [
      row({ id: 'b', right: ' said Peskov', attributes: { source: 'peskov' } }),
      row({ id: 'a', right: ' Ushakov added', attributes: { source: 'Lavrov' } }),
    ];
    const labels = new Map([[3, label]]);
    expect(sortSpanRows(rows, 'attr:source', false, labels).map((r) => r.id)).toEqual(['a', 'b']);
    expect(sortSpanRows(rows, 'right', false, labels).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('sorts left context by the words nearest the span, like a concordance', () => {
    const rows = [row({ id: '1', left: 'zeta said about ' }), row({ id: '2', left: 'alpha reported ' }), row({ id: '3', left: 'omega said ' })];
    expect(sortSpanRows(rows, 'left', false, new Map([[3, label]])).map((r) => r.id)).toEqual(['1', '2', '3']);
  });

  it('writes CSV with every field quoted, attribute columns apart from the fixed ones, and formulas defused', () => {
    const csv = spanRowsToCsv(
      [row({ start: 10, end: 15, quote: '2,500 "soldier" deaths', note: '=HYPERLINK("x")', attributes: { value: 2500, category: 'killed', source: 'MoD' } })],
      new Map([[3, label]]),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [head, line] = csv.slice(1).trimEnd().split('\r\n');
    expect(head).toBe(
      '"span_id","article_id","article_title","article_source","start","end","offset_unit","label","left_context","text","right_context","annotator","status","confidence","note","attr_category","attr_source","attr_value"',
    );
    expect(line!.startsWith('"s","a","Alpha","","10","15","utf16","Casualty figure"')).toBe(true);
    expect(line).toContain('"2,500 ""soldier"" deaths"');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line!.endsWith('"killed","MoD","2500"')).toBe(true);
    // Every column name is distinct (a reader keyed by name would otherwise lose one).
    expect(new Set(head!.split(',')).size).toBe(head!.split(',').length);
  });
});
