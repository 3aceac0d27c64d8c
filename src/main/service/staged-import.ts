import { randomUUID } from 'node:crypto';
import type { CommitImportResult, ImportResult, StagedImport } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { describeIssues, uploadImportSchema, type MethodInput, type UploadImportOptions } from '../../shared/schemas';
import type { ImportProblem, ParsedDocument } from '../import/pipeline';
import type { Db } from '../store/database';
import type { ServiceContext } from './context';
import { parseSources, storeDocuments } from './import';
import { parse } from './validation';

/**
 * An import too large for one request, in one pass over the files: the
 * renderer sends them batch by batch to be read and checked (stageImport),
 * then stores them (commitImport, a slice per call, so the dialog shows
 * progress and can stop between slices). Each file is sent and read once.
 * Without "skip invalid", one bad file or record anywhere means nothing is
 * stored: the check is over every batch before anything is written.
 *
 * Staged documents live in this process's memory only, per database, until
 * committed, discarded, or left untouched for STALE_MILLISECONDS.
 */

interface Staged {
  documents: ParsedDocument[];
  problems: ImportProblem[];
  stored: number;
  characters: number;
  touchedAt: number;
}

const STALE_MILLISECONDS = 30 * 60 * 1000;
/** Text held for imports not yet committed (UTF-16 code units: about 1 GB of memory). */
const MAX_STAGED_CHARACTERS = 512 * 1024 * 1024;
/** Articles stored per commit call when the caller does not say. */
const DEFAULT_COMMIT = 500;

const stagedByDb = new WeakMap<Db, Map<string, Staged>>();

function stagedImports(ctx: ServiceContext): Map<string, Staged> {
  let map = stagedByDb.get(ctx.db);
  if (!map) stagedByDb.set(ctx.db, (map = new Map()));
  const now = Date.now();
  for (const [id, staged] of map) if (now - staged.touchedAt > STALE_MILLISECONDS) map.delete(id);
  return map;
}

function requireStaged(map: Map<string, Staged>, importId: string): Staged {
  const staged = map.get(importId);
  if (!staged) {
    throw new WorkbenchError('not_found', `no import in progress with id ${importId} (it was finished, discarded, or left for over 30 minutes)`, {
      importId,
    });
  }
  staged.touchedAt = Date.now();
  return staged;
}

const asFailed = (problems: readonly ImportProblem[]): ImportResult['failed'] =>
  problems.map((p) => ({ name: p.file, ...(p.line ? { line: p.line } : {}), reason: p.reason }));

export function stageImport(ctx: ServiceContext, input: MethodInput<'stageImport'>): StagedImport {
  const { importId, files, format, encoding, verbatim } = parse('stageImport', input);
  const sources = files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) }));
  const parsed = parseSources(sources, { ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), verbatim: Boolean(verbatim) });
  return stageDocuments(ctx, importId, parsed);
}

/** Adds read files to a staged import (a new one without `given`); also used for a file uploaded to the browser host. */
export function stageDocuments(
  ctx: ServiceContext,
  given: string | undefined,
  parsed: { documents: ParsedDocument[]; problems: ImportProblem[] },
): StagedImport {
  const map = stagedImports(ctx);
  const importId = given ?? randomUUID();
  const staged = given ? requireStaged(map, given) : { documents: [], problems: [], stored: 0, characters: 0, touchedAt: Date.now() };
  const characters = parsed.documents.reduce((n, d) => n + d.text.length, 0);
  let held = characters;
  for (const other of map.values()) held += other.characters;
  if (held > MAX_STAGED_CHARACTERS) {
    map.delete(importId);
    throw new WorkbenchError(
      'invalid_input',
      'the import is too large to check in one go (over 512 million characters): import the folder in parts, or with the command line',
      {
        importId,
      },
    );
  }
  staged.documents.push(...parsed.documents);
  staged.problems.push(...parsed.problems);
  staged.characters += characters;
  map.set(importId, staged);
  return { importId, documents: staged.documents.length, failed: asFailed(staged.problems) };
}

/** One file uploaded to the browser host (kept on disk by the door), staged like stageImport's files. */
export function stageUpload(ctx: ServiceContext, name: string, take: () => Uint8Array, options: UploadImportOptions): StagedImport {
  const checked = uploadImportSchema.safeParse({ name, ...options });
  if (!checked.success) {
    const { message, details } = describeIssues(checked.error.issues);
    throw new WorkbenchError('invalid_input', message, details);
  }
  const { format, encoding, verbatim, importId } = checked.data;
  const parsed = parseSources(
    () => [{ name, bytes: take() }],
    { ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), verbatim: Boolean(verbatim) },
    1,
  );
  return stageDocuments(ctx, importId, parsed);
}

export function commitImport(ctx: ServiceContext, input: MethodInput<'commitImport'>): CommitImportResult {
  const { importId, skipInvalid, limit = DEFAULT_COMMIT } = parse('commitImport', input);
  const map = stagedImports(ctx);
  const staged = requireStaged(map, importId);
  if (staged.problems.length && !skipInvalid && staged.stored === 0) {
    map.delete(importId);
    return { imported: [], skipped: [], failed: asFailed(staged.problems), remaining: 0, refused: true };
  }
  const slice = staged.documents.slice(staged.stored, staged.stored + limit);
  const { cancelled: _cancelled, ...result } = storeDocuments(ctx, slice);
  staged.stored += slice.length;
  const remaining = staged.documents.length - staged.stored;
  if (remaining === 0) map.delete(importId);
  // Bad files and records are reported once, with the last slice.
  return { ...result, failed: remaining === 0 ? asFailed(staged.problems) : [], remaining, refused: false };
}

export function discardImport(ctx: ServiceContext, input: MethodInput<'discardImport'>): { discarded: boolean } {
  const { importId } = parse('discardImport', input);
  return { discarded: stagedImports(ctx).delete(importId) };
}
