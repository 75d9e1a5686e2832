// A Clock whose time moves only when a test says so, so polling, back-off and expiry can be
// tested for a simulated day in milliseconds. Real I/O (HTTP to the simulator) still happens;
// `advance` lets it settle between timers.
import type { Clock, TimerHandle } from '../../main/core/ports.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class VirtualClock implements Clock {
  /** Time as it passes for everyone (the simulator's servers, the timers). */
  private current: number;
  /** How far this machine's wall clock is set off that time (NTP, a user, a restored VM). */
  private wallOffset = 0;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = Date.parse('2026-01-05T09:00:00Z')) {
    this.current = start;
  }

  /** This machine's wall clock, as `Date.now()` reads it. */
  now = (): number => this.current + this.wallOffset;

  /**
   * The time on the other side of the wire (the simulator's clock), which a change of this
   * machine's clock does not move. Equal to `now()` until `setWallClock` is called.
   */
  worldNow = (): number => this.current;

  setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  };

  clearTimeout = (handle: TimerHandle): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  /** Timers still waiting (a component that was stopped should leave none). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Epoch ms of the next timer on the wall clock (`now()`), or null. */
  nextTimerAt(): number | null {
    const at = this.timers.reduce<number | null>((min, t) => (min === null || t.at < min ? t.at : min), null);
    return at === null ? null : at + this.wallOffset;
  }

  /**
   * Moves time forward by `ms`, firing each due timer in order and letting real I/O that the
   * timer started finish (`settle`) before looking for the next one.
   */
  async advance(ms: number, settle: () => Promise<void> = settleIo): Promise<void> {
    const end = this.current + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
      await settle();
    }
    this.current = end;
    await settle();
  }

  /** Sets the time without firing anything (e.g. the machine slept). */
  jump(to: number): void {
    this.current = to - this.wallOffset;
  }

  /**
   * Sets this machine's wall clock to `to` while time itself runs on: an NTP correction or a
   * user changing the date. Pending timers keep their remaining wait, as Node's do: libuv runs
   * timers on a monotonic clock (uv_now, from uv_hrtime), not on the time of day.
   */
  setWallClock(to: number): void {
    this.wallOffset = to - this.current;
  }
}

/** Waits for pending promise callbacks and a little real time for loopback HTTP to answer. */
export async function settleIo(realMs = 15): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, realMs));
}
