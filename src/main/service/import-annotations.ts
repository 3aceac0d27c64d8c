import { createHash, randomUUID } from 'node:crypto';
import { compactAttributes, validateAttributes } from '../../shared/attributes';
import type { AnnotationImportResult, AttributeDef, Attributes, AttributeValue, ImportProblemReport, Label } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { findFormat, type DatasetArticle, type DatasetSpan, type DecodeProblem } from '../../shared/formats';
import { inputSchemas, isWellFormed, type MethodInput } from '../../shared/schemas';
import { guessTitle } from '../../shared/text/title';
import * as annotationsStore from '../store/annotations';
import * as articlesStore from '../store/articles';
import { ensureAnnotator, GOLD } from '../store/annotators';
import { appendEvent } from '../store/events';
import * as labelsStore from '../store/labels';
import { annotatorName, writeTransaction, type ServiceContext } from './context';
import { parse } from './validation';

/**
 * Import of labelled data: the format's decoder reads the files, articles are
 * matched by the SHA-256 of their text (or created), labels are found by key
 * or name (or created), and each span is written with a `create` event under
 * its annotator (from the file, else --annotator, else the session's).
 * A span already present (same article, annotator, label, offsets and
 * attributes, or the same id) is left alone, so importing a file twice changes nothing.
 * Problems (a quote that disagrees with its offsets, a discontinuous brat span)
 * stop the whole import by default; `skip` imports the rest, `fix` moves a
 * mismatched span to the nearest place its recorded text occurs.
 */

const LABEL_COLOURS = ['#0f766e', '#7c3aed', '#b45309', '#be123c', '#1d4ed8', '#4d7c0f', '#a21caf', '#0e7490'];

export type MismatchChoice = 'abort' | 'skip' | 'fix';

/** The occurrence of `needle` nearest `near` (UTF-16), or -1. */
export function nearestOccurrence(text: string, needle: string, near: number): number {
  if (!needle) return -1;
  let best = -1;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
    if (i > near && best >= 0) break;
  }
  return best;
}

function report(p: DecodeProblem): ImportProblemReport {
  const out: ImportProblemReport = { code: p.code, file: p.file, record: p.record, span: p.span, message: p.message };
  if (p.expected !== undefined) out.expected = p.expected;
  if (p.found !== undefined) out.found = p.found;
  return out;
}

function describeProblem(p: ImportProblemReport): string {
  return `${p.file}${p.record ? `, ${p.record}` : ''}${p.span ? `, span ${p.span}` : ''}: ${p.message}`;
}

function labelKeyFor(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(key) ? key.slice(0, 60) : `label_${key}`.slice(0, 60);
}

function inferDef(key: string, value: AttributeValue): AttributeDef {
  const name = key.replace(/_/g, ' ');
  if (Array.isArray(value)) return { key, name, type: 'multichoice', options: [...new Set(value)] };
  return { key, name, type: typeof value === 'number' ? 'integer' : typeof value === 'boolean' ? 'boolean' : 'text' };
}

/** Fits values read from a file to the label's attribute types ("2500" -> 2500 for an integer, 5 -> "5" for text). */
export function fitAttributes(defs: readonly AttributeDef[], values: Attributes): Attributes {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: Attributes = {};
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      out[key] = value;
      continue;
    }
    if (def.type === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value.trim())) out[key] = Number(value.trim());
    else if (def.type === 'boolean' && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else if (def.type === 'multichoice' && !Array.isArray(value)) out[key] = [String(value)];
    else if ((def.type === 'text' || def.type === 'choice') && typeof value !== 'string' && !Array.isArray(value)) out[key] = String(value);
    else out[key] = value;
  }
  return out;
}

export function importAnnotations(ctx: ServiceContext, input: MethodInput<'importAnnotations'>): AnnotationImportResult {
  const v = parse('importAnnotations', input);
  const format = findFormat(v.format);
  if (!format?.decode) throw new WorkbenchError('unsupported_format', `cannot import the format “${v.format}”`);
  const decoded = format.decode(
    v.files.map((f) => ({ path: f.name, text: f.text })),
    v.offsets ? { offsets: v.offsets } : {},
  );
  if (v.firstLine !== undefined) {
    const shift = v.firstLine - 1;
    for (const p of decoded.problems) p.record = p.record?.replace(/^line (\d+)$/, (_, n: string) => `line ${Number(n) + shift}`) ?? null;
  }
  const options = { annotator: v.annotator, onMismatch: v.onMismatch ?? 'abort' };
  if (v.checkOnly) {
    const result = emptyImportResult();
    prepareDecoded(decoded.articles, decoded.problems, options, result);
    return result;
  }
  return importDecoded(ctx, decoded.articles, decoded.problems, options);
}

