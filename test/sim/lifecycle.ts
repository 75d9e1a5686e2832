/**
 * A download's state as a pure function of time: queued, then running with `num_downloaded`
 * growing linearly and full files appearing, then its outcome. Nothing advances on its own,
 * so a virtual clock can jump anywhere and every request sees a consistent picture.
 */
import type { DownloadRecord } from './state.js';
import type { LifecycleStatus } from './types.js';

export interface FileSlot {
  /** 1-based file number. */
  n: number;
  records: number;
  /** When the file was complete and published (its natural signing time). */
  appearedAt: number;
}

export interface DownloadSnapshot {
  status: LifecycleStatus;
  numDownloaded: number;
  files: FileSlot[];
  /** When the download left `queued` (null while queued). */
  runningSince: number | null;
  /** When it reached its final status (null until then). */
  finishedAt: number | null;
  updatedAt: number;
  totalCost: number;
  error: string;
}

function queueEnd(d: DownloadRecord): number {
  return d.startedAt + d.queuedMs;
}

function runEnd(d: DownloadRecord): number {
  return queueEnd(d) + d.durationMs;
}

/** Records the download ends with if nothing interrupts it. */
function naturalTarget(d: DownloadRecord): number {
  return d.outcome === 'completed' ? d.numRecords : Math.floor(d.numRecords * d.partialFraction);
}

function downloadedAt(d: DownloadRecord, t: number): number {
  const target = naturalTarget(d);
  if (t < queueEnd(d)) return 0;
  if (t >= runEnd(d) || d.durationMs <= 0) return target;
  return Math.min(target, Math.floor((target * (t - queueEnd(d))) / d.durationMs));
}

/** Inverse of `downloadedAt`: when `records` had been gathered. */
function timeReaching(d: DownloadRecord, records: number): number {
  const target = naturalTarget(d);
  if (target <= 0 || d.durationMs <= 0) return queueEnd(d);
  return queueEnd(d) + Math.ceil((records * d.durationMs) / target);
}

export function snapshot(d: DownloadRecord, t: number): DownloadSnapshot {
  const stop = d.stoppedEarly && t >= d.stoppedEarly.at ? d.stoppedEarly : undefined;
  let status: LifecycleStatus;
  let finishedAt: number | null = null;
  let error = '';
  if (stop) {
    status = stop.status;
    finishedAt = stop.at;
    error = stop.status === 'failed' ? stop.message : '';
  } else if (t < queueEnd(d)) {
    status = 'queued';
  } else if (t < runEnd(d)) {
    status = 'running';
  } else {
    status = d.outcome;
    finishedAt = runEnd(d);
    error = d.outcome === 'failed' ? d.failureMessage : '';
  }
  const numDownloaded = downloadedAt(d, finishedAt ?? t);

  const files: FileSlot[] = [];
  const full = Math.floor(numDownloaded / d.recordsPerFile);
  for (let n = 1; n <= full; n++) {
    files.push({ n, records: d.recordsPerFile, appearedAt: timeReaching(d, n * d.recordsPerFile) });
  }
  const rest = numDownloaded - full * d.recordsPerFile;
  // The partial last file is only written when the download stops.
  if (finishedAt !== null && rest > 0) files.push({ n: full + 1, records: rest, appearedAt: finishedAt });

  let totalCost = 0;
  if (status === 'completed') totalCost = numDownloaded;
  // Records gathered before a cancel are still charged (datafiniti-api.md).
  if (status === 'cancelled') totalCost = numDownloaded;

  const runningSince = (finishedAt ?? t) >= queueEnd(d) ? queueEnd(d) : null;
  const updatedAt = finishedAt ?? (status === 'queued' ? d.startedAt : t);
  return { status, numDownloaded, files, runningSince, finishedAt, updatedAt, totalCost, error };
}

/** Stop a download now (cancel or failure); no effect once it has finished. */
export function stopEarly(
  d: DownloadRecord,
  t: number,
  status: 'failed' | 'cancelled',
  message = '',
): boolean {
  const current = snapshot(d, t);
  if (current.finishedAt !== null) return false;
  d.stoppedEarly = { status, at: t, message };
  return true;
}
