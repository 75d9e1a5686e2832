// Live progress between polls: how fast a running download's record count grows, as the window
// saw it, and what that says about now and about the finish. Pure functions; the Svelte side
// (live-progress.svelte.ts) only feeds them sightings and a clock.
//
// The estimate is deliberately cautious, so that the next real figure is (almost always) at or
// above it and the bar never has to step back: it moves at the slowest pace seen lately, a tenth
// slower still, stops where the next poll is due, and never reaches the download's total (only
// the server may say "done").
import type { Download } from '../../../preload/contract/index.js';

/** One real figure: `count` records reported, received at `at` (epoch ms). */
export interface Sighting {
  at: number;
  count: number;
}

export interface PaceTrack {
  /** Latest real figures, oldest first (at most MAX_SIGHTINGS). */
  sightings: Sighting[];
}

export const MAX_SIGHTINGS = 6;
/** The estimate runs this much slower than the slowest recent pace. */
export const ESTIMATE_SAFETY = 0.9;
/** With no gap observed yet, the estimate moves for at most this long (the fast interval). */
export const DEFAULT_HORIZON_MS = 5_000;
/** No growth for this many typical gaps: the download may have stalled; no ETA then. */
export const STALL_GAPS = 4;

/** Adds a real figure; a figure equal to the last one only moves its time forward. */
export function sight(track: PaceTrack | undefined, count: number, at: number): PaceTrack {
  const sightings = track ? [...track.sightings] : [];
  const last = sightings.at(-1);
  // A lower figure (a restart on the server, a different source) starts the track over, and so
  // does a time before the last one (the computer's clock was set back): kept, the old figures
  // would freeze the track and put the finish as far off as the clock moved.
  if (last && (count < last.count || at < last.at)) return { sightings: [{ at, count }] };
  if (last && at === last.at) return { sightings };
  sightings.push({ at, count });
  return { sightings: sightings.slice(-MAX_SIGHTINGS) };
}

/** The steady pace in records per ms over all sightings, or from the start time when only one. */
export function averageRate(track: PaceTrack, startedAt: string | null): number | null {
  const first = track.sightings[0];
  const last = track.sightings.at(-1);
  if (!first || !last) return null;
  if (last.at > first.at && last.count > first.count)
    return (last.count - first.count) / (last.at - first.at);
  const started = startedAt ? Date.parse(startedAt) : NaN;
  if (Number.isFinite(started) && last.count > 0 && last.at > started)
    return last.count / (last.at - started);
  return null;
}

/** The slowest pace between consecutive sightings (0 when the count stood still). */
function slowestRate(track: PaceTrack): number | null {
  let slowest: number | null = null;
  const s = track.sightings;
  for (let i = 1; i < s.length; i++) {
    const r = (s[i]!.count - s[i - 1]!.count) / (s[i]!.at - s[i - 1]!.at);
    slowest = slowest === null ? r : Math.min(slowest, r);
  }
  return slowest;
}

/** The typical time between real figures (median gap), or null before there are two. */
export function typicalGap(track: PaceTrack): number | null {
  const s = track.sightings;
  if (s.length < 2) return null;
  const gaps = s.slice(1).map((x, i) => x.at - s[i]!.at);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

export interface LiveCount {
  count: number;
  /** True when `count` is an estimate (more than the last real figure). */
  estimated: boolean;
}

/** The count to show at `now`: the real figure, or a cautious estimate beyond it. */
export function liveCount(download: Download, track: PaceTrack | undefined, now: number): LiveCount {
  const real = download.numDownloaded ?? 0;
  const last = track?.sightings.at(-1);
  const total = download.numRecords;
  if (download.status !== 'running' || !track || !last || last.count !== real || total === null) {
    return { count: real, estimated: false };
  }
  const slowest = slowestRate(track);
  const rate = slowest ?? averageRate(track, download.startedAt);
  if (rate === null || rate <= 0) return { count: real, estimated: false };
  const horizon = typicalGap(track) ?? DEFAULT_HORIZON_MS;
  const elapsed = Math.min(Math.max(0, now - last.at), horizon);
  const ahead = Math.floor(rate * ESTIMATE_SAFETY * elapsed);
  const count = Math.min(real + ahead, total - 1);
  return count > real ? { count, estimated: true } : { count: real, estimated: false };
}

/** Epoch ms the download should reach its total at the pace seen, or null when not predictable. */
export function finishEstimate(download: Download, track: PaceTrack | undefined, now: number): number | null {
  const total = download.numRecords;
  const last = track?.sightings.at(-1);
  if (download.status !== 'running' || !track || !last || total === null || total <= 0) return null;
  const rate = averageRate(track, download.startedAt);
  if (rate === null || rate <= 0) return null;
  const gap = typicalGap(track);
  if (gap !== null && now - lastGrowthAt(track) > STALL_GAPS * gap) return null;
  return last.at + Math.max(0, total - last.count) / rate;
}

/** When the count last grew (the first sighting's time when it never did). */
function lastGrowthAt(track: PaceTrack): number {
  const s = track.sightings;
  for (let i = s.length - 1; i > 0; i--) if (s[i]!.count > s[i - 1]!.count) return s[i]!.at;
  return s[0]!.at;
}

/** The progress 0..1 matching a count. */
export function progressOf(download: Download, count: number): number | null {
  const total = download.numRecords;
  if (total === null || total <= 0) return download.progress;
  return Math.min(1, Math.max(0, count / total));
}
