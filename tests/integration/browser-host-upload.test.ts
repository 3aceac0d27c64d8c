import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src/main/doors/http/browser-host';
import type { ImportResult } from '../../src/shared/domain';
import { makeTempDir, openTestWorkbench, type TestWorkbench } from '../helpers/workbench';

/**
 * `POST /upload`: one file as the raw body, streamed to a temporary file and
 * imported through the one pipeline; refused (typed, nothing stored, no
 * temporary file left) when it is too large, unauthenticated or malformed.
 */

const TOKEN = 'upload-token-0123456789abcdef';
const LIMIT = 1024 * 1024;

let temp: ReturnType<typeof makeTempDir>;
let uploads: string;
let wb: TestWorkbench;
let host: BrowserHost;

interface Reply {
  status: number;
  body: { ok: boolean; value?: ImportResult; error?: { code: string; message: string } };
}

/** Sends `pieces` one write each; without a length the body goes chunked (no Content-Length to refuse early). */
function upload(
  pieces: (string | Buffer)[],
  options: { name?: string | null; query?: string; headers?: Record<string, string>; sendLength?: boolean } = {},
): Promise<Reply> {
  const length = pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${host.port}`,
    'content-type': 'application/octet-stream',
    'x-workbench-token': TOKEN,
    ...(options.name === null ? {} : { 'x-workbench-file-name': encodeURIComponent(options.name ?? 'story.txt') }),
    ...(options.sendLength === false ? {} : { 'content-length': String(length) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, agent: false, method: 'POST', path: `/upload${options.query ?? ''}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['body'] }));
    });
    req.on('error', reject);
    for (const piece of pieces) req.write(piece);
    req.end();
  });
}

const articleCount = (): number => wb.service.listArticles({}).length;

beforeAll(async () => {
  temp = makeTempDir('workbench-upload-test-');
  uploads = join(temp.dir, 'uploads');
  mkdirSync(uploads);
  wb = openTestWorkbench();
  host = await startBrowserHost({ service: wb.service, rendererDir: temp.dir, token: TOKEN, maxUploadBytes: LIMIT, uploadDir: uploads });
});

afterAll(async () => {
  await host.close();
  wb.close();
  temp.cleanup();
});

afterEach(() => {
  // Every upload, taken or refused, leaves nothing behind in the temporary folder.
  expect(readdirSync(uploads)).toEqual([]);
});

