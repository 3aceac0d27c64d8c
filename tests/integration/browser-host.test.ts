import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src/main/doors/http/browser-host';
import type { Annotation, ArticleSummary, ExportResult, ImportResult, Label } from '../../src/shared/domain';
import type { JsonlRecord } from '../../src/shared/formats/jsonl';
import { makeTempDir, openTestWorkbench, type TestWorkbench } from '../helpers/workbench';
import { TRICKY_TEXT, codePointSlice } from '../fixtures/tricky-text';

const TOKEN = 'test-token-0123456789abcdef';
const INDEX_HTML = '<!doctype html><title>Analyst Workbench test</title><p>renderer</p>';
const SECRET = 'TOP-SECRET-OUTSIDE-RENDERER';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let temp: ReturnType<typeof makeTempDir>;
let wb: TestWorkbench;
let host: BrowserHost;

/** A raw HTTP request: the path is sent exactly as given (no client-side normalisation). */
function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; port?: number }): Promise<Reply> {
  const port = options.port ?? host.port;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent: false,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', 'x-workbench-token': TOKEN, ...headers },
    body: JSON.stringify(input),
  });
}

async function call<T>(method: string, input: unknown): Promise<T> {
  const reply = await api(method, input);
  const parsed = JSON.parse(reply.body) as { ok: boolean; value: T; error?: unknown };
  if (reply.status !== 200 || !parsed.ok) throw new Error(`${method} failed: ${reply.status} ${reply.body}`);
  return parsed.value;
}

beforeAll(async () => {
  temp = makeTempDir('workbench-host-');
  const renderer = join(temp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), INDEX_HTML);
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(renderer, 'assets', 'data.bin'), Buffer.from([0, 1, 2, 3]));
  writeFileSync(join(temp.dir, 'secret.txt'), SECRET);
  mkdirSync(join(temp.dir, 'renderer-evil'));
  writeFileSync(join(temp.dir, 'renderer-evil', 'x.txt'), SECRET);
  wb = openTestWorkbench();
  host = await startBrowserHost({ service: wb.service, rendererDir: renderer, port: 0, token: TOKEN });
});

afterAll(async () => {
  await host.close();
  wb.close();
  temp.cleanup();
});

