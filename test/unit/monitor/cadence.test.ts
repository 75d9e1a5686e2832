import { describe, expect, it } from 'vitest';
import { backoffDelay, downloadPollDelay, observe, retryAtOf } from '../../../main/core/monitor/index.js';
import { AppError } from '../../../main/core/errors.js';
import { download, T0 } from './fixtures.js';

const settings = { pollFastSeconds: 5, pollSlowSeconds: 300 };
const MINUTE = 60_000;

describe('cadence', () => {
  it('polls a queued download on the fast cadence and a finished one never', () => {
    const queued = observe(undefined, download({ status: 'queued', rawStatus: 'queued' }), T0).tracked;
    expect(downloadPollDelay(queued, T0, settings)).toBe(5_000);
    const done = observe(undefined, download({ status: 'completed', rawStatus: 'completed' }), T0).tracked;
    expect(downloadPollDelay(done, T0, settings)).toBeNull();
  });

  it('looks rarely at a download far from its predicted finish and lands just after it', () => {
    // 100 records a minute, 10 000 to go: finish predicted 100 minutes out.
    let tracked = observe(undefined, download({ numDownloaded: 0, startedAt: null }), T0).tracked;
    tracked = observe(tracked, download({ numDownloaded: 100, startedAt: null }), T0 + MINUTE).tracked;
    const finish = T0 + 100 * MINUTE;
    expect(downloadPollDelay(tracked, T0 + MINUTE, settings)).toBe(60_000);

    // Walk the schedule with a perfectly linear download: few looks, the last one right after the finish.
    let t = T0 + MINUTE;
    let looks = 0;
    while (t < finish) {
      t += downloadPollDelay(tracked, t, settings)!;
      looks += 1;
      const count = Math.min(10_000, Math.floor(((t - T0) / MINUTE) * 100));
      tracked = observe(tracked, download({ numDownloaded: count, startedAt: null }), t).tracked;
    }
    expect(t - finish).toBeLessThanOrEqual(5_000);
    expect(looks).toBeLessThan(110);
  });

  it('backs off gently once a download is overdue', () => {
    let tracked = observe(undefined, download({ numDownloaded: 0, startedAt: null }), T0).tracked;
    tracked = observe(tracked, download({ numDownloaded: 5_000, startedAt: null }), T0 + MINUTE).tracked;
    expect(downloadPollDelay(tracked, T0 + 2 * MINUTE + 20_000, settings)).toBe(5_000);
    expect(downloadPollDelay(tracked, T0 + 3 * MINUTE, settings)).toBe(15_000);
    expect(downloadPollDelay(tracked, T0 + 30 * MINUTE, settings)).toBe(60_000);
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
