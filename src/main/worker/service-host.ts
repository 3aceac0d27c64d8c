import { Worker } from 'node:worker_threads';
import type { MethodOutput, WorkbenchApi } from '../../shared/api';
import { WorkbenchError, type ErrorData, type Result } from '../../shared/errors';
import type { MethodName } from '../../shared/schemas';
import type { HostMessage, ServiceWorkerData, WorkerMessage, WorkProgress } from './protocol';
import { serviceWorkerEntry, type WorkerEntry } from './worker-entry';

/**
 * Runs the service off the main thread (as Signal-Desktop runs its SQL): two
 * worker threads, each with its own connection to the database file. Long
 * work (imports, exports, agreement) goes to the background worker, every
 * other call to the interactive one, so a 5,000-article import neither
 * freezes the windows nor keeps a tag from being saved: SQLite serialises
 * the two writers, and a long import commits in batches of about 100 ms.
 */

export type { WorkProgress } from './protocol';

/**
 * Methods that can take seconds on a large corpus. The export jobs (startExport, exportStatus,
 * cancelExport, takeExport) stay on the interactive thread: a job lives in the thread that started
 * it and advances in 40 ms slices between the other calls there.
 */
export const LONG_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'importFiles',
  'importArticles',
  'importUrl',
  'importLayer',
  'importLayerDatabase',
  'importAnnotations',
  'exportDataset',
  'agreementReport',
  'agreementOverview',
  'agreementSpans',
  'acceptUnanimous',
]);

/** Methods that only read: cancelling one simply stops waiting for it. */
const READ_ONLY: ReadonlySet<MethodName> = new Set<MethodName>(['exportDataset', 'agreementReport', 'agreementOverview', 'agreementSpans']);
/** Methods that stop between batches when cancelled, and undo what they stored. */
const CANCELLABLE: ReadonlySet<MethodName> = new Set<MethodName>(['importFiles', 'importArticles', 'exportDataset']);

export interface CallOptions {
  /** Who acts; omitted, the default annotator. */
  annotator?: string;
  onProgress?: (progress: WorkProgress) => void;
  /**
   * Cancels the call: an import stops at its next batch and takes back what it stored,
   * an export or agreement call stops being waited for. Other writes run to the end.
   */
  signal?: AbortSignal;
}

interface Pending {
  method: MethodName;
  resolve: (result: Result<unknown>) => void;
  onProgress: ((progress: WorkProgress) => void) | undefined;
}

class ServiceThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended: ErrorData | null = null;
  readonly ready: Promise<void>;
  private readonly closed: Promise<void>;

  constructor(entry: WorkerEntry, data: ServiceWorkerData, name: string) {
    this.worker = new Worker(entry.file, { ...entry.options, workerData: data, name });
    let opened: () => void;
    let failed: (error: WorkbenchError) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    // A thread nobody waits for yet (the background one) must not turn a failed open into an unhandled rejection.
    this.ready.catch(() => undefined);
    let closed: () => void;
    this.closed = new Promise<void>((resolve) => (closed = resolve));
    this.worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          return opened();
        case 'open-failed':
          this.ended = message.error;
          return failed(WorkbenchError.fromData(message.error));
        case 'progress':
          return this.pending.get(message.id)?.onProgress?.(message.progress);
        case 'result': {
          const call = this.pending.get(message.id);
          this.pending.delete(message.id);
          return call?.resolve(message.result);
        }
        case 'closed':
          return closed();
      }
    });
    const end = (error: ErrorData): void => {
      this.ended ??= error;
      failed(WorkbenchError.fromData(this.ended));
      for (const call of this.pending.values()) call.resolve({ ok: false, error: this.ended });
      this.pending.clear();
      closed();
    };
    this.worker.on('error', (error) => end({ code: 'internal', message: `Internal error: the service thread failed: ${error.message}` }));
    this.worker.on('exit', (code) => end({ code: 'internal', message: `Internal error: the service thread ended (exit code ${code})` }));
  }

  call(method: MethodName, input: unknown, options: CallOptions): Promise<Result<unknown>> {
    if (this.ended) return Promise.resolve({ ok: false, error: this.ended });
    const id = this.nextId++;
    const wantsCancel = options.signal !== undefined && CANCELLABLE.has(method);
    const cancel = wantsCancel ? new SharedArrayBuffer(4) : undefined;
    const message: HostMessage = {
      type: 'call',
      id,
      method,
      input,
      ...(options.annotator !== undefined ? { annotator: options.annotator } : {}),
      ...(cancel ? { cancel } : {}),
      ...(options.onProgress ? { progress: true } : {}),
    };
    return new Promise<Result<unknown>>((resolve) => {
      const signal = options.signal;
      const onAbort = (): void => {
        if (cancel) Atomics.store(new Int32Array(cancel), 0, 1);
        // A read has nothing to undo: its answer is simply dropped.
        if (READ_ONLY.has(method)) settle({ ok: false, error: { code: 'cancelled', message: `${method} was cancelled` } });
      };
      const settle = (result: Result<unknown>): void => {
        signal?.removeEventListener('abort', onAbort);
        if (this.pending.get(id)?.resolve === settle) this.pending.delete(id);
        resolve(result);
      };
      if (signal?.aborted && READ_ONLY.has(method)) {
        resolve({ ok: false, error: { code: 'cancelled', message: `${method} was cancelled` } });
        return;
      }
      this.pending.set(id, { method, resolve: settle, onProgress: options.onProgress });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.worker.postMessage(message);
      if (signal?.aborted) onAbort();
    });
  }

  /** Waits for the calls already sent, then closes the database and ends the thread. */
  async close(): Promise<void> {
    if (!this.ended) {
      this.worker.postMessage({ type: 'close' } satisfies HostMessage);
      await this.closed;
    }
    await this.worker.terminate();
  }
}

