// One account's polling loop. Each account has its own timer, back-off and error state, so
// one account's trouble never delays another, and at most one round per account is in flight.
import { AppError, toErrorInfo, type ErrorInfo } from '../errors.js';
import type {
  Account,
  AccountStatus,
  Download,
  DownloadKey,
  Settings,
} from '../../../preload/contract/index.js';
import type { Clock, Logger, TimerHandle } from '../ports.js';
import type { DatafinitiClient, RetryWait } from '../datafiniti/client-types.js';
import { LINK_LIFETIME_MS } from '../datafiniti/file-links.js';
import { backoffDelay, retryAtOf } from '../backoff.js';
import { downloadPollDelay } from './cadence.js';
import type { DownloadHistory } from './history-store.js';
import { earliestExpiry, isActive } from '../../../preload/contract/index.js';

/** Why a round runs now rather than on its timer. */
export type Trigger = 'start' | 'wake' | 'online' | 'focus' | 'refresh' | 'accounts';

/** Two looks at the same download closer than this are folded into one request. */
const DUE_SLACK_MS = 1_000;
/** Expired links are asked for again only this soon after they expire (not for old history). */
const LINK_REFRESH_WINDOW_MS = 24 * 3_600_000;
/** Focus can come in bursts (alt-tab); one look per this interval is enough. */
const FOCUS_MIN_GAP_MS = 5_000;

export interface RoundUpdate {
  fetched: Download[];
  /** Keys the API says no longer exist. */
  missing: DownloadKey[];
  /** The first import of the account: existing downloads are not news. */
  baseline: boolean;
  /** Downloads whose expired links were asked for again, with the expiry that was asked about. */
  linkRefreshTried: Map<DownloadKey, string>;
}

export interface PollerDeps {
  clock: Clock;
  settings: () => Settings;
  random: () => number;
  logger: Logger;
  /** Read only: the monitor's apply is the history's one writer. */
  history: Pick<DownloadHistory, 'get' | 'forAccount' | 'isBaselined'>;
  client: (account: Account) => Promise<DatafinitiClient>;
  /** Folds a round's answers into the history and reports the changes. */
  apply: (accountId: string, update: RoundUpdate) => void;
  statusChanged: () => void;
  authFailed: (account: Account, error: AppError) => void;
}

export class AccountPoller {
  private timer: TimerHandle | null = null;
  private timerAt: number | null = null;
  private inFlight: Promise<void> | null = null;
  private rerun: { waiters: (() => void)[] } | null = null;
  private suspended = true;
  private stopped = false;
  private authStopped = false;
  private errorAttempt = 0;
  private errorUntil: number | null = null;
  private retryAt: number | null = null;
  /** The client is waiting inside a call (Retry-After, a time-out being retried): until when, and why. */
  private callWait: { until: number; error: ErrorInfo } | null = null;
  private lastError: ErrorInfo | null = null;
  private lastPollAt: number | null = null;
  private lastListAt: number | null = null;
  private readonly dueAt = new Map<DownloadKey, number>();
  /** Downloads the window shows now, and until when that holds without a renewal. */
  private watched: ReadonlySet<DownloadKey> = new Set();
  private watchedUntil = 0;
  /** The latest reading of the wall clock, to notice it being set back. */
  private lastNow: number | null = null;

  constructor(
    public account: Account,
    private readonly deps: PollerDeps,
  ) {}

  /** Offline, asleep or not started: no timers, no rounds. */
  setSuspended(suspended: boolean): void {
    if (this.suspended === suspended) return;
    this.suspended = suspended;
    if (suspended) this.clearTimer();
    else this.schedule();
    this.deps.statusChanged();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.rerun?.waiters.forEach((resolve) => resolve());
    this.rerun = null;
  }

  /** The account was edited or signed in again: forget the sign-in trouble and look now. */
  replaceAccount(account: Account): void {
    this.account = account;
    this.authStopped = false;
  }

  /** A download the app itself started: look at it on the fast cadence from now on. */
  watch(key: DownloadKey): void {
    this.dueAt.set(key, this.now() + this.deps.settings().pollFastSeconds * 1000);
    if (!this.inFlight) this.schedule();
  }

