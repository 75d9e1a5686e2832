import { describe, expect, it } from 'vitest';
import { backoffDelay, downloadPollDelay, observe, retryAtOf } from '../../../main/core/monitor/index.js';
import { AppError } from '../../../main/core/errors.js';
import { FINISH_MARGIN_MS } from '../../../main/core/monitor/cadence.js';
import type { TrackedDownload } from '../../../main/core/monitor/types.js';
import { download, T0 } from './support.js';

const settings = { pollFastSeconds: 5, pollSlowSeconds: 300 };
const MINUTE = 60_000;

describe('cadence', () => {
  it('polls a queued download on the fast cadence and a finished one never', () => {
    const queued = observe(undefined, download({ status: 'queued', rawStatus: 'queued' }), T0).tracked;
    expect(downloadPollDelay(queued, T0, settings)).toBe(5_000);
    const done = observe(undefined, download({ status: 'completed', rawStatus: 'completed' }), T0).tracked;
    expect(downloadPollDelay(done, T0, settings)).toBeNull();
  });

  // 100 records a minute, 10 000 in all: finish predicted at T0 + 100 min.
  function linear(): TrackedDownload {
    const first = observe(undefined, download({ numDownloaded: 0, startedAt: null }), T0).tracked;
    return observe(first, download({ numDownloaded: 100, startedAt: null }), T0 + MINUTE).tracked;
  }
  const finish = T0 + 100 * MINUTE;

  it('looks at a running download every 10 s, so a failure or cancel is seen within 15 s', () => {
    const tracked = linear();
    for (const t of [T0 + MINUTE, T0 + 30 * MINUTE, finish - 60_000, finish + 5 * MINUTE]) {
      expect(downloadPollDelay(tracked, t, settings)).toBeLessThanOrEqual(10_000);
    }
    expect(downloadPollDelay(tracked, T0 + MINUTE, settings)).toBe(10_000);
  });

  it('halves the distance to the predicted finish and lands just after it', () => {
    const tracked = linear();
    // Between 2 and 4 fast intervals out: half the way, not the whole 10 s.
    expect(downloadPollDelay(tracked, finish - 18_000, settings)).toBe(9_000);
    expect(downloadPollDelay(tracked, finish - 14_000, settings)).toBe(7_000);
    // Closer than 2 fast intervals: one look just past the finish.
    expect(downloadPollDelay(tracked, finish - 8_000, settings)).toBe(8_000 + FINISH_MARGIN_MS);

    // Walk the schedule with a perfectly linear download: the last look right after the finish.
    let t = T0 + MINUTE;
    let walked = tracked;
    let looks = 0;
    while (t < finish) {
      t += downloadPollDelay(walked, t, settings)!;
      looks += 1;
      const count = Math.min(10_000, Math.floor(((t - T0) / MINUTE) * 100));
      walked = observe(walked, download({ numDownloaded: count, startedAt: null }), t).tracked;
    }
    expect(t - finish).toBeGreaterThan(0);
    // Counts are whole records, so the prediction drifts by a fraction of a second.
    expect(t - finish).toBeLessThanOrEqual(2 * FINISH_MARGIN_MS);
    // 99 minutes at one look per 10 s, and no more.
    expect(looks).toBeLessThanOrEqual(99 * 6 + 3);
  });

  it('backs off gently once a download is overdue, never past 10 s', () => {
    let tracked = observe(undefined, download({ numDownloaded: 0, startedAt: null }), T0).tracked;
    tracked = observe(tracked, download({ numDownloaded: 5_000, startedAt: null }), T0 + MINUTE).tracked;
    expect(downloadPollDelay(tracked, T0 + 2 * MINUTE + 20_000, settings)).toBe(5_000);
    expect(downloadPollDelay(tracked, T0 + 2 * MINUTE + 32_000, settings)).toBe(8_000);
    expect(downloadPollDelay(tracked, T0 + 30 * MINUTE, settings)).toBe(10_000);
  });

  it('looks at the fast interval while the window shows the download', () => {
    const watched = { watched: true };
    const tracked = linear();
    expect(downloadPollDelay(tracked, T0 + MINUTE, settings, watched)).toBe(5_000);
    expect(downloadPollDelay(tracked, finish - 8_000, settings, watched)).toBe(5_000);
    expect(downloadPollDelay(tracked, finish - 3_000, settings, watched)).toBe(3_000 + FINISH_MARGIN_MS);
    const unknown = observe(undefined, download({ status: 'unknown', rawStatus: 'paused' }), T0).tracked;
    expect(downloadPollDelay(unknown, T0, settings)).toBe(30_000);
    expect(downloadPollDelay(unknown, T0, settings, watched)).toBe(5_000);
    const done = observe(undefined, download({ status: 'completed', rawStatus: 'completed' }), T0).tracked;
    expect(downloadPollDelay(done, T0, settings, watched)).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles with jitter and stops at 15 minutes', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((a) => backoffDelay(a, () => 0));
    const high = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((a) => backoffDelay(a, () => 1));
    expect(low.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(high.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(Math.max(...high)).toBe(15 * MINUTE);
  });

  it('reads the retry time of a rate-limited error', () => {
    const at = '2026-01-05T09:10:00.000Z';
    expect(retryAtOf(new AppError('rate-limited', 'slow down', { retryAt: at }))).toBe(Date.parse(at));
    expect(retryAtOf(new AppError('server', 'oops', { retryAt: at }))).toBeNull();
  });
});
