// SHA-256 (and MD5 when the ETag is one) computed while streaming, on worker threads: hashing
// on the main thread halved save throughput in the benchmark, because the same thread also
// runs the HTTP client and the streams. A small pool (one worker per file in flight, up to
// POOL_SIZE) serves every file of every save: with one worker, three files in flight queued
// behind one thread's SHA-256 + record count (~1.1 CPU-s/GiB) while other cores sat idle.
//
// The worker is plain JavaScript passed as a string (`eval: true`), so it needs no separate
// bundle entry in electron-vite and runs the same under tsx, vitest and the packaged app.
// Chunks are copied into batches that are transferred, never shared with the write stream.
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { createRecordCounter, type RecordCounterOptions } from './record-counter.js';

export interface FileDigests {
  sha256: string;
  md5: string | null;
  /** Records counted in the same pass, when asked for. */
  records?: number;
}

export interface StreamingDigest {
  /** Hashes `chunk`; returns a promise to wait on when the worker is too far behind. */
  update(chunk: Uint8Array): Promise<void> | null;
  digest(): Promise<FileDigests>;
  /** The transfer failed: forget this stream. */
  abort(): void;
}

export interface DigestService {
  create(options: { md5: boolean; records?: RecordCounterOptions }): StreamingDigest;
  close(): Promise<void>;
}

