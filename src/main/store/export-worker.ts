import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { WorkbenchError } from '../../shared/errors';
import { PROJECT_ROOT } from '../paths';
import { nativeBindingOfDatabases } from './database';

/**
 * Runs one read-only statement in a worker thread with its own connection
 * and hands its raw rows back, in order, to a synchronous caller: the export
 * builds its lines there while this thread merges them and writes. The
 * worker runs ahead by at most a few batches of about 256 KB, so memory
 * stays flat; the caller blocks (Atomics.wait) only when the worker has
 * nothing ready yet.
 *
 * With `pack` (the native JSONL statement of store/dataset-export, whole
 * lines) the worker also reads each SQLite-built line's summary, checks the
 * spans of texts with characters outside the BMP and converts their
 * offsets, and sends the lines it vouches for as one buffer per batch,
 * transferred rather than copied, with their figures in typed arrays: the
 * structured clone of one row per article cost this thread and the worker
 * more than a second per million spans.
 *
 * The worker is a few lines of plain JavaScript evaluated as such, so it
 * needs no bundling of its own (the CLI, the bench and the desktop app's
 * service threads all run it the same way).
 */

const BATCH_CHARS = 1 << 18;
/** Most rows in one packed batch (the typed arrays are sized for it). */
const BATCH_ROWS = 4096;
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

/**
 * The JSONL packer, in the worker: a row is [key, id, line bytes or null,
 * null, null, meta, imported_at, text of a line with characters outside the
 * BMP or null] (see dataset-export workerSql). A line starts with
 * "spans:mismatches:legacy multi-choice:spans with attributes:" (SQLite's
 * total() writes 3.0 for 3); it is sent as bytes when nothing is wrong with
 * it and it holds no U+2028/U+2029 (the codec escapes those), else the whole
 * row goes as it is, for this thread to hand to the codec. Meta and
 * imported_at go only where they change.
 *
 * A line of a text with characters outside the BMP has each span's JSON
 * after a raw char(1): SQLite counts code points, so its spans are checked
 * here (the text at the span's UTF-16 offsets, quoted as JSON.stringify
 * does, must be the span's quoted text in the line) and their offsets
 * written in the unit asked for.
 */
