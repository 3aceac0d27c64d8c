import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ArticleSummary, ImportResult } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { describeIssues, uploadImportSchema, type MethodInput, type UploadImportOptions } from '../../shared/schemas';
import { guessTitle } from '../../shared/text/title';
import { fetchPage } from '../import/fetch-url';
import { textSha256 } from '../import/finish-text';
import { parseFile, readSource, type DecodedTextFile, type ImportProblem, type ParsedDocument, type ParseOptions, type SourceFile } from '../import/pipeline';
import { deferCheckpoints } from '../store/database';
import * as articlesStore from '../store/articles';
import { batchedWrite, writeTransaction, type ServiceContext } from './context';
import { parse } from './validation';

/**
 * Import: files (any door) go through the one pipeline (src/main/import),
 * then are stored in batches, one transaction each, so a failure never
 * leaves half an article and another process waits at most one batch.
 */

export interface ImportProgress {
  phase: 'reading' | 'storing';
  done: number;
  total: number;
  imported: number;
  skipped: number;
  failed: number;
  elapsedMs: number;
}

export interface ImportRunOptions extends ParseOptions {
  /** Import the valid records and files, list the rest; by default one bad one stops the whole import. */
  skipInvalid?: boolean;
  /** Articles between progress reports (transactions are sized by time, see batchedWrite). */
  batchSize?: number;
  origin?: 'import' | 'sample';
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between files and between batches; what is stored by then stays. */
  isCancelled?: () => boolean;
  /** The caller already holds a write transaction (first-run samples). */
  inTransaction?: boolean;
}

export interface ImportRunResult extends ImportResult {
  cancelled: boolean;
}

/** Articles stored between progress reports and cancellation checks. */
export const DEFAULT_CHUNK = 25;

/** Reads every source; bad files and records become problems. */
export function parseSources(
  sources: Iterable<SourceFile> | (() => Iterable<SourceFile>),
  options: ImportRunOptions,
  total = 0,
): { documents: ParsedDocument[]; problems: ImportProblem[]; cancelled: boolean } {
  const started = Date.now();
  const documents: ParsedDocument[] = [];
  const problems: ImportProblem[] = [];
  let done = 0;
  const iterable = typeof sources === 'function' ? sources() : sources;
  for (const source of iterable) {
    if (options.isCancelled?.()) return { documents, problems, cancelled: true };
    try {
      const parsed = parseFile(source, options);
      documents.push(...parsed.documents);
      problems.push(...parsed.problems);
    } catch (error) {
      if (!(error instanceof WorkbenchError)) throw error;
      problems.push(problemOf(source, error));
    }
    done++;
    if (options.onProgress && (done % 50 === 0 || done === total)) {
      options.onProgress({ phase: 'reading', done, total, imported: 0, skipped: 0, failed: problems.length, elapsedMs: Date.now() - started });
    }
  }
  return { documents, problems, cancelled: false };
}

/**
 * Reads every source up to the point where it can be refused (readSource): the
 * CLI checks everything this way before storing anything, and finishes the
 * plain texts (TextFinisher) while it stores.
 */
export function readSources(
  sources: Iterable<SourceFile>,
  options: ImportRunOptions,
): { items: (ParsedDocument | DecodedTextFile)[]; problems: ImportProblem[]; cancelled: boolean } {
  const items: (ParsedDocument | DecodedTextFile)[] = [];
  const problems: ImportProblem[] = [];
  for (const source of sources) {
    if (options.isCancelled?.()) return { items, problems, cancelled: true };
    try {
      const read = readSource(source, options);
      if ('decoded' in read) items.push(read);
      else {
        items.push(...read.documents);
        problems.push(...read.problems);
      }
    } catch (error) {
      if (!(error instanceof WorkbenchError)) throw error;
      problems.push(problemOf(source, error));
    }
  }
  return { items, problems, cancelled: false };
}

function problemOf(source: SourceFile, error: WorkbenchError): ImportProblem {
  return {
    file: source.name,
    reason: error.message.startsWith(source.name) ? error.message.slice(source.name.length).replace(/^[:\s]+/, '') : error.message,
  };
}

/**
 * For a caller storing one import in several calls (the CLI, between which it hears Ctrl+C):
 * SQLite's checkpoints wait until the returned function is called (see deferCheckpoints).
 */
export function holdCheckpoints(ctx: ServiceContext): () => void {
  return deferCheckpoints(ctx.db);
}

