// One simulated day, two accounts, downloads started in the portal at different times: the
// monitor engine against a naive poller that lists every 5 s, as the official guides do.
// Reports API calls and the delay from each download's end to its event, side by side.
import { pathToFileURL } from 'node:url';
import { createClient } from '../../main/core/datafiniti/index.js';
import {
  isActive,
  TERMINAL_STATUSES,
  type Account,
  type DownloadStatus,
} from '../../preload/contract/index.js';
import type { DatafinitiClient } from '../../main/core/datafiniti/index.js';
import { createMonitor } from '../../main/core/monitor/index.js';
import { createMemoryStore, DEFAULT_SETTINGS } from '../../main/core/settings/index.js';
import { historyInKeyValueStore } from '../../main/core/stores/index.js';
import { startSimulator, type Simulator, type SimDownloadOptions } from '../sim/index.js';
import { simTokenAccount } from '../support/sim-world.js';
import { createCallTracker } from '../support/call-tracker.js';
import { VirtualClock } from '../support/virtual-clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const QUEUED_MS = 2 * SECOND;
const DAY_START = Date.parse('2026-01-05T00:00:00Z');

interface Planned {
  account: 'a' | 'b';
  at: number;
  durationMin: number;
  outcome: NonNullable<SimDownloadOptions['outcome']>;
}

/** Start offsets (from midnight) and running times, 3 to 90 minutes; one fails, one is cancelled. */
const PLAN: Planned[] = [
  { account: 'a', at: 8 * HOUR + 10 * MINUTE, durationMin: 3, outcome: 'completed' },
  { account: 'a', at: 9 * HOUR + 37 * MINUTE, durationMin: 45, outcome: 'completed' },
  { account: 'b', at: 10 * HOUR + 2 * MINUTE, durationMin: 12, outcome: 'completed' },
  { account: 'b', at: 11 * HOUR + 48 * MINUTE, durationMin: 60, outcome: 'cancelled' },
  { account: 'a', at: 13 * HOUR + 5 * MINUTE, durationMin: 90, outcome: 'completed' },
  { account: 'a', at: 15 * HOUR + 20 * MINUTE, durationMin: 20, outcome: 'failed' },
  { account: 'b', at: 17 * HOUR + 33 * MINUTE, durationMin: 7, outcome: 'completed' },
  { account: 'b', at: 17 * HOUR + 41 * MINUTE, durationMin: 25, outcome: 'completed' },
];

interface RunResult {
  calls: number;
  /** Delay (ms) from each download's end to the moment the poller reported it. */
  delays: number[];
  /** The same for downloads that completed (failures and cancels cannot be predicted). */
  completedDelays: number[];
  /** The same for failures and cancels. */
  unpredictedDelays: number[];
  missed: number;
}

interface Scenario {
  clock: VirtualClock;
  sim: Simulator;
  accounts: Account[];
  clientFor: (account: Account) => DatafinitiClient;
  /** Download id -> epoch ms it ends. */
  endsAt: Map<string, number>;
  outcomes: Map<string, Planned['outcome']>;
}

async function scenario(): Promise<Scenario> {
  const clock = new VirtualClock(DAY_START);
  const sim = await startSimulator({ now: clock.now, seed: 11 });
  const tokens = new Map<string, string>();
  const accounts: Account[] = (['a', 'b'] as const).map((id) => {
    const version = id === 'a' ? 'v4' : 'v3';
    tokens.set(id, sim.addAccount({ version }).token);
    return simTokenAccount(sim, id, version, DAY_START);
  });
  const endsAt = new Map<string, number>();
  const outcomes = new Map<string, Planned['outcome']>();
  for (const p of PLAN) {
    clock.setTimeout(() => {
      const d = sim.addDownload(tokens.get(p.account)!, {
        startedAt: clock.now(),
        queuedMs: QUEUED_MS,
        durationMs: p.durationMin * MINUTE,
        numRecords: p.durationMin * 1000,
        outcome: p.outcome,
      });
      endsAt.set(d.id, clock.now() + QUEUED_MS + p.durationMin * MINUTE);
      outcomes.set(d.id, p.outcome);
    }, p.at);
  }
  const clientFor = (account: Account): DatafinitiClient =>
    createClient({
      accountId: account.id,
      version: account.version,
      baseUrl: account.baseUrl,
      token: tokens.get(account.id)!,
      fetch,
      clock,
      random: () => 0.5,
      maxRetries: 0,
    });
  return { clock, sim, accounts, clientFor, endsAt, outcomes };
}

function delaysOf(
  s: Scenario,
  reportedAt: Map<string, number>,
): Pick<RunResult, 'delays' | 'completedDelays' | 'unpredictedDelays' | 'missed'> {
  const delays: number[] = [];
  const completedDelays: number[] = [];
  const unpredictedDelays: number[] = [];
  let missed = 0;
  for (const [id, end] of s.endsAt) {
    const at = reportedAt.get(id);
    if (at === undefined) missed += 1;
    else {
      delays.push(at - end);
      if (s.outcomes.get(id) === 'completed') completedDelays.push(at - end);
      else unpredictedDelays.push(at - end);
    }
  }
  return { delays, completedDelays, unpredictedDelays, missed };
}

