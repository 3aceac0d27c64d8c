import type { ArticleSummary } from '../../../../shared/domain';
import type { MethodInput } from '../../../../shared/schemas';

/** The article details dialog's fields, as typed (empty for none; tags comma-separated). */
export interface MetadataForm {
  title: string;
  source: string;
  url: string;
  publishedAt: string;
  language: string;
  author: string;
  machineTranslatedFrom: string;
  tags: string;
}

export function metadataForm(article: ArticleSummary): MetadataForm {
  return {
    title: article.title,
    source: article.source ?? '',
    url: article.url ?? '',
    publishedAt: article.publishedAt ?? '',
    language: article.language ?? '',
    author: article.author ?? '',
    machineTranslatedFrom: article.machineTranslatedFrom ?? '',
    tags: article.tags.join(', '),
  };
}

function tagList(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Only the fields the analyst changed in the dialog, so that saving never
 * writes back stale values over what someone else (another tab, another
 * analyst) saved meanwhile in the fields this analyst left alone.
 */
export function changedMetadata(opened: MetadataForm, typed: MetadataForm): Omit<MethodInput<'updateArticle'>, 'id'> {
  const change: Omit<MethodInput<'updateArticle'>, 'id'> = {};
  if (typed.title !== opened.title) change.title = typed.title;
  if (typed.source !== opened.source) change.source = typed.source || null;
  if (typed.url !== opened.url) change.url = typed.url || null;
  if (typed.publishedAt !== opened.publishedAt) change.publishedAt = typed.publishedAt || null;
  if (typed.language !== opened.language) change.language = typed.language || null;
  if (typed.author !== opened.author) change.author = typed.author || null;
  if (typed.machineTranslatedFrom !== opened.machineTranslatedFrom) {
    change.machineTranslatedFrom = (typed.machineTranslatedFrom || null) as typeof change.machineTranslatedFrom;
  }
  const tags = tagList(typed.tags);
  if (tags.join('\u0000') !== tagList(opened.tags).join('\u0000')) change.tags = tags;
  return change;
}
