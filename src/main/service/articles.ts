import type { Article, ArticleListItem, ArticleSummary, DeleteArticlesResult, ImportResult } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import type { ParsedDocument } from '../import/pipeline';
import * as articlesStore from '../store/articles';
import { writeTransaction, type ServiceContext } from './context';
import { importTexts, storeDocuments, type ImportControl } from './import';
import { notFound, parse, throwNotFound } from './validation';

export interface SampleArticle {
  name: string;
  text: string;
}

export function listArticles(ctx: ServiceContext, input: MethodInput<'listArticles'>): ArticleSummary[] {
  const { query } = parse('listArticles', input);
  return articlesStore.listArticles(ctx.db, query);
}

export function getArticle(ctx: ServiceContext, input: MethodInput<'getArticle'>): Article {
  const { id } = parse('getArticle', input);
  return requireArticle(ctx, id);
}

export function updateArticle(ctx: ServiceContext, input: MethodInput<'updateArticle'>): ArticleSummary {
  const { id, ...change } = parse('updateArticle', input);
  return writeTransaction(ctx, () => {
    const tags = change.tags ? [...new Set(change.tags)] : undefined;
    if (!articlesStore.updateArticleMetadata(ctx.db, id, { ...change, ...(tags ? { tags } : {}) })) throw notFound('article', id);
    return articlesStore.getArticleSummary(ctx.db, id)!;
  });
}

export function listArticleItems(ctx: ServiceContext, input: MethodInput<'listArticleItems'>): ArticleListItem[] {
  parse('listArticleItems', input);
  const counts = articlesStore.labelCountsByArticle(ctx.db);
  const annotators = articlesStore.annotatorsByArticle(ctx.db);
  const samples = articlesStore.sampleArticleIds(ctx.db);
  return articlesStore
    .listArticles(ctx.db)
    .map((a) => ({ ...a, labelCounts: counts.get(a.id) ?? {}, annotators: annotators.get(a.id) ?? [], isSample: samples.has(a.id) }));
}

export function importArticles(ctx: ServiceContext, input: MethodInput<'importArticles'>, control: ImportControl = {}): ImportResult {
  const { files } = parse('importArticles', input);
  // Text handed over by a program is stored as given; files go through importFiles (with clean-up).
  return importTexts(ctx, files, { verbatim: true, ...control });
}

/** Adds the bundled samples exactly as written (no clean-up); the caller holds the transaction. */
export function insertArticles(ctx: ServiceContext, files: readonly SampleArticle[], origin: 'import' | 'sample'): ImportResult {
  const documents: ParsedDocument[] = files.map((f) => ({
    name: f.name,
    text: f.text,
    title: null,
    source: null,
    url: null,
    publishedAt: null,
    language: null,
    author: null,
    machineTranslatedFrom: null,
    meta: { fileName: f.name.replace(/^.*[\\/]/, '') },
    original: null,
  }));
  const { cancelled: _cancelled, ...result } = storeDocuments(ctx, documents, { origin, batchSize: Number.MAX_SAFE_INTEGER, inTransaction: true });
  return result;
}

export function deleteArticles(ctx: ServiceContext, input: MethodInput<'deleteArticles'>): DeleteArticlesResult {
  const { ids } = parse('deleteArticles', input);
  return writeTransaction(ctx, () => {
    const unique = [...new Set(ids)];
    const deleted = unique.map((id) => articlesStore.getArticleSummary(ctx.db, id) ?? throwNotFound('article', id));
    articlesStore.markArticlesDeleted(ctx.db, unique, ctx.now());
    return { deleted, spanCount: deleted.reduce((n, a) => n + a.annotationCount, 0) };
  });
}

export function restoreArticles(ctx: ServiceContext, input: MethodInput<'restoreArticles'>): ArticleSummary[] {
  const { ids } = parse('restoreArticles', input);
  return writeTransaction(ctx, () => {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      if (!articlesStore.isDeleted(ctx.db, id) && !articlesStore.getArticleSummary(ctx.db, id)) throw notFound('article', id);
    }
    articlesStore.restoreArticles(ctx.db, unique);
    return unique.map((id) => articlesStore.getArticleSummary(ctx.db, id)!);
  });
}

export function requireArticle(ctx: ServiceContext, id: string): Article {
  const article = articlesStore.getArticle(ctx.db, id);
  if (!article) throw notFound('article', id);
  return article;
}

export function requireArticleExists(ctx: ServiceContext, id: string): void {
  if (!articlesStore.getArticleSummary(ctx.db, id)) throw notFound('article', id);
}
