import { describe, expect, it, vi } from 'vitest';
import { coalesce } from '../../../../main/shell/platform/coalesce.js';
import { createOnlineWatcher } from '../../../../main/shell/platform/online-watcher.js';
import { VirtualClock } from '../../../support/virtual-clock.js';

describe('createOnlineWatcher', () => {
  it('reports the first state, then only changes, polling on its interval', async () => {
    const clock = new VirtualClock();
    let online = true;
    const changes: boolean[] = [];
    const w = createOnlineWatcher({
      isOnline: () => online,
      onChange: (o) => changes.push(o),
      clock,
      intervalMs: 1000,
    });
    expect(changes).toEqual([true]);
    await clock.advance(5000);
    expect(changes).toEqual([true]);
    online = false;
    await clock.advance(1000);
    expect(changes).toEqual([true, false]);
    online = true;
    w.check();
    expect(changes).toEqual([true, false, true]);
    w.stop();
    expect(clock.pendingTimers).toBe(0);
    online = false;
    w.check();
    expect(changes).toEqual([true, false, true]);
  });

  it('assumes online when the check itself fails', () => {
    const changes: boolean[] = [];
    const w = createOnlineWatcher({
      isOnline: () => {
        throw new Error('no net module');
      },
      onChange: (o) => changes.push(o),
      clock: new VirtualClock(),
    });
    expect(changes).toEqual([true]);
    w.stop();
  });
});

describe('coalesce', () => {
  it('runs once per window however often it is asked, and can be cancelled', async () => {
    const clock = new VirtualClock();
    const fn = vi.fn();
    const c = coalesce(fn, 250, clock);
    for (let i = 0; i < 10; i++) c.request();
    await clock.advance(249);
    expect(fn).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(fn).toHaveBeenCalledTimes(1);
    c.request();
    c.cancel();
    await clock.advance(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
