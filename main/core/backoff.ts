// Waiting after a failed round: exponential with jitter, capped, and never shorter than what
// the server asked for with Retry-After.
import { AppError } from './errors.js';

export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_CAP_MS = 15 * 60_000;

/**
 * "Equal jitter": half the exponential step plus a random half, so retries from many clients
 * spread out but never come back sooner than half the step. `attempt` counts from 1.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS } = {},
): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** The time a rate-limited error says to come back, in epoch ms, or null. */
export function retryAtOf(error: unknown): number | null {
  if (!(error instanceof AppError) || error.code !== 'rate-limited') return null;
  const value = error.detail?.['retryAt'];
  const at = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(at) ? at : null;
}
