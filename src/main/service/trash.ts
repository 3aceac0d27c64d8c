import type { DeletedArticle, PurgeResult } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import type { MethodInput } from '../../shared/schemas';
import * as articlesStore from '../store/articles';
import { writeTransaction, type ServiceContext } from './context';
import { parse } from './validation';

/**
 * The trash: deleting an article only hides it (with its spans), so it can be
 * restored (restoreArticles); purging removes articles in the trash for good.
 * Purging is the one irreversible act in the workbench, so it takes only ids
 * the caller names (the ones the analyst saw in the trash), never "whatever
 * is in the trash now", and never a live article.
 */

export function listDeletedArticles(ctx: ServiceContext, input: MethodInput<'listDeletedArticles'>): DeletedArticle[] {
  parse('listDeletedArticles', input);
  return articlesStore.listDeletedArticles(ctx.db);
}

export function purgeArticles(ctx: ServiceContext, input: MethodInput<'purgeArticles'>): PurgeResult {
  const { ids } = parse('purgeArticles', input);
  return writeTransaction(ctx, () => {
    const unique = [...new Set(ids)];
    const found = unique.map((id) => {
      const deleted = articlesStore.getDeletedArticle(ctx.db, id);
      if (deleted) return deleted;
      if (articlesStore.getArticleSummary(ctx.db, id)) {
        throw new WorkbenchError('conflict', `article ${id} is not in the trash: delete it first (only deleted articles can be removed for good)`, { id });
      }
      throw new WorkbenchError('not_found', `no article ${id} in the trash (already removed, or never there)`, { id });
    });
    for (const article of found) articlesStore.purgeDeletedArticle(ctx.db, article.id);
    const purged = found.map(({ deletedAt: _deletedAt, ...summary }) => summary);
    return { purged, spanCount: purged.reduce((n, a) => n + a.annotationCount, 0) };
  });
}
