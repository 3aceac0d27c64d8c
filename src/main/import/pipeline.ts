import { parseArticleJson, parseArticleJsonl } from '../../shared/formats/article-jsonl';
import { extractArticle } from '../../shared/formats/html-article';
import { WorkbenchError } from '../../shared/errors';
import { IMPORTABLE_EXTENSIONS } from '../../shared/importable';
import { decodeText, type DecodedText } from './decode';
import { detectLanguage } from './language';
import { htmlTools } from './libraries';
import { finishText, type FinishedText } from './finish-text';

/**
 * The one import pipeline every door uses (CLI, the browser host's upload, the
 * desktop dialog, drag and drop, paste, a fetched URL): bytes and a file name
 * in; articles with their metadata, and a list of problems, out. Nothing here
 * touches the database: the service stores the documents in batches.
 */

export const ARTICLE_FORMATS = ['auto', 'text', 'html', 'jsonl', 'json'] as const;
export type ArticleFormat = (typeof ARTICLE_FORMATS)[number];

export { IMPORTABLE_EXTENSIONS };

export interface SourceFile {
  /** The file name (or path) the analyst will recognise in messages. */
  name: string;
  bytes: Uint8Array;
  /** The address a page was fetched from. */
  url?: string;
  /** Content-Type of a fetched page. */
  contentType?: string;
}

export interface ParseOptions {
  format?: ArticleFormat;
  encoding?: string;
  /** Store plain text exactly as the file has it (no removal of page clutter). */
  verbatim?: boolean;
}

export interface ParsedDocument {
  /** File name, with `:LINE` for a record of a JSONL file. */
  name: string;
  text: string;
  title: string | null;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  language: string | null;
  author: string | null;
  machineTranslatedFrom: string | null;
  meta: Record<string, unknown>;
  /** The file as it came, kept compressed beside the article so extraction can be redone. */
  original: { mediaType: string; bytes: Uint8Array } | null;
  /** SHA-256 of `text`'s UTF-8 when the parser already computed it (plain text); else the store computes it. */
  sha256?: string;
}

/** A plain-text file decoded, its clean-up, language and hash still to do (finishText). */
export interface DecodedTextFile {
  file: SourceFile;
  decoded: DecodedText;
}

export interface ImportProblem {
  file: string;
  /** 1-based line of a bad record in a JSONL / JSON file. */
  line?: number;
  reason: string;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  /** Bad records (the file's valid records are in `documents`; the caller decides whether to import them). */
  problems: ImportProblem[];
}

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '');
}

export function formatOf(file: SourceFile, requested: ArticleFormat = 'auto'): Exclude<ArticleFormat, 'auto'> {
  if (requested !== 'auto') return requested;
  const lower = baseName(file.name).toLowerCase();
  if (/\.(html?|xhtml)$/.test(lower) || /html/.test(file.contentType ?? '')) return 'html';
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  if (/\.json$/.test(lower)) return 'json';
  if (/\.(txt|md|text|markdown)$/.test(lower) || /^text\/plain/.test(file.contentType ?? '')) return 'text';
  // No telling ending (a URL path, a pasted file): look at the first bytes.
  const head = new TextDecoder('latin1')
    .decode(file.bytes.subarray(0, 512))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml')) return 'html';
  if (!/\.[a-z0-9]{1,8}$/.test(lower) || file.url) return 'text';
  throw new WorkbenchError(
    'unsupported_format',
    `${file.name}: unsupported file type “${/\.[^.]+$/.exec(lower)?.[0] ?? '(none)'}”; import reads ${IMPORTABLE_EXTENSIONS.join(', ')}`,
    { file: file.name },
  );
}

function encodingMeta(decoded: DecodedText): Record<string, unknown> {
  return {
    encoding: decoded.encoding,
    encodingDetectedBy: decoded.detectedBy,
    ...(decoded.confidence !== undefined ? { encodingConfidence: decoded.confidence } : {}),
  };
}

/** HTML names its charset: <meta charset> or http-equiv, read from the first bytes (ASCII-compatible). */
function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

/** The language the file names, else tinyld's confident guess (recorded as detected, so the analyst knows), else null. */
function languageOf(named: string | null, text: string): { code: string | null; meta: Record<string, unknown> } {
  if (named) return { code: named, meta: {} };
  const detected = detectLanguage(text);
  return detected ? { code: detected, meta: { languageDetectedBy: 'tinyld' } } : { code: null, meta: {} };
}

