// Change events from consecutive states of one download. Pure: the same observations in give
// the same events out, and the markers in `TrackedDownload` make each report happen once.
import { earliestExpiry, TERMINAL_STATUSES, type Download } from '../../../preload/contract/index.js';
import type { DownloadEvent, Marker, Pace, TrackedDownload } from './types.js';

/** Hours before the earliest file expires at which the user is reminded, most distant first. */
export const EXPIRY_THRESHOLDS_HOURS = [48, 24, 2] as const;
/** Every marker that refers to one expiry time; new links clear them. */
const EXPIRY_MARKERS = ['expiring-48', 'expiring-24', 'expiring-2', 'expired', 'save-due'] as const;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** A download is stalled after max(this, STALL_FACTOR x its typical gap between increases). */
export const STALL_MIN_MS = 10 * MINUTE;
export const STALL_FACTOR = 5;
const MAX_INTERVALS = 8;

export interface ObserveOptions {
  /**
   * The first import of an account: what is already there is history, not news. Nothing is
   * reported and finished downloads are marked as reported.
   */
  baseline?: boolean;
  /** See TimeEventOptions. */
  saveBeforeHours?: number | null;
}

export interface TimeEventOptions {
  /** Marks what is due without reporting it. */
  silent?: boolean;
  /**
   * With auto-save on, its Save-before-expiry setting: a `save-due` event comes when the links
   * have this many hours left, whatever the reminders' thresholds. Null or absent: auto-save
   * is off, and nothing is marked (turned on later, it is due at the next look).
   */
  saveBeforeHours?: number | null;
}

/** Folds a fresh API state into what was known and says what changed. */
export function observe(
  previous: TrackedDownload | undefined,
  fetched: Download,
  now: number,
  options: ObserveOptions = {},
): { tracked: TrackedDownload; events: DownloadEvent[] } {
  const at = new Date(now).toISOString();
  const download = keepKnownFiles(previous?.download, fetched);
  const markers = new Set<Marker>(previous?.markers ?? []);
  const events: DownloadEvent[] = [];
  const event = (kind: DownloadEvent['kind']): void =>
    void events.push({ kind, downloadKey: download.key, download, at });

  const finished = TERMINAL_STATUSES.has(download.status);
  if (!previous) {
    if (options.baseline) {
      if (finished) markers.add('outcome');
    } else event('discovered');
  } else if (changedProgress(previous.download, download)) {
    event('progress');
  }
  if (finished && !markers.has('outcome')) {
    markers.add('outcome');
    event(download.status as 'completed' | 'failed' | 'cancelled');
  }
  if (!finished) markers.delete('outcome');

  const pace = nextPace(previous?.pace ?? null, download, now);
  if (pace && previous?.pace && pace.lastIncreaseAt === now && pace.lastCount > previous.pace.lastCount) {
    markers.delete('stalled');
  }

  const tracked: TrackedDownload = {
    download,
    firstSeenAt: previous?.firstSeenAt ?? now,
    observedAt: now,
    pace,
    markers: [...markers],
    expiryMarkedFor: previous?.expiryMarkedFor ?? null,
    linkRefreshTriedFor: previous?.linkRefreshTriedFor ?? null,
  };
  const timed = timeEvents(tracked, now, {
    silent: options.baseline === true,
    saveBeforeHours: options.saveBeforeHours ?? null,
  });
  // A download first seen near expiry gets its reminder; one first seen already expired is not news.
  const timedEvents = previous ? timed.events : timed.events.filter((e) => e.kind !== 'links-expired');
  return { tracked: timed.tracked, events: [...events, ...timedEvents] };
}

/**
 * Events that happen because time passed: a stall seen in the latest observations, the expiry
 * reminders, and auto-save's moment.
 */
