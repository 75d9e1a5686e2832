// What a running download's progress looks like right now: the last real figure, or between
// polls a cautious estimate from the pace the window observed (marked as one), and when the
// server-side job should finish. The arithmetic is in pace.ts; this file keeps one pace track
// per download, fed by every downloads patch the window receives.
import type { Download, DownloadKey } from '../../../preload/contract/index.js';
import { bridge, hasBridge } from './bridge.js';
import { count } from './format.js';
import { finishEstimate, liveCount, progressOf, sight, type PaceTrack } from './pace.js';

export interface LiveProgress {
  count: number;
  estimated: boolean;
  progress: number | null;
  /** Epoch ms the job should finish, or null when that is not predictable. */
  finishAt: number | null;
  /** "about 4 min left", or null. */
  etaText: string | null;
  /** "~4 min left", for a table cell. */
  etaShort: string | null;
  /** A sentence for a tooltip or a screen reader. */
  description: string;
}

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, read during render, never rendered itself
const tracks = new Map<DownloadKey, PaceTrack>();
let listening = false;

function observe(d: Download, at: number): PaceTrack | undefined {
  if (d.status !== 'running' || d.numDownloaded === null) {
    tracks.delete(d.key);
    return undefined;
  }
  const track = tracks.get(d.key);
  if (track && track.sightings.at(-1)?.count === d.numDownloaded) return track;
  const next = sight(track, d.numDownloaded, at);
  tracks.set(d.key, next);
  return next;
}

function listen(): void {
  if (listening || !hasBridge()) return;
  listening = true;
  // The time a figure arrived is the best clock for it: the patch follows the poll at once.
  bridge().on('downloads', (patch) => {
    const at = Date.now();
    for (const d of patch.upserts) observe(d, at);
    for (const key of patch.removals) tracks.delete(key);
  });
}

/** `now` comes from the shared clock, so callers re-render as it ticks. */
export function liveProgress(d: Download, now: number): LiveProgress {
  listen();
  const track = observe(d, Date.now());
  const live = liveCount(d, track, now);
  const finishAt = finishEstimate(d, track, now);
  const left = finishAt === null ? null : Math.max(0, (finishAt - now) / 1000);
  const etaText = left === null ? null : `about ${roughDuration(left)} left`;
  const of = d.numRecords === null ? '' : ` of ${count(d.numRecords)}`;
  const description = live.estimated
    ? `About ${count(live.count)}${of} records (estimated from the pace; last reported ${count(d.numDownloaded)})`
    : `${count(d.numDownloaded)}${of} records`;
  return {
    count: live.count,
    estimated: live.estimated,
    progress: live.estimated ? progressOf(d, live.count) : d.progress,
    finishAt,
    etaText,
    etaShort: left === null ? null : `~${roughDuration(left)} left`,
    description: etaText ? `${description}; ${etaText}` : description,
  };
}

/** "<1 min", "4 min", "2 h 05 min": an estimate is not worth seconds. */
function roughDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return '<1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
