import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportJobStatus } from '../../../src/shared/domain';
import { catchWorkbenchError, makeTempDir, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('workbench-export-jobs-');
  // A file database: the background export reads it through its own read-only connection.
  wb = openTestWorkbench(join(tmp.dir, 'jobs.sqlite'));
});
afterEach(() => {
  wb.close();
  tmp.cleanup();
});

const ARTICLES = 200;

function seed(): void {
  const files = Array.from({ length: ARTICLES }, (_, i) => ({
    name: `a${i}.txt`,
    text: `Article ${i}: officials said 2,500 soldiers \u{1F4A9} were missing.`,
  }));
  const articles = wb.service.importArticles({ files }).imported;
  const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
  const ana = wb.service.as('ana');
  articles.forEach((a, i) => {
    const text = files[i]!.text;
    ana.createAnnotations({
      articleId: a.id,
      spans: [
        { labelId: claim.id, start: text.indexOf('officials'), end: text.indexOf('officials') + 9 },
        { labelId: claim.id, start: text.indexOf('2,500'), end: text.indexOf('2,500') + 14 },
      ],
    });
  });
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function waitWhileRunning(jobId: string, onPoll?: (status: ExportJobStatus) => void): Promise<ExportJobStatus> {
  for (;;) {
    const status = wb.service.exportStatus({ jobId });
    onPoll?.(status);
    if (status.state !== 'running') return status;
    await turn();
  }
}

describe('background exports (the export dialog)', () => {
  it('runs in slices with rising progress, lets the app write meanwhile, and hands over the same file as a direct export', async () => {
    seed();
    const direct = wb.service.exportDataset({ format: 'jsonl' });
    const started = wb.service.startExport({ format: 'jsonl' });
    expect(started.state).toBe('running');
    expect(started.totalArticles).toBe(ARTICLES);
    const seen: number[] = [];
    let wroteDuringExport = false;
    const done = await waitWhileRunning(started.jobId, (s) => {
      seen.push(s.articles);
      if (!wroteDuringExport && s.state === 'running') {
        // Tagging goes on while the export runs (the export reads its own snapshot).
        wb.service.updateArticle({ id: wb.service.listArticles({})[0]!.id, title: 'Renamed during the export' });
        wroteDuringExport = true;
      }
    });
    expect(wroteDuringExport).toBe(true);
    expect(done.state).toBe('done');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(done.summary).toMatchObject({ format: 'jsonl', articleCount: ARTICLES, spanCount: 2 * ARTICLES, fileCount: 1, offsetUnit: 'codepoint', losses: [] });
    const taken = wb.service.takeExport({ jobId: started.jobId });
    expect(taken.content).toBe(direct.content);
    // Taken once: the files are not kept.
    catchWorkbenchError(() => wb.service.exportStatus({ jobId: started.jobId }), 'not_found');
  });

  it('stops on cancel and keeps nothing', async () => {
    seed();
    const started = wb.service.startExport({ format: 'prodigy' });
    const cancelled = wb.service.cancelExport({ jobId: started.jobId });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.articles).toBeLessThan(ARTICLES);
    await turn();
    expect(wb.service.exportStatus({ jobId: started.jobId }).articles).toBe(cancelled.articles);
    expect(catchWorkbenchError(() => wb.service.takeExport({ jobId: started.jobId }), 'cancelled').message).toMatch(/cancelled/);
  });

  it('refuses bad filters at once, as a direct export does', () => {
    seed();
    catchWorkbenchError(() => wb.service.startExport({ format: 'jsonl', filters: { labels: ['no_such_label'] } }), 'invalid_input');
  });
});
