// One attempt at bringing one result file onto disk: stream the body into `<name>.part`,
// resuming from what is already there with `Range`, hashing and counting records on the way,
// then check the size (and MD5 when the ETag is one). fsync and the rename to the final name
// are the caller's job (it overlaps them with the next file), so a partial file is never
// presented as complete.
import { createReadStream } from 'node:fs';
import { open, readFile, stat, truncate, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { AppError } from '../errors.js';
import type { DownloadFormat } from '../../../preload/contract/index.js';
import type { Clock, FetchPort, TimerHandle } from '../ports.js';
import type { DigestService, FileDigests, StreamingDigest } from './digest-worker.js';
import { diskError, isDiskError, LinkRejectedError, RestartFileError } from './save-errors.js';

export interface FileTransferRequest {
  url: string;
  partPath: string;
  /** The folder, for error messages. */
  folder: string;
  format: DownloadFormat;
  /** ETag the existing `.part` was started with; a different ETag means its bytes are stale. */
  knownEtag: string | null;
  fetch: FetchPort;
  clock: Clock;
  digests: DigestService;
  signal: AbortSignal;
  /** No byte for this long aborts the attempt (a silent, half-open connection). */
  stallTimeoutMs: number;
  /** The response is accepted: its ETag and the file's full size (persist them for a resume). */
  onStart(info: { etag: string | null; size: number | null; resumedFrom: number }): void;
  /** Bytes appended to the `.part` (called per chunk; the caller throttles what it shows). */
  onBytes(partSize: number): void;
}

export interface FileTransferResult {
  size: number;
  sha256: string;
  records: number;
  etag: string | null;
}

const PLAIN_MD5_ETAG = /^"?([0-9a-f]{32})"?$/i;
const MAX_ERROR_BODY = 64 * 1024;
/** Bytes waiting behind the write in flight before reading pauses. */
const WRITE_BACKLOG = 4 << 20;

/** writev, again for what a short write (a disk filling up) left, until it errors or is done. */
async function writeAll(file: FileHandle, chunks: Uint8Array[]): Promise<void> {
  let rest = chunks;
  while (rest.length > 0) {
    let skip = (await file.writev(rest)).bytesWritten;
    const next: Uint8Array[] = [];
    for (const c of rest) {
      if (skip >= c.byteLength) skip -= c.byteLength;
      else {
        next.push(skip > 0 ? c.subarray(skip) : c);
        skip = 0;
      }
    }
    rest = next;
  }
}

/**
 * Streams `body` into `partPath` from `start`, hashing and counting every chunk on the way.
 * One write is in flight at a time; chunks that arrive meanwhile go out together in the next
 * one (writev). What arrived before an error is still written, so a resume can start from it.
 */
async function streamBody(
  body: ReadableStream<Uint8Array>,
  partPath: string,
  start: number,
  d: StreamingDigest,
  signal: AbortSignal,
  onBytes: (partSize: number) => void,
): Promise<number> {
  const reader = body.getReader();
  const file = await open(partPath, start > 0 ? 'a' : 'w');
  let written = start;
  let queue: Uint8Array[] = [];
  let queued = 0;
  let inFlight: Promise<void> | null = null;
  let writeError: unknown = null;
  const pump = (): void => {
    if (inFlight || queue.length === 0 || writeError !== null) return;
    const chunks = queue;
    queue = [];
    queued = 0;
    inFlight = writeAll(file, chunks).then(
      () => {
        inFlight = null;
        pump();
      },
      (err: unknown) => {
        inFlight = null;
        writeError ??= err;
      },
    );
  };
  const drain = async (): Promise<void> => {
    while (inFlight) await inFlight;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      written += value.byteLength;
      onBytes(written);
      const wait = d.update(value);
      queue.push(value);
      queued += value.byteLength;
      pump();
      if (wait) await wait;
      while (inFlight && queued >= WRITE_BACKLOG) await inFlight;
      if (writeError !== null) throw writeError;
      signal.throwIfAborted();
    }
  } catch (err) {
    void reader.cancel().catch(() => {});
    throw err;
  } finally {
    await drain();
    await file.close();
  }
  if (writeError !== null) throw writeError;
  return written;
}

