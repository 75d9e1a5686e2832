// Issue 16: a download that Datafiniti answers 404 for stays in the list, marked as gone, and
// is not asked for again; the same id twice in one list is logged, not dropped in silence.
// The monitor with the real client against the simulator over HTTP, on a virtual clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createBackend } from '../../../main/core/backend/index.js';
import { createNodePorts } from '../../harness/node-ports.js';
import { createClient } from '../../../main/core/datafiniti/index.js';
import type { Account } from '../../../preload/contract/index.js';
import type { Logger } from '../../../main/core/ports.js';
import { createMonitor, type Monitor } from '../../../main/core/monitor/index.js';
import { createMemoryStore, DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import { historyInKeyValueStore } from '../../../main/core/stores/index.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { simTokenAccount } from '../../support/sim-world.js';
import { createCallTracker } from '../../support/call-tracker.js';
import { settleIo, VirtualClock } from '../../support/virtual-clock.js';

let sim: Simulator;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await sim.close();
});

async function setUp() {
  const clock = new VirtualClock();
  sim = await startSimulator({ now: clock.now, seed: 7 });
  const simAccount = sim.addAccount({ version: 'v4' });
  const account: Account = simTokenAccount(sim, 'a', 'v4', clock.now());
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
    error: () => {},
  };
  const calls = createCallTracker();
  const monitor: Monitor = createMonitor({
    clock,
    store: historyInKeyValueStore(createMemoryStore()),
    settings: () => DEFAULT_SETTINGS,
    accounts: () => [account],
    random: () => 0.5,
    logger,
    clientFor: async () =>
      calls.track(
        createClient({
          accountId: account.id,
          version: 'v4',
          baseUrl: account.baseUrl,
          token: simAccount.token,
          fetch,
          clock,
          random: () => 0.5,
          maxRetries: 0,
        }),
      ),
  });
  const advance = (ms: number) =>
    clock.advance(ms, async () => {
      await settleIo(1);
      await Promise.race([calls.idle(), settleIo(300)]);
      await settleIo(1);
    });
  cleanup.push(() => monitor.stop());
  return { monitor, simAccount, warnings, advance };
}

it('keeps a download that answers 404, marked as gone, and stops asking for it', async () => {
  const { monitor, simAccount, warnings, advance } = await setUp();
  const d = sim.addDownload(simAccount.token, { numRecords: 5000, durationMs: 3_600_000 });
  monitor.start();
  await advance(10_000);
  expect(monitor.downloads().map((x) => x.id)).toEqual([String(d.id)]);

  sim.removeDownload(String(d.id));
  await advance(60_000);
  const [gone] = monitor.downloads();
  expect(gone).toMatchObject({ id: String(d.id), goneAt: expect.any(String) });
  expect(warnings.some((w) => /no longer lists/.test(w.message))).toBe(true);

  const asked = () => sim.log.filter((e) => e.path.endsWith(`/downloads/${d.id}`)).length;
  const before = asked();
  await advance(120_000);
  expect(asked()).toBe(before);
});

it('logs a download listed twice in one answer', async () => {
  // A paged list shifts when a download starts between two pages, so the same one comes twice.
  // This stand-in repeats the first record of the simulator's real list answer to show that.
  const doubling: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!/\/downloads$/.test(url.pathname) || (init?.method ?? 'GET') !== 'GET') return response;
    const body = (await response.json()) as unknown;
    const list = Array.isArray(body) ? body : (body as { records?: unknown[] }).records;
    if (Array.isArray(list) && list.length > 0) list.push(list[0]);
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
  const clock = new VirtualClock();
  sim = await startSimulator({ now: clock.now, seed: 7 });
  const dir = mkdtempSync(path.join(tmpdir(), 'dup-'));
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
    error: () => {},
  };
  const node = createNodePorts({
    dataDir: path.join(dir, 'data'),
    downloadsDir: path.join(dir, 'Downloads'),
    clock,
    logger,
    fetch: doubling,
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
  });
  const backend = createBackend({ ...node.ports, random: () => 0.5 });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => backend.dispose());
  await backend.start();
  const simAccount = sim.addAccount({ version: 'v4' });
  const d = sim.addDownload(simAccount.token, { numRecords: 500, durationMs: 60_000 });
  const added = await backend.call('accounts.add', [{ label: 'A', version: 'v4', token: simAccount.token }]);
  expect(added.ok).toBe(true);
  for (let i = 0; i < 10; i++) await clock.advance(1000);
  const snap = (await backend.api.downloads.snapshot()).downloads;
  expect(snap.map((x) => x.id)).toEqual([String(d.id)]);
  expect(warnings).toContainEqual({
    message: 'Datafiniti listed a download twice; the first copy is kept',
    fields: { accountId: expect.any(String), id: String(d.id) },
  });
});
