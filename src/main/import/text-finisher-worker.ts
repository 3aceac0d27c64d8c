import { parentPort, type MessagePort } from 'node:worker_threads';
import * as tinyldModels from 'tinyld';
import { finishText } from './finish-text';
import { provideTinyld } from './libraries';
import { CLAIM, type FinisherJob, type PostedText } from './text-finisher-protocol';

// Bundled into this worker's code by esbuild: the worker may run where the project's node_modules are not.
provideTinyld(tinyldModels);

/**
 * The worker thread of text-finisher.ts: takes the chunks of decoded texts
 * nobody has claimed yet, in order, finishes them and posts the results. It
 * is bundled (with its few dependencies) by esbuild when the CLI starts it.
 */
parentPort!.postMessage('ready');
parentPort!.once('message', (job: FinisherJob & { port: MessagePort }) => {
  const state = new Int32Array(job.claims);
  const chunks = Math.ceil(job.texts.length / job.chunk);
  for (let k = 0; k < chunks; k++) {
    if (Atomics.load(state, chunks) === CLAIM.stop) break;
    if (Atomics.compareExchange(state, k, CLAIM.free, CLAIM.worker) !== CLAIM.free) continue;
    try {
      const finished = job.texts.slice(k * job.chunk, (k + 1) * job.chunk).map((t): PostedText => {
        const { text, ...rest } = finishText(t.text, t.language, job.verbatim);
        return text === t.text ? rest : { ...rest, text };
      });
      job.port.postMessage({ chunk: k, finished });
      Atomics.store(state, k, CLAIM.done);
    } catch {
      // The main thread takes the chunk back and meets the same error itself, where it is reported.
      Atomics.store(state, k, CLAIM.free);
      Atomics.notify(state, k);
      break;
    }
    Atomics.notify(state, k);
  }
  job.port.close();
});
