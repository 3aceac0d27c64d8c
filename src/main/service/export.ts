import type { ExportResult } from '../../shared/domain';
import { toJsonlLine, toJsonlRecord } from '../../shared/formats/jsonl';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import * as articlesStore from '../store/articles';
import * as labelsStore from '../store/labels';
import { requireArticle } from './articles';
import type { ServiceContext } from './context';
import { parse, throwNotFound } from './validation';

export function exportDataset(ctx: ServiceContext, input: MethodInput<'exportDataset'>): ExportResult {
  const { articleIds, annotators } = parse('exportDataset', input);
  const layers = annotators ? new Set(annotators) : null;
  const summaries = articleIds
    ? articleIds.map((id) => articlesStore.getArticleSummary(ctx.db, id) ?? throwNotFound('article', id))
    : articlesStore.listArticles(ctx.db);
  const labels = new Map(labelsStore.listLabels(ctx.db, true).map((l) => [l.id, l]));
  const byArticle = annotationsStore.listAnnotationsByArticle(ctx.db);
  const lines: string[] = [];
  let spanCount = 0;
  for (const summary of summaries) {
    const article = requireArticle(ctx, summary.id);
    const all = byArticle.get(article.id) ?? [];
    const spans = layers ? all.filter((s) => layers.has(s.annotator)) : all;
    spanCount += spans.length;
    lines.push(toJsonlLine(toJsonlRecord(article, spans, labels)));
  }
  const stamp = ctx.now().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return {
    filename: `workbench-export-${stamp}.jsonl`,
    mimeType: 'application/x-ndjson',
    content: lines.length ? `${lines.join('\n')}\n` : '',
    articleCount: lines.length,
    spanCount,
  };
}