export interface ImportOptions {
  annotator?: string | undefined;
  onMismatch: MismatchChoice;
}

export function emptyImportResult(): AnnotationImportResult {
  return {
    articlesCreated: 0,
    articlesMatched: 0,
    spansImported: 0,
    spansUnchanged: 0,
    spansSkipped: 0,
    spansFixed: 0,
    labelsCreated: [],
    annotators: [],
    problems: [],
  };
}

export function importDecoded(
  ctx: ServiceContext,
  articles: DatasetArticle[],
  decodeProblems: DecodeProblem[],
  options: ImportOptions,
): AnnotationImportResult {
  const result = emptyImportResult();
  const extra = prepareDecoded(articles, decodeProblems, options, result);
  const writer = importWriter(ctx, options, result);
  return writeTransaction(ctx, () => {
    writer.write(articles, extra);
    return result;
  });
}

/**
 * Checks decoded articles before anything is written: text that cannot be
 * stored exactly, and the decoder's problems. With `abort` a blocking
 * problem throws (nothing written); otherwise mismatched spans are fixed or
 * skipped. Returns the fixed spans, by article index.
 */
const ARTICLE_DETAILS = inputSchemas.updateArticle.pick({ author: true, machineTranslatedFrom: true, tags: true });

export function prepareDecoded(
  articles: DatasetArticle[],
  decodeProblems: DecodeProblem[],
  options: ImportOptions,
  result: AnnotationImportResult,
): Map<number, DatasetSpan[]> {
  // Text read from a file goes to SQLite as UTF-8: a lone surrogate would come back changed (U+FFFD), a NUL cut short.
  const badText = (value: string): boolean => !isWellFormed(value) || value.includes('\0');
  articles.forEach((article, index) => {
    const where = String(article.meta.fileName ?? article.externalId ?? `article ${index + 1}`);
    if (badText(article.text)) {
      decodeProblems.push({
        code: 'parse',
        file: where,
        record: null,
        span: null,
        message: 'the article text holds a lone surrogate or a NUL character (not valid text); it cannot be stored exactly',
      });
      article.spans = [];
      article.text = '';
      return;
    }
    const details = [article.author ?? '', article.machineTranslatedFrom ?? '', article.previousVersionId ?? '', ...article.tags];
    if (details.some(badText)) {
      decodeProblems.push({
        code: 'parse',
        file: where,
        record: null,
        span: null,
        message:
          'the article’s author, tags, translation source or previous version holds a lone surrogate or a NUL character; the article is read without them',
      });
      Object.assign(article, { author: null, tags: [], machineTranslatedFrom: null, previousVersionId: null });
    }
    // The same rules as the article details form: a file cannot store what an analyst could not type.
    const checked = ARTICLE_DETAILS.safeParse({ author: article.author, machineTranslatedFrom: article.machineTranslatedFrom, tags: article.tags });
    if (checked.success) Object.assign(article, checked.data);
    else {
      const fields = [...new Set(checked.error.issues.map((issue) => String(issue.path[0])))];
      decodeProblems.push({
        code: 'parse',
        file: where,
        record: null,
        span: null,
        message: `${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}; the article is read without its ${fields.join(', ')}`,
      });
      for (const field of fields) Object.assign(article, { [field]: field === 'tags' ? [] : null });
    }
    article.spans = article.spans.filter((span) => {
      const strings = [span.label, span.labelName ?? '', span.annotator ?? '', span.note, ...Object.values(span.attributes).flat().map(String)];
      if (!strings.some(badText)) return true;
      decodeProblems.push({
        code: 'parse',
        file: where,
        record: null,
        span: span.id ?? `${span.start}-${span.end}`,
        message: 'a label, annotator, note or attribute holds a lone surrogate or a NUL character',
      });
      return false;
    });
  });
  const blocking = decodeProblems.filter((p) => p.code !== 'skipped');
  result.problems.push(...decodeProblems.map(report));
  if (blocking.length > 0 && options.onMismatch === 'abort') {
    throw new WorkbenchError(
      'invalid_input',
      `nothing was imported: ${blocking.length} problem${blocking.length === 1 ? '' : 's'} (first: ${describeProblem(report(blocking[0]!))}). Fix the file, or import with --on-mismatch skip (leave those spans out) or fix (move a mismatched span to where its text is)`,
      { problems: result.problems },
    );
  }
  // Fixing: a mismatched span moves to the nearest occurrence of its recorded text; other problems are skipped.
  const extra = new Map<number, DatasetSpan[]>();
  for (const p of blocking) {
    if (options.onMismatch === 'fix' && p.code === 'text_mismatch' && p.candidate) {
      const article = articles[p.candidate.articleIndex]!;
      const at = nearestOccurrence(article.text, p.candidate.span.text, p.candidate.span.start);
      if (at >= 0) {
        const list = extra.get(p.candidate.articleIndex) ?? [];
        list.push({ ...p.candidate.span, start: at, end: at + p.candidate.span.text.length });
        extra.set(p.candidate.articleIndex, list);
        result.spansFixed++;
        continue;
      }
    }
    result.spansSkipped++;
  }
  return extra;
}