async function partSize(partPath: string): Promise<number> {
  try {
    return (await stat(partPath)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** `bytes 100-199/1000` -> {start: 100, total: 1000}; total null for `*`. */
function parseContentRange(value: string | null): { start: number; total: number | null } | null {
  const m = value ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!m) return null;
  return { start: Number(m[1]), total: m[3] === '*' ? null : Number(m[3]) };
}

function contentLength(res: Response): number | null {
  const v = res.headers.get('content-length');
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
}

/** Reads at most MAX_ERROR_BODY of an error body, for its message only; it is never saved. */
async function readErrorBody(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < MAX_ERROR_BODY) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // A body we only wanted for a message.
  } finally {
    void reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY);
}

function discard(res: Response): void {
  void res.body?.cancel().catch(() => {});
}

function statusError(res: Response, retryAfter: string | null): AppError {
  const status = res.status;
  if (status === 404 || status === 410) {
    return new AppError('not-found', `The file host no longer has this file (HTTP ${status}).`, { status });
  }
  if (status === 429 || status === 503) {
    return new AppError('rate-limited', `The file host asked to slow down (HTTP ${status}).`, {
      status,
      retryAfter,
    });
  }
  if (status >= 500) return new AppError('server', `The file host failed (HTTP ${status}).`, { status });
  return new AppError('bad-response', `The file host answered HTTP ${status}.`, { status }, false);
}

/**
 * Re-hashes the `.part` prefix once when resuming: SHA-256/MD5 state cannot be persisted with
 * Node's crypto, and reading back a prefix the OS likely still caches costs far less than
 * downloading it again. The record count comes from the same pass, so its state is exact.
 */
async function hashPrefix(
  partPath: string,
  length: number,
  d: StreamingDigest,
  signal: AbortSignal,
): Promise<void> {
  if (length === 0) return;
  const stream = createReadStream(partPath, { start: 0, end: length - 1, highWaterMark: 1 << 20, signal });
  for await (const chunk of stream) await d.update(chunk as Buffer);
}

/**
 * SHA-256 and record count of a file already on disk: for a file that was renamed to its final
 * name just before a crash, before the job could record it as done.
 */
export async function digestSavedFile(
  file: string,
  format: DownloadFormat,
  digests: DigestService,
  signal: AbortSignal,
): Promise<{ sha256: string; records: number; size: number }> {
  const size = (await stat(file)).size;
  const d = digests.create({ md5: false, records: { format } });
  try {
    await hashPrefix(file, size, d, signal);
    const { sha256, records } = await d.digest();
    return { sha256, records: records ?? 0, size };
  } catch (err) {
    d.abort();
    throw err;
  }
}

