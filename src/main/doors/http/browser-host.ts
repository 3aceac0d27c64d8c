import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ANNOTATOR_HEADER, type LayeredApi, type WorkbenchApi } from '../../../shared/api';
import { toErrorData, WorkbenchError, type ErrorCode, type Result } from '../../../shared/errors';
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
  /** Largest request body accepted, in bytes (imports send whole articles). */
  maxBodyBytes?: number;
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
  const maxBody = options.maxBodyBytes ?? 256 * 1024 * 1024;
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
    if (!hasToken(req)) return sendJson(res, 401, failure('unauthorized', 'missing or wrong workbench token: open the address `workbench serve` (or `npm start`) printed last; it changes only with `serve --new-token`'));
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      return sendJson(res, 415, failure('invalid_input', 'API calls send application/json'));
    }
    let input: unknown;
    try {
      input = parseJson(await readBody(req, maxBody));
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendJson(res, 413, failure('invalid_input', error.message));
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

  function callerService(req: IncomingMessage): WorkbenchApi {
    const header = req.headers[ANNOTATOR_HEADER];
    const raw = Array.isArray(header) ? header[0] : header;
    if (raw === undefined || raw === '') return options.service;
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      throw new WorkbenchError('invalid_input', `the ${ANNOTATOR_HEADER} header is not URI-encoded text`);
    }
    return options.service.as(name);
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