/**
 * Reads a file up to the point where it can no longer be refused: HTML, JSON
 * and JSONL files completely; a plain-text file only decoded (the decoding is
 * what can fail), its clean-up left to finishText.
 */
export function readSource(file: SourceFile, options: ParseOptions = {}): ParsedFile | DecodedTextFile {
  const format = formatOf(file, options.format);
  const name = baseName(file.name);
  if (format === 'html') {
    const declared = options.encoding ?? file.contentType?.match(/charset=([\w-]+)/i)?.[1] ?? declaredHtmlCharset(file.bytes);
    let decoded: DecodedText;
    try {
      decoded = decodeText(file.bytes, file.name, declared);
    } catch (error) {
      // A page that lies about its charset: try detection before giving up.
      if (options.encoding || !declared) throw error;
      decoded = decodeText(file.bytes, file.name);
    }
    let page: ReturnType<typeof extractArticle>;
    try {
      page = extractArticle(decoded.text, file.url, htmlTools());
    } catch (error) {
      // The HTML parser or Readability gave up on markup it cannot make a document of (no root element, say).
      if (error instanceof WorkbenchError) throw error;
      return { documents: [], problems: [{ file: file.name, reason: `the page cannot be read as HTML (${(error as Error).message})` }] };
    }
    if (page.text.trim() === '') return { documents: [], problems: [{ file: file.name, reason: 'no article text found on the page' }] };
    const language = languageOf(page.language, page.text);
    return {
      documents: [
        {
          name: file.name,
          text: page.text,
          title: page.title,
          source: page.source,
          url: page.url,
          publishedAt: page.publishedAt,
          language: language.code,
          author: page.author,
          machineTranslatedFrom: page.machineTranslatedFrom,
          meta: {
            fileName: name,
            format: 'html',
            ...encodingMeta(decoded),
            ...language.meta,
            ...(file.url ? { fetchedFrom: file.url } : {}),
            ...(page.problems.length ? { extractionNotes: page.problems } : {}),
            extractor: 'readability+linkedom',
          },
          original: { mediaType: 'text/html', bytes: file.bytes },
        },
      ],
      problems: [],
    };
  }

  const decoded = decodeText(file.bytes, file.name, options.encoding);
  if (format === 'jsonl' || format === 'json') {
    const parsed = format === 'jsonl' ? parseArticleJsonl(decoded.text) : parseArticleJson(decoded.text);
    return {
      documents: parsed.records.map(({ line, record }) => {
        const language = languageOf(record.language, record.text);
        return {
          name: `${file.name}:${line}`,
          text: record.text,
          title: record.title,
          source: record.source,
          url: record.url,
          publishedAt: record.publishedAt,
          language: language.code,
          author: typeof record.meta.author === 'string' ? record.meta.author : null,
          machineTranslatedFrom: null,
          meta: {
            ...record.meta,
            fileName: name,
            line,
            format,
            ...language.meta,
            ...(parsed.ignoredFields.length ? { ignoredFields: parsed.ignoredFields } : {}),
          },
          original: null,
        };
      }),
      problems: parsed.problems.map((p) => ({ file: file.name, line: p.line, reason: p.reason })),
    };
  }

  return { decoded, file };
}

export function parseFile(file: SourceFile, options: ParseOptions = {}): ParsedFile {
  const read = readSource(file, options);
  if (!('decoded' in read)) return read;
  return { documents: [textDocument(read, finishText(read.decoded.text, read.decoded.language ?? null, Boolean(options.verbatim)))], problems: [] };
}

/** A plain-text document from its decoded file and the finished text (finish-text.ts, on this thread or a worker). */
export function textDocument({ file, decoded }: DecodedTextFile, finished: FinishedText): ParsedDocument {
  const keepOriginal = finished.text !== decoded.text || decoded.encoding !== 'utf-8';
  return {
    name: file.name,
    text: finished.text,
    title: null,
    source: null,
    url: file.url ?? null,
    publishedAt: null,
    language: finished.language,
    author: null,
    machineTranslatedFrom: finished.machineTranslatedFrom,
    meta: {
      fileName: baseName(file.name),
      format: 'text',
      ...encodingMeta(decoded),
      ...(finished.languageDetected ? { languageDetectedBy: 'tinyld' } : {}),
      ...(finished.removed.length ? { removedLines: finished.removed } : {}),
    },
    original: keepOriginal ? { mediaType: 'text/plain', bytes: file.bytes } : null,
    sha256: finished.sha256,
  };
}