describe('browser host: binding and token', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
    const address = host.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('makes up a long random token when none is given', async () => {
    const a = await startBrowserHost({ service: wb.service, rendererDir: temp.dir });
    const b = await startBrowserHost({ service: wb.service, rendererDir: temp.dir });
    try {
      expect(a.token.length).toBeGreaterThanOrEqual(32);
      expect(a.token).not.toBe(b.token);
      expect(a.port).not.toBe(b.port);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('answers 401 without the token or with a wrong one', async () => {
    const attempts: Record<string, string>[] = [
      { 'x-workbench-token': '' },
      { 'x-workbench-token': 'wrong' },
      { 'x-workbench-token': `${TOKEN}x` },
      { authorization: 'Bearer nope' },
      { authorization: TOKEN.slice(0, -1) },
    ];
    for (const headers of attempts) {
      const reply = await send({ method: 'POST', path: '/api/getSession', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({
        ok: false,
        error: { code: 'unauthorized', message: expect.stringMatching(/^missing or wrong workbench token: open the address/) },
      });
    }
    const none = await send({ method: 'POST', path: '/api/getSession', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
  });

  it('accepts the token as a header or as a bearer token', async () => {
    expect((await api('getSession', {})).status).toBe(200);
    const bearer = await send({
      method: 'POST',
      path: '/api/getSession',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(bearer.status).toBe(200);
    expect(JSON.parse(bearer.body)).toMatchObject({
      ok: true,
      value: { annotator: 'tester', annotatorChosen: false, appVersion: '9.9.9-test', host: 'browser' },
    });
  });
});

describe('browser host: each tab acts as its own annotator', () => {
  it('acts as the annotator the X-Workbench-Annotator header names, per request, and refuses a bad one', async () => {
    const asAna = { 'x-workbench-annotator': encodeURIComponent('Ана Ковальчук') };
    const session = JSON.parse((await api('getSession', {}, asAna)).body) as { value: { annotator: string; annotatorChosen: boolean } };
    expect(session.value).toMatchObject({ annotator: 'Ана Ковальчук', annotatorChosen: true });
    const imported = await call<ImportResult>('importArticles', { files: [{ name: 'layers.txt', text: 'Two analysts, one text.\n' }] });
    const article = imported.imported[0];
    const label = (await call<Label[]>('listLabels', {}))[0]!;
    const created = JSON.parse((await api('createAnnotation', { articleId: article!.id, labelId: label.id, start: 1, end: 5 }, asAna)).body) as {
      value: Annotation;
    };
    expect(created.value.annotator).toBe('Ана Ковальчук');
    // Another tab (no header, the door's default) may not edit it: 403 with a typed error.
    const edit = await api('updateAnnotation', { id: created.value.id, note: 'not mine' });
    expect(edit.status).toBe(403);
    expect(JSON.parse(edit.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await api('deleteAnnotation', { id: created.value.id }, asAna)).status).toBe(200);
    const gold = await api('getSession', {}, { 'x-workbench-annotator': 'gold' });
    expect([gold.status, JSON.parse(gold.body).error.code]).toEqual([400, 'invalid_input']);
    expect((await api('getSession', {}, { 'x-workbench-annotator': '%E0%A4%A' })).status).toBe(400);
  });
});

describe('browser host: Host and Origin checks', () => {
  it('refuses a foreign Host header with 403, even with the token', async () => {
    for (const hostHeader of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1']) {
      const reply = await api('getSession', {}, { host: hostHeader });
      expect(reply.status, hostHeader).toBe(403);
      expect(JSON.parse(reply.body).error.code).toBe('forbidden');
    }
    expect((await send({ path: '/', headers: { host: 'attacker.test' } })).status).toBe(403);
  });

  it('accepts localhost as the Host', async () => {
    expect((await api('getSession', {}, { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin with 403 and accepts its own', async () => {
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${host.port}`, `http://127.0.0.1:${host.port + 1}`]) {
      const reply = await api('getSession', {}, { origin });
      expect(reply.status, origin).toBe(403);
      expect(JSON.parse(reply.body).error.message).toBe(`Origin ${origin} may not call this workbench`);
    }
    expect((await api('getSession', {}, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
    expect((await api('getSession', {}, { origin: `http://localhost:${host.port}` })).status).toBe(200);
  });
});

describe('browser host: API requests', () => {
  it('answers 405 to anything but POST on /api, and to non-GET elsewhere', async () => {
    const get = await send({ path: '/api/getSession', headers: { 'x-workbench-token': TOKEN } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const post = await send({ method: 'POST', path: '/index.html', body: '' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await send({ method: 'DELETE', path: '/' })).status).toBe(405);
  });

  it('answers 415 when the body is not declared as JSON', async () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const headers: Record<string, string> = { 'x-workbench-token': TOKEN };
      if (type) headers['content-type'] = type;
      const reply = await send({ method: 'POST', path: '/api/getSession', headers, body: '{}' });
      expect(reply.status, String(type)).toBe(415);
    }
    expect((await api('getSession', {}, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('answers 400 to malformed JSON and treats an empty body as {}', async () => {
    const bad = await send({
      method: 'POST',
      path: '/api/getSession',
      headers: { 'content-type': 'application/json', 'x-workbench-token': TOKEN },
      body: '{"oops"',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/^the request body is not valid JSON/);
    const empty = await send({ method: 'POST', path: '/api/getSession', headers: { 'content-type': 'application/json', 'x-workbench-token': TOKEN } });
    expect(empty.status).toBe(200);
  });

  it('answers 413 with a JSON error to a body over the limit', async () => {
    const small = await startBrowserHost({ service: wb.service, rendererDir: temp.dir, token: TOKEN, maxBodyBytes: 64 });
    try {
      const reply = await send({
        port: small.port,
        method: 'POST',
        path: '/api/importArticles',
        headers: { 'content-type': 'application/json', 'x-workbench-token': TOKEN },
        body: JSON.stringify({ files: [{ name: 'big.txt', text: 'x'.repeat(200_000) }] }),
      });
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'too_large', message: 'the request body is larger than 64 bytes' } });
      expect(wb.service.listArticles({ query: 'big' })).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('maps error codes to HTTP statuses and passes errors as data', async () => {
    const unknown = await api('dropEverything', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_method');

    const invalid = await api('createAnnotation', { articleId: 'a', labelId: 1, start: 5, end: 2 });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'end: end must be greater than start', details: [{ path: 'end', message: 'end must be greater than start' }] },
    });

    expect((await api('getArticle', { id: 'missing' })).status).toBe(404);
    const conflict = await api('createLabel', { name: 'Duplicate key', color: '#000000', hotkey: '1' });
    expect(conflict.status).toBe(409);
    expect(JSON.parse(conflict.body).error.code).toBe('conflict');
    expect(conflict.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(conflict.headers['cache-control']).toBe('no-store');
  });

  it('imports, annotates, undoes and exports through HTTP with exact text and code point offsets', async () => {
    const imported = await call<ImportResult>('importArticles', { files: [{ name: 'tricky.txt', text: TRICKY_TEXT }] });
    const article = imported.imported[0] as ArticleSummary;
    const fetched = await call<{ text: string }>('getArticle', { id: article.id });
    expect(fetched.text).toBe(TRICKY_TEXT);
    const label = (await call<Label[]>('listLabels', {}))[0]!;
    const start = TRICKY_TEXT.indexOf('\u{1F1FA}');
    const created = await call<Annotation>('createAnnotation', { articleId: article.id, labelId: label.id, start, end: start + 9 });
    expect(created.quote).toBe('\u{1F1FA}\u{1F1E6} flag');
    const second = await call<Annotation>('createAnnotation', { articleId: article.id, labelId: label.id, start: 0, end: 10 });
    expect((await call<{ done: boolean }>('undo', { articleId: article.id })).done).toBe(true);
    const listed = await call<Annotation[]>('listAnnotations', { articleId: article.id });
    expect(listed.map((a) => a.id)).toEqual([created.id]);
    expect(listed.map((a) => a.id)).not.toContain(second.id);

    const exported = await call<ExportResult>('exportDataset', { format: 'jsonl', articleIds: [article.id] });
    const record = JSON.parse(exported.content.trimEnd()) as JsonlRecord;
    expect(record.text).toBe(TRICKY_TEXT);
    expect(record.spans).toHaveLength(1);
    const span = record.spans[0]!;
    expect(codePointSlice(record.text, span.start, span.end)).toBe(span.text);
    expect(span.text).toBe('\u{1F1FA}\u{1F1E6} flag');
    expect(span.start).toBeLessThan(start); // the astral character before it shifted the offset
  });
});

describe('browser host: static files', () => {
  it('serves index.html at / with security headers, and HEAD without a body', async () => {
    const reply = await send({ path: '/?token=abc' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(reply.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const head = await send({ method: 'HEAD', path: '/index.html' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
  });

  it('serves assets with their MIME type, unknown types as octet-stream', async () => {
    const js = await send({ path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send({ path: '/assets/data.bin' })).headers['content-type']).toBe('application/octet-stream');
  });

  it('answers 404 for missing files and folders', async () => {
    expect((await send({ path: '/nope.html' })).status).toBe(404);
    expect((await send({ path: '/assets' })).status).toBe(404);
    expect((await send({ path: '/assets/' })).status).toBe(404);
  });

  it('refuses every path traversal attempt', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/..%2frenderer-evil/x.txt',
      `/${encodeURIComponent(join(temp.dir, 'secret.txt'))}`,
      '/%00../secret.txt',
    ];
    for (const path of attempts) {
      const reply = await send({ path });
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body, path).not.toContain(SECRET);
    }
  });

  it('answers 400 to a path that is not valid percent-encoding', async () => {
    expect((await send({ path: '/%E0%A4%A' })).status).toBe(400);
  });

  it('serves from a renderer folder given with a trailing slash', async () => {
    const slashed = await startBrowserHost({ service: wb.service, rendererDir: `${join(temp.dir, 'renderer')}/`, token: TOKEN });
    try {
      const reply = await send({ port: slashed.port, path: '/' });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe(INDEX_HTML);
    } finally {
      await slashed.close();
    }
  });
});

describe('browser host: close', () => {
  it('stops listening', async () => {
    const extra = await startBrowserHost({ service: wb.service, rendererDir: temp.dir, token: TOKEN });
    const port = extra.port;
    expect((await send({ port, path: '/x' })).status).toBe(404);
    await extra.close();
    await expect(send({ port, path: '/x' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
