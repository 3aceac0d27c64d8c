import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ANNOTATOR_HEADER, type LayeredApi, type WorkbenchApi } from '../../../shared/api';
import type { ImportResult, LayerImportResult, StagedImport } from '../../../shared/domain';
import { toErrorData, WorkbenchError, type ErrorCode, type Result } from '../../../shared/errors';
import type { UploadImportOptions } from '../../../shared/schemas';
import { dispatchAsync } from '../../result';

/**
 * The browser host: the built renderer and `POST /api/<method>` on
 * 127.0.0.1 only. Every API call carries the per-run token; requests naming a
 * foreign Host or Origin are refused, which also defeats DNS rebinding.
 */
export interface BrowserHostOptions {
  /** Each call acts as the annotator its tab names in the X-Workbench-Annotator header (the door's default when absent). */
  service: LayeredApi;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token, for tests; random otherwise. */
  token?: string;
  /** Largest JSON body of an API call, in bytes (big files go through the upload route). */
  maxBodyBytes?: number;
  /** Largest file accepted by `POST /upload`, in bytes. */
  maxUploadBytes?: number;
  /** Folder for uploads on their way into the import (the system's temporary folder by default). */
  uploadDir?: string;
  log?: (line: string) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unsupported_format: 400,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  database_too_new: 409,
  busy: 503,
  too_large: 413,
  corrupt: 500,
  internal: 500,
  io: 500,
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBuffer = Buffer.from(token);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD;
  const log = options.log ?? (() => {});
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`browser host: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      return sendJson(res, 403, failure('forbidden', `Host ${req.headers.host ?? '(none)'} is not this workbench`));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      return sendJson(res, 403, failure('forbidden', `Origin ${origin} may not call this workbench`));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (url.pathname === '/upload') return handleUpload(req, res, url.searchParams);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, failure('invalid_input', `${req.method} is not allowed here`));
    }
    return serveStatic(req, res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, failure('invalid_input', 'API calls are POST requests'));
    }
    if (!hasToken(req))
      return sendJson(
        res,
        401,
        failure(
          'unauthorized',
          'missing or wrong workbench token: open the address `workbench serve` (or `npm start`) printed last; it changes only with `serve --new-token`',
        ),
      );
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      return sendJson(res, 415, failure('invalid_input', 'API calls send application/json'));
    }
    let input: unknown;
    try {
      input = parseJson(await readBody(req, maxBody));
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendJson(res, 413, failure('too_large', error.message));
      return sendJson(res, 400, failure('invalid_input', `the request body is not valid JSON: ${(error as Error).message}`));
    }
    let service: WorkbenchApi;
    try {
      service = callerService(req);
    } catch (error) {
      return sendJson(res, 400, { ok: false, error: toErrorData(error) });
    }
    const result = await dispatchAsync(service, method, input);
    if (!result.ok && result.error.code === 'internal') log(`browser host: ${method}: ${result.error.message}`);
    sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 500), result);
  }

  /**
   * `POST /upload`: one file as the raw request body, its name URI-encoded in
   * X-Workbench-File-Name, importFiles' options in the query (format,
   * encoding, skipInvalid=1, verbatim=1, checkOnly=1, stage=1 and importId to add it to a staged import), or
   * `?kind=layer-database[&annotator=NAME]` for another analyst's database
   * file, imported as their layer straight from the temporary file. The body streams into
   * a private temporary file, never into memory, and is refused past
   * maxUploadBytes; the same token, Host and Origin checks as the API.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, failure('invalid_input', 'an upload is a POST request'));
    }
    if (!hasToken(req)) return refuseUpload(req, res, 401, failure('unauthorized', 'missing or wrong workbench token'));
    if ((req.headers['content-type'] ?? '') !== 'application/octet-stream') {
      return refuseUpload(req, res, 415, failure('invalid_input', 'an upload sends the file as application/octet-stream'));
    }
    let upload: UploadRequest;
    try {
      upload = uploadOptions(req, query);
    } catch (error) {
      return refuseUpload(req, res, 400, { ok: false, error: toErrorData(error) });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxUpload) {
      return refuseUpload(req, res, 413, failure('too_large', tooLargeMessage(upload.name, maxUpload)));
    }
    let service: WorkbenchApi & Partial<UploadImporter>;
    try {
      service = callerService(req);
    } catch (error) {
      return refuseUpload(req, res, 400, { ok: false, error: toErrorData(error) });
    }
    if (typeof service.importUpload !== 'function' || typeof service.importLayerUpload !== 'function') {
      return refuseUpload(req, res, 404, failure('unknown_method', 'this host takes no uploads'));
    }
    const folder = mkdtempSync(join(options.uploadDir ?? tmpdir(), 'workbench-upload-'));
    try {
      const file = join(folder, 'body');
      let received: 'ok' | 'too_large';
      try {
        received = await receiveUpload(req, file, maxUpload);
      } catch (error) {
        if (req.destroyed || !req.complete) return void res.destroy();
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOSPC' ? 'the disk is full' : (error as Error).message;
        return sendJson(res, 507, failure('io', `${upload.name}: the upload could not be kept until it is imported (${why}); nothing was imported`));
      }
      if (received === 'too_large') return sendJson(res, 413, failure('too_large', tooLargeMessage(upload.name, maxUpload)));
      const { name, kind, annotator, ...importOptions } = upload;
      let result: Result<unknown>;
      try {
        const value =
          kind === 'layer-database' ? service.importLayerUpload(file, name, annotator) : service.importUpload(name, () => readFileSync(file), importOptions);
        result = { ok: true, value };
      } catch (error) {
        result = { ok: false, error: toErrorData(error) };
      }
      if (!result.ok && result.error.code === 'internal') log(`browser host: upload ${name}: ${result.error.message}`);
      sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 500), result);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  function callerService(req: IncomingMessage): WorkbenchApi & Partial<UploadImporter> {
    const header = req.headers[ANNOTATOR_HEADER];
    const raw = Array.isArray(header) ? header[0] : header;
    if (raw === undefined || raw === '') return options.service as WorkbenchApi & Partial<UploadImporter>;
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      throw new WorkbenchError('invalid_input', `the ${ANNOTATOR_HEADER} header is not URI-encoded text`);
    }
    return options.service.as(name) as WorkbenchApi & Partial<UploadImporter>;
  }

  function hasToken(req: IncomingMessage): boolean {
    const header = req.headers['x-workbench-token'];
    const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const given = Buffer.from((Array.isArray(header) ? header[0] : header) ?? bearer ?? '');
    return given.length === tokenBuffer.length && timingSafeEqual(given, tokenBuffer);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return sendJson(res, 400, failure('invalid_input', 'bad path'));
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const root = resolve(options.rendererDir);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return sendJson(res, 404, failure('not_found', `nothing at ${pathname}`));
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : 0;
      resolvePromise({
        url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
        port,
        token,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

class BodyTooLarge extends Error {}

/** JSON bodies: the largest API input (a layer's database file as base64, a batch of small files) fits; big article files use /upload. */
const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
const DEFAULT_MAX_UPLOAD = 1024 * 1024 * 1024;

/** The door-only entry the service offers for one uploaded file (WorkbenchService.importUpload). */
export interface UploadImporter {
  importUpload(name: string, take: () => Uint8Array, options: UploadImportOptions): ImportResult | StagedImport;
  /** `?kind=layer-database`: another analyst's database file, imported as their layer. */
  importLayerUpload(file: string, fileName: string, annotator: string | undefined): LayerImportResult;
}

function tooLargeMessage(name: string, limit: number): string {
  return `${name} is larger than the ${megabytes(limit)} an upload may be; nothing was imported (import it with \`workbench import\` instead)`;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}

/**
 * Writes the body to `file` (created exclusively, readable by this user only)
 * as it arrives, a chunk at a time with back-pressure. Past `limit` it stops
 * writing but reads on to the end, so the client gets its 413 rather than a
 * reset connection; the same when the file cannot be written (full disk).
 */
function receiveUpload(req: IncomingMessage, file: string, limit: number): Promise<'ok' | 'too_large'> {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let tooLarge = false;
    let failed: Error | null = null;
    out.on('error', (error) => {
      failed ??= error;
      req.resume();
    });
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge || failed) return;
      if (size > limit) {
        tooLarge = true;
        out.destroy();
        req.resume();
        return;
      }
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      if (failed) return reject(failed);
      if (tooLarge) return resolvePromise('too_large');
      out.end(() => (failed ? reject(failed) : resolvePromise('ok')));
    });
    req.on('error', (error) => {
      out.destroy();
      reject(error);
    });
  });
}

