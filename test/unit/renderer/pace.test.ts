// Live progress between polls: what the window shows of a running download while it waits
// for the next real figure.
import { describe, expect, it } from 'vitest';
import { finishEstimate, liveCount, sight, type PaceTrack } from '../../../renderer/src/lib/pace.js';
import { download, T0 } from '../monitor/support.js';

const SECOND = 1000;

/** A download growing 100 records a second, polled every `gap` ms, from T0. */
function polled(
  times: number,
  gap: number,
  perSecond = 100,
): { track: PaceTrack; at: number; count: number } {
  let track: PaceTrack | undefined;
  let at = T0;
  let count = 0;
  for (let i = 0; i < times; i++) {
    at = T0 + i * gap;
    count = Math.floor(((at - T0) / SECOND) * perSecond);
    track = sight(track, count, at);
  }
  return { track: track!, at, count };
}

describe('live progress', () => {
  it('moves between polls, marked as an estimate, and never runs ahead of the next real figure', () => {
    const gap = 5 * SECOND;
    const { track, at, count } = polled(4, gap);
    const d = download({ numDownloaded: count, numRecords: 100_000 });
    const shown: number[] = [];
    for (let t = at; t <= at + 3 * gap; t += 250) {
      const live = liveCount(d, track, t);
      shown.push(live.count);
      // The next real figure, on this steady pace, is what the server would report at t.
      const next = Math.floor(((at + gap - T0) / SECOND) * 100);
      expect(live.count).toBeLessThanOrEqual(next);
      expect(live.count).toBeGreaterThanOrEqual(count);
      if (t > at + 500) expect(live.estimated).toBe(true);
    }
    // It moved, kept moving forward, and stopped where the next poll is due.
    expect(shown.at(-1)! - count).toBeGreaterThan(300);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(liveCount(d, track, at + 10 * gap).count).toBe(liveCount(d, track, at + gap).count);
  });

  it('uses the slowest recent pace, so a download that slows down is not overtaken', () => {
    let track = sight(undefined, 0, T0);
    track = sight(track, 1_000, T0 + 5 * SECOND); // 200/s
    track = sight(track, 1_250, T0 + 10 * SECOND); // 50/s
    const d = download({ numDownloaded: 1_250, numRecords: 100_000 });
    const next = 1_250 + 50 * 5; // at 50/s, 5 s later
    expect(liveCount(d, track, T0 + 15 * SECOND).count).toBeLessThanOrEqual(next);
    expect(liveCount(d, track, T0 + 15 * SECOND).count).toBeGreaterThan(1_250);
  });

  it('shows the real figure for anything not running, and never reaches the total itself', () => {
    const { track, at } = polled(4, 5 * SECOND);
    const done = download({ status: 'completed', numDownloaded: 1_500, numRecords: 1_500 });
    expect(liveCount(done, track, at + 5 * SECOND)).toEqual({ count: 1_500, estimated: false });
    const nearlyDone = download({ numDownloaded: 1_500, numRecords: 1_510 });
    expect(liveCount(nearlyDone, track, at + 5 * SECOND).count).toBe(1_509);
    // A figure the track has not seen (a patch not yet observed) is shown as it is.
    const other = download({ numDownloaded: 1_000, numRecords: 100_000 });
    expect(liveCount(other, track, at + 5 * SECOND)).toEqual({ count: 1_000, estimated: false });
  });

  it('predicts the finish from the pace, and says nothing once the count stops growing', () => {
    const { track, at, count } = polled(6, 5 * SECOND);
    const d = download({ numDownloaded: count, numRecords: 10_000 });
    // 100 records a second, 10 000 in all: done 100 s after T0.
    expect(finishEstimate(d, track, at)).toBe(T0 + 100 * SECOND);
    let stalled = track;
    for (let i = 1; i <= 5; i++) stalled = sight(stalled, count, at + i * 5 * SECOND);
    expect(finishEstimate(d, stalled, at + 25 * SECOND)).toBeNull();
    // One sighting: the pace since the download started (fixture: started at T0).
    const once = sight(undefined, 2_000, T0 + 20 * SECOND);
    expect(finishEstimate(download({ numDownloaded: 2_000 }), once, T0 + 20 * SECOND)).toBe(
      T0 + 100 * SECOND,
    );
    expect(finishEstimate(download({ status: 'queued' }), once, T0)).toBeNull();
    expect(finishEstimate(download({ numRecords: null }), once, T0)).toBeNull();
  });

  it('keeps estimating when the computer clock is set back a day, instead of a finish a day off', () => {
    const { track, at, count } = polled(4, 5 * SECOND);
    const back = 24 * 60 * 60 * SECOND;
    let after = track;
    // The same steady download, its figures now received on a clock a day behind.
    for (let i = 1; i <= 3; i++) after = sight(after, count + i * 500, at - back + i * 5 * SECOND);
    const now = at - back + 15 * SECOND;
    const d = download({ numDownloaded: count + 1_500, numRecords: 10_000 });
    // 100 records a second: 10 000 - 3 000 = 7 000 records, 70 s from now.
    expect(finishEstimate(d, after, now)! - now).toBe(70 * SECOND);
    expect(liveCount(d, after, now + 2 * SECOND)).toMatchObject({ estimated: true });
  });

  it('starts over when the count goes down', () => {
    const { track } = polled(4, 5 * SECOND);
    expect(sight(track, 10, T0 + 60 * SECOND).sightings).toEqual([{ at: T0 + 60 * SECOND, count: 10 }]);
  });
});