describe('browser host: POST /upload', () => {
  it('imports the streamed file byte for byte, with its name from the header', async () => {
    const text = 'Официальные лица сообщили, что 2500 человек эвакуированы.\n\nSecond paragraph 😀.\n';
    const bytes = Buffer.from(text, 'utf8');
    // Sent in pieces that split a multi-byte character.
    const reply = await upload([bytes.subarray(0, 5), bytes.subarray(5, 77), bytes.subarray(77)], { name: 'Донесение №1.txt' });
    expect(reply.status).toBe(200);
    expect(reply.body.value!.imported).toHaveLength(1);
    const stored = wb.service.getArticle({ id: reply.body.value!.imported[0]!.id });
    expect(stored.text).toBe(text);
    expect(stored.externalId).toBe('Донесение №1');
  });

  it('takes the import options from the query: checkOnly stores nothing, skipInvalid keeps the good records', async () => {
    const before = articleCount();
    const jsonl = '{"text":"A good record about the port."}\n{"headline":"no text"}\n';
    const checked = await upload([jsonl], { name: 'batch.jsonl', query: '?checkOnly=1' });
    expect(checked.status).toBe(200);
    expect(checked.body.value!.failed).toEqual([expect.objectContaining({ name: 'batch.jsonl', line: 2 })]);
    expect(articleCount()).toBe(before);
    const refused = await upload([jsonl], { name: 'batch.jsonl' });
    expect(refused.status).toBe(400);
    expect(refused.body.error!.message).toMatch(/^nothing was imported: 1 bad file or record: batch\.jsonl line 2/);
    expect(articleCount()).toBe(before);
    const skipped = await upload([jsonl], { name: 'batch.jsonl', query: '?skipInvalid=1' });
    expect(skipped.body.value!.imported).toHaveLength(1);
    expect(articleCount()).toBe(before + 1);
  });

  it('refuses a file over the limit with a typed 413, whether or not it says its length, and stores nothing', async () => {
    const before = articleCount();
    const big = Buffer.alloc(LIMIT + 1, 'a');
    const declared = await upload([big], { name: 'huge.txt' });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toEqual({
      code: 'too_large',
      message: expect.stringMatching(/^huge\.txt is larger than the 1 MB an upload may be; nothing was imported/),
    });
    const chunked = await upload([big.subarray(0, 600_000), big.subarray(600_000)], { name: 'huge.txt', sendLength: false });
    expect(chunked.status).toBe(413);
    expect(chunked.body.error!.code).toBe('too_large');
    expect(articleCount()).toBe(before);
  });

  it('refuses a binary file with the pipeline’s typed error and stores nothing', async () => {
    const before = articleCount();
    const reply = await upload([Buffer.alloc(300, 0)], { name: 'zeros.txt' });
    expect(reply.status).toBe(400);
    expect(reply.body.error!.message).toMatch(/zeros\.txt/);
    expect(articleCount()).toBe(before);
  });

  it('?kind=layer-database imports another analyst’s database file as their layer; a file that is not one is refused', async () => {
    const text = 'Officials said the bridge at the border reopened on Friday.';
    const articleId = wb.service.importArticles({ files: [{ name: 'bridge.txt', text }] }).imported[0]!.id;
    const file = join(temp.dir, 'ana.sqlite');
    const other = openTestWorkbench(file);
    const otherId = other.service.importArticles({ files: [{ name: 'bridge.txt', text }] }).imported[0]!.id;
    other.service.as('ana').createAnnotation({ articleId: otherId, labelId: other.service.listLabels({})[0]!.id, start: 0, end: 9, note: 'from ana' });
    other.close();
    const reply = await upload([readFileSync(file)], { name: 'ana.sqlite', query: '?kind=layer-database' });
    expect(reply.status).toBe(200);
    expect(reply.body.value).toMatchObject({ annotator: 'ana', created: 1 });
    expect(wb.service.listAnnotations({ articleId }).map((s) => [s.annotator, s.note])).toEqual([['ana', 'from ana']]);
    const notDb = await upload(['just text'], { name: 'notes.sqlite', query: '?kind=layer-database' });
    expect([notDb.status, notDb.body.error!.code, notDb.body.error!.message]).toEqual([
      400,
      'unsupported_format',
      'notes.sqlite is not a workbench database (not an SQLite file); nothing was imported',
    ]);
    const mixed = await upload(['x'], { name: 'ana.sqlite', query: '?kind=layer-database&format=text' });
    expect([mixed.status, mixed.body.error!.code]).toEqual([400, 'invalid_input']);
  });

  it('needs the token, this host, the octet-stream type, a file name and known options', async () => {
    const before = articleCount();
    const cases: [Parameters<typeof upload>[1], number, string][] = [
      [{ headers: { 'x-workbench-token': 'wrong' } }, 401, 'unauthorized'],
      [{ headers: { host: 'evil.example:80' } }, 403, 'forbidden'],
      [{ headers: { origin: 'http://evil.example' } }, 403, 'forbidden'],
      [{ headers: { 'content-type': 'text/plain' } }, 415, 'invalid_input'],
      [{ name: null }, 400, 'invalid_input'],
      [{ headers: { 'x-workbench-file-name': '%E0%A4%A' } }, 400, 'invalid_input'],
      [{ query: '?verbatim=yes' }, 400, 'invalid_input'],
      [{ query: '?overwrite=1' }, 400, 'invalid_input'],
      [{ query: '?format=pdf' }, 400, 'invalid_input'],
      [{ query: '?kind=everything' }, 400, 'invalid_input'],
      [{ name: 'bad\u0000name.txt' }, 400, 'invalid_input'],
    ];
    for (const [options, status, code] of cases) {
      const reply = await upload(['Officials said the bridge reopened.'], options);
      expect({ options, status: reply.status, code: reply.body.error?.code }).toEqual({ options, status, code });
    }
    expect(articleCount()).toBe(before);
  });
});