function flag(query: URLSearchParams, key: string): boolean | undefined {
  const value = query.get(key);
  if (value === null) return undefined;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new WorkbenchError('invalid_input', `${key} is 1 or 0, not “${value}”`);
}

type UploadRequest = UploadImportOptions & { name: string; kind: 'articles' | 'layer-database'; annotator?: string };

function uploadOptions(req: IncomingMessage, query: URLSearchParams): UploadRequest {
  const header = req.headers['x-workbench-file-name'];
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) throw new WorkbenchError('invalid_input', 'an upload names its file in the X-Workbench-File-Name header');
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new WorkbenchError('invalid_input', 'the X-Workbench-File-Name header is not URI-encoded text');
  }
  const kind = query.get('kind') ?? 'articles';
  if (kind !== 'articles' && kind !== 'layer-database')
    throw new WorkbenchError('invalid_input', `an upload is of kind articles or layer-database, not “${kind}”`);
  const allowed = kind === 'articles' ? ['kind', 'format', 'encoding', 'skipInvalid', 'verbatim', 'checkOnly', 'stage', 'importId'] : ['kind', 'annotator'];
  for (const key of query.keys()) {
    if (!allowed.includes(key)) throw new WorkbenchError('invalid_input', `an upload of ${kind} takes ${allowed.join(', ')}, not “${key}”`);
  }
  const annotator = query.get('annotator');
  if (kind === 'layer-database') return { name, kind, ...(annotator !== null ? { annotator } : {}) };
  const format = query.get('format');
  const encoding = query.get('encoding');
  const importId = query.get('importId');
  return {
    name,
    kind,
    ...(importId !== null ? { importId } : {}),
    ...optional('stage', flag(query, 'stage')),
    ...(format !== null ? { format: format as NonNullable<UploadImportOptions['format']> } : {}),
    ...(encoding !== null ? { encoding } : {}),
    ...optional('skipInvalid', flag(query, 'skipInvalid')),
    ...optional('verbatim', flag(query, 'verbatim')),
    ...optional('checkOnly', flag(query, 'checkOnly')),
  };
}

