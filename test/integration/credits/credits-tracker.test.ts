// The credits tracker against the simulator (which bills like Datafiniti) on a virtual clock:
// when it reads the free account page, and what it reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../main/core/datafiniti/index.js';
import { createCreditsTracker, type AccountCredits } from '../../../main/core/credits/index.js';
import type { Account } from '../../../preload/contract/index.js';
import { silentLogger } from '../../../main/core/ports.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { simTokenAccount } from '../../support/sim-world.js';
import { VirtualClock, settleIo } from '../../support/virtual-clock.js';

/** Loopback HTTP on a busy machine: give each read time to be answered. */
const settle = () => settleIo(100);

let sim: Simulator;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock();
  sim = await startSimulator({ now: clock.worldNow });
});
afterEach(async () => {
  await sim.close();
});

function accountOf(id: string, version: 'v3' | 'v4' = 'v4'): Account {
  return simTokenAccount(sim, id, version, clock.now());
}

function tracker(accounts: () => Account[], tokens: Map<string, string>) {
  const changes: AccountCredits[][] = [];
  const t = createCreditsTracker({
    clock,
    logger: silentLogger,
    accounts,
    clientFor: async (id) => {
      const a = accounts().find((x) => x.id === id)!;
      return createClient({
        accountId: id,
        version: a.version,
        baseUrl: a.baseUrl,
        token: tokens.get(id)!,
        // As the backend does: a failed read waits for the next occasion rather than retrying.
        maxRetries: 0,
        fetch,
        clock,
      });
    },
    onChange: (list) => changes.push(list),
  });
  return { t, changes };
}

const accountReads = () => sim.log.filter((e) => e.path === '/v4/account').length;

describe('credits per account', () => {
  it('reads v4 accounts when added, at most every 10 minutes otherwise, and never v3', async () => {
    const s4 = sim.addAccount({ version: 'v4', creditsAllotted: 2000 });
    const s3 = sim.addAccount({ version: 'v3' });
    let list = [accountOf('four'), accountOf('three', 'v3')];
    const tokens = new Map([
      ['four', s4.token],
      ['three', s3.token],
    ]);
    const { t } = tracker(() => list, tokens);
    t.start();
    await clock.advance(0, settle);
    expect(accountReads()).toBe(1);
    expect(t.get('four')?.figures).toMatchObject({ allotted: 2000, totalUsed: 0 });
    expect(t.get('three')).toBeUndefined();
    expect(sim.log.some((e) => e.path.startsWith('/v3/'))).toBe(false);

    // An hour with nothing happening: one read per 10 minutes, no more.
    await clock.advance(60 * 60_000, settle);
    expect(accountReads()).toBe(7);

    // A new account is read at once; a removed one is forgotten.
    const other = sim.addAccount({ version: 'v4' });
    tokens.set('other', other.token);
    list = [...list, accountOf('other')];
    t.accountsChanged();
    await clock.advance(0, settle);
    expect(t.get('other')?.figures?.usedByType).toEqual({
      businesses: 0,
      people: 0,
      products: 0,
      properties: 0,
    });
    list = list.filter((a) => a.id !== 'four');
    t.accountsChanged();
    expect(t.get('four')).toBeUndefined();
    t.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('after a start or a completion, shows what Datafiniti charged', async () => {
    const s4 = sim.addAccount({ version: 'v4' });
    const list = [accountOf('four')];
    const { t } = tracker(() => list, new Map([['four', s4.token]]));
    sim.addDownload(s4.token, {
      dataType: 'people',
      numRecords: 120,
      startedAt: clock.now(),
      queuedMs: 0,
      durationMs: 1000,
    });
    clock.jump(clock.now() + 5000);
    const before = accountReads();
    await t.refresh('four');
    expect(accountReads() - before).toBe(1);
    expect(t.get('four')?.figures?.usedByType.people).toBe(120);
    expect(t.get('four')?.checkedAt).toBe(new Date(clock.now()).toISOString());
  });

  it('asks made while a read is under way share one more read, which sees what the first could not', async () => {
    const s4 = sim.addAccount({ version: 'v4' });
    const list = [accountOf('four')];
    const { t } = tracker(() => list, new Map([['four', s4.token]]));
    const before = accountReads();
    const first = t.refresh('four');
    const asks = [t.refresh('four'), t.refresh('four')];
    await first;
    expect(t.get('four')?.figures?.usedByType.people).toBe(0);
    // Billed after the first read was answered (a completion the first read could not see).
    sim.addDownload(s4.token, {
      dataType: 'people',
      numRecords: 70,
      startedAt: clock.now() - 10_000,
      queuedMs: 0,
      durationMs: 1000,
    });
    await Promise.all(asks);
    expect(accountReads() - before).toBe(2);
    expect(t.get('four')?.figures?.usedByType.people).toBe(70);
  });

  it('keeps the last figures and says why when a read fails', async () => {
    const s4 = sim.addAccount({ version: 'v4' });
    const list = [accountOf('four')];
    const { t } = tracker(() => list, new Map([['four', s4.token]]));
    await t.refresh('four');
    sim.inject({ kind: 'server-html', path: '/v4/account', times: 10 });
    await t.refresh('four');
    expect(t.get('four')?.figures?.totalUsed).toBe(0);
    expect(t.get('four')?.error?.code).toBe('server');
  });

  it('keeps reading every 10 minutes after the clock is set back a day', async () => {
    const s4 = sim.addAccount({ version: 'v4' });
    const list = [accountOf('four')];
    const { t } = tracker(() => list, new Map([['four', s4.token]]));
    t.start();
    await clock.advance(0, settle);
    clock.setWallClock(clock.now() - 24 * 60 * 60_000);
    const before = accountReads();
    await clock.advance(60 * 60_000, settle);
    expect(accountReads() - before).toBeGreaterThanOrEqual(5);
    t.stop();
  });
});
