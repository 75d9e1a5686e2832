import { describe, expect, it } from 'vitest';
import { createProgressThrottle } from '../../../main/core/files/progress-throttle.js';
import { SpeedMeter } from '../../../main/core/files/speed-meter.js';
import { VirtualClock } from '../../support/virtual-clock.js';

describe('progress throttle', () => {
  it('emits at most once per 100 ms however often progress arrives, and flushes state changes at once', async () => {
    const clock = new VirtualClock();
    const emitted: number[] = [];
    const throttle = createProgressThrottle(clock, () => emitted.push(clock.now()), 100);
    const t0 = clock.now();
    for (let ms = 0; ms < 1000; ms += 5) {
      throttle.request();
      await clock.advance(5, async () => {});
    }
    const times = emitted.map((t) => t - t0);
    // Within any one second (half-open), at most 10.
    expect(times.filter((t) => t < 1000).length).toBe(10);
    times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(100));

    throttle.flush();
    expect(emitted.length).toBe(times.length + 1);
    throttle.dispose();
    expect(clock.pendingTimers).toBe(0);
  });

  it('sends the last progress once the interval ends (trailing emission)', async () => {
    const clock = new VirtualClock();
    let count = 0;
    const throttle = createProgressThrottle(clock, () => count++, 100);
    throttle.request();
    throttle.request();
    throttle.request();
    expect(count).toBe(1);
    await clock.advance(100, async () => {});
    expect(count).toBe(2);
    await clock.advance(1000, async () => {});
    expect(count).toBe(2);
  });
});

describe('speed meter', () => {
  it('measures over the last few seconds only', () => {
    const meter = new SpeedMeter(5000);
    expect(meter.bytesPerSecond()).toBe(0);
    for (let s = 0; s <= 10; s++) meter.sample(s * 1000, s * 1_000_000);
    expect(meter.bytesPerSecond()).toBeCloseTo(1_000_000, -3);
    // A stall: speed falls towards zero as the window moves on.
    for (let s = 11; s <= 16; s++) meter.sample(s * 1000, 10_000_000);
    expect(meter.bytesPerSecond()).toBeLessThan(200_000);
  });
});
