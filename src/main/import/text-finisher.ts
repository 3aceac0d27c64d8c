import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { PROJECT_ROOT } from '../paths';
import { finishText, type FinishedText } from './finish-text';
import { textDocument, type DecodedTextFile, type ParsedDocument } from './pipeline';
import { CLAIM, type FinisherJob, type PostedText } from './text-finisher-protocol';

/**
 * Finishes decoded plain texts (clutter, language, hash: finish-text.ts) in
 * a worker thread while the caller stores earlier ones, for the CLI's large
 * imports: that work was a third of an import's time, and SQLite's writing
 * the rest. Both threads take chunks from one shared list of claims, so this
 * thread never waits for a worker that is still starting (or failed to):
 * it finishes the next chunk itself. The results are the same either way.
 *
 * The worker runs bundled by esbuild (a dependency of tsx, which runs the
 * CLI), which takes a fraction of a second, in parallel with reading the
 * files; where the sources are not there to bundle (the built app), this
 * thread does all the work, as before.
 */

/** Texts per chunk: small enough that this thread rarely waits on the worker's current one. */
const CHUNK = 32;
/** A worker silent this long on a chunk it claimed is taken for dead; this thread finishes the chunk. */
const SILENCE_MS = 10_000;
const ENTRY = join(__dirname, 'text-finisher-worker.ts');

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

let bundled: Promise<string | null> | undefined;

/** The worker's code, bundled once per process; null when it cannot be (no sources, no esbuild). */
function workerSource(): Promise<string | null> {
  bundled ??= (async () => {
    if (!existsSync(ENTRY)) return null;
    try {
      const esbuild = createRequire(join(PROJECT_ROOT, 'package.json'))('esbuild') as Esbuild;
      const out = await esbuild.build({
        entryPoints: [ENTRY],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        write: false,
        logLevel: 'silent',
      });
      return out.outputFiles[0]?.text ?? null;
    } catch {
      return null;
    }
  })();
  return bundled;
}

export class TextFinisher {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private files: (DecodedTextFile | undefined)[] = [];
  private verbatim = false;
  private state: Int32Array | undefined;
  private claims: SharedArrayBuffer | undefined;
  private readonly finished = new Map<number, FinishedText[]>();
  private closed = false;
  private readonly started: Promise<boolean>;
  /** Chunks the worker finished (for tests and the bench). */
  workerChunks = 0;
  /** Chunks this thread finished. */
  ownChunks = 0;

  /** Starts bundling and the worker at once (without waiting), so both get ready while the files are read. */
  constructor(useWorker = true) {
    this.started = useWorker
      ? workerSource()
          .then((code) => {
            if (!code || this.closed) return false;
            const worker = new Worker(code, { eval: true, name: 'text finisher' });
            this.worker = worker;
            worker.unref();
            // A worker that dies leaves its chunk to this thread (see SILENCE_MS); nothing to report here.
            worker.on('error', () => undefined);
            if (this.claims) this.send();
            // Running once its code is loaded (tinyld's models take a moment): it says so.
            return new Promise<boolean>((resolve) => {
              worker.once('message', () => resolve(true));
              worker.once('exit', () => resolve(false));
            });
          })
          // Whatever goes wrong in starting it, this thread does the work.
          .catch(() => false)
      : Promise.resolve(false);
  }

  /** Resolves once the worker has loaded its code (true), or is known not to run (false). */
  ready(): Promise<boolean> {
    return this.started;
  }

  /** Hands over the decoded texts, in the order document(i) will ask for them. */
  begin(files: readonly DecodedTextFile[], verbatim: boolean): void {
    this.files = [...files];
    this.verbatim = verbatim;
    this.claims = new SharedArrayBuffer(4 * (Math.ceil(files.length / CHUNK) + 1));
    this.state = new Int32Array(this.claims);
    if (this.worker) this.send();
  }

  private send(): void {
    if (!this.worker || !this.claims || this.files.length === 0) return;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const job: FinisherJob = {
      // Texts this thread already handed out (the worker started late) are claimed already: the worker never reads their places.
      texts: this.files.map((f) => (f ? { text: f.decoded.text, language: f.decoded.language ?? null } : { text: '', language: null })),
      verbatim: this.verbatim,
      chunk: CHUNK,
      claims: this.claims,
    };
    this.worker.postMessage({ ...job, port: port2 }, [port2]);
  }

  /** Chunks the worker has taken so far (finished or in hand). */
  chunksTakenByWorker(): number {
    if (!this.state) return 0;
    let n = 0;
    for (let k = 0; k < this.state.length - 1; k++) if (Atomics.load(this.state, k) >= CLAIM.worker) n++;
    return n;
  }

  /** The i-th text as a parsed document; each is asked for once, in order. */
  document(i: number): ParsedDocument {
    const k = Math.floor(i / CHUNK);
    const chunk = this.finished.get(k) ?? this.finishChunk(k);
    const file = this.files[i]!;
    this.files[i] = undefined;
    if (i === Math.min(this.files.length, (k + 1) * CHUNK) - 1) this.finished.delete(k);
    return textDocument(file, chunk[i - k * CHUNK]!);
  }

  private finishChunk(k: number): FinishedText[] {
    const state = this.state!;
    if (Atomics.compareExchange(state, k, CLAIM.free, CLAIM.main) !== CLAIM.free) {
      const until = Date.now() + SILENCE_MS;
      while (Atomics.load(state, k) === CLAIM.worker && Date.now() < until) Atomics.wait(state, k, CLAIM.worker, 1000);
      if (Atomics.load(state, k) === CLAIM.done) {
        const fromWorker = this.receive(k);
        if (fromWorker) return fromWorker;
      }
    }
    const own = this.files.slice(k * CHUNK, (k + 1) * CHUNK).map((f) => finishText(f!.decoded.text, f!.decoded.language ?? null, this.verbatim));
    this.ownChunks++;
    this.finished.set(k, own);
    return own;
  }

  private receive(k: number): FinishedText[] | undefined {
    if (!this.port) return undefined;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const { chunk, finished: posted } = m.message as { chunk: number; finished: PostedText[] };
      // A chunk this thread finished itself meanwhile (a worker late past SILENCE_MS).
      if (this.finished.has(chunk) || this.files[chunk * CHUNK] === undefined) continue;
      const finished = posted.map((p, j): FinishedText => ({ ...p, text: p.text ?? this.files[chunk * CHUNK + j]!.decoded.text }));
      this.workerChunks++;
      this.finished.set(chunk, finished);
      if (chunk === k) return finished;
    }
    return this.finished.get(k);
  }

  /** Stops the worker (at the end, on cancel or on failure). */
  close(): void {
    this.closed = true;
    if (this.state) Atomics.store(this.state, this.state.length - 1, CLAIM.stop);
    this.port?.close();
    void this.worker?.terminate();
  }
}
