// The monitor: one poller per account, the shared history, change events and the start-up
// catch-up. Everything time-related goes through the Clock port and the online/sleep signals
// come in as calls, so the whole engine runs in Node on a virtual clock.
import type { AppError } from '../errors.js';
import type {
  Account,
  AccountStatus,
  Download,
  DownloadKey,
  Settings,
} from '../../../preload/contract/index.js';
import { silentLogger, type Clock, type Logger, type TimerHandle } from '../ports.js';
import type { DatafinitiClient, RetryWait } from '../datafiniti/client-types.js';
import { AccountPoller, type RoundUpdate, type Trigger } from './account-poller.js';
import { nextExpiryCheckAt, observe, timeEvents } from './derive-events.js';
import { DownloadHistory, jsonEqual, type HistoryStorage } from './history-store.js';
import type { DownloadEvent } from './types.js';

export interface ClientHooks {
  onRetryWait: (wait: RetryWait) => void;
}

export interface MonitorOptions {
  clock: Clock;
  /** Where the download history is kept (`history.json` and its journal in the app). */
  store: HistoryStorage;
  settings: () => Settings;
  accounts: () => Account[];
  /** `hooks.onRetryWait`: the client waits inside a call (Retry-After, a time-out retried). */
  clientFor: (account: Account, hooks: ClientHooks) => Promise<DatafinitiClient>;
  random?: () => number;
  logger?: Logger;
  onDownloads?: (upserts: Download[], removals: DownloadKey[]) => void;
  /** `startup`: what changed while the app was closed or asleep, delivered as one batch. */
  onEvents?: (events: DownloadEvent[], meta: { startup: boolean }) => void;
  onStatus?: (statuses: AccountStatus[]) => void;
  onAuthFailure?: (accountId: string, error: AppError) => void;
  /** How long the start-up batch waits for a slow account before it is delivered. */
  catchUpWindowMs?: number;
}

export interface Monitor {
  start(): void;
  /** Leaves no timer behind; a round in flight finishes without reporting. */
  stop(): void;
  /** Polls every account now (also those stopped for sign-in trouble); resolves when done. */
  refreshNow(): Promise<void>;
  /** The window gained focus. */
  focus(): void;
  setOnline(online: boolean): void;
  sleep(): void;
  wake(): void;
  /** Accounts were added, removed, renamed or signed in again. */
  accountsChanged(): void;
  /** The poll cadences or auto-save's settings may have changed. */
  settingsChanged(): void;
  downloads(): Download[];
  statuses(): AccountStatus[];
  /** A download the app started itself. */
  upsert(download: Download): void;
  /** The account was removed: drop its history. */
  forget(accountId: string): void;
  /**
   * The window is visible and shows these downloads (rows on screen, detail open); an empty
   * list when it is hidden or minimised. Replaces the previous list; lapses after
   * WATCH_TTL_MS unless sent again.
   */
  watch(keys: DownloadKey[]): void;
}

/** A watch lapses this long after the window last renewed it (it renews every 30 s). */
export const WATCH_TTL_MS = 90_000;

interface CatchUp {
  pending: Set<string>;
  events: DownloadEvent[];
  timer: TimerHandle | null;
}