/**
 * Writes prepared articles and their spans; call inside a writing
 * transaction. Keeps its label, annotator and article caches between calls,
 * so a streamed import writes batch after batch (each its own transaction)
 * with the same outcome as one big write. Each article is written whole
 * within one call.
 */
export function importWriter(
  ctx: ServiceContext,
  options: ImportOptions,
  result: AnnotationImportResult,
): { write(articles: DatasetArticle[], extra: Map<number, DatasetSpan[]>): void } {
  const fallbackAnnotator = options.annotator ?? annotatorName(ctx);
  let state: ReturnType<typeof openCaches> | null = null;
  const openCaches = () => {
    const labels = labelsStore.listLabels(ctx.db, true);
    const byKey = new Map(labels.map((l) => [l.key, l]));
    const byName = new Map(labels.map((l) => [l.name.toLowerCase(), l]));
    const annotatorIds = new Map<string, number>();
    const existingSpan = ctx.db.prepare(
      `SELECT count(*) AS n FROM annotations WHERE article_id = ? AND annotator_id = ? AND label_id = ? AND start = ? AND end = ? AND attributes = ? AND deleted_at IS NULL`,
    );
    const labelFor = (span: DatasetSpan): Label => {
      const found = byKey.get(span.label) ?? byName.get(span.label.toLowerCase()) ?? (span.labelName ? byName.get(span.labelName.toLowerCase()) : undefined);
      if (found) return found;
      let key = labelKeyFor(span.label);
      while (byKey.has(key)) key = `${key}_2`;
      const id = labelsStore.insertLabel(ctx.db, {
        key,
        name: (span.labelName ?? span.label).slice(0, 80),
        color: LABEL_COLOURS[result.labelsCreated.length % LABEL_COLOURS.length]!,
        hotkey: null,
        description: 'Created by an import.',
        attributes: [],
      });
      const label = labelsStore.getLabel(ctx.db, id)!;
      byKey.set(label.key, label);
      byName.set(label.name.toLowerCase(), label);
      byKey.set(span.label, label);
      result.labelsCreated.push(label.name);
      return label;
    };
    const annotatorFor = (name: string, prediction: boolean): number => {
      let id = annotatorIds.get(name);
      if (id === undefined) {
        // A model's predictions get a model annotator; the name gold is the gold layer (the store decides).
        id = prediction && name !== GOLD ? ensureAnnotator(ctx.db, name, ctx.now(), 'model') : ensureAnnotator(ctx.db, name, ctx.now());
        annotatorIds.set(name, id);
        result.annotators.push(name);
      }
      return id;
    };
    const articleIdBySha = new Map<string, string>();
    // A record's own workbench id, to the article it became here: a later record's previous version can point at it.
    const articleIdByRecordId = new Map<string, string>();
    const storedArticle = ctx.db.prepare('SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL').pluck();
    const previousVersionOf = (id: string): string | null => articleIdByRecordId.get(id) ?? (storedArticle.get(id) !== undefined ? id : null);
    return { labelFor, annotatorFor, articleIdBySha, articleIdByRecordId, previousVersionOf, existingSpan };
  };
  return {
    write(articles, extra) {
      state ??= openCaches();
      const { labelFor, annotatorFor, articleIdBySha, articleIdByRecordId, previousVersionOf, existingSpan } = state;
      articles.forEach((article, index) => {
        if (article.text.replace(/^\uFEFF/, '').trim() === '') {
          result.problems.push({
            code: 'skipped',
            file: String(article.meta.fileName ?? article.externalId ?? `article ${index + 1}`),
            record: null,
            span: null,
            message: 'an article with empty text is not imported',
          });
          return;
        }
        const sha256 = createHash('sha256').update(article.text, 'utf8').digest('hex');
        let articleId = articleIdBySha.get(sha256);
        if (!articleId) {
          const existing = articlesStore.findArticleBySha(ctx.db, sha256);
          if (existing) {
            articleId = existing.id;
            result.articlesMatched++;
          } else {
            articleId = randomUUID();
            const name = typeof article.meta.fileName === 'string' ? article.meta.fileName : (article.externalId ?? 'imported');
            const previousVersionId = article.previousVersionId === null ? null : previousVersionOf(article.previousVersionId);
            if (article.previousVersionId !== null && previousVersionId === null)
              result.problems.push({
                code: 'skipped',
                file: String(article.meta.fileName ?? article.externalId ?? article.id ?? `article ${index + 1}`),
                record: null,
                span: null,
                message: `its previous version (${article.previousVersionId}) is not in this database, nor among the articles imported before it; the article is imported without that link`,
              });
            articlesStore.insertArticle(ctx.db, {
              id: articleId,
              externalId: article.externalId,
              title: article.title ?? guessTitle(article.text, name),
              source: article.source,
              url: article.url,
              publishedAt: article.publishedAt,
              language: article.language,
              author: article.author,
              tags: [...new Set(article.tags)],
              status: article.status ?? 'new',
              machineTranslatedFrom: article.machineTranslatedFrom,
              previousVersionId,
              text: article.text,
              sha256,
              importedAt: ctx.now(),
              meta: { ...article.meta, origin: 'import' },
            });
            result.articlesCreated++;
          }
          articleIdBySha.set(sha256, articleId);
        }
        if (article.id !== null) articleIdByRecordId.set(article.id, articleId);
        for (const span of [...article.spans, ...(extra.get(index) ?? [])]) {
          const label = labelFor(span);
          const who = span.annotator ?? fallbackAnnotator;
          const annotatorId = annotatorFor(who, span.prediction === true);
          if (span.id && annotationsStore.getAnnotation(ctx.db, span.id)) {
            result.spansUnchanged++;
            continue;
          }
          const attributes = compactAttributes(fitAttributes(label.attributes, span.attributes));
          if ((existingSpan.get(articleId, annotatorId, label.id, span.start, span.end, JSON.stringify(attributes)) as { n: number }).n > 0) {
            result.spansUnchanged++;
            continue;
          }
          const unknown = Object.keys(attributes).filter((k) => !label.attributes.some((d) => d.key === k));
          if (unknown.length && result.labelsCreated.includes(label.name)) {
            // A label this import created takes the attributes its spans bring.
            label.attributes = [...label.attributes, ...unknown.map((k) => inferDef(k, attributes[k]!))];
            labelsStore.updateLabel(ctx.db, label);
          }
          const invalid = validateAttributes(label.attributes, attributes);
          if (invalid.length) {
            const problem: ImportProblemReport = {
              code: 'attributes',
              file: String(article.meta.fileName ?? article.externalId ?? article.id ?? `article ${index + 1}`),
              record: null,
              span: span.id ?? `${span.start}-${span.end}`,
              message: `${label.name} “${span.text}”: ${invalid.map((p) => p.message).join('; ')}`,
            };
            if (options.onMismatch === 'abort') {
              throw new WorkbenchError(
                'invalid_input',
                `nothing was imported: ${describeProblem(problem)}. Import with --on-mismatch skip to leave such spans out`,
                {
                  problems: [...result.problems, problem],
                },
              );
            }
            result.problems.push(problem);
            result.spansSkipped++;
            continue;
          }
          const now = ctx.now();
          const state: annotationsStore.AnnotationState = {
            labelId: label.id,
            start: span.start,
            end: span.end,
            quote: span.text,
            note: span.note,
            confidence: span.confidence,
            attributes,
            status: span.status ?? 'proposed',
          };
          const id = span.id ?? randomUUID();
          annotationsStore.insertAnnotation(ctx.db, { ...state, id, articleId, annotatorId, now });
          appendEvent(ctx.db, { at: now, annotatorId, kind: 'create', articleId, annotationId: id, before: null, after: state });
          result.spansImported++;
        }
      });
    },
  };
}
