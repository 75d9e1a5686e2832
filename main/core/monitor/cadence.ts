// When to look at a download again. Queued: soon, it may start and end any moment. Running:
// at least every OUTCOME_LOOK (2 fast intervals, 10 s by default), because a failure or a
// cancel cannot be predicted and the user should hear of it within 15 s; one list call answers
// for every download of the account, so this costs one request per account, not per download.
// Near the predicted finish (from how fast `numDownloaded` grows) the distance is halved, so
// the last look lands just after the finish. Overdue: back off gently, it may have stalled.
// Watched (the window shows it): the fast interval, so the progress the user sees keeps moving.
import type { Settings } from '../../../preload/contract/index.js';
import { runningLookSeconds } from '../../../preload/contract/poll-cadence.js';
import type { Pace, TrackedDownload } from './types.js';

/** Aim this long past the predicted finish, so the look finds it finished. */
export const FINISH_MARGIN_MS = 1_000;
// The settings page explains this cap, so it lives in the contract.
export { RUNNING_CAP_FACTOR } from '../../../preload/contract/poll-cadence.js';

type Cadence = Pick<Settings, 'pollFastSeconds' | 'pollSlowSeconds'>;

export interface PollContext {
  /** The window is visible and shows this download (its row on screen or its detail open). */
  watched?: boolean;
}

/** ms until the download should be fetched again, or null when it cannot change any more. */
export function downloadPollDelay(
  tracked: TrackedDownload,
  now: number,
  settings: Cadence,
  context: PollContext = {},
): number | null {
  const fast = settings.pollFastSeconds * 1000;
  const slow = settings.pollSlowSeconds * 1000;
  const watched = context.watched === true;
  const { download } = tracked;
  switch (download.status) {
    case 'queued':
      return fast;
    case 'unknown':
      // A status we do not understand may be a running one: keep an eye on it, cheaply.
      return watched ? fast : clamp(fast * 6, fast, slow);
    case 'running': {
      const cap = watched ? fast : runningLookSeconds(settings) * 1000;
      const finish = predictFinish(tracked);
      if (finish === null) return fast;
      const remaining = finish - now;
      if (remaining > 2 * fast) return clamp(remaining / 2, fast, cap);
      if (remaining > 0) {
        const landing = remaining + FINISH_MARGIN_MS;
        return watched ? Math.min(fast, landing) : landing;
      }
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
