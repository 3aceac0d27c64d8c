import { randomUUID } from 'node:crypto';
import type { ExportJobStatus, ExportResult } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import type { MethodInput } from '../../shared/schemas';
import { openReadOnlyDatabase, type Db } from '../store/database';
import type { ServiceContext } from './context';
import { exportResultOf, exportSteps, memorySink, requestOf, type ExportProgress, type ExportSummary } from './export';
import { parse } from './validation';

/**
 * Exports that run in the background for the app's export dialog (both
 * doors): the export advances in slices of about 40 ms between which the
 * process answers other calls (the dialog's progress polls, a cancel, the
 * analyst's tagging), so a long export never freezes the app. A file
 * database is read through its own read-only connection, a consistent
 * snapshot that never holds up the app's writes.
 */

const SLICE_MS = 40;
/** Finished exports nobody collected are forgotten after this long. */
const KEEP_MS = 10 * 60 * 1000;

interface Job {
  id: string;
  state: ExportJobStatus['state'];
  progress: ExportProgress;
  started: number;
  finished: number | null;
  steps: Generator<ExportProgress, ExportSummary>;
  reader: Db | null;
  sink: ReturnType<typeof memorySink>;
  split: boolean;
  ctx: ServiceContext;
  result: ExportResult | null;
  error: { code: string; message: string } | null;
  timer: NodeJS.Immediate | null;
}

const jobs = new Map<string, Job>();

function statusOf(job: Job): ExportJobStatus {
  const r = job.result;
  return {
    jobId: job.id,
    state: job.state,
    ...job.progress,
    elapsed: ((job.finished ?? Date.now()) - job.started) / 1000,
    error: job.error,
    summary: r && {
      format: r.format,
      offsetUnit: r.offsetUnit,
      articleCount: r.articleCount,
      spanCount: r.spanCount,
      losses: r.losses,
      notes: r.notes,
      fileCount: r.files.length,
      filename: r.filename,
    },
  };
}

function finish(job: Job, state: Job['state']): void {
  job.state = state;
  job.finished = Date.now();
  if (job.timer) clearImmediate(job.timer);
  job.timer = null;
  if (state !== 'done') {
    job.steps.return(undefined as never);
    job.sink.files.clear();
  }
  job.reader?.close();
  job.reader = null;
}

function advance(job: Job): void {
  job.timer = null;
  if (job.state !== 'running') return;
  const until = performance.now() + SLICE_MS;
  try {
    while (performance.now() < until) {
      const step = job.steps.next();
      if (step.done) {
        job.result = exportResultOf(job.ctx, step.value, job.sink.files, job.split);
        job.sink.files.clear();
        job.progress = { articles: step.value.articleCount, totalArticles: job.progress.totalArticles, spans: step.value.spanCount };
        finish(job, 'done');
        return;
      }
      job.progress = step.value;
    }
  } catch (error) {
    job.error = error instanceof WorkbenchError ? { code: error.code, message: error.message } : { code: 'internal', message: (error as Error).message };
    finish(job, 'failed');
    return;
  }
  job.timer = setImmediate(() => advance(job));
}

function forgetStale(): void {
  const now = Date.now();
  for (const [id, job] of jobs) if (job.finished !== null && now - job.finished > KEEP_MS) jobs.delete(id);
}

function requireJob(jobId: string): Job {
  const job = jobs.get(jobId);
  if (!job) throw new WorkbenchError('not_found', `no export ${jobId} (finished exports are kept ${KEEP_MS / 60000} minutes)`, { jobId });
  return job;
}

export function startExport(ctx: ServiceContext, input: MethodInput<'startExport'>): ExportJobStatus {
  const v = parse('startExport', input);
  forgetStale();
  const reader = ctx.db.memory ? null : openReadOnlyDatabase(ctx.db.name);
  const jobCtx: ServiceContext = reader ? { ...ctx, db: reader } : ctx;
  const sink = memorySink();
  const steps = exportSteps(jobCtx, requestOf(v), sink);
  const job: Job = {
    id: randomUUID(),
    state: 'running',
    progress: { articles: 0, totalArticles: 0, spans: 0 },
    started: Date.now(),
    finished: null,
    steps,
    reader,
    sink,
    split: Boolean(v.filters?.split),
    ctx: jobCtx,
    result: null,
    error: null,
    timer: null,
  };
  // The first step runs now, so bad filters (an unknown label, a missing article) fail this call, as a direct export would.
  try {
    const first = steps.next();
    if (first.done) {
      job.result = exportResultOf(jobCtx, first.value, sink.files, job.split);
      job.progress = { articles: 0, totalArticles: 0, spans: 0 };
      finish(job, 'done');
    } else {
      job.progress = first.value;
      job.timer = setImmediate(() => advance(job));
    }
  } catch (error) {
    reader?.close();
    throw error;
  }
  jobs.set(job.id, job);
  return statusOf(job);
}

export function exportStatus(_ctx: ServiceContext, input: MethodInput<'exportStatus'>): ExportJobStatus {
  const v = parse('exportStatus', input);
  return statusOf(requireJob(v.jobId));
}

export function cancelExport(_ctx: ServiceContext, input: MethodInput<'cancelExport'>): ExportJobStatus {
  const v = parse('cancelExport', input);
  const job = requireJob(v.jobId);
  if (job.state === 'running') finish(job, 'cancelled');
  return statusOf(job);
}

export function takeExport(_ctx: ServiceContext, input: MethodInput<'takeExport'>): ExportResult {
  const v = parse('takeExport', input);
  const job = requireJob(v.jobId);
  if (job.state === 'running') throw new WorkbenchError('conflict', 'the export is still running; wait until its status is done');
  if (job.state !== 'done' || !job.result) {
    throw new WorkbenchError(
      job.error?.code === 'cancelled' || job.state === 'cancelled' ? 'cancelled' : 'conflict',
      job.state === 'cancelled' ? 'the export was cancelled; nothing was kept' : `the export failed: ${job.error?.message ?? 'unknown error'}`,
    );
  }
  jobs.delete(job.id);
  return job.result;
}
