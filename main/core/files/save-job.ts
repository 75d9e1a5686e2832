// One save: every file of one download into one folder, a few files at a time, each retried
// with back-off and resumed from its `.part`. The persisted record (PersistedJob) is what
// survives a crash; the live state here is only what the UI needs in between.
import { existsSync } from 'node:fs';
import { open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { backoffDelay, sleep } from '../backoff.js';
import { retryAfterMs } from '../datafiniti/errors-from-response.js';
import { AppError, toErrorInfo, type ErrorInfo } from '../errors.js';
import type {
  Download,
  ManifestSummary,
  SaveFileProgress,
  SaveJob,
  SaveState,
} from '../../../preload/contract/index.js';
import type { Clock, FetchPort, Logger } from '../ports.js';
import type { DigestService } from './digest-worker.js';
import { ensureFolder } from './ensure-folder.js';
import { digestSavedFile, fsyncFile, removeSidecar, transferFile } from './file-download.js';
import { describeExpiry, linkExpiresAt } from './link-expiry.js';
import { buildManifest, isManifestTemp, recordsReported, writeManifest } from './manifest.js';
import { createProgressThrottle, type ProgressThrottle } from './progress-throttle.js';
import { diskError, isDiskError, LinkRejectedError, RestartFileError } from './save-errors.js';
import { SpeedMeter } from './speed-meter.js';
import {
  makePartialDir,
  PART_SUFFIX,
  partialPath,
  removePartialDirIfEmpty,
  uniqueName,
} from './unique-path.js';

export interface PersistedFile {
  /** The name the API gave (unsanitised), to match the file again after a refresh. */
  sourceName: string;
  url: string;
  expiresAt: string | null;
  /** Final file name inside the folder: sanitised and unique when the job was created. */
  name: string;
  etag: string | null;
  size: number | null;
  done: boolean;
  sha256: string | null;
  records: number | null;
}

export interface PersistedJob {
  schema: 1;
  jobId: string;
  downloadKey: string;
  download: Download;
  folder: string;
  accountLabel: string | null;
  parallelFiles: number;
  state: SaveState;
  error: ErrorInfo | null;
  files: PersistedFile[];
  manifestName: string;
  manifest: ManifestSummary | null;
  createdAt: number;
  finishedAt: number | null;
}

export type SaveEvent =
  | { kind: 'finished'; job: SaveJob; download: Download }
  | { kind: 'failed'; job: SaveJob; download: Download; error: ErrorInfo }
  | { kind: 'expired'; job: SaveJob; download: Download; error: ErrorInfo }
  | {
      kind: 'record-mismatch';
      job: SaveJob;
      download: Download;
      recordsFound: number;
      recordsReported: number | null;
    };

export interface SaveTuning {
  /** Consecutive failed attempts of one file without progress before the job fails. Default 6. */
  maxAttempts: number;
  /** First back-off wait; doubles per failure up to maxBackoffMs. Default 500 ms. */
  backoffBaseMs: number;
  maxBackoffMs: number;
  /** No byte for this long aborts an attempt. Default 60 s. */
  stallTimeoutMs: number;
  /** Minimum time between progress emissions per job. Default 100 ms (<= 10 per second). */
  progressIntervalMs: number;
  /**
   * The file host throttling (429/503) is not a failure: the save waits as asked, each wait at
   * most maxThrottleWaitMs, until one file has waited maxThrottleMs in all. Defaults 10 min, 2 h.
   */
  maxThrottleWaitMs: number;
  maxThrottleMs: number;
}

export const DEFAULT_TUNING: SaveTuning = {
  maxAttempts: 6,
  backoffBaseMs: 500,
  maxBackoffMs: 30_000,
  stallTimeoutMs: 60_000,
  progressIntervalMs: 100,
  maxThrottleWaitMs: 10 * 60_000,
  maxThrottleMs: 2 * 60 * 60_000,
};

export interface SaveJobContext {
  fetch: FetchPort;
  clock: Clock;
  digests: DigestService;
  logger: Logger;
  tuning: SaveTuning;
  refreshDownload(download: Download): Promise<Download>;
  /**
   * Records the job. Writes are coalesced (a save of 10,000 files would otherwise rewrite the
   * whole store per file); `now` writes at once, for the changes a crash must not lose.
   */
  persist(job: PersistedJob, options?: { now?: boolean }): void;
  /** Resolves once everything persisted so far is on disk. */
  persisted(): Promise<void>;
  emitJob(job: SaveJob): void;
  emitEvent(event: SaveEvent): void;
}

/** Why the job's controller was aborted. */
type StopReason = 'cancel' | 'dispose' | 'fatal';

class StopSignal extends Error {
  constructor(readonly reason: StopReason) {
    super(`save stopped: ${reason}`);
  }
}

interface LiveFile {
  bytesDone: number;
  running: boolean;
  failed: boolean;
}

export class SaveJobRunner {
  private controller = new AbortController();
  private live: LiveFile[];
  private readonly throttle: ProgressThrottle;
  private readonly speed = new SpeedMeter();
  private transferred = 0;
  private refresh: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  /** While the file host has asked us to wait (throttling): when the wait ends. */
  private waitingUntil: number | null = null;

  constructor(
    readonly record: PersistedJob,
    private readonly ctx: SaveJobContext,
  ) {
    this.live = record.files.map((f) => ({
      bytesDone: f.done ? (f.size ?? 0) : 0,
      running: false,
      failed: false,
    }));
    this.throttle = createProgressThrottle(
      ctx.clock,
      () => ctx.emitJob(this.snapshot()),
      ctx.tuning.progressIntervalMs,
    );
  }

  get active(): boolean {
    return this.running !== null;
  }

  /** Starts (or restarts after a failure, cancel or restart) and resolves when it settles. */
  start(): Promise<void> {
    if (this.running) return this.running;
    this.controller = new AbortController();
    this.refresh = null;
    this.speed.reset();
    this.transferred = 0;
    this.record.state = 'running';
    this.record.error = null;
    this.record.finishedAt = null;
    this.live = this.record.files.map((f) => ({
      bytesDone: f.done ? (f.size ?? 0) : 0,
      running: false,
      failed: false,
    }));
    this.waitingUntil = null;
    this.ctx.persist(this.record, { now: true });
    this.throttle.flush();
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops at once: in-flight fetches are aborted. `.part` files stay unless told otherwise. */
  async cancel(keepPartial: boolean): Promise<void> {
    this.controller.abort(new StopSignal('cancel'));
    await this.running?.catch(() => {});
    if (!keepPartial) {
      await Promise.all(
        this.record.files
          .filter((f) => !f.done)
          .map(async (f) => {
            await unlink(this.partPath(f)).catch(() => {});
            await removeSidecar(this.partPath(f));
          }),
      );
      await removePartialDirIfEmpty(this.record.folder);
      this.live.forEach((l, i) => {
        if (!this.record.files[i]?.done) l.bytesDone = 0;
      });
    }
    if (this.record.state !== 'completed') {
      this.record.state = 'cancelled';
      this.record.error = null;
      this.record.finishedAt = this.ctx.clock.now();
    }
    this.waitingUntil = null;
    this.ctx.persist(this.record, { now: true });
    this.throttle.flush();
  }

  /** The app is quitting: stop without changing the persisted state, so the save resumes. */
  async stop(): Promise<void> {
    this.controller.abort(new StopSignal('dispose'));
    await this.running?.catch(() => {});
    this.throttle.dispose();
  }

  snapshot(): SaveJob {
    const r = this.record;
    const files: SaveFileProgress[] = r.files.map((f, i) => {
      const l = this.live[i];
      return {
        name: f.name,
        path: path.join(r.folder, f.name),
        bytesDone: l?.bytesDone ?? 0,
        bytesTotal: f.size,
        state: f.done ? 'done' : l?.failed ? 'failed' : l?.running ? 'running' : 'waiting',
      };
    });
    const bytesDone = files.reduce((s, f) => s + f.bytesDone, 0);
    const known = r.files.filter((f) => f.size !== null);
    const knownTotal = known.reduce((s, f) => s + (f.size ?? 0), 0);
    const bytesTotal = known.length === r.files.length ? knownTotal : null;
    const isRunning = r.state === 'running';
    const speed = isRunning ? this.speed.bytesPerSecond() : 0;
    // Until every response has come in, estimate the rest from the sizes seen so far.
    const estimate =
      bytesTotal ?? (known.length > 0 ? Math.round((knownTotal / known.length) * r.files.length) : null);
    const etaSeconds =
      isRunning && speed > 0 && estimate !== null
        ? Math.max(0, Math.ceil((estimate - bytesDone) / speed))
        : null;
    return {
      jobId: r.jobId,
      downloadKey: r.downloadKey,
      folder: r.folder,
      state: r.state,
      files,
      bytesDone,
      bytesTotal,
      speed: Math.round(speed),
      etaSeconds,
      error: r.error,
      manifest: r.manifest,
      waitingUntil:
        isRunning && this.waitingUntil !== null ? new Date(this.waitingUntil).toISOString() : null,
    };
  }

  private partPath(f: PersistedFile): string {
    return partialPath(this.record.folder, f.name);
  }

  private progress(): void {
    this.speed.sample(this.ctx.clock.now(), this.transferred);
    this.throttle.request();
  }

  private async run(): Promise<void> {
    const r = this.record;
    const signal = this.controller.signal;
    let fatal: unknown = null;
    const folderExisted = existsSync(r.folder);
    try {
      await ensureFolder(r.folder);
      await makePartialDir(r.folder);
      await this.tidyEarlierRun();
    } catch (err) {
      fatal = isDiskError(err) ? diskError(err, r.folder) : err;
    }

    if (fatal === null) {
      // Show what is already on disk from an earlier run before the first response arrives.
      await Promise.all(
        r.files.map(async (f, i) => {
          if (f.done) return;
          const size = await stat(this.partPath(f)).then(
            (s) => s.size,
            () => null,
          );
          if (size === null) await this.adoptRenamedFile(f, signal);
          this.live[i]!.bytesDone = f.done ? (f.size ?? 0) : (size ?? 0);
        }),
      );
      this.progress();
      const pending = r.files.map((_, i) => i).filter((i) => !r.files[i]!.done);
      let next = 0;
      const finishing: Promise<void>[] = [];
      const failFile = (i: number, err: unknown): void => {
        if (signal.aborted) return;
        fatal ??= err;
        this.live[i]!.failed = true;
        // One failure (disk full, expired links) dooms the rest: stop them now.
        this.controller.abort(new StopSignal('fatal'));
      };
      const worker = async (): Promise<void> => {
        for (let i = pending[next++]; i !== undefined && !signal.aborted; i = pending[next++]) {
          const index = i;
          try {
            const size = await this.saveFile(index, signal);
            // fsync + rename run while this slot already fetches the next file: the disk
            // flushes one file as the network fills the next.
            finishing.push(this.finishFile(index, size).catch((err: unknown) => failFile(index, err)));
          } catch (err) {
            failFile(index, err);
            return;
          }
        }
      };
      const workers = Math.max(1, Math.min(r.parallelFiles, pending.length));
      await Promise.all(Array.from({ length: workers }, worker));
      // Even when cancelled: a file whose bytes are all here is completed, not left half-renamed.
      await Promise.all(finishing);
    }

    this.waitingUntil = null;
    const reason = signal.aborted ? (signal.reason as StopSignal | undefined)?.reason : undefined;
    if (reason === 'cancel' || reason === 'dispose') return;
    for (const l of this.live) l.running = false;

    if (fatal !== null) {
      const info = toErrorInfo(fatal);
      await this.removeIfEmpty(folderExisted);
      r.state = info.code === 'expired' ? 'expired' : 'failed';
      r.error = info;
      r.finishedAt = this.ctx.clock.now();
      this.ctx.persist(r, { now: true });
      this.throttle.flush();
      this.ctx.logger.warn('save failed', { jobId: r.jobId, code: info.code, message: info.message });
      const job = this.snapshot();
      this.ctx.emitEvent({
        kind: info.code === 'expired' ? 'expired' : 'failed',
        job,
        download: r.download,
        error: info,
      });
      return;
    }

    try {
      await this.finish();
    } catch (err) {
      r.state = 'failed';
      r.error = toErrorInfo(isDiskError(err) ? diskError(err, r.folder) : err);
      r.finishedAt = this.ctx.clock.now();
      this.ctx.persist(r, { now: true });
      this.throttle.flush();
      this.ctx.emitEvent({ kind: 'failed', job: this.snapshot(), download: r.download, error: r.error });
    }
  }

  private async finish(): Promise<void> {
    const r = this.record;
    const now = this.ctx.clock.now();
    const manifest = buildManifest(
      r.download,
      r.accountLabel,
      r.files.map((f) => ({
        name: f.name,
        size: f.size ?? 0,
        sha256: f.sha256 ?? '',
        records: f.records ?? 0,
      })),
      now,
    );
    const manifestPath = path.join(r.folder, r.manifestName);
    await writeManifest(manifestPath, manifest);
    r.manifest = {
      path: manifestPath,
      recordsFound: manifest.records.found,
      recordsReported: manifest.records.reported,
      matches: manifest.records.matches,
    };
    await removePartialDirIfEmpty(r.folder);
    r.state = 'completed';
    r.error = null;
    r.finishedAt = now;
    this.ctx.persist(r, { now: true });
    this.throttle.flush();
    const job = this.snapshot();
    this.ctx.logger.info('save finished', {
      jobId: r.jobId,
      folder: r.folder,
      records: manifest.records.found,
    });
    this.ctx.emitEvent({ kind: 'finished', job, download: r.download });
    if (!manifest.records.matches) {
      this.ctx.emitEvent({
        kind: 'record-mismatch',
        job,
        download: r.download,
        recordsFound: manifest.records.found,
        recordsReported: recordsReported(r.download),
      });
    }
  }

  /** Brings one file to a complete, verified `.part`; returns its size. */
  private async saveFile(index: number, signal: AbortSignal): Promise<number> {
    const r = this.record;
    const f = r.files[index]!;
    const l = this.live[index]!;
    const t = this.ctx.tuning;
    let failures = 0;
    let restarts = 0;
    let throttledMs = 0;
    let askHost = false;
    l.running = true;
    l.failed = false;
    this.progress();
    try {
      for (;;) {
        if (signal.aborted) throw signal.reason;
        const expiresAt = linkExpiresAt(f);
        if (!askHost && expiresAt !== null && expiresAt <= this.ctx.clock.now()) {
          // Past by this computer's clock: ask the API for fresh links first. With none, the
          // file host decides: a clock set ahead must not declare a working link dead.
          try {
            await this.renewLink(index, expiresAt, null);
          } catch (err) {
            if (!(err instanceof AppError) || err.code !== 'expired') throw err;
            askHost = true;
          }
          continue;
        }
        const bytesBefore = l.bytesDone;
        try {
          const result = await transferFile({
            url: f.url,
            partPath: this.partPath(f),
            folder: r.folder,
            format: r.download.format ?? formatFromName(f.sourceName),
            knownEtag: f.etag,
            fetch: this.ctx.fetch,
            clock: this.ctx.clock,
            digests: this.ctx.digests,
            signal,
            stallTimeoutMs: t.stallTimeoutMs,
            onStart: ({ etag, size, resumedFrom }) => {
              if (etag !== f.etag || size !== f.size) {
                f.etag = etag;
                f.size = size;
                this.ctx.persist(r);
              }
              l.bytesDone = resumedFrom;
              this.progress();
            },
            onBytes: (partSize) => {
              this.transferred += partSize - l.bytesDone;
              l.bytesDone = partSize;
              this.progress();
            },
          });
          f.sha256 = result.sha256;
          f.records = result.records;
          f.etag = result.etag;
          l.bytesDone = result.size;
          return result.size;
        } catch (err) {
          if (signal.aborted) throw signal.reason;
          if (err instanceof LinkRejectedError) {
            await this.renewLink(index, linkExpiresAt(f), err.hostMessage);
            continue;
          }
          if (err instanceof RestartFileError) {
            l.bytesDone = 0;
            if (++restarts > t.maxAttempts) throw new AppError('bad-response', err.message, { file: f.name });
            this.ctx.logger.warn('restarting file', { file: f.name, reason: err.message });
            continue;
          }
          if (err instanceof AppError && err.code === 'rate-limited') {
            // Throttling is the host asking for patience, not a failure: wait as asked.
            const wait = this.throttleWait(err, failures + 1);
            throttledMs += wait;
            if (throttledMs > t.maxThrottleMs) {
              const minutes = Math.round(t.maxThrottleMs / 60_000);
              throw new AppError(
                'rate-limited',
                `The file host kept asking to slow down for ${minutes} minutes. Save again later; the part already saved is kept.`,
                { file: f.name },
                false,
              );
            }
            this.ctx.logger.warn('file host throttling', { file: f.name, waitMs: wait });
            await this.waitVisibly(wait, signal);
            continue;
          }
          if (err instanceof AppError && err.retryable) {
            if (l.bytesDone > bytesBefore) failures = 0;
            if (++failures >= t.maxAttempts) throw err;
            const wait = this.backoff(failures, err);
            this.ctx.logger.warn('retrying file', {
              file: f.name,
              attempt: failures,
              waitMs: wait,
              reason: err.message,
            });
            await sleep(this.ctx.clock, wait, signal);
            continue;
          }
          throw err;
        }
      }
    } finally {
      l.running = false;
    }
  }

  /** The shared back-off (core/backoff.ts), never longer than maxBackoffMs, or what the host asked for. */
  private backoff(failures: number, err: AppError): number {
    const t = this.ctx.tuning;
    const asked = this.retryAfterMs(err);
    if (asked !== null) return Math.max(t.backoffBaseMs, Math.min(asked, t.maxBackoffMs));
    return backoffDelay(failures, Math.random, { baseMs: t.backoffBaseMs, capMs: t.maxBackoffMs });
  }

  /** What the host asked for (at most maxThrottleWaitMs), never less than the normal back-off. */
  private throttleWait(err: AppError, failures: number): number {
    const t = this.ctx.tuning;
    const base = backoffDelay(failures, Math.random, {
      baseMs: t.backoffBaseMs,
      capMs: t.maxBackoffMs,
      jitter: 'none',
    });
    const asked = this.retryAfterMs(err);
    return Math.min(t.maxThrottleWaitMs, Math.max(base, asked ?? 0));
  }

  /** The file host's `Retry-After`, read as the API client reads it; null when absent or not ahead. */
  private retryAfterMs(err: AppError): number | null {
    const header = err.detail?.retryAfter;
    const ms = retryAfterMs(typeof header === 'string' ? header : null, this.ctx.clock.now());
    return ms !== null && ms > 0 ? ms : null;
  }

  /** Sleeps with the end of the wait in the job's snapshot, so the window can count down. */
  private async waitVisibly(ms: number, signal: AbortSignal): Promise<void> {
    const until = this.ctx.clock.now() + ms;
    this.waitingUntil = Math.max(this.waitingUntil ?? 0, until);
    this.throttle.flush();
    try {
      await sleep(this.ctx.clock, ms, signal);
    } finally {
      if (this.waitingUntil !== null && this.waitingUntil <= until) this.waitingUntil = null;
      this.throttle.flush();
    }
  }

  /**
   * Leftovers of a run that was killed: the manifest's temporary file (written, never renamed),
   * and `.part` files from before partial files moved into PARTIAL_DIR, moved there unless a
   * result file of this job has that very name.
   */
  private async tidyEarlierRun(): Promise<void> {
    const r = this.record;
    const names = await readdir(r.folder);
    const own = new Set(r.files.map((f) => f.name.toLowerCase()));
    for (const name of names) {
      if (isManifestTemp(name, r.manifestName)) await unlink(path.join(r.folder, name)).catch(() => {});
    }
    for (const f of r.files) {
      const legacy = f.name + PART_SUFFIX;
      // Only a file this job had started (it knows the ETag) can have left a `.part` of ours.
      if (f.done || f.etag === null || own.has(legacy.toLowerCase()) || !names.includes(legacy)) continue;
      if (existsSync(this.partPath(f))) continue;
      await rename(path.join(r.folder, legacy), this.partPath(f));
    }
  }

  /** A save that failed before writing anything leaves no empty folder behind. */
  private async removeIfEmpty(folderExisted: boolean): Promise<void> {
    const folder = this.record.folder;
    await removePartialDirIfEmpty(folder);
    if (!folderExisted) await rmdir(folder).catch(() => {});
  }

  /**
   * The link is dead: fetch the download once per run and take any new URL. With none new, the
   * job ends `expired` with the expiry time in the message.
   */
  private async renewLink(
    index: number,
    expiresAt: number | null,
    hostMessage: string | null,
  ): Promise<void> {
    const f = this.record.files[index]!;
    const deadUrl = f.url;
    this.refresh ??= this.refreshLinks();
    await this.refresh;
    if (f.url !== deadUrl) return;
    const when = describeExpiry(expiresAt);
    const past = expiresAt !== null && expiresAt <= this.ctx.clock.now();
    const message = past
      ? `The result links of this download expired ${when}, and the API had no fresh ones. Run the same query again to get the files.`
      : `The file host refused the result links (${hostMessage ?? 'access denied'}); they were due to expire ${when}. The API had no fresh ones. Run the same query again to get the files.`;
    throw new AppError(
      'expired',
      message,
      { expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(), file: f.name },
      false,
    );
  }

  private async refreshLinks(): Promise<void> {
    const r = this.record;
    let fresh: Download;
    try {
      fresh = await this.ctx.refreshDownload(r.download);
    } catch (err) {
      this.ctx.logger.warn('could not refresh links', { jobId: r.jobId, error: toErrorInfo(err).message });
      return;
    }
    r.download = { ...fresh, files: fresh.files.length > 0 ? fresh.files : r.download.files };
    r.files.forEach((f, i) => {
      const match = fresh.files.find((x) => x.name === f.sourceName) ?? fresh.files[i];
      if (match && match.url !== f.url) {
        f.url = match.url;
        f.expiresAt = match.expiresAt;
      }
    });
    this.ctx.persist(r);
  }

  /**
   * A crash between renaming a finished `.part` and persisting it as done leaves the final file
   * and no `.part`. A file of exactly the size the host announced, with no `.part` beside it,
   * is that file: count it as saved (reading it once for the manifest) instead of fetching it
   * again into `name (2)`.
   */
  private async adoptRenamedFile(f: PersistedFile, signal: AbortSignal): Promise<void> {
    if (f.size === null || f.etag === null) return;
    const final = path.join(this.record.folder, f.name);
    const size = await stat(final).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    if (size !== f.size) return;
    const digest = await digestSavedFile(
      final,
      this.record.download.format ?? formatFromName(f.sourceName),
      this.ctx.digests,
      signal,
    );
    f.sha256 = digest.sha256;
    f.records = digest.records;
    f.done = true;
    this.ctx.persist(this.record);
    // The crash may have come before the ETag note went: it would keep `.partial/` for ever.
    await removeSidecar(this.partPath(f));
  }

  /** A verified `.part`: fsync it, rename it to its final name, and only then mark it done. */
  private async finishFile(index: number, size: number): Promise<void> {
    const f = this.record.files[index]!;
    const l = this.live[index]!;
    l.running = true;
    try {
      await fsyncFile(this.partPath(f));
      // The ETag and size must be on disk before the rename: after a crash right behind it,
      // they are what proves the renamed file is this one (adoptRenamedFile).
      await this.ctx.persisted();
      await this.complete(f, size);
    } catch (err) {
      throw isDiskError(err) ? diskError(err, this.record.folder) : err;
    } finally {
      l.running = false;
    }
    f.size = size;
    f.done = true;
    this.live[index]!.bytesDone = size;
    this.ctx.persist(this.record);
    this.progress();
  }

  /** fsynced `.part` -> final name; never over a file that appeared meanwhile. */
  private async complete(f: PersistedFile, size: number): Promise<void> {
    const folder = this.record.folder;
    const part = this.partPath(f);
    if (existsSync(path.join(folder, f.name))) {
      const taken = new Set(this.record.files.filter((o) => o !== f).map((o) => o.name));
      const next = uniqueName(folder, f.name, taken);
      // Keep the `.part` name in step so a crash right here still finds it.
      await rename(part, partialPath(folder, next));
      await removeSidecar(part);
      f.name = next;
      this.ctx.persist(this.record, { now: true });
    }
    await rename(this.partPath(f), path.join(folder, f.name));
    await removeSidecar(this.partPath(f));
    await fsyncDir(folder);
    this.ctx.logger.info('file saved', { file: f.name, size });
  }
}

/** When the API did not say: Datafiniti names JSON results `.txt` (NDJSON) and CSV `.csv`. */
function formatFromName(name: string): 'csv' | 'json' {
  return /\.(txt|json|ndjson)$/i.test(name) ? 'json' : 'csv';
}

/** Makes the rename durable; not every platform can open a directory, hence best effort. */
async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory handle; NTFS journals the rename itself.
  }
}