/** Refuses the whole import when anything was bad and the user did not choose to skip bad input. */
export function requireNoProblems(problems: readonly ImportProblem[], skipInvalid: boolean | undefined): void {
  if (problems.length === 0 || skipInvalid) return;
  const listed = problems
    .slice(0, 20)
    .map((p) => `${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.reason}`)
    .join('; ');
  const more = problems.length > 20 ? ` (and ${problems.length - 20} more)` : '';
  throw new WorkbenchError(
    'invalid_input',
    `nothing was imported: ${problems.length} bad file${problems.length === 1 ? '' : 's'} or record${problems.length === 1 ? '' : 's'}: ${listed}${more}. Fix them, or skip them (--skip-invalid)`,
    { problems },
  );
}

/** Stores parsed documents in batches; duplicates (same SHA-256 of the text) are skipped and named. */
export function storeDocuments(ctx: ServiceContext, documents: readonly ParsedDocument[], options: ImportRunOptions = {}): ImportRunResult {
  const started = Date.now();
  const result: ImportRunResult = { imported: [], skipped: [], failed: [], cancelled: false };
  const seen = new Map<string, string>();
  const size = options.batchSize ?? DEFAULT_CHUNK;
  const chunks: ParsedDocument[][] = [];
  for (let from = 0; from < documents.length; from += size) chunks.push(documents.slice(from, from + size));
  let done = 0;
  const storeChunk = (chunk: ParsedDocument[]): void => {
    if (result.cancelled || options.isCancelled?.()) {
      result.cancelled = true;
      return;
    }
    for (const doc of chunk) storeOne(ctx, doc, options.origin ?? 'import', seen, result);
    done += chunk.length;
    options.onProgress?.({
      phase: 'storing',
      done,
      total: documents.length,
      imported: result.imported.length,
      skipped: result.skipped.length,
      failed: result.failed.length,
      elapsedMs: Date.now() - started,
    });
  };
  if (options.inTransaction) chunks.forEach(storeChunk);
  // Transactions of about 100 ms each (batchedWrite): another process never waits long for the lock.
  else batchedWrite(ctx, `an import of ${documents.length} articles`, chunks, storeChunk);
  return result;
}

function storeOne(ctx: ServiceContext, doc: ParsedDocument, origin: 'import' | 'sample', seen: Map<string, string>, result: ImportResult): void {
  // Only white space (a byte-order mark counts as such), found without copying the text as trim() would.
  if (!/\S/.test(doc.text)) {
    result.skipped.push({ name: doc.name, reason: 'the file is empty' });
    return;
  }
  const sha256 = doc.sha256 ?? textSha256(doc.text);
  const earlier = seen.get(sha256);
  if (earlier) {
    result.skipped.push({ name: doc.name, reason: `same text as ${earlier} in this import` });
    return;
  }
  const existing = articlesStore.findArticleBySha(ctx.db, sha256);
  if (existing) {
    result.skipped.push({ name: doc.name, reason: `already imported as “${existing.title}”` });
    return;
  }
  seen.set(sha256, doc.name);
  const previous = doc.url ? articlesStore.findLatestByUrl(ctx.db, doc.url) : undefined;
  const baseName = doc.name.replace(/^.*[\\/]/, '').replace(/:\d+$/, '');
  const article: ArticleSummary = {
    id: randomUUID(),
    externalId: baseName.replace(/\.[^.]+$/, '') || null,
    // A record of a JSONL file without a headline is named after its file and line.
    title: doc.title ?? guessTitle(doc.text, /:(\d+)$/.test(doc.name) ? `${baseName.replace(/\.[^.]+$/, '')} line ${/:(\d+)$/.exec(doc.name)![1]}` : baseName),
    source: doc.source,
    url: doc.url,
    publishedAt: doc.publishedAt,
    language: doc.language,
    sha256,
    importedAt: ctx.now(),
    length: doc.text.length,
    annotationCount: 0,
    author: doc.author,
    machineTranslatedFrom: doc.machineTranslatedFrom,
    status: 'new',
    tags: [],
    previousVersionId: previous?.id ?? null,
  };
  articlesStore.insertArticle(ctx.db, { ...article, text: doc.text, meta: { ...doc.meta, origin } });
  if (doc.original) {
    articlesStore.saveOriginal(ctx.db, article.id, doc.original.mediaType, doc.original.bytes.byteLength, gzipSync(doc.original.bytes));
  }
  // The summary as stored (status and tags are the table's defaults), without reading the row back.
  result.imported.push(article);
}

export { textSha256 };

/** Parse then store, refusing everything when anything is bad (unless skipInvalid). */
export function runImport(ctx: ServiceContext, sources: Iterable<SourceFile>, options: ImportRunOptions = {}, total = 0): ImportRunResult {
  const parsed = parseSources(sources, options, total);
  if (parsed.cancelled) return { imported: [], skipped: [], failed: [], cancelled: true };
  requireNoProblems(parsed.problems, options.skipInvalid);
  const stored = storeDocuments(ctx, parsed.documents, options);
  stored.failed.push(...parsed.problems.map((p) => ({ name: p.file, ...(p.line ? { line: p.line } : {}), reason: p.reason })));
  return stored;
}

