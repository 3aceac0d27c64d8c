import { holdWriteLock, openReadOnlyDatabase, type Db } from './database';
import { JSONL_SCHEMA_VERSION, jsonlMetaJson } from '../../shared/formats/jsonl';
import { OffsetConverter, splitsSurrogatePair } from '../../shared/offsets';
import { rowsFromWorker, type PackedJsonlRow, type WorkerRows } from './export-worker';

/**
 * The rows a dataset export reads, in one ordered pass: one cursor over the
 * chosen articles and one over their spans, both in the same article order,
 * merged by an order key. Rows come raw (arrays, no per-row objects from the
 * driver) and are read as they are written, so memory stays flat whatever
 * the size of the database.
 */

/** Which articles and spans an export takes. Every field narrows; absent means all. */
export interface ExportSelection {
  /** These articles, in this order (duplicates are exported again, as asked). */
  articleIds?: readonly string[];
  source?: string;
  /** Published (or imported) on or after. */
  from?: string;
  /** Published (or imported) on or before; a bare date includes the whole day. */
  to?: string;
  /** An FTS5 MATCH expression (see store/articles toFtsQuery). */
  ftsQuery?: string;
  samples?: 'include' | 'exclude' | 'only';
  articleStatus?: readonly string[];
  labelIds?: readonly number[];
  /** Only spans of these annotators; an empty list means no spans at all. */
  annotatorIds?: readonly number[];
  acceptedOnly?: boolean;
}

/** [order key, id, external_id, title, source, url, published_at, language, sha256, text, meta, author, tags, status, machine_translated_from, previous_version_id] */
export type ExportArticleRow = [
  number,
  string,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string,
  string | null,
  string,
  string,
  string | null,
  string | null,
];
/** [order key, id, label_id, start, end, quote, annotator_id, note, confidence, attributes, status, created_at, updated_at] */
export type ExportSpanRow = [number, string, number, number, number, string, number, string, string | null, string, string, string, string];

export const A = {
  key: 0,
  id: 1,
  externalId: 2,
  title: 3,
  source: 4,
  url: 5,
  publishedAt: 6,
  language: 7,
  sha256: 8,
  text: 9,
  meta: 10,
  author: 11,
  tags: 12,
  status: 13,
  machineTranslatedFrom: 14,
  previousVersionId: 15,
} as const;
/** The columns of an ExportArticleRow after its order key, in order. */
const ARTICLE_COLUMNS =
  'a.id, a.external_id, a.title, a.source, a.url, a.published_at, a.language, a.sha256, a.text, a.meta, a.author, a.tags, a.status, a.machine_translated_from, a.previous_version_id';
export const S = {
  key: 0,
  id: 1,
  labelId: 2,
  start: 3,
  end: 4,
  quote: 5,
  annotatorId: 6,
  note: 7,
  confidence: 8,
  attributes: 9,
  status: 10,
  createdAt: 11,
  updatedAt: 12,
} as const;

/** A span's status as exports write it: rejected while a reviewer's rejection stands on it (see migration 006), else the status stored with it. */
const SPAN_STATUS = 'coalesce(n.review_status, n.status)';

interface Sql {
  from: string;
  where: string;
  order: string;
  key: string;
  params: unknown[];
}

