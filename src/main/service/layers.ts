import { createHash } from 'node:crypto';
import { GOLD_ANNOTATOR, type Annotation, type Attributes, type LayerImportResult } from '../../shared/domain';
import { sqliteErrorData, WorkbenchError } from '../../shared/errors';
import { parseJsonl, toJsonlLine, toJsonlRecord, type JsonlRecord } from '../../shared/formats/jsonl';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedCopy, openReadOnlyDatabase, type Db } from '../store/database';
import { LATEST_VERSION, schemaVersion } from '../store/migrations';
import { OffsetConverter } from '../../shared/offsets';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { ensureAnnotator } from '../store/annotators';
import * as articlesStore from '../store/articles';
import { appendEvent, lastEventKind } from '../store/events';
import * as labelsStore from '../store/labels';
import { checkPersonName, writeTransaction, type ServiceContext } from './context';
import { same } from './undo';
import { parse } from './validation';

/**
 * Bringing another analyst's work in as their layer. Articles are matched by
 * the SHA-256 of their text, labels by key, spans by id: importing a newer
 * file of the same analyst updates their spans in place (and removes the ones
 * they deleted), never duplicates them, and never touches another layer.
 * A span last changed by hand in this database (created, edited, deleted,
 * undone here rather than brought in by an import) is never overwritten,
 * removed or brought back by a file: an older export of the layer cannot
 * undo work done since. Such spans are listed as skipped.
 */