/** What a caller running an import off the main thread adds: progress reports and a cancel check. */
export type ImportControl = Pick<ImportRunOptions, 'onProgress' | 'isCancelled'>;

/**
 * A cancelled import takes back the articles it stored (batches commit as they go, so other
 * writers never wait long), leaving the database as it was; an article someone already tagged
 * or reviewed meanwhile stays and is named.
 */
function discardCancelled(ctx: ServiceContext, result: ImportRunResult): ImportRunResult {
  if (!result.cancelled) return result;
  const ids = result.imported.map((a) => a.id);
  const kept = writeTransaction(ctx, () => articlesStore.deleteUntouchedArticles(ctx.db, ids));
  const keptNote = kept.length ? `; ${kept.length} article${kept.length === 1 ? ' was' : 's were'} kept because work on them had begun` : '';
  throw new WorkbenchError('cancelled', `the import was cancelled; nothing was kept${keptNote}`, kept.length ? { kept } : undefined);
}

export function importFiles(ctx: ServiceContext, input: MethodInput<'importFiles'>, control: ImportControl = {}): ImportResult {
  const { files, format, encoding, skipInvalid, verbatim, checkOnly } = parse('importFiles', input);
  const sources = files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) }));
  if (checkOnly) {
    const parsed = parseSources(sources, { ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), verbatim: Boolean(verbatim) });
    return { imported: [], skipped: [], failed: parsed.problems.map((p) => ({ name: p.file, ...(p.line ? { line: p.line } : {}), reason: p.reason })) };
  }
  const run = runImport(
    ctx,
    sources,
    {
      ...(format ? { format } : {}),
      ...(encoding ? { encoding } : {}),
      skipInvalid: Boolean(skipInvalid),
      verbatim: Boolean(verbatim),
      ...control,
    },
    sources.length,
  );
  const { cancelled: _cancelled, ...result } = discardCancelled(ctx, run);
  return result;
}

/**
 * One file streamed to the browser host's upload route (kept in a temporary
 * file by the door, never in a JSON body): the same pipeline and refusals as
 * importFiles. `take` hands over the bytes; nothing here keeps them once the
 * file is parsed, unless the original is stored beside the article.
 */
export function importUpload(ctx: ServiceContext, name: string, take: () => Uint8Array, options: UploadImportOptions): ImportResult {
  const checked = uploadImportSchema.safeParse({ name, ...options });
  if (!checked.success) {
    const { message, details } = describeIssues(checked.error.issues);
    throw new WorkbenchError('invalid_input', message, details);
  }
  const input = checked.data;
  const parseOptions: ImportRunOptions = {
    ...(input.format ? { format: input.format } : {}),
    ...(input.encoding ? { encoding: input.encoding } : {}),
    verbatim: Boolean(input.verbatim),
  };
  let parsed = parseSources(() => [{ name: input.name, bytes: take() }], parseOptions, 1);
  const failed = parsed.problems.map((p) => ({ name: p.file, ...(p.line ? { line: p.line } : {}), reason: p.reason }));
  if (input.checkOnly) return { imported: [], skipped: [], failed };
  requireNoProblems(parsed.problems, input.skipInvalid);
  const documents = parsed.documents;
  parsed = { documents: [], problems: [], cancelled: false };
  const { cancelled: _cancelled, ...result } = storeDocuments(ctx, documents, parseOptions);
  result.failed.push(...failed);
  return result;
}

/** Plain-text files already decoded by a door (kept for existing callers): the same pipeline from UTF-8 bytes. */
export function importTexts(ctx: ServiceContext, files: readonly { name: string; text: string }[], options: ImportRunOptions = {}): ImportResult {
  const encoder = new TextEncoder();
  const sources = files.map((f) => ({ name: f.name, bytes: encoder.encode(f.text) }));
  const { cancelled: _cancelled, ...result } = discardCancelled(ctx, runImport(ctx, sources, { format: 'text', ...options }, sources.length));
  return result;
}

export async function importUrl(ctx: ServiceContext, input: MethodInput<'importUrl'>): Promise<ImportResult> {
  const { url } = parse('importUrl', input);
  const page = await (ctx.options.fetchPage ?? fetchPage)(url);
  const parsed = parseFile(page, {});
  requireNoProblems(parsed.problems, false);
  const { cancelled: _cancelled, ...result } = storeDocuments(ctx, parsed.documents);
  return result;
}
