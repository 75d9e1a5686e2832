// Online/offline for the monitor. Electron's main process has no online/offline event, and
// powerMonitor says nothing about networks, so the shell polls `net.isOnline()` (a cheap local
// check of the OS's network state, no request is made) every `intervalMs`, and right away on
// resume. Only changes are reported.
import type { Clock, TimerHandle } from '../../core/ports.js';

export interface OnlineWatcher {
  /** Checks now (after wake, on focus) and reports a change at once. */
  check(): void;
  stop(): void;
}

export const ONLINE_POLL_MS = 10_000;

export function createOnlineWatcher(options: {
  isOnline: () => boolean;
  onChange: (online: boolean) => void;
  clock: Clock;
  intervalMs?: number;
}): OnlineWatcher {
  const interval = options.intervalMs ?? ONLINE_POLL_MS;
  let last: boolean | null = null;
  let timer: TimerHandle | null = null;
  let stopped = false;

  function check(): void {
    if (stopped) return;
    let now: boolean;
    try {
      now = options.isOnline();
    } catch {
      now = true; // cannot tell: let requests find out rather than pausing every account
    }
    if (now !== last) {
      last = now;
      options.onChange(now);
    }
  }

  function tick(): void {
    check();
    if (!stopped) timer = options.clock.setTimeout(tick, interval);
  }

  tick();
  return {
    check,
    stop() {
      stopped = true;
      if (timer !== null) options.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
