// The monitor's vocabulary: what it remembers about each download and the changes it reports.
import type { Download, DownloadKey } from '../../../preload/contract/index.js';

export type DownloadEventKind =
  | 'discovered'
  | 'progress'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'stalled'
  | 'links-expiring'
  | 'links-expired'
  /** Auto-save's moment: the links expire within the Save-before-expiry setting. Never notified. */
  | 'save-due';

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
export type Marker =
  'outcome' | 'stalled' | 'expiring-48' | 'expiring-24' | 'expiring-2' | 'expired' | 'save-due';

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
