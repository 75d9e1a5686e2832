// What a download's status means, once for the monitor, the backend and the renderer.
import { capabilitiesOf } from './capabilities.js';
import type { Download, DownloadStatus } from './model.js';

/**
 * Not finished: it may still change, so it is polled fast and counted as active. `unknown` is
 * in because a status the app cannot read may well be a running download.
 */
export const ACTIVE_STATUSES: ReadonlySet<DownloadStatus> = new Set(['queued', 'running', 'unknown']);
export const TERMINAL_STATUSES: ReadonlySet<DownloadStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isActive(download: Pick<Download, 'status' | 'goneAt'>): boolean {
  // A download Datafiniti no longer has cannot progress; asking again would only 404 again.
  return ACTIVE_STATUSES.has(download.status) && !download.goneAt;
}

/** Why a download cannot be saved: the reason (for lists of skipped downloads) and the error. */
export interface NotSavable {
  reason: 'not-finished' | 'no-files';
  code: 'invalid-input' | 'not-found';
  message: string;
}

/**
 * Why a download cannot be saved, or null when it can: completed, or cancelled (for the records
 * gathered before the cancel), with files listed.
 */
export function whyNotSavable(download: Pick<Download, 'status' | 'files'>): NotSavable | null {
  if (download.status !== 'completed' && download.status !== 'cancelled') {
    return {
      reason: 'not-finished',
      code: 'invalid-input',
      message: 'Only a completed or cancelled download has files to save.',
    };
  }
  if (download.files.length === 0) {
    return {
      reason: 'no-files',
      code: 'not-found',
      message: 'Datafiniti has not listed any files for this download yet.',
    };
  }
  return null;
}

export function canSave(download: Pick<Download, 'status' | 'files'>): boolean {
  return whyNotSavable(download) === null;
}

/** A running download of an API version that can cancel. */
export function canCancel(download: Pick<Download, 'status' | 'version'>): boolean {
  return capabilitiesOf(download.version).cancel && isActive(download);
}

/** The earliest time any result link of the download stops working, in epoch ms, or null. */
export function earliestExpiry(download: Pick<Download, 'files'>): number | null {
  const times = download.files
    .map((f) => (f.expiresAt ? Date.parse(f.expiresAt) : NaN))
    .filter((t) => Number.isFinite(t));
  return times.length > 0 ? Math.min(...times) : null;
}
