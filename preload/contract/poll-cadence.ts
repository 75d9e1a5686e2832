// How far apart the monitor looks at a running download, once for the monitor's cadence
// (main/core/monitor/cadence.ts) and for the settings page that explains the fast interval.
import type { Settings } from './model.js';

/**
 * An unwatched running download is looked at at least this many fast intervals apart (10 s by
 * default): failures and cancels must be seen within 15 s (p95), and at 2 the bench's day
 * still costs well under a tenth of a naive 5 s poller (`npm run bench -- monitor`).
 */
export const RUNNING_CAP_FACTOR = 2;

/**
 * The longest gap, in seconds, between two looks at a running download the window does not
 * show: RUNNING_CAP_FACTOR fast intervals, never beyond the idle interval nor below the fast one.
 */
export function runningLookSeconds(settings: Pick<Settings, 'pollFastSeconds' | 'pollSlowSeconds'>): number {
  const fast = settings.pollFastSeconds;
  return Math.max(fast, Math.min(settings.pollSlowSeconds, fast * RUNNING_CAP_FACTOR));
}
