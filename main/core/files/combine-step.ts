// "Combine into one file" as a step after a save: the saver saves the parts as always; when its
// job completes, this combines them (combine.ts), adds the combined file to the manifest and,
// if the user chose so, removes the parts. Requests are persisted, so a combine interrupted by
// a crash or a quit resumes at the next start from its checkpoint.
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError, toErrorInfo } from '../errors.js';
import type { DownloadFormat } from '../../../preload/contract/index.js';
import { silentLogger, type KeyValueStore, type Logger } from '../ports.js';
import type { CombineStatus, SaveJob } from '../../../preload/contract/index.js';
import { combineParts, type CombineOutcome } from './combine.js';
import { writeManifest, type Manifest } from './manifest.js';
import { sanitizeFileName } from './sanitize-name.js';
import { uniqueName } from './unique-path.js';

export const COMBINE_STORE_KEY = 'combineJobs';

interface CombineRecord {
  schema: 1;
  jobId: string;
  downloadId: string;
  format: DownloadFormat;
  keepParts: boolean;
  state: CombineStatus['state'];
  message: string | null;
  /** Chosen when the combine first starts, so a resume writes to the same partial file. */
  outputName: string | null;
  file: { name: string; size: number; records: number } | null;
  folder: string | null;
}

export interface CombineStepDeps {
  store: KeyValueStore;
  logger?: Logger;
  /** The combine status of a job changed (the backend re-emits the job). */
  onChange?: (jobId: string) => void;
  /** Tests pace the work with this; see CombineSpec.onProgress. */
  onProgress?: (jobId: string, bytesDone: number, bytesTotal: number) => void | Promise<void>;
}

export interface CombineStep {
  /** Combine this job's files once it has completed (now, if it has). */
  request(job: SaveJob, options: { downloadId: string; format: DownloadFormat; keepParts: boolean }): void;
  /** Every save job change goes through here; a completed job with a request is combined. */
  jobChanged(job: SaveJob): void;
  status(jobId: string): CombineStatus | null;
  /** True when the job's files were combined and the parts removed (the save is still whole). */
  partsRemoved(jobId: string): boolean;
  /** After a restart: continue combines that were under way, for jobs that are completed. */
  resumePending(jobs: readonly SaveJob[]): void;
  /** Resolves when no combine is running for the job (tests, quitting). */
  settled(jobId: string): Promise<void>;
  dispose(): Promise<void>;
}

