import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../main/core/backoff.js';

describe('backoffDelay, shared by the monitor and the client', () => {
  const opts = { baseMs: 1_000, capMs: 30_000 };

  it('doubles per attempt up to the cap', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, () => 0.5, { ...opts, jitter: 'none' }));
    expect(steps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('full jitter ranges over 0..step, equal jitter over step/2..step', () => {
    expect(backoffDelay(3, () => 0, { ...opts, jitter: 'full' })).toBe(0);
    expect(backoffDelay(3, () => 1, { ...opts, jitter: 'full' })).toBe(4_000);
    expect(backoffDelay(3, () => Number.NaN, { ...opts, jitter: 'full' })).toBe(4_000);
    expect(backoffDelay(3, () => 0, opts)).toBe(2_000);
    expect(backoffDelay(3, () => 1, opts)).toBe(4_000);
  });
});