export interface ServiceWorkerHostOptions {
  /** Which file the worker threads run (the built bundle, or the TypeScript source under tsx). */
  entry?: WorkerEntry;
}

/** What the doors need of the host (and what their tests replace). */
export type ServiceCaller = Pick<ServiceWorkerHost, 'call' | 'invoke'>;

export class ServiceWorkerHost {
  private background: ServiceThread | undefined;

  private constructor(
    private readonly interactive: ServiceThread,
    private readonly entry: WorkerEntry,
    private readonly data: ServiceWorkerData,
  ) {}

  /**
   * Opens the database in the interactive thread (it creates, migrates and seeds it); the
   * background thread starts with the first long call (most sessions never import or export).
   * Rejects with the typed error when the database cannot be opened.
   */
  static async start(data: ServiceWorkerData, options: ServiceWorkerHostOptions = {}): Promise<ServiceWorkerHost> {
    if (data.dbPath === ':memory:' || data.dbPath === '') {
      throw new WorkbenchError('invalid_input', 'the service threads share a database file; an in-memory database cannot be shared');
    }
    const entry = options.entry ?? serviceWorkerEntry();
    const interactive = new ServiceThread(entry, data, 'workbench-service');
    try {
      await interactive.ready;
    } catch (error) {
      await interactive.close();
      throw error;
    }
    return new ServiceWorkerHost(interactive, entry, data);
  }

  /** Calls one API method; the answer is a Result, as every door passes on. */
  call(method: MethodName, input: unknown, options: CallOptions = {}): Promise<Result<unknown>> {
    if (!LONG_METHODS.has(method)) return this.interactive.call(method, input, options);
    // The first thread has migrated and seeded the file: the second only opens it. Calls wait in its queue meanwhile.
    this.background ??= new ServiceThread(this.entry, { ...this.data, samples: false }, 'workbench-service-background');
    return this.background.call(method, input, options);
  }

  /** Like call, typed, throwing the WorkbenchError on failure. */
  async invoke<M extends MethodName & keyof WorkbenchApi>(
    method: M,
    input: Parameters<WorkbenchApi[M]>[0],
    options: CallOptions = {},
  ): Promise<Awaited<MethodOutput<M>>> {
    const result = await this.call(method, input, options);
    if (!result.ok) throw WorkbenchError.fromData(result.error);
    return result.value as Awaited<MethodOutput<M>>;
  }

  /**
   * Waits for calls in flight, closes both connections cleanly and ends the threads. One after the
   * other: SQLite folds the write-ahead log into the database and removes it only when the last
   * connection closes alone; two closing at once each see the other and both leave it behind.
   */
  async close(): Promise<void> {
    await this.background?.close();
    await this.interactive.close();
  }
}
