// The UI wants live progress, but a 1 GiB save produces tens of thousands of chunks: progress is
// coalesced to at most one emission per interval (default 100 ms, i.e. <= 10 per second). State
// changes (finished, failed) go out at once through `flush` so nobody waits on a timer for them.
import type { Clock, TimerHandle } from '../ports.js';

export interface ProgressThrottle {
  /** Something changed; emit now if the interval has passed, else once at its end. */
  request(): void;
  /** Emit now (a state change) and cancel any pending emission. */
  flush(): void;
  dispose(): void;
}

export function createProgressThrottle(clock: Clock, emit: () => void, intervalMs = 100): ProgressThrottle {
  let lastAt = -Infinity;
  let timer: TimerHandle | null = null;
  let disposed = false;

  const fire = (): void => {
    timer = null;
    if (disposed) return;
    lastAt = clock.now();
    emit();
  };

  return {
    request() {
      if (disposed || timer !== null) return;
      // At most one interval: a clock set back would otherwise put the next emission that far off.
      const wait = Math.min(intervalMs, lastAt + intervalMs - clock.now());
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    flush() {
      if (disposed) return;
      if (timer !== null) clock.clearTimeout(timer);
      fire();
    },
    dispose() {
      disposed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