export function importLayer(ctx: ServiceContext, input: MethodInput<'importLayer'>): LayerImportResult {
  const v = parse('importLayer', input);
  const { records, problems } = parseJsonl(v.content);
  if (problems.length) {
    const first = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`);
    throw new WorkbenchError('invalid_input', `${v.fileName ?? 'the file'} is not a workbench JSONL export (${first.join('; ')}); nothing was imported`, {
      problems,
    });
  }
  const layer = chooseLayer(
    records.map((r) => r.record),
    v.annotator,
    v.fileName,
  );
  return writeTransaction(ctx, () => importRecords(ctx, records, layer));
}

function chooseLayer(records: readonly JsonlRecord[], asked: string | undefined, fileName: string | undefined): string {
  if (asked !== undefined) return checkPersonName(asked);
  const people = new Set(records.flatMap((r) => r.spans.map((s) => s.annotator)).filter((a) => a !== GOLD_ANNOTATOR));
  if (people.size === 1) return checkPersonName([...people][0]!);
  if (people.size === 0) throw new WorkbenchError('invalid_input', `${fileName ?? 'the file'} holds no analyst's spans; nothing was imported`);
  throw new WorkbenchError('invalid_input', `${fileName ?? 'the file'} holds the spans of ${[...people].sort().join(', ')}: say whose layer to import`, {
    annotators: [...people].sort(),
  });
}

function importRecords(ctx: ServiceContext, records: readonly { line: number; record: JsonlRecord }[], layer: string): LayerImportResult {
  const result: LayerImportResult = { annotator: layer, articles: 0, created: 0, updated: 0, unchanged: 0, removed: 0, skipped: [] };
  const now = ctx.now();
  const layerId = ensureAnnotator(ctx.db, layer, now);
  for (const { line, record } of records) {
    const article = articlesStore.findArticleBySha(ctx.db, record.sha256);
    if (!article) {
      result.skipped.push({
        line,
        reason: `article “${record.title}” (SHA-256 ${record.sha256.slice(0, 12)}…) is not in this database; import its text first`,
      });
      continue;
    }
    const text = articlesStore.getArticle(ctx.db, article.id)!.text;
    if (createHash('sha256').update(record.text, 'utf8').digest('hex') !== record.sha256 || record.text !== text) {
      result.skipped.push({ line, reason: `the text of “${record.title}” does not match its SHA-256; the record was changed after export` });
      continue;
    }
    result.articles += 1;
    const offsets = new OffsetConverter(text);
    const existing = new Map(annotationsStore.listSpansByLayer(ctx.db, { annotators: [layer], articleIds: [article.id] }).map((s) => [s.id, s]));
    const inFile = new Set<string>();
    for (const span of record.spans) {
      if (span.annotator !== layer) {
        result.skipped.push({ line, spanId: span.id, reason: `${span.annotator}'s span; this import brings in ${layer}'s layer only` });
        continue;
      }
      inFile.add(span.id);
      const label = labelsStore.findLabelByKey(ctx.db, span.label);
      if (!label) {
        result.skipped.push({ line, spanId: span.id, reason: `no label with key “${span.label}” here; create it first` });
        continue;
      }
      let start: number;
      let end: number;
      try {
        start = offsets.toUtf16(span.start);
        end = offsets.toUtf16(span.end);
      } catch (error) {
        result.skipped.push({ line, spanId: span.id, reason: (error as Error).message });
        continue;
      }
      if (end <= start || text.slice(start, end) !== span.text) {
        result.skipped.push({ line, spanId: span.id, reason: `offsets ${span.start}-${span.end} do not hold the quoted text` });
        continue;
      }
      const state: AnnotationState = {
        labelId: label.id,
        start,
        end,
        quote: span.text,
        note: typeof span.note === 'string' ? span.note : '',
        confidence: span.confidence === 'low' || span.confidence === 'medium' || span.confidence === 'high' ? span.confidence : null,
        attributes: (span.attributes ?? {}) as Attributes,
        status: span.status === 'accepted' || span.status === 'rejected' ? span.status : 'proposed',
      };
      const found = annotationsStore.getAnnotation(ctx.db, span.id);
      if (found && found.annotation.annotator !== layer) {
        result.skipped.push({ line, spanId: span.id, reason: `this id belongs to a span in ${found.annotation.annotator}'s layer; not overwritten` });
        continue;
      }
      if (!found) {
        annotationsStore.insertAnnotation(ctx.db, { ...state, id: span.id, articleId: article.id, annotatorId: layerId, now });
        appendEvent(ctx.db, { at: now, annotatorId: layerId, kind: 'import', articleId: article.id, annotationId: span.id, before: null, after: state });
        result.created += 1;
        continue;
      }
      const before = annotationsStore.stateOf(found.annotation);
      if (!found.deletedAt && same(before, state)) {
        result.unchanged += 1;
        continue;
      }
      if (changedHere(ctx, span.id)) {
        result.skipped.push({
          line,
          spanId: span.id,
          reason: found.deletedAt
            ? 'deleted in this database after the file was made; not brought back'
            : 'changed in this database after the file was made; this database’s version is kept',
        });
        continue;
      }
      annotationsStore.writeAnnotationState(ctx.db, span.id, state, now, false);
      appendEvent(ctx.db, {
        at: now,
        annotatorId: layerId,
        kind: 'import',
        articleId: article.id,
        annotationId: span.id,
        before: found.deletedAt ? null : before,
        after: state,
      });
      result.updated += 1;
    }
    // Spans of this layer the newer file no longer has were deleted by their analyst.
    for (const gone of existing.values()) {
      if (inFile.has(gone.id)) continue;
      if (changedHere(ctx, gone.id)) {
        result.skipped.push({ line, spanId: gone.id, reason: 'not in the file, but made or changed in this database; kept' });
        continue;
      }
      removeSpan(ctx, gone, layerId, now);
      result.removed += 1;
    }
  }
  return result;
}

/** The span's newest change was made in this database (not brought in by an import). */
function changedHere(ctx: ServiceContext, spanId: string): boolean {
  const kind = lastEventKind(ctx.db, spanId);
  return kind !== null && kind !== 'import';
}

function removeSpan(ctx: ServiceContext, span: Annotation, actorId: number, now: string): void {
  const before = annotationsStore.stateOf(span);
  annotationsStore.writeAnnotationState(ctx.db, span.id, before, now, true);
  appendEvent(ctx.db, { at: now, annotatorId: actorId, kind: 'import', articleId: span.articleId, annotationId: span.id, before, after: null });
}

/**
 * Reads another workbench database (read only) into native JSONL records of
 * one layer, or of every layer. A database of an older version is read from
 * a migrated private copy; a file that cannot be read (damaged, cut short,
 * not a workbench database) is a typed refusal naming it, never taken for
 * damage to this database.
 */
export function jsonlFromDatabase(path: string, layer: string | undefined, displayName: string = path): string {
  let other: { db: Db; close(): void } | undefined;
  try {
    const plain = openReadOnlyDatabase(path);
    other = { db: plain, close: () => plain.close() };
    const version = schemaVersion(other.db);
    if (version < 1 || version > LATEST_VERSION) {
      throw new WorkbenchError(
        'unsupported_format',
        `${displayName} is not a workbench database this version can read (schema ${version}); nothing was imported`,
      );
    }
    if (version < LATEST_VERSION) {
      other.close();
      other = undefined;
      other = openMigratedCopy(path);
    }
    const db = other.db;
    const labels = new Map(labelsStore.listLabels(db, true).map((l) => [l.id, l]));
    const spans = layer ? annotationsStore.listSpansByLayer(db, { annotators: [layer] }) : [...annotationsStore.listAnnotationsByArticle(db).values()].flat();
    const byArticle = new Map<string, typeof spans>();
    for (const s of spans) byArticle.set(s.articleId, [...(byArticle.get(s.articleId) ?? []), s]);
    const lines: string[] = [];
    for (const [articleId, list] of byArticle) {
      const article = articlesStore.getArticle(db, articleId);
      if (article) lines.push(toJsonlLine(toJsonlRecord(article, list, labels)));
    }
    return lines.join('\n');
  } catch (error) {
    if (error instanceof WorkbenchError && error.code !== 'corrupt' && error.code !== 'io') throw error;
    const why = error instanceof WorkbenchError ? error.message : sqliteErrorData(error) ? (error as Error).message : null;
    if (why === null) throw error;
    throw new WorkbenchError(
      'unsupported_format',
      `${displayName} cannot be read as a workbench database (${why}); nothing was imported and this database was not changed`,
    );
  } finally {
    other?.close();
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Another analyst's whole workbench database, sent as bytes (the browser cannot hand over a path): their layer. */
export function importLayerDatabase(ctx: ServiceContext, input: MethodInput<'importLayerDatabase'>): LayerImportResult {
  const v = parse('importLayerDatabase', input);
  const dir = mkdtempSync(join(tmpdir(), 'workbench-layer-'));
  try {
    const file = join(dir, 'other.sqlite');
    writeFileSync(file, Buffer.from(v.data, 'base64'), { mode: 0o600 });
    return importLayerDatabaseFile(ctx, file, v.fileName, v.annotator);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A layer database streamed to the browser host's upload route: the name and annotator checked as importLayerDatabase checks them. */
export function importLayerUpload(ctx: ServiceContext, file: string, fileName: string, annotator: string | undefined): LayerImportResult {
  const v = parse('importLayerDatabase', { data: '', fileName, ...(annotator !== undefined ? { annotator } : {}) });
  return importLayerDatabaseFile(ctx, file, v.fileName, v.annotator);
}

/** The same from a database file the door already holds (the browser host's upload, kept in a private temporary file). */
export function importLayerDatabaseFile(ctx: ServiceContext, file: string, fileName: string | undefined, annotator: string | undefined): LayerImportResult {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new WorkbenchError('unsupported_format', `${fileName ?? 'the file'} is not a workbench database (not an SQLite file); nothing was imported`);
  }
  const content = jsonlFromDatabase(file, annotator, fileName ?? 'the uploaded database');
  return importLayer(ctx, { content, ...(fileName ? { fileName } : {}), ...(annotator ? { annotator } : {}) });
}
