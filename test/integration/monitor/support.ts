// Runs the monitor against the real simulator over HTTP with the real client, on a virtual
// clock, and records what a user would notice: events, notifications, statuses. The history
// is kept as the app keeps it, in history.json and its journal in a temporary folder, so a
// restart reads back what the files hold.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '../../../main/core/datafiniti/index.js';
import type { AppError } from '../../../main/core/errors.js';
import type {
  Account,
  AccountStatus,
  AppNotification,
  Download,
  Settings,
} from '../../../preload/contract/index.js';
import {
  createMonitor,
  planNotifications,
  type DownloadEvent,
  type HistoryStorage,
  type Monitor,
} from '../../../main/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import { createHistoryFileStore } from '../../../main/core/stores/index.js';
import { startSimulator, type SimAccount, type Simulator } from '../../sim/index.js';
import { simTokenAccount } from '../../support/sim-world.js';
import { createCallTracker } from '../../support/call-tracker.js';
import { settleIo, VirtualClock } from '../../support/virtual-clock.js';

export interface RecordedEvents {
  events: DownloadEvent[];
  startup: boolean;
  at: number;
}

export interface Harness {
  clock: VirtualClock;
  sim: Simulator;
  store: HistoryStorage;
  settings: Settings;
  accounts: Account[];
  simAccounts: Map<string, SimAccount>;
  monitor: Monitor;
  batches: RecordedEvents[];
  notifications: AppNotification[];
  statuses: AccountStatus[][];
  authFailures: { accountId: string; error: AppError }[];
  addAccount(id: string, version?: 'v3' | 'v4', opts?: Partial<SimAccount>): SimAccount;
  /** Builds a fresh monitor on the same store, as after an app restart. */
  restart(): Monitor;
  advance(ms: number): Promise<void>;
  /** Resolves once no API call is in flight. */
  idle(): Promise<void>;
  /** Events of a kind, with the virtual time they were delivered. */
  eventsOf(
    kind: DownloadEvent['kind'],
    downloadId?: string,
  ): { event: DownloadEvent; at: number; startup: boolean }[];
  apiCalls(): number;
  close(): Promise<void>;
}

export async function createHarness(
  options: {
    store?: HistoryStorage;
    settings?: Partial<Settings>;
    start?: number;
    /** Retries inside a client call (default 0: the monitor's own back-off shows each fault). */
    clientRetries?: number;
  } = {},
): Promise<Harness> {
  const clock = new VirtualClock(options.start);
  const sim = await startSimulator({ now: clock.worldNow, seed: 7 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-history-'));
  const store = options.store ?? createHistoryFileStore({ file: path.join(dir, 'history.json') });
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const accounts: Account[] = [];
  const simAccounts = new Map<string, SimAccount>();
  const batches: RecordedEvents[] = [];
  const notifications: AppNotification[] = [];
  const statuses: AccountStatus[][] = [];
  const authFailures: { accountId: string; error: AppError }[] = [];

  const calls = createCallTracker();
  const build = (): Monitor =>
    createMonitor({
      clock,
      store,
      settings: () => settings,
      accounts: () => accounts,
      random: () => 0.5,
      clientFor: async (account, hooks) =>
        calls.track(
          createClient({
            accountId: account.id,
            version: account.version,
            baseUrl: account.baseUrl,
            token: simAccounts.get(account.id)!.token,
            fetch,
            clock,
            random: () => 0.5,
            // The monitor owns retries and back-off here, so a fault shows as the monitor sees it.
            maxRetries: options.clientRetries ?? 0,
            onRetryWait: hooks.onRetryWait,
          }),
        ),
      onEvents: (events, meta) => {
        batches.push({ events, startup: meta.startup, at: clock.now() });
        notifications.push(...planNotifications(events, settings, meta));
      },
      onStatus: (s) => statuses.push(s),
      onAuthFailure: (accountId, error) => authFailures.push({ accountId, error }),
    });

  const harness: Harness = {
    clock,
    sim,
    store,
    settings,
    accounts,
    simAccounts,
    monitor: build(),
    batches,
    notifications,
    statuses,
    authFailures,
    addAccount(id, version = 'v4', opts = {}) {
      const simAccount = sim.addAccount({ version, ...opts });
      simAccounts.set(id, simAccount);
      accounts.push(simTokenAccount(sim, id, version, clock.now()));
      return simAccount;
    },
    restart() {
      harness.monitor.stop();
      harness.monitor = build();
      return harness.monitor;
    },
    advance: (ms) => clock.advance(ms, () => settle(calls.idle)),
    idle: () => calls.idle(),
    eventsOf(kind, downloadId) {
      return batches.flatMap((b) =>
        b.events
          .filter((e) => e.kind === kind && (downloadId === undefined || e.download.id === downloadId))
          .map((event) => ({ event, at: b.at, startup: b.startup })),
      );
    },
    apiCalls: () => sim.log.filter((e) => !e.path.startsWith(new URL(sim.files).pathname)).length,
    async close() {
      harness.monitor.stop();
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * Lets loopback HTTP answer: waits until no round is in flight, but at most a little real time
 * (a round may itself wait on a virtual timer, which only `advance` can fire).
 */
async function settle(idle: () => Promise<void>): Promise<void> {
  await settleIo(1);
  await Promise.race([idle(), settleIo(300)]);
  await settleIo(1);
}

export type { Download };