export function timeEvents(
  tracked: TrackedDownload,
  now: number,
  { silent = false, saveBeforeHours = null }: TimeEventOptions = {},
): { tracked: TrackedDownload; events: DownloadEvent[] } {
  const { download } = tracked;
  const markers = new Set<Marker>(tracked.markers);
  const events: DownloadEvent[] = [];
  const at = new Date(now).toISOString();
  let expiryMarkedFor = tracked.expiryMarkedFor;

  if (download.status === 'running' && tracked.pace && !markers.has('stalled') && isStalled(tracked.pace)) {
    markers.add('stalled');
    if (!silent) events.push({ kind: 'stalled', downloadKey: download.key, download, at });
  }

  const expiry = earliestExpiry(download);
  if (download.status === 'completed' && expiry !== null) {
    const expiresAt = new Date(expiry).toISOString();
    if (expiryMarkedFor !== expiresAt) {
      for (const marker of EXPIRY_MARKERS) markers.delete(marker);
      expiryMarkedFor = expiresAt;
    }
    if (now >= expiry) {
      if (!markers.has('expired')) {
        if (!silent) events.push({ kind: 'links-expired', downloadKey: download.key, download, at });
        for (const hours of EXPIRY_THRESHOLDS_HOURS) markers.add(`expiring-${hours}`);
        markers.add('expired');
        markers.add('save-due');
      }
    } else {
      // Only the most urgent threshold passed since the last look is reported.
      const due = EXPIRY_THRESHOLDS_HOURS.filter(
        (hours) => now >= expiry - hours * HOUR && !markers.has(`expiring-${hours}`),
      );
      const urgent = due[due.length - 1];
      for (const hours of due) markers.add(`expiring-${hours}`);
      if (urgent !== undefined && !silent) {
        events.push({ kind: 'links-expiring', downloadKey: download.key, download, at, hoursLeft: urgent });
      }
      if (saveBeforeHours !== null && now >= expiry - saveBeforeHours * HOUR && !markers.has('save-due')) {
        markers.add('save-due');
        if (!silent) events.push({ kind: 'save-due', downloadKey: download.key, download, at });
      }
    }
  }

  return { tracked: { ...tracked, markers: [...markers], expiryMarkedFor }, events };
}

/** Epoch ms at which `timeEvents` may next have something to say about expiry, or null. */
export function nextExpiryCheckAt(
  tracked: TrackedDownload,
  now: number,
  saveBeforeHours: number | null = null,
): number | null {
  const expiry = earliestExpiry(tracked.download);
  if (tracked.download.status !== 'completed' || expiry === null) return null;
  const markers = new Set(tracked.markers);
  const stale = tracked.expiryMarkedFor !== new Date(expiry).toISOString();
  const moments = [
    ...EXPIRY_THRESHOLDS_HOURS.filter((h) => stale || !markers.has(`expiring-${h}`)).map(
      (h) => expiry - h * HOUR,
    ),
    ...(stale || !markers.has('expired') ? [expiry] : []),
    ...(saveBeforeHours !== null && (stale || !markers.has('save-due'))
      ? [expiry - saveBeforeHours * HOUR]
      : []),
  ];
  const next = moments.filter((t) => t > now).sort((a, b) => a - b)[0];
  return next ?? null;
}

/** No growth for much longer than this download's own pace predicts. */
export function isStalled(pace: Pace): boolean {
  return pace.lastAt - pace.lastIncreaseAt > stallThresholdMs(pace);
}

export function stallThresholdMs(pace: Pace): number {
  const sorted = [...pace.intervals].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return Math.max(STALL_MIN_MS, STALL_FACTOR * typical);
}

function nextPace(last: Pace | null, download: Download, now: number): Pace | null {
  if (download.status !== 'running') return download.status === 'queued' ? null : last;
  const count = download.numDownloaded ?? 0;
  const previous = last && now < last.lastAt ? setBack(last, last.lastAt - now) : last;
  if (!previous) {
    return {
      firstAt: now,
      firstCount: count,
      lastAt: now,
      lastCount: count,
      lastIncreaseAt: now,
      intervals: [],
    };
  }
  if (count > previous.lastCount) {
    return {
      ...previous,
      lastAt: now,
      lastCount: count,
      lastIncreaseAt: now,
      intervals: [...previous.intervals, now - previous.lastIncreaseAt].slice(-MAX_INTERVALS),
    };
  }
  return { ...previous, lastAt: now, lastCount: Math.max(previous.lastCount, count) };
}

/**
 * The clock was set back (NTP, the user): the kept times move with it, so the time since the
 * last growth stays what it was rather than lying in the future, which would hold back a stall
 * warning for as long as the clock moved.
 */
function setBack(pace: Pace, by: number): Pace {
  return {
    ...pace,
    firstAt: pace.firstAt - by,
    lastAt: pace.lastAt - by,
    lastIncreaseAt: pace.lastIncreaseAt - by,
  };
}

function changedProgress(before: Download, after: Download): boolean {
  return before.status !== after.status || before.numDownloaded !== after.numDownloaded;
}

/** v3 lists carry no files: never let a list answer erase links fetched from /results. */
function keepKnownFiles(before: Download | undefined, after: Download): Download {
  if (before && after.files.length === 0 && before.files.length > 0 && before.status === after.status) {
    return { ...after, files: before.files };
  }
  return after;
}
