import type { OpenedArticle } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import * as labelsStore from '../store/labels';
import { requireArticle } from './articles';
import type { ServiceContext } from './context';
import { parse } from './validation';

/**
 * The editor's start-up read: the article, its live spans (every layer) and
 * every label, in one call and one read transaction, so the three agree and
 * the window waits for one answer instead of three (issue 12). The spans come
 * packed (one array per field): the editor unpacks them.
 */
export function openArticle(ctx: ServiceContext, input: MethodInput<'openArticle'>): OpenedArticle {
  const { id } = parse('openArticle', input);
  return ctx.db.transaction(() => {
    const article = requireArticle(ctx, id);
    return {
      article,
      spans: annotationsStore.listPackedSpans(ctx.db, id, article.text),
      labels: labelsStore.listLabels(ctx.db, true),
    };
  })();
}
