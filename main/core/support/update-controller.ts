// When the app checks for updates: once at start and then once a day, never two checks at
// once, never while the setting is off, never on an install that cannot update itself. The
// feed port is electron-updater's autoUpdater in the app and a local feed in the tests.
import type { Clock, Logger, TimerHandle } from '../ports.js';
import {
  decideOnFeed,
  initialUpdateState,
  reduceUpdate,
  updatePermissions,
  updateReadyNotice,
  type FeedInfo,
  type UpdateEvent,
  type UpdateNotice,
  type UpdateState,
  type UpdateSupport,
} from './update-policy.js';

export const UPDATE_CHECK_INTERVAL_MS = 24 * 3600_000;
/**
 * How long reading the feed may take. electron-updater's own time-out is per socket read, so a
 * feed that trickles bytes (or a proxy that holds the connection) never ends: without this the
 * app would say "Checking for updates…" for ever and never check again.
 */
export const UPDATE_CHECK_TIMEOUT_MS = 2 * 60_000;
export const UPDATE_CHECK_TIMEOUT_MESSAGE = 'The update server did not answer within 2 minutes.';

export interface UpdateFeed {
  /** Reads the feed (latest.yml); null when the feed says there is nothing. */
  check(): Promise<FeedInfo | null>;
  /** Downloads the update found by the last check, in the background. */
  download(): Promise<void>;
}

export interface UpdateControllerOptions {
  clock: Clock;
  currentVersion: string;
  support: UpdateSupport;
  settingOn: boolean;
  feed: UpdateFeed;
  logger: Logger;
  onState?: (state: UpdateState) => void;
  /** Shown once per downloaded version. */
  notify?: (notice: UpdateNotice) => void;
}

export interface UpdateController {
  start(): void;
  stop(): void;
  state(): UpdateState;
  /** Events that arrive from the updater on their own (download progress, done, errors). */
  dispatch(event: UpdateEvent): void;
  settingChanged(on: boolean): void;
  /** Whether a downloaded update may install when the app quits. */
  installOnQuit(): boolean;
}

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const { clock, currentVersion, support, feed, logger } = options;
  let settingOn = options.settingOn;
  let state = initialUpdateState(currentVersion, support, settingOn);
  let timer: TimerHandle | null = null;
  let running = false;
  let started = false;
  let lastCheckAt: number | null = null;
  let notified: string | null = null;

  const permissions = () => updatePermissions(settingOn, support);

  /** The feed's answer, or a rejection once the time-out passes (a late answer is ignored). */
  function readFeed(): Promise<FeedInfo | null> {
    return new Promise((resolve, reject) => {
      const limit = clock.setTimeout(
        () => reject(new Error(UPDATE_CHECK_TIMEOUT_MESSAGE)),
        UPDATE_CHECK_TIMEOUT_MS,
      );
      feed.check().then(
        (info) => {
          clock.clearTimeout(limit);
          resolve(info);
        },
        (err: unknown) => {
          clock.clearTimeout(limit);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  function dispatch(event: UpdateEvent): void {
    const next = reduceUpdate(state, event, support, clock.now());
    // autoUpdater reports a failed check both as a rejected promise and as an 'error' event.
    if (next === state || (next.phase === state.phase && next.message === state.message)) return;
    state = next;
    if (event.type === 'error') logger.warn('update: failed', { message: state.message });
    options.onState?.(state);
    const notice = updateReadyNotice(state, notified);
    if (notice) {
      notified = state.version;
      options.notify?.(notice);
    }
  }

  function arm(delay: number): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      void check();
    }, delay);
  }

  async function check(): Promise<void> {
    // A downloaded update waits for a restart; checking again would only fetch it twice.
    if (running || !permissions().check || state.phase === 'ready') return;
    running = true;
    lastCheckAt = clock.now();
    dispatch({ type: 'checking' });
    try {
      const decision = decideOnFeed(currentVersion, await readFeed(), settingOn);
      if (decision.action === 'download') {
        dispatch({ type: 'downloading', version: decision.version });
        await feed.download();
      } else {
        dispatch(decision.event);
      }
    } catch (err) {
      dispatch({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      running = false;
      if (started && permissions().check) arm(UPDATE_CHECK_INTERVAL_MS);
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      if (!support.selfUpdate) {
        logger.info('update: this install does not update itself', { kind: support.kind });
        return;
      }
      void check();
    },
    stop() {
      started = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    state: () => state,
    dispatch,
    settingChanged(on) {
      if (on === settingOn) return;
      settingOn = on;
      dispatch({ type: on ? 'setting-on' : 'setting-off' });
      if (!on) {
        if (timer !== null) clock.clearTimeout(timer);
        timer = null;
        return;
      }
      if (!started || !permissions().check) return;
      // Turned back on: check now if a day has passed since the last check, else when it has.
      // A last check "in the future" means the clock was set back: how long ago is unknown.
      const since = lastCheckAt === null ? Infinity : clock.now() - lastCheckAt;
      if (since < 0 || since >= UPDATE_CHECK_INTERVAL_MS) void check();
      else arm(UPDATE_CHECK_INTERVAL_MS - since);
    },
    installOnQuit: () => permissions().installOnQuit,
  };
}
