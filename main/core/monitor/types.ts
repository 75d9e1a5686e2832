// The monitor's vocabulary: what it remembers about each download and the changes it reports.
import type { Download, DownloadKey } from '../model.js';

export type DownloadEventKind =
  | 'discovered'
  | 'progress'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'stalled'
  | 'links-expiring'
  | 'links-expired';

export interface DownloadEvent {
  kind: DownloadEventKind;
  downloadKey: DownloadKey;
  /** The download as it was when the event was derived. */
  download: Download;
  /** ISO time the change was observed. */
  at: string;
  /** `links-expiring`: the threshold crossed (48, 24 or 2). */
  hoursLeft?: number;
}

/** How fast `numDownloaded` grows, from the monitor's own observations. */
export interface Pace {
  /** First observation while running. */
  firstAt: number;
  firstCount: number;
  /** Latest observation (with or without growth). */
  lastAt: number;
  lastCount: number;
  /** Observation at which the count last grew (firstAt until it does). */
  lastIncreaseAt: number;
  /** Recent gaps (ms) between observed increases, newest last. */
  intervals: number[];
}

/** Markers of what was already reported, so nothing is reported twice, across restarts too. */
export type Marker = 'outcome' | 'stalled' | 'expiring-48' | 'expiring-24' | 'expiring-2' | 'expired';

export interface TrackedDownload {
  download: Download;
  /** Epoch ms the monitor first saw it. */
  firstSeenAt: number;
  /** Epoch ms of the latest observation from the API. */
  observedAt: number;
  pace: Pace | null;
  markers: Marker[];
  /** The earliest file expiry the expiry markers refer to; new links reset them. */
  expiryMarkedFor: string | null;
  /** The expiry for which a fresh copy of the links was already asked for. */
  linkRefreshTriedFor: string | null;
}

export const ACTIVE_STATUSES: ReadonlySet<Download['status']> = new Set(['queued', 'running', 'unknown']);
export const TERMINAL_STATUSES: ReadonlySet<Download['status']> = new Set([
  'completed',
  'failed',
  'cancelled',
]);

export function isActive(download: Download): boolean {
  // A download Datafiniti no longer has cannot progress; asking again would only 404 again.
  return ACTIVE_STATUSES.has(download.status) && !download.goneAt;
}
