import type { MethodName } from '../../shared/schemas';
import type { ErrorData, Result } from '../../shared/errors';
import type { OpenWorkbenchOptions } from '../open-workbench';

/**
 * The messages between the ServiceWorkerHost (Electron's main thread) and a
 * service worker thread, which owns a database connection and runs the
 * service there, so long work never blocks the windows.
 */

/** What a worker opens: the same options the app passes to openWorkbench. */
export type ServiceWorkerData = OpenWorkbenchOptions;

export interface CallMessage {
  type: 'call';
  id: number;
  /** Who acts (the window's chosen annotator); omitted, the default annotator. */
  annotator?: string;
  method: MethodName;
  input: unknown;
  /** Set to 1 by the host to cancel (read by the worker between batches while it is busy). */
  cancel?: SharedArrayBuffer;
  /** The host wants progress messages for this call. */
  progress?: boolean;
}

export type HostMessage = CallMessage | { type: 'close' };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'open-failed'; error: ErrorData }
  | { type: 'progress'; id: number; progress: WorkProgress }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'closed' };

/** How far a long call is: articles read or stored, or exported. */
export interface WorkProgress {
  method: MethodName;
  phase: 'reading' | 'storing' | 'exporting' | 'working';
  done: number;
  total: number;
}
