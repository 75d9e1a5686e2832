// What the backend does with saved files beyond saving them (issue 21): the "combine into one
// file" step after a save, the bulk save queue, the preview of a saved file and the list
// export. Kept out of backend.ts so that file only wires it.
import { existsSync } from 'node:fs';
import type { BulkSaveResult, ExportResult, FilePreview, SaveJob } from '../../../preload/contract/index.js';
import { NOT_SAVABLE_WORDS, PREVIEW_COLUMNS, PREVIEW_RECORDS } from '../../../preload/contract/index.js';
import { AppError } from '../errors.js';
import { savableCompleted, saveStatesOf, whyNotBulkSavable } from '../files/bulk-savable.js';
import { createCombineStep } from '../files/combine-step.js';
import { exportListCsv } from '../files/export-list.js';
import { readPreview } from '../files/preview-reader.js';
import { replaceFile } from '../files/replace-file.js';
import type { Saver } from '../files/index.js';
import type { Download, DownloadKey, Settings } from '../../../preload/contract/index.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import { createSaveQueue } from './save-queue.js';
import type { BackendPorts } from './types.js';

export interface SavedFilesDeps {
  saver: Pick<Saver, 'jobs' | 'job' | 'settled'>;
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  settings: () => Settings;
  downloads: () => Download[];
  accountLabel: (accountId: string) => string;
  /** The backend's own save (checks, folder, parallel files). */
  save: (download: Download, folder?: string) => Promise<SaveJob>;
  chooseSaveFile: BackendPorts['chooseSaveFile'];
  emitJob: (job: SaveJob) => void;
  emitStatus: () => void;
}

/** Why "Export list" could not write its file, in words (the error code alone says nothing). */
const EXPORT_FAILURE_WORDS: Readonly<Record<string, string>> = {
  EISDIR: 'a folder has that name',
  ENOENT: 'that folder is no longer there',
  ENOTDIR: 'that folder is no longer there',
  ENAMETOOLONG: 'the name is too long for this disk',
  EINVAL: 'this disk does not allow that name',
  EACCES: 'the app may not write there',
  EPERM: 'the app may not write there',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk is full',
};