  /**
   * The window shows these downloads (replacing the previous set) until `until`: they are
   * looked at on the fast cadence. A renderer that stops renewing (crashed, closed) falls back
   * to the adaptive schedule by itself.
   */
  setWatched(keys: ReadonlySet<DownloadKey>, until: number): void {
    const now = this.now();
    const added = [...keys].filter((k) => !this.watched.has(k));
    this.watched = keys;
    this.watchedUntil = until;
    if (added.length === 0) return;
    const { history, settings } = this.deps;
    const fast = settings().pollFastSeconds * 1000;
    const soonest = Math.max(now, (this.lastPollAt ?? 0) + fast);
    let changed = false;
    for (const key of added) {
      const tracked = history.get(key);
      if (!tracked || !isActive(tracked.download)) continue;
      if ((this.dueAt.get(key) ?? Infinity) > soonest) {
        this.dueAt.set(key, soonest);
        changed = true;
      }
    }
    if (changed && !this.inFlight) this.schedule();
  }

  private isWatched(key: DownloadKey, now: number): boolean {
    return now < this.watchedUntil && this.watched.has(key);
  }

  /** Runs a round now unless something says not to; resolves when that round is over. */
  trigger(reason: Trigger): Promise<void> {
    const now = this.now();
    if (reason === 'refresh' || reason === 'accounts') {
      this.authStopped = false;
      // The user asked: skip the error back-off, but a server's Retry-After still stands.
      this.errorUntil = null;
    }
    if (this.stopped || this.suspended || !this.canPoll()) return Promise.resolve();
    if (this.retryAt !== null && this.retryAt > now) return Promise.resolve();
    if (reason === 'focus') {
      if (this.errorUntil !== null && this.errorUntil > now) return Promise.resolve();
      if (this.lastPollAt !== null && now - this.lastPollAt < FOCUS_MIN_GAP_MS) return Promise.resolve();
    }
    if (this.inFlight) {
      return new Promise((resolve) => {
        this.rerun ??= { waiters: [] };
        this.rerun.waiters.push(resolve);
      });
    }
    return this.run(true);
  }

  /** The client waits inside the round's call before trying again: show it, with the time. */
  retryWaiting(wait: RetryWait): void {
    if (!this.inFlight) return;
    this.callWait = { until: wait.retryAt, error: toErrorInfo(wait.error) };
    this.deps.statusChanged();
  }

  /** Recomputes the timer, e.g. after a settings change. */
  schedule(): void {
    this.clearTimer();
    if (this.stopped || this.suspended || !this.canPoll() || this.inFlight) return;
    const at = this.nextRoundAt();
    this.timerAt = at;
    this.timer = this.deps.clock.setTimeout(
      () => {
        this.timer = null;
        this.timerAt = null;
        void this.run(false);
      },
      Math.min(2 ** 31 - 1, Math.max(0, at - this.now())),
    );
    this.deps.statusChanged();
  }

  status(online: boolean): AccountStatus {
    const now = this.now();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const rateLimited = this.retryAt !== null && this.retryAt > now;
    const waiting = this.callWait !== null && this.callWait.until > now ? this.callWait : null;
    let state: AccountStatus['state'] = 'ok';
    if (!this.canPoll()) state = 'needs-sign-in';
    else if (!online) state = 'offline';
    else if (rateLimited || waiting?.error.code === 'rate-limited') state = 'rate-limited';
    else if (waiting || this.lastError) state = 'error';
    return {
      accountId: this.account.id,
      polling: !this.stopped && !this.suspended && this.canPoll(),
      state,
      lastPollAt: iso(this.lastPollAt),
      nextPollAt: iso(this.timerAt),
      retryAt: rateLimited ? iso(this.retryAt) : waiting ? iso(waiting.until) : null,
      lastError: waiting?.error ?? this.lastError,
    };
  }

  private canPoll(): boolean {
    return !this.authStopped && this.account.state !== 'needs-sign-in';
  }

