// The saver: starts, resumes, cancels and lists save jobs, one per download, and keeps them in
// the store so a save survives a crash or a quit and continues from its `.part` files.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { whyNotSavable, type Download, type SaveJob } from '../../../preload/contract/index.js';
import {
  silentLogger,
  systemClock,
  type Clock,
  type FetchPort,
  type KeyValueStore,
  type Logger,
} from '../ports.js';
import { createWorkerDigests } from './digest-worker.js';
import { MANIFEST_NAME } from './manifest.js';
import { sanitizeFileName } from './sanitize-name.js';
import {
  DEFAULT_TUNING,
  SaveJobRunner,
  type PersistedFile,
  type PersistedJob,
  type SaveEvent,
  type SaveTuning,
} from './save-job.js';
import { uniqueName } from './unique-path.js';

export type { SaveEvent, SaveTuning } from './save-job.js';

export interface SaverDeps {
  /** Plain Node/Electron fetch; the saver itself makes sure no credentials go with it. */
  fetch: FetchPort;
  clock?: Clock;
  /** Where save jobs are persisted (key `saveJobs`; in the app, save-jobs.json). */
  store: KeyValueStore;
  logger?: Logger;
  /** Fetch the download again from the API to get fresh links when one has expired. */
  refreshDownload: (download: Download) => Promise<Download>;
  /** Every change of a job; progress is throttled to <= 10 per second per job. */
  onJob?: (job: SaveJob) => void;
  /** Outcomes worth a notification. */
  onEvent?: (event: SaveEvent) => void;
  tuning?: Partial<SaveTuning>;
}

export interface SaveRequest {
  /** The download's folder (see defaultSaveFolder); created when missing. */
  folder: string;
  accountLabel?: string | null;
  /** Files in flight at once, default 3. */
  parallelFiles?: number;
}

export interface Saver {
  /**
   * Saves every file of a completed (or cancelled, partial) download. Idempotent: for a
   * download already saving or saved (files still there) it returns that job; a failed,
   * expired or cancelled save of it is resumed in place.
   */
  save(download: Download, request: SaveRequest): Promise<SaveJob>;
  /** Stops at once; `.part` files are kept unless keepPartial is false. */
  cancel(jobId: string, options?: { keepPartial?: boolean }): Promise<void>;
  jobs(): SaveJob[];
  job(jobId: string): SaveJob | undefined;
  /** After a restart: continue every job that was queued or running when the app stopped. */
  resumePending(): Promise<SaveJob[]>;
  /** Resolves when the job is no longer running (tests, quitting). */
  settled(jobId: string): Promise<SaveJob | undefined>;
  /** Stops all transfers, leaving the jobs persisted as running so resumePending continues them. */
  dispose(): Promise<void>;
}

export const STORE_KEY = 'saveJobs';
export const DEFAULT_PARALLEL_FILES = 3;
/** Finished jobs kept for the list; older ones are forgotten (their files stay). */
const MAX_FINISHED_JOBS = 200;
/**
 * Coalescing window for writing the jobs. The store rewrites its whole file (save-jobs.json)
 * per write, so writing per file made a save of n files cost O(n^2); a crash loses at most this
 * much bookkeeping, which a resume recovers from the files on disk. Real time on purpose: it
 * batches disk writes and means nothing to the app's (possibly virtual) clock.
 */
const PERSIST_DELAY_MS = 250;

/** `<parent>/<label> <id>` (or `<parent>/<id>`): one folder per download, named for people. */
export function defaultSaveFolder(parent: string, label: string, downloadId: string): string {
  const id = sanitizeFileName(downloadId, 'download');
  const cleanLabel = label.trim() === '' ? '' : sanitizeFileName(label, '');
  const name = cleanLabel === '' || cleanLabel === id ? id : sanitizeFileName(`${cleanLabel} ${id}`, id);
  return path.join(parent, name);
}

