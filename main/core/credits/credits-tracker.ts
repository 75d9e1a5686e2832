// Credits per account, from `GET /v4/account` (free): read when an account is added, after each
// start, completion and Verify, and at most every 10 minutes otherwise. v3 has no account page.
import type { DatafinitiClient } from '../datafiniti/client-types.js';
import { toErrorInfo } from '../errors.js';
import type { Account } from '../../../preload/contract/index.js';
import type { Clock, Logger, TimerHandle } from '../ports.js';
import { readCreditFigures, type AccountCredits } from './credit-figures.js';

export const CREDITS_REFRESH_MS = 10 * 60_000;

export interface CreditsTrackerOptions {
  clock: Clock;
  logger: Logger;
  accounts: () => Account[];
  clientFor: (accountId: string) => Promise<DatafinitiClient>;
  onChange: (credits: AccountCredits[]) => void;
}

export interface CreditsTracker {
  all(): AccountCredits[];
  get(accountId: string): AccountCredits | undefined;
  /**
   * Reads now. An ask while a read is under way may come from something that read predates (a
   * completion, a Verify), so one more read follows it, shared by every ask made meanwhile.
   */
  refresh(accountId: string): Promise<void>;
  /** New accounts are read, removed ones forgotten. */
  accountsChanged(): void;
  start(): void;
  stop(): void;
}

export function createCreditsTracker(options: CreditsTrackerOptions): CreditsTracker {
  const { clock, logger } = options;
  const credits = new Map<string, AccountCredits>();
  const inFlight = new Map<string, Promise<void>>();
  /** The one read queued behind the one under way, per account. */
  const followUps = new Map<string, Promise<void>>();
  /** When each account's last read was sent: the next periodic one is due 10 minutes later. */
  const lastAsked = new Map<string, number>();
  let timer: TimerHandle | null = null;
  let running = false;

  const changed = (): void => options.onChange([...credits.values()]);

  const readable = (account: Account): boolean => account.version === 'v4' && account.state === 'ok';

  async function read(accountId: string): Promise<void> {
    const account = options.accounts().find((a) => a.id === accountId);
    if (!account || !readable(account)) return;
    const previous = credits.get(accountId);
    lastAsked.set(accountId, clock.now());
    try {
      const client = await options.clientFor(accountId);
      const body = await client.account();
      if (!options.accounts().some((a) => a.id === accountId)) return;
      credits.set(accountId, {
        accountId,
        figures: readCreditFigures(body),
        checkedAt: new Date(clock.now()).toISOString(),
        error: null,
      });
    } catch (err) {
      if (!options.accounts().some((a) => a.id === accountId)) return;
      logger.warn('account credits could not be read', { accountId, code: toErrorInfo(err).code });
      credits.set(accountId, {
        accountId,
        figures: previous?.figures ?? null,
        checkedAt: previous?.checkedAt ?? null,
        error: toErrorInfo(err),
      });
    }
    changed();
  }

  function readNow(accountId: string): Promise<void> {
    const next = read(accountId).finally(() => inFlight.delete(accountId));
    inFlight.set(accountId, next);
    return next;
  }

  function refresh(accountId: string): Promise<void> {
    const current = inFlight.get(accountId);
    if (!current) return readNow(accountId);
    const queued = followUps.get(accountId);
    if (queued) return queued;
    // `current` settles after its own entry is gone, so the follow-up is a read of its own.
    const followUp = current.then(() => {
      followUps.delete(accountId);
      return readNow(accountId);
    });
    followUps.set(accountId, followUp);
    return followUp;
  }

  function stale(accountId: string): boolean {
    // Measured from when the last read was sent, not answered: the answer's own delay must not
    // push the next periodic read a whole period later.
    // A read "in the future" means the clock was set back: its age is unknown, and a read is free.
    const asked = lastAsked.get(accountId);
    if (asked === undefined) return true;
    const age = clock.now() - asked;
    return age < 0 || age >= CREDITS_REFRESH_MS;
  }

  function schedule(): void {
    if (!running) return;
    timer = clock.setTimeout(() => {
      for (const account of options.accounts()) {
        if (readable(account) && stale(account.id)) void refresh(account.id);
      }
      schedule();
    }, CREDITS_REFRESH_MS);
  }

  return {
    all: () => [...credits.values()],
    get: (accountId) => credits.get(accountId),
    refresh,
    accountsChanged() {
      const accounts = options.accounts();
      let removed = false;
      for (const id of [...credits.keys()]) {
        if (!accounts.some((a) => a.id === id)) {
          credits.delete(id);
          lastAsked.delete(id);
          removed = true;
        }
      }
      if (removed) changed();
      for (const account of accounts) {
        // New, or back after a failed read (signed in again, say).
        const known = credits.get(account.id);
        if (readable(account) && (!known || known.error)) void refresh(account.id);
      }
    },
    start() {
      if (running) return;
      running = true;
      for (const account of options.accounts()) if (readable(account)) void refresh(account.id);
      schedule();
    },
    stop() {
      running = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
