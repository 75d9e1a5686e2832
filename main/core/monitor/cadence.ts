// When to look at a download again. Queued: soon, it may start and end any moment. Running:
// predict the finish from how fast `numDownloaded` grows and halve the distance each time, so
// a 90-minute download costs about a request a minute, not one every 5 s, and the last look
// lands just after the predicted finish. Overdue: back off gently, it may have stalled.
import type { Settings } from '../../../preload/contract/index.js';
import type { Pace, TrackedDownload } from './types.js';

/** Aim this long past the predicted finish, so the look finds it finished. */
export const FINISH_MARGIN_MS = 1_000;
/**
 * A running download is looked at at least this many fast intervals apart (1 min by default):
 * failures and cancels cannot be predicted, and the progress bar should not freeze for long.
 */
export const RUNNING_CAP_FACTOR = 12;

type Cadence = Pick<Settings, 'pollFastSeconds' | 'pollSlowSeconds'>;

/** ms until the download should be fetched again, or null when it cannot change any more. */
export function downloadPollDelay(tracked: TrackedDownload, now: number, settings: Cadence): number | null {
  const fast = settings.pollFastSeconds * 1000;
  const slow = settings.pollSlowSeconds * 1000;
  const { download } = tracked;
  switch (download.status) {
    case 'queued':
      return fast;
    case 'unknown':
      // A status we do not understand may be a running one: keep an eye on it, cheaply.
      return clamp(fast * 6, fast, slow);
    case 'running': {
      const cap = Math.min(slow, fast * RUNNING_CAP_FACTOR);
      const finish = predictFinish(tracked);
      if (finish === null) return fast;
      const remaining = finish - now;
      if (remaining > 2 * fast) return clamp(remaining / 2, fast, cap);
      if (remaining > 0) return Math.max(remaining + FINISH_MARGIN_MS, FINISH_MARGIN_MS);
      return clamp(-remaining / 4, fast, cap);
    }
    default:
      return null;
  }
}

/** Epoch ms the download is expected to reach its record count, or null when unknown. */
export function predictFinish(tracked: TrackedDownload): number | null {
  const { download, pace } = tracked;
  const total = download.numRecords;
  if (!pace || total === null || total <= 0) return null;
  const rate = growthRate(pace, download.startedAt);
  if (rate === null || rate <= 0) return null;
  return pace.lastIncreaseAt + Math.max(0, total - pace.lastCount) / rate;
}

/** Records per ms from the monitor's own observations, else since the download started. */
export function growthRate(pace: Pace, startedAt: string | null): number | null {
  const span = pace.lastIncreaseAt - pace.firstAt;
  if (span > 0 && pace.lastCount > pace.firstCount) return (pace.lastCount - pace.firstCount) / span;
  const started = startedAt ? Date.parse(startedAt) : NaN;
  if (Number.isFinite(started) && pace.lastCount > 0 && pace.lastIncreaseAt > started) {
    return pace.lastCount / (pace.lastIncreaseAt - started);
  }
  return null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
