// Waiting after a failure, for the monitor's rounds and the client's retries: exponential with
// jitter, capped, and never shorter than what the server asked for with Retry-After.
import { AppError } from './errors.js';
import type { Clock } from './ports.js';

export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_CAP_MS = 15 * 60_000;

/**
 * How a step is spread: "equal" is half the step plus a random half, so retries from many
 * clients spread out but never come back sooner than half the step; "full" is anywhere from 0 to
 * the step (short first retries of a single request); "none" is the step itself.
 */
export type Jitter = 'equal' | 'full' | 'none';

/** The wait after failure number `attempt` (from 1); the step doubles each time, up to the cap. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS, jitter = 'equal' as Jitter } = {},
): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  if (jitter === 'none') return step;
  if (jitter === 'equal') return Math.round(step / 2 + random() * (step / 2));
  const drawn = random();
  const r = Number.isFinite(drawn) ? Math.min(1, Math.max(0, drawn)) : 1;
  return Math.floor(r * step);
}

/** Waits on the given clock (a virtual one in tests); an abort ends the wait with its reason. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  // A zero wait needs no timer: a virtual clock would otherwise hold it until the test advances.
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason as Error);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The time a rate-limited error says to come back, in epoch ms, or null. */
export function retryAtOf(error: unknown): number | null {
  if (!(error instanceof AppError) || error.code !== 'rate-limited') return null;
  const value = error.detail?.['retryAt'];
  const at = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(at) ? at : null;
}