export function createCombineStep(deps: CombineStepDeps): CombineStep {
  const logger = deps.logger ?? silentLogger;
  const records = new Map<string, CombineRecord>(
    Object.entries(deps.store.get<Record<string, CombineRecord>>(COMBINE_STORE_KEY) ?? {}).filter(
      ([, r]) => r?.schema === 1,
    ),
  );
  const running = new Map<string, Promise<void>>();
  const controller = new AbortController();

  const persist = (): void => deps.store.set(COMBINE_STORE_KEY, Object.fromEntries(records));
  const changed = (record: CombineRecord): void => {
    persist();
    deps.onChange?.(record.jobId);
  };

  async function run(record: CombineRecord, job: SaveJob): Promise<void> {
    const manifestPath = job.manifest?.path;
    if (!manifestPath) return;
    record.state = 'running';
    record.message = null;
    record.folder = job.folder;
    changed(record);
    try {
      const manifest = await readSavedManifest(manifestPath, job);
      const parts = manifest.files.map((f) => ({ name: f.name, records: f.records }));
      if (parts.length < 2) {
        record.state = 'not-combined';
        record.message = 'There is only one file, so there is nothing to combine.';
        return;
      }
      if (record.outputName === null) {
        const ext = record.format === 'json' ? 'txt' : 'csv';
        const wanted = sanitizeFileName(`${record.downloadId}.${ext}`, `combined.${ext}`);
        record.outputName = uniqueName(job.folder, wanted, new Set(parts.map((p) => p.name)));
        persist();
      }
      const outcome: CombineOutcome = await combineParts({
        folder: job.folder,
        parts,
        format: record.format,
        outputName: record.outputName,
        signal: controller.signal,
        onProgress: (done, total) => deps.onProgress?.(record.jobId, done, total),
      });
      if (outcome.kind === 'header-mismatch') {
        record.state = 'not-combined';
        record.message = outcome.message;
        logger.warn('combine refused: headers differ', {
          jobId: record.jobId,
          parts: outcome.differing.length,
        });
        return;
      }
      const { file } = outcome;
      const next: Manifest = {
        ...manifest,
        combined: { ...file, parts: parts.map((p) => p.name), partsKept: record.keepParts },
      };
      await writeManifest(manifestPath, next);
      if (!record.keepParts) {
        // Only once the manifest names the combined file: a crash before leaves every part.
        await Promise.all(parts.map((p) => unlink(path.join(job.folder, p.name)).catch(() => {})));
      }
      record.state = 'done';
      record.file = { name: file.name, size: file.size, records: file.records };
      logger.info('files combined', { jobId: record.jobId, records: file.records, size: file.size });
    } catch (err) {
      if (controller.signal.aborted) return;
      record.state = 'failed';
      record.message = toErrorInfo(err).message;
      logger.warn('combine failed', { jobId: record.jobId, reason: record.message });
    } finally {
      if (!controller.signal.aborted) changed(record);
    }
  }

  function launch(record: CombineRecord, job: SaveJob): void {
    if (running.has(record.jobId) || controller.signal.aborted) return;
    const p = run(record, job).finally(() => running.delete(record.jobId));
    running.set(record.jobId, p);
  }

  return {
    request(job, options) {
      const existing = records.get(job.jobId);
      if (existing && (existing.state === 'done' || existing.state === 'running')) return;
      const record: CombineRecord = existing ?? {
        schema: 1,
        jobId: job.jobId,
        downloadId: options.downloadId,
        format: options.format,
        keepParts: options.keepParts,
        state: 'waiting',
        message: null,
        outputName: null,
        file: null,
        folder: null,
      };
      record.keepParts = options.keepParts;
      record.state = 'waiting';
      records.set(job.jobId, record);
      changed(record);
      if (job.state === 'completed') launch(record, job);
    },

    jobChanged(job) {
      const record = records.get(job.jobId);
      if (record?.state === 'waiting' && job.state === 'completed') launch(record, job);
    },

    status(jobId) {
      const r = records.get(jobId);
      if (!r) return null;
      return {
        state: r.state,
        message: r.message,
        file:
          r.file && r.folder
            ? {
                name: r.file.name,
                path: path.join(r.folder, r.file.name),
                size: r.file.size,
                records: r.file.records,
              }
            : null,
        partsKept: r.keepParts,
      };
    },

    partsRemoved(jobId) {
      const r = records.get(jobId);
      return r?.state === 'done' && !r.keepParts;
    },

    resumePending(jobs) {
      for (const job of jobs) {
        const record = records.get(job.jobId);
        if (!record || job.state !== 'completed') continue;
        if (record.state === 'running' || record.state === 'waiting') launch(record, job);
      }
    },

    async settled(jobId) {
      await running.get(jobId);
    },

    async dispose() {
      controller.abort();
      await Promise.all(running.values());
    },
  };
}

const AGAIN = 'The separate files are unchanged; save the download again to combine them.';

/**
 * The manifest as the save wrote it. It sits in the user's folder and may have been edited or
 * cut short since: its part names decide which files are read and, without "keep", deleted, so
 * they must be exactly the job's own files (a name like `../x.csv` would reach outside).
 */
async function readSavedManifest(manifestPath: string, job: SaveJob): Promise<Manifest> {
  const where = `${path.basename(manifestPath)} in ${job.folder}`;
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Partial<Manifest>;
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new AppError(
        'bad-response',
        `${where} cannot be read: it is cut short or was edited. The files were not combined. ${AGAIN}`,
      );
    }
    throw err;
  }
  const saved = new Set(job.files.map((f) => f.name));
  const files = Array.isArray(manifest?.files) ? manifest.files : [];
  const listsSaved =
    files.length === saved.size &&
    files.every(
      (f) =>
        typeof f?.name === 'string' &&
        saved.has(f.name) &&
        path.basename(f.name) === f.name &&
        Number.isSafeInteger(f.records) &&
        f.records >= 0,
    );
  if (!listsSaved) {
    throw new AppError(
      'bad-response',
      `${where} no longer lists the files that were saved (it was changed after the save), ` +
        `so the files were not combined. ${AGAIN}`,
    );
  }
  return manifest as Manifest;
}
