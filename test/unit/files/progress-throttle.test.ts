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

describe('progress throttle and speed when the clock is set back', () => {
  it('keeps emitting every 100 ms instead of waiting as long as the clock moved', async () => {
    const clock = new VirtualClock();
    let count = 0;
    const throttle = createProgressThrottle(clock, () => count++, 100);
    throttle.request();
    clock.setWallClock(clock.now() - 24 * 3600_000);
    throttle.request();
    await clock.advance(100, async () => {});
    expect(count).toBe(2);
    throttle.dispose();
  });

  it('measures the speed again from the new time, not 0 B/s for as long as the clock moved', () => {
    const meter = new SpeedMeter(5000);
    for (let s = 0; s <= 5; s++) meter.sample(s * 1000, s * 1_000_000);
    const back = 5000 - 24 * 3600_000;
    for (let s = 1; s <= 5; s++) meter.sample(back + s * 1000, 5_000_000 + s * 1_000_000);
    expect(meter.bytesPerSecond()).toBeCloseTo(1_000_000, -3);
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
