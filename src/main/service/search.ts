import type { ArticleSearchHit, SearchResult, SpanRow, SpanSearchHit } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import { attributeMatches } from '../../shared/search/attribute-filter';
import { findMatches, normaliseWord, parseQuery, snippet, toFts, type ParsedQuery } from '../../shared/search/query';
import * as articlesStore from '../store/articles';
import * as corpus from '../store/corpus';
import * as labelsStore from '../store/labels';
import type { ServiceContext } from './context';
import { parse } from './validation';

/**
 * Search across the corpus (SQLite FTS5 finds, JavaScript places the
 * snippets: the same query module does both) and the corpus-wide span table.
 */

const CONTEXT = 60;
const HITS_PER_ARTICLE = 3;

function oneLine(s: string): string {
  return s.replace(/\s+/gu, ' ');
}

export function toSpanRow(row: corpus.SpanRowData, text: string | undefined): SpanRow {
  const left = text ? oneLine(text.slice(Math.max(0, row.start - CONTEXT), row.start)) : '';
  const right = text ? oneLine(text.slice(row.end, row.end + CONTEXT)) : '';
  return {
    id: row.id,
    articleId: row.article_id,
    articleTitle: row.article_title,
    source: row.source,
    labelId: row.label_id,
    start: row.start,
    end: row.end,
    quote: row.quote,
    left,
    right,
    attributes: corpus.parseAttributes(row.attributes),
    annotator: row.annotator,
    note: row.note,
    confidence: row.confidence,
    status: row.status,
    updatedAt: row.updated_at,
  };
}

function withContext(ctx: ServiceContext, rows: corpus.SpanRowData[]): SpanRow[] {
  const texts = corpus.articleTexts(ctx.db, [...new Set(rows.map((r) => r.article_id))]);
  return rows.map((r) => toSpanRow(r, texts.get(r.article_id)));
}

/** Labels whose name or key contains the whole query ("casualty figure" finds every Casualty figure). */
function labelsNamed(ctx: ServiceContext, query: string): number[] {
  const wanted = normaliseWord(query.replace(/["*]/g, '').trim()).replace(/[\s_-]+/g, ' ');
  if (wanted.length < 3) return [];
  return labelsStore
    .listLabels(ctx.db, true)
    .filter((l) => normaliseWord(l.name).includes(wanted) || l.key.replace(/_/g, ' ').includes(wanted))
    .map((l) => l.id);
}

export function search(ctx: ServiceContext, input: MethodInput<'search'>): SearchResult {
  const { query, labelId, limit = 50 } = parse('search', input);
  const parsed: ParsedQuery = parseQuery(query);
  const fts = toFts(parsed);

  const articleRows = labelId ? [] : corpus.searchArticleIds(ctx.db, fts, limit + 1);
  const articles: ArticleSearchHit[] = articleRows.slice(0, limit).map((row) => {
    const titleRanges = findMatches(row.title, parsed);
    const textRanges = findMatches(row.text, parsed);
    const hits = [
      ...titleRanges.slice(0, 1).map((r) => ({ field: 'title' as const, start: r.start, end: r.end, ...snippet(row.title, r) })),
      ...textRanges.slice(0, HITS_PER_ARTICLE).map((r) => ({ field: 'text' as const, start: r.start, end: r.end, ...snippet(row.text, r) })),
    ];
    return { article: articlesStore.getArticleSummary(ctx.db, row.id)!, hits, hitCount: titleRanges.length + textRanges.length };
  });

  const spanRows = corpus.searchSpans(ctx.db, fts, limit + 1, labelId);
  const seen = new Set(spanRows.map((r) => r.id));
  const spans: SpanSearchHit[] = withContext(ctx, spanRows.slice(0, limit)).map((span) => {
    const inQuote = findMatches(span.quote, parsed);
    return inQuote.length ? { span, matchedIn: 'quote', ranges: inQuote } : { span, matchedIn: 'note', ranges: findMatches(span.note, parsed) };
  });
  const named = labelId ? [] : labelsNamed(ctx, query);
  let truncated = articleRows.length > limit || spanRows.length > limit;
  if (named.length && spans.length < limit) {
    const byLabel = corpus.listSpanRows(ctx.db, { labelIds: named, limit: limit + 1, order: 'insertion' }).filter((r) => !seen.has(r.id));
    const room = limit - spans.length;
    if (byLabel.length > room) truncated = true;
    spans.push(...withContext(ctx, byLabel.slice(0, room)).map((span) => ({ span, matchedIn: 'label' as const, ranges: [] })));
  }
  return { articles, spans, truncated };
}

export function listSpans(ctx: ServiceContext, input: MethodInput<'listSpans'>): SpanRow[] {
  const { labelId, attributes, annotator, articleId, text, limit = 200000 } = parse('listSpans', input);
  const rows = corpus.listSpanRows(ctx.db, {
    ...(labelId ? { labelIds: [labelId] } : {}),
    ...(annotator ? { annotator } : {}),
    ...(articleId ? { articleId } : {}),
    limit: attributes || text ? 1_000_000 : limit,
  });
  // Attribute types come from the label when one is chosen (a number attribute takes comparisons such as ">= 1000").
  const definitions = labelId ? labelsStore.getLabel(ctx.db, labelId)?.attributes : undefined;
  const wanted = Object.entries(attributes ?? {})
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => ({ key: k, value: v, type: definitions?.find((d) => d.key === k)?.type }));
  const needle = text?.trim().toLowerCase();
  const filtered = rows.filter((r) => {
    if (needle && !r.quote.toLowerCase().includes(needle) && !r.note.toLowerCase().includes(needle)) return false;
    if (!wanted.length) return true;
    const attrs = corpus.parseAttributes(r.attributes);
    return wanted.every((w) => attributeMatches(attrs[w.key], w.value, w.type));
  });
  return withContext(ctx, filtered.slice(0, limit));
}