function optional<K extends string>(key: K, value: boolean | undefined): Partial<Record<K, boolean>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, boolean>);
}

/**
 * Answers an upload refused before its body was read; the body is read and
 * dropped (never stored), then the connection closes.
 */
function refuseUpload(req: IncomingMessage, res: ServerResponse, status: number, body: Result<never>): void {
  res.setHeader('Connection', 'close');
  sendJson(res, status, body);
  // Read and drop the rest: a client still sending would otherwise see a reset instead of the answer.
  req.resume();
}

/** Parses a JSON body without keeping the bytes or their decoded text alive past the parse. */
function parseJson(body: Buffer): unknown {
  return body.length ? JSON.parse(body.toString('utf8')) : {};
}

/**
 * Reads the body as it streams in. With a Content-Length (every browser
 * sends one) the bytes go straight into one buffer of that size: no list of
 * chunks joined at the end, which would hold the body twice. Past the limit
 * it keeps draining (so the client still gets a 413, not a reset) but stores
 * nothing.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length']);
    const sized = Number.isSafeInteger(declared) && declared >= 0 && declared <= limit ? Buffer.allocUnsafe(declared) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (sized) {
        // Node's parser never delivers more than Content-Length; checked anyway, never written past the buffer.
        if (size + chunk.length <= sized.length) chunk.copy(sized, size);
      } else if (size + chunk.length <= limit) chunks.push(chunk);
      else chunks.length = 0;
      size += chunk.length;
    });
    req.on('end', () => {
      if (size > limit) return reject(new BodyTooLarge(`the request body is larger than ${limit} bytes`));
      if (sized) return size === sized.length ? resolvePromise(sized) : reject(new Error('the body does not match its Content-Length'));
      resolvePromise(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
