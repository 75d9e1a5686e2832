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

/**
 * Why a download cannot be saved, or is left out of a bulk save: one owner for these words, so
 * the list of skipped downloads ("847070: <words>") and the detail panel (the same words as a
 * sentence, see notSavableSentence) say the same thing for the same download.
 */
export const NOT_SAVABLE_WORDS = {
  'not-finished': 'it has not completed',
  failed: 'a failed download has no result files',
  'no-files': 'no result files were reported',
  saved: 'it is saved already',
  saving: 'it is being saved',
  'links-expired': 'its links have expired (use Run again)',
  'not-listed': 'it is no longer in the list',
} as const;
export type NotSavableReason = keyof typeof NOT_SAVABLE_WORDS;

/** The words for `reason` standing on their own: "No result files were reported." */
export function notSavableSentence(reason: NotSavableReason): string {
  const words = NOT_SAVABLE_WORDS[reason];
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

/** Why a download cannot be saved: the reason (for lists of skipped downloads) and the error. */
export interface NotSavable {
  reason: 'not-finished' | 'failed' | 'no-files';
  code: 'invalid-input' | 'not-found';
  message: string;
}

/**
 * Why a download cannot be saved, or null when it can: completed, or cancelled (for the records
 * gathered before the cancel), with files listed.
 */
export function whyNotSavable(download: Pick<Download, 'status' | 'files' | 'goneAt'>): NotSavable | null {
  // A download Datafiniti no longer has will not complete: without files, that is all there is.
  const gone = !!download.goneAt && download.files.length === 0;
  if (download.status === 'failed') {
    return { reason: 'failed', code: 'invalid-input', message: notSavedMessage('failed') };
  }
  if (download.status !== 'completed' && download.status !== 'cancelled' && !gone) {
    return { reason: 'not-finished', code: 'invalid-input', message: notSavedMessage('not-finished') };
  }
  if (download.files.length === 0) {
    return { reason: 'no-files', code: 'not-found', message: notSavedMessage('no-files') };
  }
  return null;
}

function notSavedMessage(reason: NotSavable['reason']): string {
  return `This download cannot be saved: ${NOT_SAVABLE_WORDS[reason]}.`;
}

export function canSave(download: Pick<Download, 'status' | 'files' | 'goneAt'>): boolean {
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
