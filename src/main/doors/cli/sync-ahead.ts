import { Worker } from 'node:worker_threads';

/**
 * Flushes a file being written to disk in a thread of its own while the
 * writer goes on: the kernel keeps written pages in memory until asked, so a
 * large export's final fsync used to wait for all of it at the end (0.6 s
 * of a 400 MB file). Requests coalesce: while one fdatasync runs, further
 * requests make one more. The writer still calls fsync itself before it
 * closes the file; this only leaves that call less to do.
 */

const REQUESTED = 0;
const DONE = 1;
const FD = 2;
const STOP = 3;

const SOURCE = `
const { workerData } = require('node:worker_threads');
const { fdatasyncSync } = require('node:fs');
const state = new Int32Array(workerData.state);
for (;;) {
  const done = Atomics.load(state, ${DONE});
  if (Atomics.load(state, ${REQUESTED}) === done) Atomics.wait(state, ${REQUESTED}, done);
  if (Atomics.load(state, ${STOP})) break;
  const request = Atomics.load(state, ${REQUESTED});
  try {
    fdatasyncSync(Atomics.load(state, ${FD}));
  } catch {
    // The writer's own fsync reports what is wrong.
  }
  Atomics.store(state, ${DONE}, request);
  Atomics.notify(state, ${DONE});
}
`;

export class SyncAhead {
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * 4));
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(SOURCE, { eval: true, workerData: { state: this.state.buffer }, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
    this.worker.unref();
  }

  /** Starts flushing `fd` (or flushes it once more after the flush under way). */
  request(fd: number): void {
    Atomics.store(this.state, FD, fd);
    Atomics.add(this.state, REQUESTED, 1);
    Atomics.notify(this.state, REQUESTED);
  }

  /** Flushes finished so far (requests that arrived during one flush count with it). */
  flushed(): number {
    return Atomics.load(this.state, DONE);
  }

  /** Waits (a bounded time) for the flush under way, so no flush is left to run on a descriptor about to be closed, then ends the thread. */
  stop(): void {
    const until = Date.now() + 2_000;
    for (let done = Atomics.load(this.state, DONE); done !== Atomics.load(this.state, REQUESTED) && Date.now() < until; done = Atomics.load(this.state, DONE)) {
      Atomics.wait(this.state, DONE, done, 50);
    }
    Atomics.store(this.state, STOP, 1);
    Atomics.add(this.state, REQUESTED, 1);
    Atomics.notify(this.state, REQUESTED);
    void this.worker.terminate();
  }
}
