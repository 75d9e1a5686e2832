// Runs `fn` at most once per `ms` however many events ask for it: a save reports progress many
// times a second, and rebuilding the tray menu or the taskbar bar that often is wasted work.
import type { Clock, TimerHandle } from '../../core/ports.js';

export interface Coalesced {
  request(): void;
  cancel(): void;
}

export function coalesce(fn: () => void, ms: number, clock: Clock): Coalesced {
  let timer: TimerHandle | null = null;
  return {
    request() {
      if (timer !== null) return;
      timer = clock.setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