  private run(forced: boolean): Promise<void> {
    this.clearTimer();
    const round = this.round(forced).finally(() => {
      this.inFlight = null;
      this.callWait = null;
      const rerun = this.rerun;
      this.rerun = null;
      const now = this.now();
      const blocked = this.stopped || this.suspended || !this.canPoll() || (this.retryAt ?? 0) > now;
      if (rerun && !blocked) {
        void this.run(true).then(() => rerun.waiters.forEach((resolve) => resolve()));
      } else {
        rerun?.waiters.forEach((resolve) => resolve());
        this.schedule();
      }
      this.deps.statusChanged();
    });
    this.inFlight = round;
    return round;
  }

  private nextRoundAt(): number {
    const now = this.now();
    if (this.retryAt !== null && this.retryAt > now) return this.retryAt;
    if (this.errorUntil !== null && this.errorUntil > now) return this.errorUntil;
    if (this.lastListAt === null) return now;
    const slow = this.deps.settings().pollSlowSeconds * 1000;
    let at = this.lastListAt + slow;
    for (const t of this.dueAt.values()) at = Math.min(at, t);
    return Math.max(now, at);
  }

  private async round(forced: boolean): Promise<void> {
    const { history, settings } = this.deps;
    const startedAt = this.now();
    const accountId = this.account.id;
    try {
      const client = await this.deps.client(this.account);
      const cadence = settings();
      const fast = cadence.pollFastSeconds * 1000;
      const active = history.forAccount(accountId).filter((t) => isActive(t.download));
      const due = active.filter((t) => (this.dueAt.get(t.download.key) ?? 0) <= startedAt + DUE_SLACK_MS);
      const discoveryDue =
        this.lastListAt === null || startedAt + fast >= this.lastListAt + cadence.pollSlowSeconds * 1000;
      const baseline = !history.isBaselined(accountId);

      const fetched: Download[] = [];
      const missing: DownloadKey[] = [];
      const linkRefreshTried = new Map<DownloadKey, string>();
      let listed = false;
      // One list answers for every download; a get answers for one. Use whichever is fewer.
      if (forced || discoveryDue || due.length >= 2) {
        fetched.push(...(await client.list()));
        listed = true;
        const seen = new Set(fetched.map((d) => d.key));
        for (const t of active)
          if (!seen.has(t.download.key)) await this.getOne(client, t.download, fetched, missing);
      } else {
        for (const t of due) await this.getOne(client, t.download, fetched, missing);
      }
      await this.completeFiles(client, fetched, baseline, startedAt);
      await this.refreshExpiredLinks(client, fetched, missing, listed, linkRefreshTried);

      if (this.stopped) return;
      this.deps.apply(accountId, { fetched, missing, baseline, linkRefreshTried });
      const now = this.now();
      for (const key of missing) this.dueAt.delete(key);
      for (const d of fetched) {
        const tracked = history.get(d.key);
        const delay = tracked
          ? downloadPollDelay(tracked, now, cadence, { watched: this.isWatched(d.key, now) })
          : null;
        if (delay === null) this.dueAt.delete(d.key);
        else this.dueAt.set(d.key, now + delay);
      }
      this.lastPollAt = now;
      if (listed) this.lastListAt = now;
      this.errorAttempt = 0;
      this.errorUntil = null;
      this.retryAt = null;
      this.lastError = null;
    } catch (err) {
      if (this.stopped) return;
      this.failed(err);
    }
  }

  private async getOne(
    client: DatafinitiClient,
    download: Download,
    fetched: Download[],
    missing: DownloadKey[],
  ): Promise<void> {
    try {
      fetched.push(await client.get(download.id));
    } catch (err) {
      if (err instanceof AppError && err.code === 'not-found') missing.push(download.key);
      else throw err;
    }
  }

  /**
   * Downloads seen completed for the first time get what the list left out (the client knows
   * what that is). On an account's first import only those whose links can still work
   * (completed within their 7-day lifetime): an old account may list hundreds of long-expired
   * requests.
   */
  private async completeFiles(
    client: DatafinitiClient,
    fetched: Download[],
    baseline: boolean,
    now: number,
  ): Promise<void> {
    for (const [i, d] of fetched.entries()) {
      if (d.status !== 'completed' || d.files.length > 0) continue;
      if (baseline && !linksMayStillWork(d, now)) continue;
      const known = this.deps.history.get(d.key)?.download;
      if (known && known.status === 'completed') continue;
      try {
        fetched[i] = await client.completeListed(d);
      } catch (err) {
        if (err instanceof AppError && err.code === 'auth') throw err;
        this.deps.logger.warn('could not fetch the result files of a completed request', {
          accountId: this.account.id,
          id: d.id,
          error: toErrorInfo(err).message,
        });
      }
    }
  }

