import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src/shared/errors';
import { ServiceWorkerHost, type WorkProgress } from '../../../src/main/worker/service-host';

// The service run in worker threads behind the ServiceWorkerHost, as the desktop app runs it:
// calls answered as Results, typed errors, progress, cancellation, a clean close.

const dir = mkdtempSync(join(tmpdir(), 'workbench-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Distinct articles (the import skips repeated texts): `batch` keeps each test's texts apart. */
const articles = (batch: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    name: `${batch}-${i}.txt`,
    text: `Report ${batch} ${i}\n\nThe ministry said on day ${i} that talks in city ${i % 97} would resume. `.repeat(8),
  }));

describe('ServiceWorkerHost', () => {
  // Starting threads is slow under tsx: one host serves the tests that need no fresh database.
  let service: ServiceWorkerHost;
  beforeAll(async () => {
    service = await ServiceWorkerHost.start({ dbPath: join(dir, 'shared.sqlite'), host: 'electron', samples: false });
  }, 60_000);
  afterAll(() => service.close());

  it('answers API calls from the worker, as the annotator named', async () => {
    const session = await service.invoke('getSession', {});
    expect(session.host).toBe('electron');
    const mine = await service.invoke('getSession', {}, { annotator: 'Dana' });
    expect(mine.annotator).toBe('Dana');
    const labels = await service.invoke('listLabels', {});
    expect(labels.length).toBeGreaterThan(0);
    const before = (await service.invoke('listArticles', {})).length;
    const imported = await service.invoke('importArticles', { files: articles('calls', 2) });
    expect(imported.imported).toHaveLength(2);
    // The background thread stored them; the interactive one reads the same file.
    expect(await service.invoke('listArticles', {})).toHaveLength(before + 2);
  });

  it('passes errors back typed, with their code and details', async () => {
    const missing = await service.call('getArticle', { id: 'no-such-article' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bad = await service.call('createLabel', { name: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await service.call('dropEverything' as never, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const thrown = await service.invoke('getArticle', { id: 'no-such-article' }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(WorkbenchError);
    expect((thrown as WorkbenchError).code).toBe('not_found');
    const refused = await service.call('importFiles', { files: [{ name: 'x.jsonl', base64: Buffer.from('{"text": 1}\n').toString('base64') }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { problems: [expect.objectContaining({ file: 'x.jsonl' })] } } });
  });

  it('answers a small call while a long import is still running', async () => {
    const order: string[] = [];
    let storing = false;
    const importing = service
      .invoke('importArticles', { files: articles('long', 3000) }, { onProgress: (p) => (storing ||= p.phase === 'storing') })
      .then((r) => {
        order.push('import');
        return r;
      });
    // Sent once the import is under way in the background thread.
    await expect.poll(() => storing, { timeout: 30_000 }).toBe(true);
    await service.invoke('listLabels', {}).then(() => order.push('labels'));
    const done = await importing;
    expect(done.imported).toHaveLength(3000);
    expect(order).toEqual(['labels', 'import']);
  });

  it('reports progress of a long import up to its total', async () => {
    const seen: WorkProgress[] = [];
    await service.invoke('importArticles', { files: articles('progress', 600) }, { onProgress: (p) => seen.push(p) });
    const storing = seen.filter((p) => p.phase === 'storing');
    expect(storing.length).toBeGreaterThan(0);
    expect(storing.every((p) => p.method === 'importArticles' && p.total === 600)).toBe(true);
    expect(storing.map((p) => p.done)).toEqual([...storing.map((p) => p.done)].sort((a, b) => a - b));
    expect(storing.at(-1)!.done).toBe(600);
  });

  it('cancels an import and leaves the database as it was', async () => {
    await service.invoke('importArticles', { files: articles('cancel', 3) });
    const before = await service.invoke('listArticles', {});
    const controller = new AbortController();
    let storedWhenCancelled = 0;
    const outcome = await service.call(
      'importArticles',
      { files: articles('cancel', 3000).slice(3) },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'storing' && p.done > 0 && !controller.signal.aborted) {
            storedWhenCancelled = p.done;
            controller.abort();
          }
        },
      },
    );
    expect(storedWhenCancelled).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('nothing was kept') } });
    expect(await service.invoke('listArticles', {})).toEqual(before);
    // The texts can be imported again: nothing of the cancelled run was left to clash with.
    expect((await service.invoke('importArticles', { files: articles('cancel', 10) })).imported).toHaveLength(7);
  });

  it('cancels an export: the caller gets a cancelled error at once', async () => {
    const articleCount = (await service.invoke('listArticles', {})).length;
    const controller = new AbortController();
    const exporting = service.call('exportDataset', { format: 'jsonl' }, { signal: controller.signal });
    controller.abort();
    expect(await exporting).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // The thread goes on answering.
    expect((await service.invoke('exportDataset', { format: 'jsonl' })).articleCount).toBe(articleCount);
  });
});

describe('ServiceWorkerHost opening and closing', () => {
  let host: ServiceWorkerHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });
  const start = async (file: string): Promise<ServiceWorkerHost> => (host = await ServiceWorkerHost.start({ dbPath: file, host: 'electron', samples: false }));

  it('refuses to start on a file that is not a database, with the typed error', async () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const failure = await start(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkbenchError);
    expect((failure as WorkbenchError).message).toMatch(/not a SQLite database|not a workbench database|notes\.sqlite/);
  });

  it('closes the database cleanly: no write-ahead log is left beside it', async () => {
    const file = join(dir, 'closing.sqlite');
    const opened = await start(file);
    await opened.invoke('importArticles', { files: articles('close', 5) });
    expect(existsSync(`${file}-wal`)).toBe(true);
    await opened.close();
    host = undefined;
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