/**
 * `watched`: the window stays visible all day and shows every running download (the most it
 * can cost): the renderer reports them on every change and renews the list every 30 s.
 */
async function runEngine(watched = false): Promise<RunResult> {
  const s = await scenario();
  const reportedAt = new Map<string, number>();
  const watchActive = (): void => {
    if (!watched) return;
    monitor.watch(
      monitor
        .downloads()
        .filter(isActive)
        .map((d) => d.key),
    );
  };
  const inFlight = createCallTracker();
  const monitor = createMonitor({
    clock: s.clock,
    store: historyInKeyValueStore(createMemoryStore()),
    settings: () => DEFAULT_SETTINGS,
    accounts: () => s.accounts,
    clientFor: async (account) => inFlight.track(s.clientFor(account)),
    random: () => 0.5,
    onDownloads: watchActive,
    onEvents: (events) => {
      for (const e of events) {
        if (TERMINAL_STATUSES.has(e.kind as DownloadStatus) && !reportedAt.has(e.download.id)) {
          reportedAt.set(e.download.id, s.clock.now());
        }
      }
    },
  });
  monitor.start();
  const renew = (): void => {
    watchActive();
    s.clock.setTimeout(renew, 30 * SECOND);
  };
  if (watched) renew();
  await s.clock.advance(DAY, async () => {
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.race([inFlight.idle(), new Promise((resolve) => setTimeout(resolve, 200))]);
  });
  monitor.stop();
  const calls = s.sim.log.length;
  await s.sim.close();
  return { calls, ...delaysOf(s, reportedAt) };
}

/** What every documented client does: list the account's downloads every 5 s, forever. */
async function runNaive(): Promise<RunResult> {
  const s = await scenario();
  const reportedAt = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  for (const account of s.accounts) {
    const client = s.clientFor(account);
    const tick = (): void => {
      const round = client
        .list()
        .then((downloads) => {
          for (const d of downloads) {
            if (TERMINAL_STATUSES.has(d.status) && !reportedAt.has(d.id)) reportedAt.set(d.id, s.clock.now());
          }
        })
        .catch(() => {})
        .finally(() => inFlight.delete(round));
      inFlight.add(round);
      s.clock.setTimeout(tick, 5 * SECOND);
    };
    tick();
  }
  await s.clock.advance(DAY, async () => {
    await new Promise((resolve) => setImmediate(resolve));
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  });
  const calls = s.sim.log.length;
  await s.sim.close();
  return { calls, ...delaysOf(s, reportedAt) };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function runMonitorBench(): Promise<string[]> {
  const started = Date.now();
  const engine = await runEngine();
  const watched = await runEngine(true);
  const naive = await runNaive();
  const ratio = engine.calls / naive.calls;
  const watchedRatio = watched.calls / naive.calls;
  const p95 = percentile(engine.completedDelays, 95);
  const unpredictedP95 = percentile(engine.unpredictedDelays, 95);
  const row = (label: string, e: string, w: string, n: string) =>
    `  ${label.padEnd(34)}${e.padStart(12)}${w.padStart(12)}${n.padStart(12)}`;
  const delayRows = (label: string, pick: (r: RunResult) => number[]) =>
    (['p50', 'p95', 'max'] as const).map((which) => {
      const at = (r: RunResult) =>
        seconds(which === 'max' ? Math.max(...pick(r)) : percentile(pick(r), which === 'p50' ? 50 : 95));
      return row(`${label} ${which}`, at(engine), at(watched), at(naive));
    });
  const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  return [
    `monitor: one simulated day, 2 accounts (v4 + v3), ${PLAN.length} downloads of 3-90 min (1 failed, 1 cancelled)`,
    row('', 'engine', 'watched', 'naive 5 s'),
    row('API calls', String(engine.calls), String(watched.calls), String(naive.calls)),
    row('calls vs naive', `${ratio.toFixed(3)}x`, `${watchedRatio.toFixed(3)}x`, '1.000x'),
    ...delayRows('completed -> event', (r) => r.completedDelays),
    ...delayRows('failed/cancelled -> event', (r) => r.unpredictedDelays),
    ...delayRows('any outcome -> event', (r) => r.delays),
    row('outcomes missed', String(engine.missed), String(watched.missed), String(naive.missed)),
    `  engine (window hidden): calls ${ratio.toFixed(3)}x naive (target <= 0.10x) ${met(ratio <= 0.1)};` +
      ` completion p95 ${seconds(p95)} (target <= 5 s) ${met(p95 <= 5000)};` +
      ` failed/cancelled p95 ${seconds(unpredictedP95)} (target <= 15 s) ${met(unpredictedP95 <= 15_000)}` +
      `${engine.missed === 0 ? '' : `; ${engine.missed} outcome(s) MISSED`}`,
    `  calls while watched (window visible all day, every running download on screen, polled every 5 s` +
      ` while it runs): ${watchedRatio.toFixed(3)}x naive`,
    `  (real time ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runMonitorBench()) console.log(line);
}