export function createMonitor(options: MonitorOptions): Monitor {
  const {
    clock,
    store,
    settings,
    accounts,
    clientFor,
    random = Math.random,
    logger = silentLogger,
    onDownloads = () => {},
    onEvents = () => {},
    onStatus = () => {},
    onAuthFailure = () => {},
    catchUpWindowMs = 20_000,
  } = options;

  const history = new DownloadHistory(store, logger);
  /** Auto-save's Save-before-expiry hours, or null while auto-save is off. */
  const saveBeforeHours = (): number | null => {
    const { autoSave, saveBeforeExpiryHours } = settings();
    return autoSave ? saveBeforeExpiryHours : null;
  };
  const pollers = new Map<string, AccountPoller>();
  const clients = new Map<string, Promise<DatafinitiClient>>();
  let started = false;
  let online = true;
  let asleep = false;
  let catchUpOwed = false;
  let catchUp: CatchUp | null = null;
  let expiryTimer: TimerHandle | null = null;
  let lastStatus = '';

  const suspended = () => !started || !online || asleep;

  const client = (account: Account): Promise<DatafinitiClient> => {
    let pending = clients.get(account.id);
    if (!pending) {
      pending = clientFor(account, {
        // Inside a call the client may wait 30 s and more: the status counts down meanwhile.
        onRetryWait: (wait) => pollers.get(account.id)?.retryWaiting(wait),
      });
      clients.set(account.id, pending);
      pending.catch(() => clients.get(account.id) === pending && clients.delete(account.id));
    }
    return pending;
  };

  const statuses = (): AccountStatus[] => [...pollers.values()].map((p) => p.status(online));

  const emitStatus = (): void => {
    const current = statuses();
    const text = JSON.stringify(current);
    if (text === lastStatus) return;
    lastStatus = text;
    onStatus(current);
  };

  const deliver = (accountId: string | null, events: DownloadEvent[]): void => {
    if (events.length === 0) return;
    if (catchUp && (accountId === null || catchUp.pending.has(accountId))) {
      catchUp.events.push(...events);
      return;
    }
    onEvents(events, { startup: false });
  };

  const apply = (accountId: string, update: RoundUpdate): void => {
    const now = clock.now();
    const before = saveBeforeHours();
    const upserts: Download[] = [];
    const removals: DownloadKey[] = [];
    const events: DownloadEvent[] = [];
    const seen = new Set<DownloadKey>();
    for (const [key, marker] of update.linkRefreshTried) {
      const tracked = history.get(key);
      if (tracked) history.put({ ...tracked, linkRefreshTriedFor: marker });
    }
    for (const download of update.fetched) {
      if (download.accountId !== accountId || seen.has(download.key)) continue;
      seen.add(download.key);
      const previous = history.get(download.key);
      const result = observe(previous, download, now, { baseline: update.baseline, saveBeforeHours: before });
      history.put(result.tracked);
      if (!previous || !jsonEqual(previous.download, result.tracked.download)) {
        upserts.push(result.tracked.download);
      }
      events.push(...result.events);
    }
    for (const key of update.missing) {
      const tracked = history.get(key);
      if (!tracked || tracked.download.goneAt) continue;
      logger.warn('Datafiniti no longer lists a download; it stays, marked as gone', {
        accountId,
        id: tracked.download.id,
      });
      const download = { ...tracked.download, goneAt: new Date(now).toISOString() };
      history.put({ ...tracked, download });
      upserts.push(download);
    }
    for (const tracked of history.forAccount(accountId)) {
      if (seen.has(tracked.download.key)) continue;
      const result = timeEvents(tracked, now, { saveBeforeHours: before });
      history.put(result.tracked);
      events.push(...result.events);
    }
    if (update.baseline) history.markBaselined(accountId);
    history.save();
    if (upserts.length > 0 || removals.length > 0) onDownloads(upserts, removals);
    deliver(accountId, events);
    scheduleExpiryCheck();
  };

  const newPoller = (account: Account): AccountPoller => {
    const poller = new AccountPoller(account, {
      clock,
      settings,
      random,
      logger,
      history,
      client,
      apply,
      statusChanged: emitStatus,
      authFailed: (failed, error) => {
        clients.delete(failed.id);
        onAuthFailure(failed.id, error);
      },
    });
    pollers.set(account.id, poller);
    return poller;
  };

  /** Every account looks once now; what they find (and what expired meanwhile) is one batch. */
  const beginCatchUp = (trigger: Trigger): void => {
    catchUpOwed = false;
    finishCatchUp();
    const batch: CatchUp = { pending: new Set(pollers.keys()), events: [], timer: null };
    catchUp = batch;
    batch.events.push(...expiryEventsNow());
    batch.timer = clock.setTimeout(() => {
      batch.timer = null;
      if (catchUp === batch) finishCatchUp();
    }, catchUpWindowMs);
    for (const [id, poller] of pollers) {
      void poller.trigger(trigger).then(() => {
        if (catchUp !== batch) return;
        batch.pending.delete(id);
        if (batch.pending.size === 0) finishCatchUp();
      });
    }
    if (batch.pending.size === 0) finishCatchUp();
  };

  const finishCatchUp = (deliverEvents = true): void => {
    const batch = catchUp;
    if (!batch) return;
    catchUp = null;
    if (batch.timer !== null) clock.clearTimeout(batch.timer);
    if (deliverEvents && batch.events.length > 0) onEvents(batch.events, { startup: true });
  };

  const expiryEventsNow = (): DownloadEvent[] => {
    const now = clock.now();
    const events: DownloadEvent[] = [];
    const before = saveBeforeHours();
    for (const tracked of history.all()) {
      const result = timeEvents(tracked, now, { saveBeforeHours: before });
      history.put(result.tracked);
      events.push(...result.events);
    }
    history.save();
    return events;
  };

  const scheduleExpiryCheck = (): void => {
    if (expiryTimer !== null) clock.clearTimeout(expiryTimer);
    expiryTimer = null;
    if (!started || asleep) return;
    const now = clock.now();
    let next: number | null = null;
    const before = saveBeforeHours();
    for (const tracked of history.all()) {
      const at = nextExpiryCheckAt(tracked, now, before);
      if (at !== null && (next === null || at < next)) next = at;
    }
    if (next === null) return;
    expiryTimer = clock.setTimeout(
      () => {
        expiryTimer = null;
        checkExpiryNow();
      },
      Math.min(2 ** 31 - 1, Math.max(0, next - now)),
    );
  };

  /** Reports what expiry brought by now, then waits for the next moment. */
  const checkExpiryNow = (): void => {
    const events = expiryEventsNow();
    const byAccount = new Map<string, DownloadEvent[]>();
    for (const e of events)
      byAccount.set(e.download.accountId, [...(byAccount.get(e.download.accountId) ?? []), e]);
    for (const [accountId, list] of byAccount) deliver(accountId, list);
    scheduleExpiryCheck();
  };

  const resume = (trigger: Trigger): void => {
    for (const poller of pollers.values()) poller.setSuspended(suspended());
    if (suspended()) return;
    scheduleExpiryCheck();
    if (catchUpOwed) beginCatchUp(trigger);
    else for (const poller of pollers.values()) void poller.trigger(trigger);
    emitStatus();
  };

  return {
    start() {
      if (started) return;
      started = true;
      for (const account of accounts()) if (!pollers.has(account.id)) newPoller(account);
      catchUpOwed = true;
      resume('start');
      emitStatus();
    },

    stop() {
      if (!started) return;
      started = false;
      finishCatchUp(false);
      for (const poller of pollers.values()) poller.stop();
      pollers.clear();
      clients.clear();
      if (expiryTimer !== null) clock.clearTimeout(expiryTimer);
      expiryTimer = null;
      history.save();
    },

    async refreshNow() {
      if (suspended()) return;
      for (const poller of pollers.values()) {
        if (poller.status(online).state === 'needs-sign-in') clients.delete(poller.account.id);
      }
      await Promise.all([...pollers.values()].map((p) => p.trigger('refresh')));
    },

    focus() {
      if (suspended()) return;
      for (const poller of pollers.values()) void poller.trigger('focus');
    },

    setOnline(value) {
      if (online === value) return;
      online = value;
      if (!value) {
        for (const poller of pollers.values()) poller.setSuspended(true);
        emitStatus();
        return;
      }
      resume('online');
    },

    sleep() {
      if (asleep) return;
      asleep = true;
      finishCatchUp();
      for (const poller of pollers.values()) poller.setSuspended(true);
      if (expiryTimer !== null) clock.clearTimeout(expiryTimer);
      expiryTimer = null;
      emitStatus();
    },

    wake() {
      if (!asleep) return;
      asleep = false;
      if (started) catchUpOwed = true;
      resume('wake');
    },

    accountsChanged() {
      if (!started) return;
      const current = new Map(accounts().map((a) => [a.id, a]));
      clients.clear();
      for (const [id, poller] of pollers) {
        if (current.has(id)) continue;
        poller.stop();
        pollers.delete(id);
        catchUp?.pending.delete(id);
      }
      for (const account of current.values()) {
        const existing = pollers.get(account.id);
        const poller = existing ?? newPoller(account);
        if (existing) existing.replaceAccount(account);
        poller.setSuspended(suspended());
        void poller.trigger('accounts');
      }
      emitStatus();
    },

    settingsChanged() {
      for (const poller of pollers.values()) poller.schedule();
      // Auto-save turned on, or a longer Save-before-expiry: what is due now is due now. (The
      // backend calls this only when a poll or auto-save setting changed; with neither of the
      // latter, nothing new is due and the look finds nothing.)
      if (started && !asleep) checkExpiryNow();
      emitStatus();
    },

    downloads: () => history.downloads(),
    statuses,

    upsert(download) {
      const now = clock.now();
      const previous = history.get(download.key);
      const result = observe(previous, download, now, { saveBeforeHours: saveBeforeHours() });
      history.put(result.tracked);
      history.save();
      onDownloads([result.tracked.download], []);
      // The user started it here: its appearance is not news, its outcome will be.
      deliver(
        download.accountId,
        result.events.filter((e) => e.kind !== 'discovered'),
      );
      pollers.get(download.accountId)?.watch(download.key);
    },

    watch(keys) {
      const byAccount = new Map<string, Set<DownloadKey>>();
      for (const key of keys) {
        const accountId = history.get(key)?.download.accountId;
        if (accountId === undefined) continue;
        let set = byAccount.get(accountId);
        if (!set) byAccount.set(accountId, (set = new Set()));
        set.add(key);
      }
      const until = clock.now() + WATCH_TTL_MS;
      for (const [id, poller] of pollers) poller.setWatched(byAccount.get(id) ?? new Set(), until);
    },

    forget(accountId) {
      const keys = history.forgetAccount(accountId);
      clients.delete(accountId);
      history.save();
      if (keys.length > 0) onDownloads([], keys);
    },
  };
}