function articleSql(selection: ExportSelection): Sql {
  // Deleted articles (kept for undo and restore) are never exported.
  const where: string[] = ['a.deleted_at IS NULL'];
  const params: unknown[] = [];
  let from = 'articles a';
  let order = 'a.imported_at, a.rowid';
  let key = 'a.rowid';
  if (selection.articleIds) {
    from = 'json_each(?) chosen JOIN articles a ON a.id = chosen.value';
    order = 'chosen.key';
    key = 'chosen.key';
    params.push(JSON.stringify(selection.articleIds));
  }
  if (selection.source) {
    where.push('a.source = ?');
    params.push(selection.source);
  }
  if (selection.from) {
    where.push('coalesce(a.published_at, a.imported_at) >= ?');
    params.push(selection.from);
  }
  if (selection.to) {
    where.push(`substr(coalesce(a.published_at, a.imported_at), 1, ${selection.to.length}) <= ?`);
    params.push(selection.to);
  }
  if (selection.ftsQuery) {
    where.push('a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)');
    params.push(selection.ftsQuery);
  }
  if (selection.samples === 'exclude') where.push(`coalesce(json_extract(a.meta, '$.origin'), '') <> 'sample'`);
  if (selection.samples === 'only') where.push(`json_extract(a.meta, '$.origin') = 'sample'`);
  if (selection.articleStatus?.length) {
    where.push('a.status IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(selection.articleStatus));
  }
  return { from, where: where.join(' AND '), order, key, params };
}

function spanConditions(selection: ExportSelection): { where: string; params: unknown[] } {
  const where = ['n.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (selection.labelIds) {
    where.push('n.label_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(selection.labelIds));
  }
  if (selection.annotatorIds) {
    where.push('n.annotator_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(selection.annotatorIds));
  }
  if (selection.acceptedOnly) where.push(`${SPAN_STATUS} = 'accepted'`);
  return { where: where.join(' AND '), params };
}

export function countExportArticles(db: Db, selection: ExportSelection): number {
  const a = articleSql(selection);
  return (db.prepare(`SELECT count(*) AS n FROM ${a.from} WHERE ${a.where}`).get(...a.params) as { n: number }).n;
}

/** The articles an export takes, each with its spans sorted by start, end, id. */
export function* exportRows(db: Db, selection: ExportSelection): Generator<{ article: ExportArticleRow; spans: ExportSpanRow[] }> {
  const a = articleSql(selection);
  const s = spanConditions(selection);
  const articles = db
    .prepare(`SELECT ${a.key}, ${ARTICLE_COLUMNS} FROM ${a.from} WHERE ${a.where} ORDER BY ${a.order}`)
    .raw()
    .iterate(...a.params) as IterableIterator<ExportArticleRow>;
  // CROSS JOIN keeps the articles as the outer loop, so SQLite walks them in order and sorts only each article's few spans.
  const spanCursor = db
    .prepare(
      `SELECT ${a.key}, n.id, n.label_id, n.start, n.end, n.quote, n.annotator_id, n.note, n.confidence, n.attributes, ${SPAN_STATUS}, n.created_at, n.updated_at
       FROM ${a.from} CROSS JOIN annotations n ON n.article_id = a.id
       WHERE ${a.where} AND ${s.where} ORDER BY ${a.order}, n.start, n.end, n.id`,
    )
    .raw()
    .iterate(...a.params, ...s.params) as IterableIterator<ExportSpanRow>;
  let next = spanCursor.next();
  try {
    for (const article of articles) {
      const spans: ExportSpanRow[] = [];
      while (!next.done && next.value[S.key] === article[A.key]) {
        spans.push(next.value);
        next = spanCursor.next();
      }
      yield { article, spans };
    }
  } finally {
    spanCursor.return?.();
    articles.return?.();
  }
}

/**
 * Articles of the selection with a field only the native JSONL carries: the author, tags, an article
 * status other than new, the language a machine translation was made from, or a previous version (for the loss report).
 */
export function countArticlesWithUncarriedFields(db: Db, selection: ExportSelection): number {
  const a = articleSql(selection);
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM ${a.from} WHERE ${a.where}
         AND (a.author IS NOT NULL OR a.tags <> '[]' OR a.status <> 'new' OR a.machine_translated_from IS NOT NULL OR a.previous_version_id IS NOT NULL)`,
      )
      .get(...a.params) as { n: number }
  ).n;
}

export function isLiveArticle(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL').get(id) !== undefined;
}

export function annotatorIdsByName(db: Db): Map<string, number> {
  return new Map((db.prepare('SELECT id, name FROM annotators').raw().all() as [number, string][]).map(([id, name]) => [name, id]));
}

export function liveSpanCountOf(db: Db, annotatorId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM annotations WHERE annotator_id = ? AND deleted_at IS NULL').get(annotatorId) as { n: number }).n;
}

/**
 * The native JSONL export, article by article, with SQLite building each
 * line's JSON (json_quote escapes exactly as JSON.stringify does) so that no
 * per-span row crosses into JavaScript. An article takes this path when it
 * is short enough for SQLite to slice cheaply, every span quotes its text
 * exactly, and no multi-choice value is stored as a single string; a text
 * with characters outside the BMP has its spans checked and its offsets
 * converted in JavaScript. Otherwise it comes back as raw rows for the
 * general encoder, which also names any span that fails the check.
 * `attributeSpans` (spans with attributes) is counted only when attributes
 * are left out (for the loss report); otherwise it is 0.
 */
export type JsonlExportItem =
  | { kind: 'line'; id: string; head: string; spans: string; meta: string; spanCount: number; attributeSpans: number }
  /** The whole line, newline included, as UTF-8: exactly the codec's bytes. */
  | { kind: 'bytes'; id: string; line: Uint8Array; spanCount: number; attributeSpans: number }
  | { kind: 'rows'; article: ExportArticleRow; spans: ExportSpanRow[] };

export interface JsonlFastOptions {
  /** false: every span's attributes are written as {} (--no-attributes). */
  attributes: boolean;
  /** "labelId:key" of every multi-choice attribute: a single string stored there must be exported as an array. */
  multiChoice: readonly string[];
  /** No split (nothing to add per article): SQLite writes whole lines, as bytes. */
  wholeLines: boolean;
  /** The unit of the offsets written: the spans of a text with characters outside the BMP are converted here. */
  offsets: 'codepoint' | 'utf16';
  /**
   * Build half of the lines in a worker thread with its own read-only
   * connection (articles of odd rowid there, even here, merged back in
   * order). Only for a database file and the default article order; the
   * caller decides when the export is large enough to be worth a thread.
   */
  parallel?: boolean;
}

/**
 * Worker threads building lines in a parallel export, and how many shares
 * this thread builds itself (none: it merges the workers' lines, handles
 * the articles they leave to the codec, and writes).
 */
const EXPORT_WORKERS = 2;
const EXPORT_SHARE_HERE: number = 0;
/**
 * Shares are runs of this many consecutive rowids, dealt in turn: an
 * article's spans are mostly stored together, so each thread reads its own
 * pages rather than every page (as rowid modulo n did), and a run is short
 * enough (about one batch of lines) that the merge never waits long on it.
 */
const EXPORT_RUN = 64;

/** Longest text (UTF-16 units) built by SQLite: each span check slices the text from its start. */
const FAST_TEXT_LIMIT = 20_000;

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** SQL deciding whether any span of the group stores a multi-choice value as something else than an array. */
function legacyMultiChoiceSql(multiChoice: readonly string[]): { sql: string; params: unknown[] } {
  if (multiChoice.length === 0) return { sql: '0', params: [] };
  const simple = multiChoice.every((entry) => /^\d+:[A-Za-z0-9_]+$/.test(entry));
  if (!simple) {
    return {
      sql: `total(n.attributes <> '{}' AND EXISTS (SELECT 1 FROM json_each(n.attributes) e WHERE e.type <> 'array' AND (n.label_id || ':' || e.key) IN (SELECT value FROM json_each(?))))`,
      params: [JSON.stringify(multiChoice)],
    };
  }
  // One json_type per multi-choice key of the span's own label: far cheaper than walking every attribute with json_each.
  const tests = multiChoice.map((entry) => {
    const colon = entry.indexOf(':');
    return `(n.label_id = ${Number(entry.slice(0, colon))} AND n.attributes <> '{}' AND json_type(n.attributes, '$."${entry.slice(colon + 1)}"') <> 'array')`;
  });
  // The label first: most spans are of other labels, and an integer is the cheapest test.
  return { sql: `total(${tests.join(' OR ')})`, params: [] };
}

/**
 * [key, id, whole line (bytes) or null, head JSON or null, summary or null, meta, imported_at, the text when it has characters outside the BMP];
 * or, from a worker thread, a line it has already checked (see export-worker).
 */
type JsonlRow = [number, string, Uint8Array | null, string | null, string | null, string, string | null, string | null] | PackedJsonlRow;

const ROW_IMPORTED_AT = 6;
const COLON = 0x3a;
const LS = Buffer.from('\u2028');
const PS = Buffer.from('\u2029');

export function* jsonlExportItems(db: Db, selection: ExportSelection, options: JsonlFastOptions): Generator<JsonlExportItem> {
  const a = articleSql(selection);
  const s = spanConditions(selection);
  const legacy = legacyMultiChoiceSql(options.multiChoice);
  // Labels and annotators are few: their names go into the statement as CASE lists, cheaper per span than joins.
  const caseOf = (column: string, names: ReadonlyMap<number, string>, otherwise: string): string =>
    names.size ? `CASE ${column} ${[...names].map(([id, name]) => `WHEN ${id} THEN ${literal(name)}`).join(' ')} ELSE ${otherwise} END` : otherwise;
  const labelRows = db.prepare('SELECT id, key, name FROM labels').raw().all() as [number, string, string][];
  const labelKey = caseOf('n.label_id', new Map(labelRows.map(([id, key]) => [id, key])), `'label_' || n.label_id`);
  const labelName = caseOf('n.label_id', new Map(labelRows.map(([id, , name]) => [id, name])), `'Label ' || n.label_id`);
  const annotatorName = caseOf('n.annotator_id', new Map(db.prepare('SELECT id, name FROM annotators').raw().all() as [number, string][]), 'NULL');
  // json_object escapes strings exactly as JSON.stringify does; stored attributes were written by JSON.stringify.
  const spanJson = `json_object('id', n.id, 'start', n.start, 'end', n.end, 'text', n.quote, 'label', ${labelKey}, 'label_name', ${labelName},
    'annotator', ${annotatorName}, 'status', ${SPAN_STATUS}, 'attributes', ${options.attributes ? 'json(n.attributes)' : `json('{}')`}, 'note', n.note,
    'confidence', n.confidence, 'created_at', n.created_at, 'updated_at', n.updated_at)`;
  // Short texts are built here; one without characters outside the BMP is also checked here (SQLite's substr counts code points).
  const fast = `a.text_length <= ${FAST_TEXT_LIMIT}`;
  const bmp = `length(a.text) = a.text_length`;
  const check = `total(n.end > a.text_length OR substr(a.text, n.start + 1, n.end - n.start) IS NOT n.quote)`;
  // concat() sizes its result once; a chain of || copies the growing line at every step.
  const headArgs = `'{"schema_version":${JSONL_SCHEMA_VERSION},"id":', json_quote(a.id), ',"external_id":', json_quote(a.external_id), ',"title":', json_quote(a.title),
    ',"source":', json_quote(a.source), ',"url":', json_quote(a.url), ',"published_at":', json_quote(a.published_at),
    ',"language":', json_quote(a.language), ',"author":', json_quote(a.author), ',"tags":', json(a.tags), ',"status":', json_quote(a.status),
    ',"machine_translated_from":', json_quote(a.machine_translated_from), ',"previous_version_id":', json_quote(a.previous_version_id),
    ',"sha256":', json_quote(a.sha256), ',"text":', json_quote(a.text)`;
  const head = `concat(${headArgs})`;
  const spansArray = `json_group_array(${spanJson} ORDER BY n.start, n.end, n.id)`;
  // A text with characters outside the BMP: each span as id, start, end, quoted text and the rest of its JSON (from "label" on), apart by
  // control characters JSON never holds raw, so JavaScript converts the offsets and checks the text without parsing the JSON.
  const spanPieces = `group_concat(json_quote(n.id) || char(31) || n.start || char(31) || n.end || char(31) || json_quote(n.quote) || char(31)
      || substr(json_object('label', ${labelKey}, 'label_name', ${labelName}, 'annotator', ${annotatorName}, 'status', ${SPAN_STATUS},
        'attributes', ${options.attributes ? 'json(n.attributes)' : `json('{}')`}, 'note', n.note, 'confidence', n.confidence,
        'created_at', n.created_at, 'updated_at', n.updated_at), 2), char(30) ORDER BY n.start, n.end, n.id)`;
  // Spans with attributes matter only to the loss report of an export that leaves attributes out.
  const attributeSpans = options.attributes ? '0' : `total(n.attributes <> '{}')`;
  // One value per article: "count:mismatches:legacy multi-choice:spans with attributes:" then the spans' JSON array, or (whole lines) the line itself.
  // `tail`: one expression, or several (comma-separated) written one after the other. None of them is ever NULL.
  const summaryOf = (mismatches: string, tail: string): { sql: string; params: unknown[] } => ({
    sql: `(SELECT concat(count(*), ':', ${mismatches}, ':', ${legacy.sql}, ':', ${attributeSpans}, ':', ${tail})
      FROM annotations n WHERE n.article_id = a.id AND ${s.where})`,
    params: [...legacy.params, ...s.params],
  });
  // Without whole lines a short text takes either form, by whether it holds characters outside the BMP (only the branch taken runs).
  const bothSummaries = (): { sql: string; params: unknown[] } => {
    const plain = summaryOf(check, spansArray);
    const astral = summaryOf('0', `coalesce(${spanPieces}, '')`);
    return { sql: `CASE WHEN ${bmp} THEN ${plain.sql} ELSE ${astral.sql} END`, params: [...plain.params, ...astral.params] };
  };
  // A whole line comes as bytes (a BLOB): no UTF-8 decoding into a JavaScript string and no encoding back for the file.
  const wholeLine = summaryOf(
    check,
    `${headArgs}, ',"offset_unit":${JSON.stringify(options.offsets)},"split":null,"spans":', ${spansArray}, ',"meta":', a.meta, '}', char(10)`,
  );
  const parts = options.wholeLines
    ? {
        line: { sql: `CASE WHEN ${fast} AND ${bmp} THEN CAST(${wholeLine.sql} AS BLOB) END`, params: wholeLine.params },
        summary: summaryOf('0', `coalesce(${spanPieces}, '')`),
        when: `${fast} AND NOT ${bmp}`,
      }
    : { line: { sql: 'NULL', params: [] }, summary: bothSummaries(), when: fast };
  const parallel = options.parallel === true && !selection.articleIds && db.name !== ':memory:' && db.name !== '';
  const sql = (part: string): string =>
    `SELECT ${a.key}, a.id, ${parts.line.sql}, CASE WHEN ${parts.when} THEN ${head} END, CASE WHEN ${parts.when} THEN ${parts.summary.sql} END,
       a.meta, a.imported_at, CASE WHEN ${fast} AND NOT ${bmp} THEN a.text END
       FROM ${a.from} WHERE ${a.where}${part} ORDER BY ${a.order}`;
  const params = [...parts.line.params, ...parts.summary.params, ...a.params];
  // In a worker thread, whole lines of a text with characters outside the BMP come as bytes too, each span's JSON after a
  // raw char(1) (JSON never holds one raw): the worker checks the spans and converts their offsets there (see export-worker).
  const astralLine = summaryOf(
    '0',
    `${headArgs}, ',"offset_unit":${JSON.stringify(options.offsets)},"split":null,"spans":[', coalesce(group_concat(char(1) || ${spanJson}, ',' ORDER BY n.start, n.end, n.id), ''),
      '],"meta":', a.meta, '}', char(10)`,
  );
  const workerSql = (part: string): string =>
    `SELECT ${a.key}, a.id, CASE WHEN ${fast} THEN CAST(CASE WHEN ${bmp} THEN ${wholeLine.sql} ELSE ${astralLine.sql} END AS BLOB) END, NULL, NULL,
       a.meta, a.imported_at, CASE WHEN ${fast} AND NOT ${bmp} THEN a.text END
       FROM ${a.from} WHERE ${a.where}${part} ORDER BY ${a.order}`;
  const workerParams = [...wholeLine.params, ...astralLine.params, ...a.params];
  let rows: Iterable<JsonlRow>;
  // With worker threads, every read (theirs, and this thread's second reads) comes from one committed state: a
  // connection of its own holds a read transaction, begun, like the workers' reads, while the write lock is held.
  let reader: Db | null = null;
  if (parallel) {
    // Share i of n: the articles in every n-th run of rowids, from the i-th. This thread takes share 0 unless every share goes to a worker.
    const here = EXPORT_SHARE_HERE;
    const n = EXPORT_WORKERS + here;
    const streams: Iterator<JsonlRow>[] = [];
    const release = holdWriteLock(db.name);
    try {
      reader = openReadOnlyDatabase(db.name);
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM articles').pluck().get();
      const workers: WorkerRows<JsonlRow>[] = [];
      for (let i = 0; i < n; i++) {
        const part = ` AND (a.rowid / ${EXPORT_RUN}) % ${n} = ${i}`;
        if (i < here)
          streams.push(
            reader
              .prepare(sql(part))
              .raw()
              .iterate(...params) as IterableIterator<JsonlRow>,
          );
        else if (options.wholeLines)
          streams.push(workers[workers.push(rowsFromWorker<JsonlRow>(db.name, workerSql(part), workerParams, { jsonlOffsets: options.offsets })) - 1]!);
        else streams.push(workers[workers.push(rowsFromWorker<JsonlRow>(db.name, sql(part), params)) - 1]!);
      }
      for (const worker of workers) worker.waitUntilReading();
    } catch (error) {
      for (const stream of streams) stream.return?.();
      reader?.close();
      throw error;
    } finally {
      release();
    }
    rows = mergeInExportOrder(streams);
  } else
    rows = db
      .prepare(sql(''))
      .raw()
      .iterate(...params) as IterableIterator<JsonlRow>;
  const again = reader ?? db;
  const fullArticle = again.prepare(`SELECT ?, ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?`);
  const spansOf = again.prepare(
    `SELECT ?, n.id, n.label_id, n.start, n.end, n.quote, n.annotator_id, n.note, n.confidence, n.attributes, ${SPAN_STATUS}, n.created_at, n.updated_at
     FROM annotations n WHERE n.article_id = ? AND ${s.where} ORDER BY n.start, n.end, n.id`,
  );
  const read = (key: number, id: string): { article: ExportArticleRow; spans: ExportSpanRow[] } | null => {
    const article = fullArticle.raw().get(key, id) as ExportArticleRow | undefined;
    return article ? { article, spans: spansOf.raw().all(key, id, ...s.params) as ExportSpanRow[] } : null;
  };
  // Alone, this thread's open statement keeps one read snapshot; with worker threads the reader's open transaction does.
  try {
    yield* jsonlItemsOf(rows, read, options);
  } finally {
    if (reader) {
      reader.exec('COMMIT');
      reader.close();
    }
  }
}

function* jsonlItemsOf(
  rows: Iterable<JsonlRow>,
  readAgain: (key: number, id: string) => { article: ExportArticleRow; spans: ExportSpanRow[] } | null,
  options: JsonlFastOptions,
): Generator<JsonlExportItem> {
  for (const row of rows) {
    const [key, id, lineBytes, headJson, summary, meta, , astralText] = row;
    if (row.length === 10) {
      // Checked by the worker thread but for the meta, which the codec writes as JSON.stringify does.
      if (meta === '{}' || jsonlMetaJson(meta) === meta) {
        yield { kind: 'bytes', id, line: row[2], spanCount: row[8], attributeSpans: row[9] };
        continue;
      }
    } else if (lineBytes !== null) {
      // A worker thread's Buffer arrives as a plain Uint8Array.
      const bytes = Buffer.isBuffer(lineBytes) ? lineBytes : Buffer.from(lineBytes.buffer, lineBytes.byteOffset, lineBytes.byteLength);
      let at = 0;
      const fields: number[] = [];
      for (let i = 0; i < 4; i++) {
        const colon = bytes.indexOf(COLON, at);
        fields.push(Number(bytes.toString('latin1', at, colon)));
        at = colon + 1;
      }
      const [spanCount, mismatches, legacyCount, attributeSpans] = fields as [number, number, number, number];
      const line = bytes.subarray(at);
      // The stored meta must be what the codec writes, and a line separator must be escaped (the codec does both).
      if (mismatches === 0 && legacyCount === 0 && (meta === '{}' || jsonlMetaJson(meta) === meta) && line.indexOf(LS) === -1 && line.indexOf(PS) === -1) {
        yield { kind: 'bytes', id, line, spanCount, attributeSpans };
        continue;
      }
    } else if (headJson !== null && summary !== null) {
      let at = 0;
      const fields: number[] = [];
      for (let i = 0; i < 4; i++) {
        const colon = summary.indexOf(':', at);
        fields.push(Number(summary.slice(at, colon)));
        at = colon + 1;
      }
      const [spanCount, mismatches, legacyCount, attributeSpans] = fields as [number, number, number, number];
      if (mismatches === 0 && legacyCount === 0) {
        // SQLite counts code points, so a text with characters outside the BMP is checked, and its offsets converted, here.
        const spans = astralText === null ? summary.slice(at) : astralSpansJson(astralText, summary.slice(at), options.offsets);
        if (spans !== null) {
          yield { kind: 'line', id, head: headJson, spans, meta, spanCount, attributeSpans };
          continue;
        }
      }
    }
    const again = readAgain(key, id);
    // Gone only if deleted since a worker thread read it.
    if (again) yield { kind: 'rows', ...again };
  }
}

/**
 * The spans' JSON array of a text with characters outside the BMP, from
 * SQLite's pieces (see spanPieces), offsets (UTF-16, as stored) in the unit
 * asked for; null when a span does not quote the text exactly (the general
 * encoder then names it). json_quote writes a string as JSON.stringify does,
 * so comparing the quoted forms compares the texts.
 */
function astralSpansJson(text: string, pieces: string, unit: 'codepoint' | 'utf16'): string | null {
  if (pieces === '') return '[]';
  const converter = unit === 'codepoint' ? new OffsetConverter(text) : null;
  const spans = pieces.split('\u001e');
  for (let i = 0; i < spans.length; i++) {
    const [id, startText, endText, quote, rest] = spans[i]!.split('\u001f') as [string, string, string, string, string];
    const start = Number(startText);
    const end = Number(endText);
    if (end > text.length || splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end) || JSON.stringify(text.slice(start, end)) !== quote)
      return null;
    const out = converter ? `${converter.toCodePoint(start)},"end":${converter.toCodePoint(end)}` : `${start},"end":${end}`;
    spans[i] = `{"id":${id},"start":${out},"text":${quote},${rest}`;
  }
  return `[${spans.join(',')}]`;
}

/** SQLite's order of two imported_at values (BINARY: UTF-8 bytes; JavaScript's < agrees below U+D800). */
function compareText(x: string | null, y: string | null): number {
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (/[\uD800-\uFFFF]/.test(x) || /[\uD800-\uFFFF]/.test(y)) return Buffer.compare(Buffer.from(x), Buffer.from(y));
  return x < y ? -1 : 1;
}

/** Streams, each in the export order (imported_at, rowid), as one. */
function* mergeInExportOrder(streams: Iterator<JsonlRow>[]): Generator<JsonlRow> {
  const heads = streams.map((stream) => stream.next());
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]!;
        if (h.done) continue;
        if (best < 0) best = i;
        else {
          const b = heads[best]!.value as JsonlRow;
          if ((compareText(h.value[ROW_IMPORTED_AT], b[ROW_IMPORTED_AT]) || h.value[0] - b[0]) < 0) best = i;
        }
      }
      if (best < 0) return;
      yield heads[best]!.value as JsonlRow;
      heads[best] = streams[best]!.next();
    }
  } finally {
    for (const stream of streams) stream.return?.();
  }
}
