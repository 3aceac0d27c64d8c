import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData, WorkbenchError, type Result } from '../../shared/errors';
import type { MethodName } from '../../shared/schemas';
import { openWorkbench, type OpenWorkbench } from '../open-workbench';
import { dispatchAsync } from '../result';
import type { WorkbenchService } from '../service/workbench-service';
import type { CallMessage, HostMessage, ServiceWorkerData, WorkerMessage, WorkProgress } from './protocol';

/**
 * A service worker thread: opens the database (with the addon the app chose)
 * and answers the host's calls one at a time. Import and export report their
 * progress and stop when the host's cancel flag is set; a cancelled import
 * leaves the database as it was.
 */

const port = parentPort;
if (!port) throw new Error('service-worker runs as a worker thread');
const send = (message: WorkerMessage): void => port.postMessage(message);

let workbench: OpenWorkbench;
try {
  workbench = openWorkbench(workerData as ServiceWorkerData);
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'open-failed', error: toErrorData(error) });
  process.exit(1);
}

/** Progress messages at most this often, so a fast import does not flood the host. */
const PROGRESS_EVERY_MS = 50;

async function answer(call: CallMessage): Promise<Result<unknown>> {
  let service: WorkbenchService;
  try {
    service = call.annotator === undefined ? workbench.service : workbench.service.as(call.annotator);
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
  const flag = call.cancel ? new Int32Array(call.cancel) : undefined;
  const isCancelled = flag ? () => Atomics.load(flag, 0) === 1 : undefined;
  let lastSent = 0;
  const onProgress = call.progress
    ? (progress: Omit<WorkProgress, 'method'>, force = false): void => {
        const now = performance.now();
        if (!force && now - lastSent < PROGRESS_EVERY_MS) return;
        lastSent = now;
        send({ type: 'progress', id: call.id, progress: { method: call.method, ...progress } });
      }
    : undefined;
  if (!isCancelled && !onProgress) return dispatchAsync(service, call.method, call.input);
  try {
    const long = runLong(service, call.method, call.input, { isCancelled, onProgress });
    if (long) return { ok: true, value: long.value };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
  return dispatchAsync(service, call.method, call.input);
}

interface LongRun {
  isCancelled: (() => boolean) | undefined;
  onProgress: ((progress: Omit<WorkProgress, 'method'>, force?: boolean) => void) | undefined;
}

/** The long methods that report progress and can stop; undefined for every other method (dispatched as usual). */
function runLong(service: WorkbenchService, method: MethodName, input: unknown, run: LongRun): { value: unknown } | undefined {
  const importRun = {
    ...(run.isCancelled ? { isCancelled: run.isCancelled } : {}),
    ...(run.onProgress
      ? {
          onProgress: (p: { phase: 'reading' | 'storing'; done: number; total: number }) =>
            run.onProgress!({ phase: p.phase, done: p.done, total: p.total }, p.done === p.total),
        }
      : {}),
  };
  switch (method) {
    case 'importFiles':
      return { value: service.importFilesWithProgress(input as never, importRun) };
    case 'importArticles':
      return { value: service.importArticlesWithProgress(input as never, importRun) };
    case 'exportDataset':
      return {
        value: service.exportDatasetWithProgress(input as never, {
          ...(run.isCancelled
            ? {
                signal: {
                  get aborted() {
                    return run.isCancelled!();
                  },
                },
              }
            : {}),
          ...(run.onProgress
            ? {
                onProgress: (p: { articles: number; totalArticles: number }) =>
                  run.onProgress!({ phase: 'exporting', done: p.articles, total: p.totalArticles }),
              }
            : {}),
          progressEvery: 50,
        }),
      };
    default:
      // Work without steps to report (agreement, layer imports): one message when it starts.
      run.onProgress?.({ phase: 'working', done: 0, total: 1 }, true);
      if (run.isCancelled?.()) throw new WorkbenchError('cancelled', `${method} was cancelled before it started`);
      return undefined;
  }
}

// Calls that answer later (importUrl fetches a page) finish before the database closes.
const inFlight = new Set<Promise<void>>();

port.on('message', (message: HostMessage) => {
  if (message.type === 'close') {
    void Promise.all(inFlight).then(() => {
      workbench.close();
      send({ type: 'closed' });
      port.close();
    });
    return;
  }
  const done = answer(message).then((result) => send({ type: 'result', id: message.id, result }));
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
});