const JSONL_PACKER_SOURCE = `
const packer = (offsets) => {
  const rowsMax = ${BATCH_ROWS};
  let cap = 0, ab = null, u8 = null, used = 0, n = 0;
  let kinds, keys, counts, attrs, ends, ids, metas, imported, others, lastMeta, lastImported;
  // Figures are gathered here and sent as copies of the rows used; the lines' buffer is sent as it is (not zero-filled first).
  kinds = new Uint8Array(rowsMax);
  keys = new Float64Array(rowsMax);
  counts = new Int32Array(rowsMax);
  attrs = new Int32Array(rowsMax);
  ends = new Int32Array(rowsMax);
  const reset = () => {
    cap = batchChars + (batchChars >> 2);
    // A buffer this thread has written out comes back to be used again: no new memory per batch.
    const back = receiveMessageOnPort(port);
    if (back && back.message.recycle && back.message.recycle.byteLength >= cap) {
      ab = back.message.recycle;
      cap = ab.byteLength;
    } else ab = Buffer.allocUnsafeSlow(cap).buffer;
    u8 = new Uint8Array(ab, 0, cap);
    used = 0;
    n = 0;
    ids = [];
    metas = [];
    imported = [];
    others = [];
    lastMeta = undefined;
    lastImported = undefined;
  };
  reset();
  const fields = [0, 0, 0, 0];
  // The offset after the summary, its four figures in fields; -1 if it is not one.
  const summary = (line) => {
    let at = 0;
    for (let f = 0; f < 4; f++) {
      let value = 0;
      let digits = 0;
      let fraction = false;
      for (;; at++) {
        if (at >= line.length) return -1;
        const c = line[at];
        if (c === 0x3a) break;
        if (c === 0x2e) fraction = true;
        else if (c >= 0x30 && c <= 0x39) {
          if (!fraction) value = value * 10 + (c - 0x30);
          else if (c !== 0x30) return -1;
          digits++;
        } else return -1;
      }
      if (digits === 0) return -1;
      fields[f] = value;
      at++;
    }
    return at;
  };
  // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
  const lineSafe = (line, from) => {
    for (let at = line.indexOf(0xe2, from); at !== -1; at = line.indexOf(0xe2, at + 1)) {
      if (line[at + 1] === 0x80 && (line[at + 2] === 0xa8 || line[at + 2] === 0xa9)) return false;
    }
    return true;
  };
  const room = (size) => {
    if (used + size <= cap) return;
    cap = Math.max(cap * 2, used + size);
    const grown = Buffer.allocUnsafeSlow(cap).buffer;
    new Uint8Array(grown, 0, cap).set(u8.subarray(0, used));
    ab = grown;
    u8 = new Uint8Array(ab, 0, cap);
  };
  const START = Buffer.from(',"start":');
  const END = Buffer.from(',"end":');
  const TEXT = Buffer.from(',"text":');
  const bytesAt = (bytes, line, at) => at + bytes.length <= line.length && bytes.compare(line, at, at + bytes.length) === 0;
  // The digits of a non-negative integer at line[at...]: [value, offset after], or null.
  const number = (line, at) => {
    let value = 0;
    const from = at;
    while (at < line.length && line[at] >= 0x30 && line[at] <= 0x39) value = value * 10 + (line[at++] - 0x30);
    return at === from ? null : [value, at];
  };
  const digits = (value) => {
    const text = String(value);
    for (let i = 0; i < text.length; i++) u8[used++] = text.charCodeAt(i);
  };
  const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;
  // Writes line[from...] with each span checked against the text and its offsets converted; false (nothing kept) if a span does not quote the text.
  const astral = (line, from, text) => {
    // Where each surrogate pair starts: a code point offset is the UTF-16 offset less the pairs before it.
    const pairs = [];
    for (let i = 0; i + 1 < text.length; i++) if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) pairs.push(i++);
    const unit = (offset) => {
      if (offsets !== 'codepoint') return offset;
      let before = 0;
      while (before < pairs.length && pairs[before] < offset) before++;
      return offset - before;
    };
    const splits = (offset) => offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
    const kept = used;
    room(line.length - from);
    let at = from;
    for (let mark = line.indexOf(1, at); mark !== -1; mark = line.indexOf(1, at)) {
      u8.set(line.subarray(at, mark), used);
      used += mark - at;
      // {"id":<JSON string>,"start":S,"end":E,"text":<JSON string>,...: the id, quoted, holds no raw quote, so the first ,"start": is the key.
      const startKey = line.indexOf(START, mark);
      const start = startKey === -1 ? null : number(line, startKey + START.length);
      const end = start && bytesAt(END, line, start[1]) ? number(line, start[1] + END.length) : null;
      if (!end || !bytesAt(TEXT, line, end[1])) return ((used = kept), false);
      const [s, afterStart] = start;
      const [e, afterEnd] = end;
      if (e > text.length || s > e || splits(s) || splits(e)) return ((used = kept), false);
      const quoted = Buffer.from(JSON.stringify(text.slice(s, e)));
      const quoteAt = afterEnd + TEXT.length;
      // A JSON string ends at its first unescaped quote, so an equal prefix that ends in one is the whole string.
      if (!bytesAt(quoted, line, quoteAt) || line[quoteAt + quoted.length] !== 0x2c) return ((used = kept), false);
      u8.set(line.subarray(mark + 1, startKey + START.length), used);
      used += startKey + START.length - mark - 1;
      digits(unit(s));
      u8.set(END, used);
      used += END.length;
      digits(unit(e));
      at = afterEnd;
    }
    u8.set(line.subarray(at), used);
    used += line.length - at;
    return true;
  };
  return {
    add(row) {
      keys[n] = row[0];
      ids.push(row[1]);
      if (row[5] !== lastMeta) metas.push(n, (lastMeta = row[5]));
      if (row[6] !== lastImported) imported.push(n, (lastImported = row[6]));
      const line = row[2] ? Buffer.from(row[2].buffer, row[2].byteOffset, row[2].byteLength) : null;
      const at = line ? summary(line) : -1;
      let packed = false;
      if (at >= 0 && fields[1] === 0 && fields[2] === 0 && lineSafe(line, at)) {
        if (row[7] === null) {
          room(line.length - at);
          u8.set(line.subarray(at), used);
          used += line.length - at;
          packed = true;
        } else packed = astral(line, at, row[7]);
      }
      if (packed) {
        kinds[n] = 1;
        counts[n] = fields[0];
        attrs[n] = fields[3];
      } else {
        kinds[n] = 0;
        // A line with characters outside the BMP is never taken as it is: this thread reads the article again for the codec.
        if (row[7] !== null) row[2] = null;
        others.push(row);
      }
      ends[n] = used;
      n++;
      return used >= batchChars || n === rowsMax;
    },
    take() {
      const figures = { kinds: kinds.slice(0, n), keys: keys.slice(0, n), counts: counts.slice(0, n), attrs: attrs.slice(0, n), ends: ends.slice(0, n) };
      const message = { packed: { n, ...figures, bytes: ab, ids, metas, imported, others } };
      const transfer = [ab, figures.kinds.buffer, figures.keys.buffer, figures.counts.buffer, figures.attrs.buffer, figures.ends.buffer];
      reset();
      return { message, transfer };
    },
  };
};
`;

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { port, driver, nativeBinding, file, sql, params, counters, batchChars, ahead, pack } = workerData;
const shared = new Int32Array(counters);
const send = (message, transfer) => {
  port.postMessage(message, transfer);
  Atomics.add(shared, ${SENT}, 1);
  Atomics.notify(shared, ${SENT});
};
// Plain rows: the batch is the rows themselves.
const plain = () => {
  let rows = [];
  let chars = 0;
  return {
    add(row) {
      rows.push(row);
      chars += (row[2] ? row[2].length : 0) + (row[3] ? row[3].length : 0) + 64;
      return chars >= batchChars;
    },
    take() {
      const message = { rows };
      rows = [];
      chars = 0;
      return { message, transfer: [] };
    },
  };
};
${JSONL_PACKER_SOURCE}
let db;
try {
  const Database = require(driver);
  db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  const batch = pack ? packer(pack.jsonlOffsets) : plain();
  const rows = db.prepare(sql).raw().iterate(...params);
  let step = rows.next();
  Atomics.store(shared, ${READING}, 1);
  Atomics.notify(shared, ${READING});
  for (; !step.done; step = rows.next()) {
    if (Atomics.load(shared, ${STOP})) {
      rows.return();
      break;
    }
    if (batch.add(step.value)) {
      for (;;) {
        const taken = Atomics.load(shared, ${TAKEN});
        if (Atomics.load(shared, ${SENT}) - taken < ahead || Atomics.load(shared, ${STOP})) break;
        Atomics.wait(shared, ${TAKEN}, taken, 1000);
      }
      const { message, transfer } = batch.take();
      send(message, transfer);
    }
  }
  const { message, transfer } = batch.take();
  send({ ...message, done: true }, transfer);
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

/**
 * A row of the native JSONL statement whose line the worker checked and
 * packed: [key, id, the line's bytes (no summary), null, null, meta,
 * imported_at, null, spans, spans with attributes].
 */
export type PackedJsonlRow = [number, string, Uint8Array, null, null, string, string, null, number, number];

interface PackedBatch {
  n: number;
  kinds: Uint8Array;
  keys: Float64Array;
  counts: Int32Array;
  attrs: Int32Array;
  ends: Int32Array;
  bytes: ArrayBuffer;
  ids: string[];
  /** [row index, value, ...] where the value changes. */
  metas: (number | string)[];
  imported: (number | string)[];
  others: unknown[];
}

/** Rows as they are, or (jsonlOffsets) the native JSONL statement's lines checked and packed by the worker, offsets in that unit. */
export type WorkerPacking = { jsonlOffsets: 'codepoint' | 'utf16' } | null;

export function rowsFromWorker<Row>(file: string, sql: string, params: readonly unknown[], pack: WorkerPacking = null): WorkerRows<Row> {
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
      pack,
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
    const message = receiveMessageOnPort(port)?.message as { rows?: Row[]; packed?: PackedBatch; done?: boolean; error?: string } | undefined;
    if (!message) {
      if (Date.now() - heard > SILENCE_MS) throw new WorkbenchError('io', `the export's reader thread stopped answering`);
      Atomics.wait(shared, SENT, seen, 1000);
      continue;
    }
    heard = Date.now();
    Atomics.add(shared, TAKEN, 1);
    Atomics.notify(shared, TAKEN);
    if (message.error !== undefined) throw new WorkbenchError('io', `the export's reader thread failed: ${message.error}`);
    if (message.packed) {
      yield* unpack(message.packed) as Generator<Row>;
      // Every line of the batch has been taken (sinks copy what they keep): its buffer goes back to the worker.
      if (!message.done) {
        try {
          port.postMessage({ recycle: message.packed.bytes }, [message.packed.bytes]);
        } catch {
          // Stopped meanwhile: nothing to give back.
        }
      }
    } else for (const row of message.rows!) yield row;
    if (message.done) return;
  }
}

function* unpack(batch: PackedBatch): Generator<PackedJsonlRow | unknown> {
  const { n, kinds, keys, counts, attrs, ends, ids, metas, imported, others } = batch;
  const bytes = new Uint8Array(batch.bytes);
  let meta = '';
  let importedAt = '';
  let nextMeta = 0;
  let nextImported = 0;
  let other = 0;
  let from = 0;
  for (let i = 0; i < n; i++) {
    if (nextMeta < metas.length && metas[nextMeta] === i) {
      meta = metas[nextMeta + 1] as string;
      nextMeta += 2;
    }
    if (nextImported < imported.length && imported[nextImported] === i) {
      importedAt = imported[nextImported + 1] as string;
      nextImported += 2;
    }
    const to = ends[i]!;
    if (kinds[i] === 1) yield [keys[i]!, ids[i]!, bytes.subarray(from, to), null, null, meta, importedAt, null, counts[i]!, attrs[i]!];
    else yield others[other++];
    from = to;
  }
}