// The record counter runs here too, from its own source text: counting is as costly as
// SHA-256 and the main thread is the one that limits throughput. \`__name\` is the helper
// that tsx/esbuild's keepNames wraps inner functions in.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const __name = (fn) => fn;
const createRecordCounter = ${createRecordCounter.toString()};
const streams = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'open') {
    streams.set(m.id, {
      sha: createHash('sha256'),
      md5: m.md5 ? createHash('md5') : null,
      counter: m.records ? createRecordCounter(m.records) : null,
    });
  } else if (m.t === 'data') {
    const s = streams.get(m.id);
    if (!s) return;
    const chunk = new Uint8Array(m.buf);
    s.sha.update(chunk);
    if (s.md5) s.md5.update(chunk);
    if (s.counter) s.counter.push(chunk);
    // Every full batch goes back to be filled again: no new 4 MiB buffer per batch.
    parentPort.postMessage({ t: 'ack', id: m.id, bytes: chunk.byteLength, buf: m.buf }, [m.buf]);
  } else if (m.t === 'end') {
    const s = streams.get(m.id);
    streams.delete(m.id);
    if (!s) return;
    parentPort.postMessage({
      t: 'done', id: m.id, bytes: 0,
      sha256: s.sha.digest('hex'), md5: s.md5 ? s.md5.digest('hex') : null,
      records: s.counter ? s.counter.count() : undefined,
    });
  } else if (m.t === 'abort') {
    streams.delete(m.id);
  }
});
`;

/** Workers at most: the default number of files saved at once (settings.parallelFiles). */
export const POOL_SIZE = 3;

/** Bytes queued for the worker before `update` asks the stream to wait. */
const HIGH_WATER = 16 << 20;
const LOW_WATER = 4 << 20;
/**
 * Chunks are gathered into batches of this size for the worker. Measured (cpu profile of the
 * 1 GiB save, 2 busy cores): with fresh 1 MiB batches, the main thread spent more time in
 * garbage collection (2.2 s) and postMessage (1.8 s) than in anything else; batches are now
 * 4 times larger and recycled (the worker hands each one back with its ack).
 */
const BATCH_BYTES = 4 << 20;
/** Spare batches kept for reuse; beyond this they are left to the garbage collector. */
const SPARE_BATCHES = 8;
const spare: ArrayBuffer[] = [];

interface Slot {
  worker: Worker;
  /** Streams open on this worker. */
  open: number;
}

interface Pending {
  slot: Slot;
  queued: number;
  wake: (() => void) | null;
  done: ((d: FileDigests) => void) | null;
  fail: ((err: Error) => void) | null;
}

/** Not zero-filled: every byte is overwritten before it is sent. */
function newBatch(): Uint8Array<ArrayBuffer> {
  const reused = spare.pop();
  if (reused) return new Uint8Array(reused);
  // allocUnsafeSlow is never pooled: the backing store is this batch alone, so it can be
  // transferred.
  const b = Buffer.allocUnsafeSlow(BATCH_BYTES);
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, BATCH_BYTES);
}

type WorkerMessage =
  | { t: 'ack'; id: number; bytes: number; buf: ArrayBuffer }
  | { t: 'done'; id: number; bytes: number; sha256: string; md5: string | null; records?: number };

/** Hashing on the calling thread: the fallback when a worker cannot be started. */
export function createInlineDigests(): DigestService {
  return {
    create({ md5, records }) {
      const sha: Hash = createHash('sha256');
      const m: Hash | null = md5 ? createHash('md5') : null;
      const counter = records ? createRecordCounter(records) : null;
      return {
        update(chunk) {
          sha.update(chunk);
          m?.update(chunk);
          counter?.push(chunk);
          return null;
        },
        digest: async () => ({
          sha256: sha.digest('hex'),
          md5: m?.digest('hex') ?? null,
          records: counter?.count(),
        }),
        abort() {},
      };
    },
    close: async () => {},
  };
}

export function createWorkerDigests(poolSize = POOL_SIZE): DigestService {
  let slots: Slot[] = [];
  let broken: Error | null = null;
  let nextId = 1;
  const streams = new Map<number, Pending>();
  const inline = createInlineDigests();

  const failAll = (err: Error): void => {
    broken = err;
    for (const s of streams.values()) {
      s.fail?.(err);
      s.wake?.();
    }
    streams.clear();
    const dead = slots;
    slots = [];
    for (const slot of dead) void slot.worker.terminate();
  };

  const spawn = (): Slot => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    // An idle hashing thread must not keep the app (or a test run) alive.
    w.unref();
    const slot: Slot = { worker: w, open: 0 };
    w.on('message', (m: WorkerMessage) => {
      if (m.t === 'ack' && m.buf.byteLength === BATCH_BYTES && spare.length < SPARE_BATCHES)
        spare.push(m.buf);
      const s = streams.get(m.id);
      if (!s) return;
      s.queued -= m.bytes;
      if (s.wake && s.queued <= LOW_WATER) {
        const wake = s.wake;
        s.wake = null;
        wake();
      }
      if (m.t === 'done') {
        streams.delete(m.id);
        slot.open -= 1;
        s.done?.({
          sha256: m.sha256,
          md5: m.md5,
          ...(m.records === undefined ? {} : { records: m.records }),
        });
      }
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => {
      if (slots.includes(slot)) failAll(new Error(`digest worker exited (${code})`));
    });
    slots.push(slot);
    return slot;
  };

  /** The least busy worker; a new one while every worker has a stream and the pool has room. */
  const pick = (): Slot => {
    let best: Slot | null = null;
    for (const slot of slots) if (!best || slot.open < best.open) best = slot;
    if (best && (best.open === 0 || slots.length >= poolSize)) return best;
    return spawn();
  };

  return {
    create({ md5, records }) {
      if (broken) return inline.create({ md5, records });
      const slot = pick();
      const w = slot.worker;
      const id = nextId++;
      const state: Pending = { slot, queued: 0, wake: null, done: null, fail: null };
      streams.set(id, state);
      slot.open += 1;
      w.postMessage({ t: 'open', id, md5, records: records ?? null });
      // Chunks are gathered into 1 MiB batches: one message per MiB instead of one per
      // network read (~16 per MiB) keeps the main thread's share small.
      let batch = newBatch();
      let filled = 0;
      const flush = (): void => {
        if (filled === 0) return;
        const buf = filled === batch.byteLength ? batch.buffer : batch.buffer.slice(0, filled);
        state.queued += filled;
        w.postMessage({ t: 'data', id, buf }, [buf]);
        batch = newBatch();
        filled = 0;
      };
      return {
        update(chunk) {
          if (broken) throw broken;
          let offset = 0;
          while (offset < chunk.byteLength) {
            const n = Math.min(chunk.byteLength - offset, BATCH_BYTES - filled);
            batch.set(chunk.subarray(offset, offset + n), filled);
            filled += n;
            offset += n;
            if (filled === BATCH_BYTES) flush();
          }
          if (state.queued < HIGH_WATER) return null;
          return new Promise<void>((resolve) => {
            state.wake = resolve;
          });
        },
        digest() {
          if (broken) return Promise.reject(broken);
          flush();
          return new Promise<FileDigests>((resolve, reject) => {
            state.done = resolve;
            state.fail = reject;
            w.postMessage({ t: 'end', id });
          });
        },
        abort() {
          if (!streams.delete(id)) return;
          slot.open -= 1;
          state.wake?.();
          w.postMessage({ t: 'abort', id });
        },
      };
    },
    async close() {
      const dead = slots;
      slots = [];
      await Promise.all(dead.map((slot) => slot.worker.terminate()));
      failAll(new Error('digest service closed'));
    },
  };
}