export function createSaver(deps: SaverDeps): Saver {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const tuning: SaveTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const runners = new Map<string, SaveJobRunner>();
  const digests = createWorkerDigests();
  let disposed = false;

  const persisted = deps.store.get<Record<string, PersistedJob>>(STORE_KEY) ?? {};

  let persistTimer: ReturnType<typeof setTimeout> | null = null;
  let waiting: (() => void)[] = [];

  const writeAll = (): void => {
    const all: Record<string, PersistedJob> = {};
    const finished = [...runners.values()]
      .map((r) => r.record)
      .filter((j) => j.state !== 'running' && j.state !== 'queued')
      .sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt));
    const dropped = new Set(finished.slice(MAX_FINISHED_JOBS).map((j) => j.jobId));
    for (const [id, r] of runners) {
      if (dropped.has(id)) runners.delete(id);
      else all[id] = r.record;
    }
    deps.store.set(STORE_KEY, all);
  };

  const flush = (): void => {
    if (persistTimer !== null) clearTimeout(persistTimer);
    persistTimer = null;
    const done = waiting;
    waiting = [];
    try {
      writeAll();
    } catch (err) {
      // A full disk must not turn a save into a crash; the next write tries again.
      logger.error('could not record the save jobs', { error: String(err) });
    } finally {
      for (const resolve of done) resolve();
    }
  };

  const persist = (_job: PersistedJob, options?: { now?: boolean }): void => {
    if (options?.now) return flush();
    persistTimer ??= setTimeout(flush, PERSIST_DELAY_MS);
  };

  const onDisk = (): Promise<void> =>
    persistTimer === null ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));

  const makeRunner = (record: PersistedJob): SaveJobRunner => {
    const runner = new SaveJobRunner(record, {
      fetch: deps.fetch,
      clock,
      digests,
      logger,
      tuning,
      refreshDownload: deps.refreshDownload,
      // Still persisted while disposing: a file renamed during shutdown must be recorded as done.
      persist,
      persisted: onDisk,
      emitJob: (job) => {
        if (!disposed) deps.onJob?.(job);
      },
      emitEvent: (event) => {
        if (!disposed) deps.onEvent?.(event);
      },
    });
    runners.set(record.jobId, runner);
    return runner;
  };

  for (const record of Object.values(persisted)) {
    if (record && record.schema === 1 && typeof record.jobId === 'string') makeRunner(record);
  }

  const launch = (runner: SaveJobRunner): void => {
    void runner.start().catch((err: unknown) => {
      logger.error('save job crashed', { jobId: runner.record.jobId, error: String(err) });
    });
  };

  const latestFor = (key: string): SaveJobRunner | undefined =>
    [...runners.values()]
      .filter((r) => r.record.downloadKey === key)
      .sort((a, b) => b.record.createdAt - a.record.createdAt)[0];

  const stillOnDisk = (record: PersistedJob): boolean =>
    record.files.every((f) => existsSync(path.join(record.folder, f.name)));

  return {
    async save(download, request) {
      if (disposed) throw new AppError('internal', 'The saver has been shut down.');
      // The contract's rule and words, as the window and the bulk save have them.
      const notSavable = whyNotSavable(download);
      if (notSavable) throw new AppError(notSavable.code, notSavable.message, { status: download.status });
      const folder = path.resolve(request.folder);
      const existing = latestFor(download.key);
      if (existing) {
        const state = existing.record.state;
        const sameFolder = existing.record.folder === folder;
        if (state === 'running' || state === 'queued') return existing.snapshot();
        if (state === 'completed' && stillOnDisk(existing.record)) return existing.snapshot();
        if (state !== 'completed' && sameFolder) {
          // Resume in place with the links the caller has now (they may be fresher).
          existing.record.download = download;
          existing.record.files.forEach((f, i) => {
            const match = download.files.find((x) => x.name === f.sourceName) ?? download.files[i];
            if (match) {
              f.url = match.url;
              f.expiresAt = match.expiresAt;
            }
          });
          if (request.parallelFiles) existing.record.parallelFiles = request.parallelFiles;
          launch(existing);
          return existing.snapshot();
        }
      }

      // The app's own manifest takes its name first: a result file called `manifest.json` is
      // the one that gets numbered, never the app's file.
      const manifestName = uniqueName(folder, MANIFEST_NAME);
      const taken = new Set<string>([manifestName]);
      const files: PersistedFile[] = download.files.map((file, i) => {
        const fallback = `${download.id}_${i + 1}.${download.format === 'json' ? 'txt' : 'csv'}`;
        const name = uniqueName(folder, sanitizeFileName(file.name, fallback), taken);
        taken.add(name);
        return {
          sourceName: file.name,
          url: file.url,
          expiresAt: file.expiresAt,
          name,
          etag: null,
          size: null,
          done: false,
          sha256: null,
          records: null,
        };
      });
      const record: PersistedJob = {
        schema: 1,
        jobId: randomUUID(),
        downloadKey: download.key,
        download,
        folder,
        accountLabel: request.accountLabel ?? null,
        parallelFiles: Math.max(1, Math.floor(request.parallelFiles ?? DEFAULT_PARALLEL_FILES)),
        state: 'queued',
        error: null,
        files,
        manifestName,
        manifest: null,
        createdAt: clock.now(),
        finishedAt: null,
      };
      const runner = makeRunner(record);
      launch(runner);
      return runner.snapshot();
    },

    async cancel(jobId, options) {
      const runner = runners.get(jobId);
      if (!runner) throw new AppError('not-found', 'No such save.', { jobId });
      await runner.cancel(options?.keepPartial ?? true);
    },

    jobs() {
      return [...runners.values()].map((r) => r.snapshot());
    },

    job(jobId) {
      return runners.get(jobId)?.snapshot();
    },

    async resumePending() {
      const pending = [...runners.values()].filter(
        (r) => !r.active && (r.record.state === 'running' || r.record.state === 'queued'),
      );
      for (const runner of pending) launch(runner);
      return pending.map((r) => r.snapshot());
    },

    async settled(jobId) {
      const runner = runners.get(jobId);
      if (!runner) return undefined;
      // A resume may start right after the previous run settles; wait until it is truly idle.
      while (runner.active) await runner.start().catch(() => {});
      return runner.snapshot();
    },

    async dispose() {
      disposed = true;
      await Promise.all([...runners.values()].map((r) => r.stop()));
      flush();
      await digests.close();
    },
  };
}