  /** Links that expired recently: ask once whether the API hands out fresh ones. */
  private async refreshExpiredLinks(
    client: DatafinitiClient,
    fetched: Download[],
    missing: DownloadKey[],
    listed: boolean,
    tried: Map<DownloadKey, string>,
  ): Promise<void> {
    const now = this.now();
    const { history } = this.deps;
    for (const tracked of history.forAccount(this.account.id)) {
      const expiry = earliestExpiry(tracked.download);
      if (tracked.download.status !== 'completed' || expiry === null) continue;
      if (expiry > now || now - expiry > LINK_REFRESH_WINDOW_MS) continue;
      const marker = new Date(expiry).toISOString();
      if (tracked.linkRefreshTriedFor === marker) continue;
      // A list answer that already carried new links is enough.
      const listedCopy = listed ? fetched.find((d) => d.key === tracked.download.key) : undefined;
      if (listedCopy && (earliestExpiry(listedCopy) ?? 0) > expiry) continue;
      // Asked once per expiry, whatever the answer: the monitor records it with the round.
      tried.set(tracked.download.key, marker);
      try {
        const fresh = await client.refreshLinks(tracked.download, listedCopy);
        const index = fetched.findIndex((d) => d.key === fresh.key);
        if (index >= 0) fetched[index] = fresh;
        else fetched.push(fresh);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not-found') missing.push(tracked.download.key);
        else if (err instanceof AppError && err.code === 'auth') throw err;
      }
    }
  }

  private failed(err: unknown): void {
    const now = this.now();
    const info = toErrorInfo(err);
    this.lastError = info;
    this.lastPollAt = now;
    if (err instanceof AppError && err.code === 'auth') {
      this.authStopped = true;
      // The API's own words go to the log (already redacted by the client) for support; the
      // account shows the app's words.
      this.deps.logger.warn('account needs sign-in; polling it stopped', {
        accountId: this.account.id,
        reason: err.message,
      });
      this.deps.authFailed(this.account, err);
      return;
    }
    this.errorAttempt += 1;
    const backoff = now + backoffDelay(this.errorAttempt, this.deps.random);
    const retryAt = retryAtOf(err);
    if (retryAt !== null) {
      this.retryAt = Math.max(retryAt, now + 1_000);
      this.errorUntil = null;
    } else {
      this.errorUntil = backoff;
    }
    this.deps.logger.warn('poll failed; backing off', {
      accountId: this.account.id,
      code: info.code,
      attempt: this.errorAttempt,
      until: new Date(this.retryAt ?? this.errorUntil ?? now).toISOString(),
    });
  }

  /**
   * The wall clock, with every time this poller keeps moved along when the clock was set back
   * (NTP, the user, a restored VM): a wait of 60 s stays 60 s instead of becoming days during
   * which nothing is polled. Timers run on a monotonic clock and need no change. A clock set
   * forward is left alone: it reads as time that passed, like a sleep, and looks at once.
   */
  private now(): number {
    const now = this.deps.clock.now();
    const back = this.lastNow === null ? 0 : this.lastNow - now;
    this.lastNow = now;
    if (back <= 0) return now;
    const shift = (t: number | null): number | null => (t === null ? null : t - back);
    this.timerAt = shift(this.timerAt);
    this.errorUntil = shift(this.errorUntil);
    this.retryAt = shift(this.retryAt);
    this.lastPollAt = shift(this.lastPollAt);
    this.lastListAt = shift(this.lastListAt);
    this.watchedUntil -= back;
    if (this.callWait) this.callWait = { ...this.callWait, until: this.callWait.until - back };
    for (const [key, at] of this.dueAt) this.dueAt.set(key, at - back);
    return now;
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = null;
  }
}

function linksMayStillWork(download: Download, now: number): boolean {
  const completed = Date.parse(download.completedAt ?? download.updatedAt ?? download.startedAt ?? '');
  return Number.isFinite(completed) && now - completed < LINK_LIFETIME_MS;
}