export function createSavedFiles(deps: SavedFilesDeps) {
  const combineStep = createCombineStep({
    store: deps.store,
    logger: deps.logger,
    onChange: (jobId) => {
      const job = deps.saver.job(jobId);
      if (job) deps.emitJob(withCombine(job));
    },
  });
  /** Files written by "Export list", which Reveal may show. */
  const exported: string[] = [];

  function withCombine(job: SaveJob): SaveJob {
    return { ...job, combine: combineStep.status(job.jobId) };
  }

  function find(key: DownloadKey): Download {
    const d = deps.downloads().find((x) => x.key === key);
    if (!d) throw new AppError('not-found', 'That download is no longer in the list. Refresh and try again.');
    return d;
  }

  /** Saves, then asks for the combine step when wanted (the setting unless the call says). */
  async function saveAndCombine(
    download: Download,
    combine: boolean | undefined,
    folder?: string,
  ): Promise<SaveJob> {
    // Combined with the parts removed is still saved: the saver alone would fetch the parts again.
    const done = latestCompletedJob(download.key);
    const combined = done ? combineStep.status(done.jobId)?.file : null;
    if (done && combineStep.partsRemoved(done.jobId) && combined && existsSync(combined.path)) {
      return withCombine(done);
    }
    const job = await deps.save(download, folder);
    const s = deps.settings();
    if ((combine ?? s.combineFiles) && download.format) {
      combineStep.request(job, {
        downloadId: download.id,
        format: download.format,
        keepParts: s.keepPartsAfterCombine,
      });
    }
    return withCombine(job);
  }

  const queue = createSaveQueue({
    start: (key, combine) => saveAndCombine(find(key), combine),
    settled: (jobId) => deps.saver.settled(jobId),
    onChange: () => deps.emitStatus(),
    store: deps.store,
    logger: deps.logger,
  });

  function enqueue(
    downloads: readonly Download[],
    combine: boolean | undefined,
    skipped: BulkSaveResult['skipped'],
  ) {
    return {
      queued: queue.enqueue(
        downloads.map((d) => d.key),
        combine,
      ),
      skipped,
    };
  }

  function latestCompletedJob(key: DownloadKey): SaveJob | undefined {
    return deps.saver
      .jobs()
      .filter((j) => j.downloadKey === key && j.state === 'completed')
      .at(-1);
  }

  return {
    withCombine,
    saveAndCombine,
    /** Keys queued for saving, for the status. */
    queued: () => queue.queued(),
    /** Saves decided by the app itself (auto-save): queued, combined as the setting says. */
    queueSaves: (keys: readonly DownloadKey[]) => queue.enqueue(keys, undefined),
    jobChanged: (job: SaveJob) => combineStep.jobChanged(job),
    exportedFiles: (): readonly string[] => exported,

    saveMany(keys: readonly DownloadKey[], combine: boolean | undefined): BulkSaveResult {
      const now = deps.clock.now();
      // Indexed once: a selection of thousands against a list of tens of thousands.
      const states = saveStatesOf(deps.saver.jobs());
      const byKey = new Map(deps.downloads().map((d) => [d.key, d]));
      const queued = new Set(queue.queued());
      const ok: Download[] = [];
      const skipped: BulkSaveResult['skipped'] = [];
      for (const key of keys) {
        const d = byKey.get(key);
        if (!d) {
          skipped.push({ key, reason: NOT_SAVABLE_WORDS['not-listed'] });
          continue;
        }
        if (queued.has(key)) continue;
        const why = whyNotBulkSavable(d, states, now, { cancelledToo: true });
        if (why) skipped.push({ key, reason: NOT_SAVABLE_WORDS[why] });
        else ok.push(d);
      }
      return enqueue(ok, combine, skipped);
    },

    saveAllCompleted(combine: boolean | undefined): BulkSaveResult {
      const queued = new Set(queue.queued());
      const todo = savableCompleted(deps.downloads(), deps.saver.jobs(), deps.clock.now()).filter(
        (d) => !queued.has(d.key),
      );
      return enqueue(todo, combine, []);
    },

    async preview(key: DownloadKey): Promise<FilePreview> {
      const download = find(key);
      const job = latestCompletedJob(key);
      if (!job)
        throw new AppError('not-found', 'Save this download first; the preview reads the saved files.');
      const combined = combineStep.status(job.jobId)?.file ?? null;
      const first = job.files.find((f) => existsSync(f.path)) ?? null;
      const file = first ? { path: first.path, name: first.name } : combined;
      if (!file) throw new AppError('not-found', `The saved files are no longer in ${job.folder}.`);
      const format = download.format ?? (/\.(txt|json|ndjson)$/i.test(file.name) ? 'json' : 'csv');
      const table = await readPreview(file.path, format, PREVIEW_RECORDS, PREVIEW_COLUMNS);
      return {
        path: file.path,
        name: file.name,
        format,
        ...table,
        totalRecords: job.manifest?.recordsFound ?? null,
        fileCount: job.files.length,
      };
    },

    async exportList(keys: readonly DownloadKey[]): Promise<ExportResult | null> {
      const date = new Date(deps.clock.now()).toISOString().slice(0, 10);
      const target = await deps.chooseSaveFile({
        title: 'Export the list',
        defaultName: `datafiniti-downloads-${date}.csv`,
        filter: { name: 'CSV', extensions: ['csv'] },
      });
      if (target === null) return null;
      const byKey = new Map(deps.downloads().map((d) => [d.key, d]));
      const jobs = deps.saver.jobs();
      const rows = keys.flatMap((key) => {
        const d = byKey.get(key);
        if (!d) return [];
        const saved = jobs.filter((j) => j.downloadKey === key && j.state === 'completed').at(-1);
        return [
          { download: d, accountLabel: deps.accountLabel(d.accountId), savedFolder: saved?.folder ?? null },
        ];
      });
      // The dialog asked before replacing a file; the old one stays whole until the new one is.
      try {
        await replaceFile(target, exportListCsv(rows));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = (code && EXPORT_FAILURE_WORDS[code]) ?? code ?? String(err);
        throw new AppError(
          'disk',
          `The list could not be written to ${target}: ${why}. Choose another name or folder.`,
          code ? { errno: code } : undefined,
        );
      }
      exported.push(target);
      return { path: target, rows: rows.length };
    },

    resumePending: () => {
      combineStep.resumePending(deps.saver.jobs());
      queue.resume();
    },
    combineSettled: (jobId: string) => combineStep.settled(jobId),
    partsRemoved: (jobId: string) => combineStep.partsRemoved(jobId),
    async dispose() {
      queue.dispose();
      await combineStep.dispose();
    },
  };
}

export type SavedFiles = ReturnType<typeof createSavedFiles>;
