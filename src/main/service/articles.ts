import { createHash, randomUUID } from 'node:crypto';
import type { Article, ArticleSummary, ImportResult } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import { guessTitle } from '../../shared/text/title';
import * as articlesStore from '../store/articles';
import { batchedWrite, writeTransaction, type ServiceContext } from './context';
import { notFound, parse } from './validation';

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
  const { id, title } = parse('updateArticle', input);
  return writeTransaction(ctx, () => {
    if (!articlesStore.updateArticleTitle(ctx.db, id, title)) throw notFound('article', id);
    return articlesStore.getArticleSummary(ctx.db, id)!;
  });
}

export function importArticles(ctx: ServiceContext, input: MethodInput<'importArticles'>): ImportResult {
  const { files } = parse('importArticles', input);
  const importer = articleImporter(ctx, 'import');
  batchedWrite(ctx, files.length === 1 ? `an import of ${files[0]!.name}` : `an import of ${files.length} files`, files, importer.add);
  return importer.result;
}

/** Inserts every file in the caller's transaction (first-run samples). */
export function insertArticles(ctx: ServiceContext, files: readonly SampleArticle[], origin: 'import' | 'sample'): ImportResult {
  const importer = articleImporter(ctx, origin);
  for (const file of files) importer.add(file);
  return importer.result;
}

/** Adds files one at a time (each inside a writing transaction), skipping empty and already imported texts. */
function articleImporter(ctx: ServiceContext, origin: 'import' | 'sample'): { add: (file: SampleArticle) => void; result: ImportResult } {
  const result: ImportResult = { imported: [], skipped: [] };
  const seen = new Set<string>();
  const add = (file: SampleArticle): void => {
    if (file.text.replace(/^\uFEFF/, '').trim() === '') {
      result.skipped.push({ name: file.name, reason: 'the file is empty' });
      return;
    }
    const sha256 = createHash('sha256').update(file.text, 'utf8').digest('hex');
    // A file repeated within this import is reported as such, not as "already imported".
    const existing = seen.has(sha256) ? undefined : articlesStore.findArticleBySha(ctx.db, sha256);
    if (existing || seen.has(sha256)) {
      result.skipped.push({
        name: file.name,
        reason: existing ? `already imported as “${existing.title}”` : 'same text as another file in this import',
      });
      return;
    }
    seen.add(sha256);
    const id = randomUUID();
    const baseName = file.name.replace(/^.*[\\/]/, '');
    articlesStore.insertArticle(ctx.db, {
      id,
      externalId: baseName.replace(/\.[^.]+$/, '') || null,
      title: guessTitle(file.text, baseName),
      source: null,
      url: null,
      publishedAt: null,
      language: null,
      text: file.text,
      sha256,
      importedAt: ctx.now(),
      meta: { fileName: baseName, origin },
    });
    result.imported.push(articlesStore.getArticleSummary(ctx.db, id)!);
  };
  return { add, result };
}

export function requireArticle(ctx: ServiceContext, id: string): Article {
  const article = articlesStore.getArticle(ctx.db, id);
  if (!article) throw notFound('article', id);
  return article;
}

export function requireArticleExists(ctx: ServiceContext, id: string): void {
  if (!articlesStore.getArticleSummary(ctx.db, id)) throw notFound('article', id);
}