function toNetworkError(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? err;
  if (err instanceof AppError || err instanceof LinkRejectedError || err instanceof RestartFileError)
    return err;
  if (isDiskError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('network', `The connection to the file host dropped (${message}).`);
}

/** Aborts `controller` when no chunk arrived for `ms`; `touch()` on every chunk. */
function stallWatch(clock: Clock, ms: number, controller: AbortController) {
  let last = clock.now();
  let timer: TimerHandle | null = null;
  const check = (): void => {
    const now = clock.now();
    // A last chunk "in the future": the clock was set back. Count from now, not from the jump.
    if (now < last) last = now;
    const idle = now - last;
    if (idle >= ms) {
      controller.abort(new AppError('timeout', `The file host sent nothing for ${Math.round(ms / 1000)} s.`));
      timer = null;
    } else {
      timer = clock.setTimeout(check, ms - idle);
    }
  };
  timer = clock.setTimeout(check, ms);
  return {
    touch: () => {
      last = clock.now();
    },
    stop: () => {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * Brings the file to a complete, verified `.part` (not yet fsynced). Throws AppError (network, server,
 * timeout, not-found, disk), LinkRejectedError, or RestartFileError after truncating the
 * `.part` when its bytes turned out stale.
 */
export async function transferFile(req: FileTransferRequest): Promise<FileTransferResult> {
  const attempt = new AbortController();
  const signal = AbortSignal.any([req.signal, attempt.signal]);
  const stall = stallWatch(req.clock, req.stallTimeoutMs, attempt);
  try {
    return await transfer(req, signal, stall.touch);
  } catch (err) {
    const mapped = toNetworkError(err, signal);
    if (isDiskError(mapped)) throw diskError(mapped, req.folder);
    throw mapped;
  } finally {
    stall.stop();
  }
}

/**
 * The ETag a `.part` was started with, kept beside it (`<name>.etag` never equals a partial,
 * which always ends in `.part`). The job's store is written in batches, so after a kill -9 the
 * store may not know the ETag yet; this small file, written before the first byte, does.
 */
export function etagSidecar(partPath: string): string {
  return partPath.replace(/\.part$/, '') + '.etag';
}

async function readSidecar(partPath: string): Promise<string | null> {
  try {
    const text = (await readFile(etagSidecar(partPath), 'utf8')).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

async function writeSidecar(partPath: string, etag: string | null): Promise<void> {
  if (etag === null) await unlink(etagSidecar(partPath)).catch(() => {});
  else await writeFile(etagSidecar(partPath), etag);
}

/** Drops the ETag note of a finished or abandoned `.part`. */
export async function removeSidecar(partPath: string): Promise<void> {
  await unlink(etagSidecar(partPath)).catch(() => {});
}

async function transfer(req: FileTransferRequest, signal: AbortSignal, touch: () => void) {
  let have = await partSize(req.partPath);
  let knownEtag = req.knownEtag ?? (have > 0 ? await readSidecar(req.partPath) : null);
  if (have > 0 && knownEtag === null) {
    // Without the ETag it was started with, nothing proves these bytes belong to this file:
    // a Range on top of them could splice two files together. Start again.
    await truncate(req.partPath, 0);
    have = 0;
  }

  for (let round = 0; ; round++) {
    if (round > 2) throw new RestartFileError('The file host keeps changing the file; starting it again.');
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      // S3 answers 200 with the whole file when the ETag no longer matches.
      if (knownEtag) headers['if-range'] = knownEtag;
    }
    // The pre-signed URL is the only credential the file host needs: no Authorization header,
    // no cookies, no referrer, whatever the fetch implementation would add on its own.
    const res = await req.fetch(req.url, {
      method: 'GET',
      headers,
      signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      redirect: 'follow',
    });
    touch();

    if (res.status === 403 || res.status === 401 || (res.status === 400 && isXml(res))) {
      const body = await readErrorBody(res);
      throw new LinkRejectedError(res.status, s3Message(body) ?? `HTTP ${res.status}`);
    }
    if (res.status === 416) {
      discard(res);
      // If-Range held (else the host would have sent the whole file with 200), so the `.part`
      // is this file's prefix; when it already holds every byte, a crash came between the
      // last byte and the rename: finish it instead of fetching it again.
      const range = parseContentRange(res.headers.get('content-range'));
      if (range === null && have > 0 && knownEtag !== null) {
        const total = unsatisfiedTotal(res.headers.get('content-range'));
        if (total === have) return verifyWholePart(req, have, knownEtag, signal);
      }
      // Otherwise our `.part` is not a prefix of what the host has now.
      await truncate(req.partPath, 0);
      have = 0;
      knownEtag = null;
      continue;
    }
    if (res.status !== 200 && res.status !== 206) {
      discard(res);
      throw statusError(res, res.headers.get('retry-after'));
    }
    if (isWebPage(res)) {
      // A captive portal or a proxy's page, not the file: never saved, the `.part` untouched.
      discard(res);
      throw new AppError(
        'bad-response',
        `The file host sent a web page (${res.headers.get('content-type')}) instead of the file. A network login page or a proxy may be in the way; open a web page in your browser, then save again.`,
        { status: res.status },
        false,
      );
    }

    const etag = res.headers.get('etag');
    let start = 0;
    let total: number | null;
    if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      const etagChanged = knownEtag !== null && etag !== null && etag !== knownEtag;
      if (!range || range.start !== have || etagChanged) {
        // Stale prefix or a range we did not ask for: fetch the whole file again.
        discard(res);
        await truncate(req.partPath, 0);
        have = 0;
        knownEtag = etag;
        continue;
      }
      start = have;
      total = range.total;
    } else {
      // 200: the host ignored Range (or If-Range found the ETag changed); the body is the
      // whole file, so start the `.part` again from this same response.
      total = contentLength(res);
    }
    if (!res.body) throw new AppError('bad-response', 'The file host sent no body.');

    const md5Etag = etag ? (PLAIN_MD5_ETAG.exec(etag)?.[1]?.toLowerCase() ?? null) : null;
    const digests = req.digests.create({ md5: md5Etag !== null, records: { format: req.format } });
    let hashes: FileDigests;
    let written = start;
    try {
      if (start > 0) await hashPrefix(req.partPath, start, digests, signal);
      if (start === 0 || etag !== knownEtag) await writeSidecar(req.partPath, etag);
      req.onStart({ etag, size: total, resumedFrom: start });
      written = await streamBody(res.body, req.partPath, start, digests, signal, (n) => {
        touch();
        req.onBytes(n);
      });
      hashes = await digests.digest();
    } catch (err) {
      digests.abort();
      throw err;
    }

    if (total !== null && written < total) {
      // The body ended early without an error: what arrived is good, resume from it.
      throw new AppError('network', `The file host sent ${written} of ${total} bytes.`);
    }
    if (total !== null && written > total) {
      await truncate(req.partPath, 0);
      throw new RestartFileError(`The file host sent ${written} bytes for a ${total}-byte file.`);
    }
    if (md5Etag !== null && hashes.md5 !== md5Etag) {
      await truncate(req.partPath, 0);
      throw new RestartFileError('The saved bytes do not match the file host checksum (MD5).');
    }
    return { size: written, sha256: hashes.sha256, records: hashes.records ?? 0, etag };
  }
}

/** Flushes the `.part` to disk before it may be renamed to its final name. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `bytes *\/SIZE` (the 416 form) -> SIZE. */
function unsatisfiedTotal(value: string | null): number | null {
  const m = value ? /^bytes\s+\*\/(\d+)$/i.exec(value.trim()) : null;
  return m ? Number(m[1]) : null;
}

/**
 * The `.part` holds all `size` bytes: hash it once, check the MD5 against a plain ETag, and
 * hand it over like a finished transfer.
 */
async function verifyWholePart(
  req: FileTransferRequest,
  size: number,
  etag: string,
  signal: AbortSignal,
): Promise<FileTransferResult> {
  const md5Etag = PLAIN_MD5_ETAG.exec(etag)?.[1]?.toLowerCase() ?? null;
  const d = req.digests.create({ md5: md5Etag !== null, records: { format: req.format } });
  let hashes: FileDigests;
  try {
    await hashPrefix(req.partPath, size, d, signal);
    hashes = await d.digest();
  } catch (err) {
    d.abort();
    throw err;
  }
  if (md5Etag !== null && hashes.md5 !== md5Etag) {
    await truncate(req.partPath, 0);
    throw new RestartFileError('The saved bytes do not match the file host checksum (MD5).');
  }
  req.onStart({ etag, size, resumedFrom: size });
  return { size, sha256: hashes.sha256, records: hashes.records ?? 0, etag };
}

/** HTML or XML where CSV or NDJSON was due: the answer of something that is not the file host. */
function isWebPage(res: Response): boolean {
  return /html|xml/i.test(res.headers.get('content-type') ?? '');
}

function isXml(res: Response): boolean {
  return /xml/i.test(res.headers.get('content-type') ?? '');
}

function s3Message(body: string): string | null {
  const m = /<Message>([^<]*)<\/Message>/i.exec(body);
  return m?.[1]?.trim() || null;
}
