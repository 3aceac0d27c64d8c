import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { WorkbenchError } from '../../shared/errors';
import { PROJECT_ROOT } from '../paths';
import { nativeBindingOfDatabases } from './database';

/**
 * Runs one read-only statement in a worker thread with its own connection
 * and hands its raw rows back, in order, to a synchronous caller: the export
 * builds half of its lines there while this thread builds the other half
 * and writes. The worker runs ahead by at most a few batches of about 1 MB,
 * so memory stays flat; the caller blocks (Atomics.wait) only when the
 * worker has nothing ready yet.
 *
 * The worker is a few lines of plain JavaScript evaluated as such, so it
 * needs no bundling of its own (the CLI, the bench and the desktop app's
 * service threads all run it the same way).
 */

const BATCH_CHARS = 1 << 18;
/** Batches the worker may have sent and the caller not yet taken. */
const AHEAD = 2;
/** Slots of the shared counters. */
const SENT = 0;
const TAKEN = 1;
const STOP = 2;
/** Set once the worker's statement has taken its first step: its read snapshot is fixed from then on. */
const READING = 3;
/** A worker silent this long is taken for dead (it reports its own errors; this is for a crash). */
const SILENCE_MS = 120_000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, driver, nativeBinding, file, sql, params, counters, batchChars, ahead } = workerData;
const shared = new Int32Array(counters);
const send = (message) => {
  port.postMessage(message);
  Atomics.add(shared, ${SENT}, 1);
  Atomics.notify(shared, ${SENT});
};
let db;
try {
  const Database = require(driver);
  db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  let batch = [];
  let chars = 0;
  const rows = db.prepare(sql).raw().iterate(...params);
  let step = rows.next();
  Atomics.store(shared, ${READING}, 1);
  Atomics.notify(shared, ${READING});
  for (; !step.done; step = rows.next()) {
    const row = step.value;
    if (Atomics.load(shared, ${STOP})) {
      rows.return();
      break;
    }
    batch.push(row);
    chars += (row[2] ? row[2].length : 0) + (row[3] ? row[3].length : 0) + 64;
    if (chars >= batchChars) {
      for (;;) {
        const taken = Atomics.load(shared, ${TAKEN});
        if (Atomics.load(shared, ${SENT}) - taken < ahead || Atomics.load(shared, ${STOP})) break;
        Atomics.wait(shared, ${TAKEN}, taken, 1000);
      }
      send({ rows: batch });
      batch = [];
      chars = 0;
    }
  }
  send({ rows: batch, done: true });
} catch (error) {
  send({ error: String(error && error.message ? error.message : error) });
} finally {
  if (db) db.close();
  port.close();
}
`;

/**
 * The statement's rows from a worker thread started at once (so several
 * start together); `return()` stops the thread even before the first row.
 */
export interface WorkerRows<Row> extends IterableIterator<Row> {
  /** Returns once the worker's statement has begun to read (its snapshot is fixed), or the worker failed trying. */
  waitUntilReading(): void;
}

export function rowsFromWorker<Row>(file: string, sql: string, params: readonly unknown[]): WorkerRows<Row> {
  const counters = new SharedArrayBuffer(4 * 4);
  const shared = new Int32Array(counters);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      port: port2,
      driver: createRequire(join(PROJECT_ROOT, 'package.json')).resolve('better-sqlite3'),
      nativeBinding: nativeBindingOfDatabases(),
      file,
      sql,
      params,
      counters,
      batchChars: BATCH_CHARS,
      ahead: AHEAD,
    },
    transferList: [port2],
    // Rows pass through in small batches: a small young generation keeps each thread's memory low (peak RSS is one of the export's targets).
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  worker.unref();
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    Atomics.store(shared, STOP, 1);
    Atomics.notify(shared, TAKEN);
    port1.close();
    void worker.terminate();
  };
  const rows = receive<Row>(port1, shared);
  return {
    next() {
      try {
        const step = rows.next();
        if (step.done) stop();
        return step;
      } catch (error) {
        stop();
        throw error;
      }
    },
    return(value?: unknown) {
      stop();
      return { done: true, value };
    },
    [Symbol.iterator]() {
      return this;
    },
    waitUntilReading() {
      const started = Date.now();
      // A worker that could not start has sent its error instead (SENT moves); the rows report it.
      while (Atomics.load(shared, READING) === 0 && Atomics.load(shared, SENT) === 0 && Date.now() - started < SILENCE_MS) {
        Atomics.wait(shared, READING, 0, 50);
      }
    },
  };
}

function* receive<Row>(port: MessagePort, shared: Int32Array): Generator<Row> {
  let heard = Date.now();
  for (;;) {
    const seen = Atomics.load(shared, SENT);
    const message = receiveMessageOnPort(port)?.message as { rows?: Row[]; done?: boolean; error?: string } | undefined;
    if (!message) {
      if (Date.now() - heard > SILENCE_MS) throw new WorkbenchError('io', `the export's reader thread stopped answering`);
      Atomics.wait(shared, SENT, seen, 1000);
      continue;
    }
    heard = Date.now();
    Atomics.add(shared, TAKEN, 1);
    Atomics.notify(shared, TAKEN);
    if (message.error !== undefined) throw new WorkbenchError('io', `the export's reader thread failed: ${message.error}`);
    for (const row of message.rows!) yield row;
    if (message.done) return;
  }
}
