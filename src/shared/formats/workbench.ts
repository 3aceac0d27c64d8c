import type { Annotation, Article, Label } from '../domain';
import type { DatasetArticle, DatasetFormat, DatasetSpan, EncodeOptions, LossItem, OutputChunk, SplitName } from './model';

/** A stored article and its live annotations as the codecs' model (offsets stay UTF-16). */
export function toDatasetArticle(
  article: Pick<
    Article,
    | 'id'
    | 'externalId'
    | 'title'
    | 'source'
    | 'url'
    | 'publishedAt'
    | 'language'
    | 'author'
    | 'tags'
    | 'status'
    | 'machineTranslatedFrom'
    | 'previousVersionId'
    | 'sha256'
    | 'text'
    | 'meta'
  >,
  annotations: readonly Annotation[],
  labels: ReadonlyMap<number, Pick<Label, 'key' | 'name'>>,
  split: SplitName | null = null,
): DatasetArticle {
  const spans = [...annotations]
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1))
    .map((a): DatasetSpan => {
      const label = labels.get(a.labelId);
      return {
        id: a.id,
        start: a.start,
        end: a.end,
        text: a.quote,
        label: label?.key ?? `label_${a.labelId}`,
        labelName: label?.name ?? `Label ${a.labelId}`,
        annotator: a.annotator,
        status: a.status,
        attributes: a.attributes,
        note: a.note,
        confidence: a.confidence,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      };
    });
  return {
    id: article.id,
    externalId: article.externalId,
    title: article.title,
    source: article.source,
    url: article.url,
    publishedAt: article.publishedAt,
    language: article.language,
    author: article.author,
    tags: article.tags,
    status: article.status,
    machineTranslatedFrom: article.machineTranslatedFrom,
    previousVersionId: article.previousVersionId,
    sha256: article.sha256,
    text: article.text,
    meta: article.meta,
    split,
    spans,
  };
}

/** Runs one encoder over articles and gathers its output per file (tests, small exports). */
export function encodeAll(
  format: { createEncoder: DatasetFormat['createEncoder'] },
  articles: Iterable<DatasetArticle>,
  options: EncodeOptions,
): { files: Map<string, string>; losses: LossItem[] } {
  const encoder = format.createEncoder(options);
  const files = new Map<string, string>();
  const add = (chunks: OutputChunk[]): void => {
    for (const c of chunks) files.set(c.file, (files.get(c.file) ?? '') + c.data);
  };
  add(encoder.begin());
  for (const a of articles) add(encoder.article(a));
  add(encoder.end());
  return { files, losses: encoder.losses() };
}
