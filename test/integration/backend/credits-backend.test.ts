// Credits through the contract, against the simulator's own bill: a count is paid for once, a
// start is sent once however often it is asked for at the same time, and the estimate and the
// credits event say what Datafiniti reports.
import { describe, expect, it } from 'vitest';
import type { AccountCredits, CallResult, StartEstimate } from '../../../preload/contract/index.js';
import type { SimAccount } from '../../sim/index.js';
import { useBackendWorld } from './support.js';

const world = useBackendWorld({ tempPrefix: 'credits-backend-', clock: 'real' });
const { call } = world;

async function added(s: SimAccount, label = 'Research'): Promise<string> {
  const account = await call<{ id: string }>('accounts.add', { label, version: 'v4', token: s.token });
  return account.id;
}

const billOf = (s: SimAccount) => world.sim.charges().accounts.find((a) => a.token === s.token)!;

describe('credits through the contract', () => {
  it('pays for a count once; asking again and the estimate are free', async () => {
    const s = world.sim.addAccount({ version: 'v4' });
    const accountId = await added(s);
    const input = { accountId, dataType: 'products', query: 'brand:Acme', format: 'csv', numRecords: 5000 };
    const first = await call<{ numFound: number; checkedAt: string }>('downloads.preview', input);
    const again = await call<{ numFound: number; checkedAt: string }>('downloads.preview', {
      ...input,
      format: 'json',
      numRecords: null,
    });
    expect(again).toEqual({ numFound: first.numFound, totalCost: null, checkedAt: first.checkedAt });
    expect(billOf(s).searches).toHaveLength(1);
    expect(billOf(s).total).toBe(1);

    const estimate = await call<StartEstimate>('downloads.estimate', { ...input, numRecords: 40 });
    expect(estimate.text).toBe('This download will use about 40 product credits.');
    expect(billOf(s).total).toBe(1);
  });

  it('sends a start once when it is asked for twice at the same time', async () => {
    const s = world.sim.addAccount({ version: 'v4' });
    const accountId = await added(s);
    world.sim.inject({ kind: 'slow', path: '/v4/businesses/search', method: 'POST', delayMs: 300 });
    const input = { accountId, dataType: 'businesses', query: 'city:Austin', format: 'csv' };
    const [a, b] = await Promise.all([
      world.backend.call('downloads.start', [input]),
      world.backend.call('downloads.start', [input]),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = (a.ok ? b : a) as Extract<CallResult<unknown>, { ok: false }>;
    expect(refused.error.message).toMatch(/already being started/);
    expect(billOf(s).downloads).toHaveLength(1);
    // Once answered, the same input may be started again on purpose.
    expect((await world.backend.call('downloads.start', [input])).ok).toBe(true);
    expect(billOf(s).downloads).toHaveLength(2);
  });

  it('reads the account page when an account is added and after a start, and reports it', async () => {
    const s = world.sim.addAccount({ version: 'v4', creditsAllotted: 900 });
    const accountId = await added(s);
    await expect
      .poll(async () =>
        (await call<AccountCredits[]>('accounts.credits')).find((c) => c.accountId === accountId),
      )
      .toMatchObject({ figures: { allotted: 900, totalUsed: 0 }, error: null });
    const reads = () => world.sim.log.filter((e) => e.path === '/v4/account').length;
    const before = reads();
    await call('downloads.start', { accountId, dataType: 'people', query: 'city:Austin', format: 'csv' });
    await expect.poll(reads).toBe(before + 1);
    expect(world.eventsOf<AccountCredits[]>('credits').at(-1)?.[0]?.accountId).toBe(accountId);
    // A removed account's figures go with it.
    await call('accounts.remove', accountId);
    expect(await call<AccountCredits[]>('accounts.credits')).toEqual([]);
  });

  it('Verify reads the account page again, so a charge made since shows', async () => {
    const s = world.sim.addAccount({ version: 'v4' });
    const accountId = await added(s);
    const creditsOf = async () =>
      (await call<AccountCredits[]>('accounts.credits')).find((c) => c.accountId === accountId);
    await expect.poll(async () => (await creditsOf())?.figures?.usedByType.products).toBe(0);
    // Gathered and billed on Datafiniti's side (from another machine, say): no event reaches us.
    world.sim.addDownload(s.token, {
      dataType: 'products',
      numRecords: 400,
      startedAt: Date.now() - 3_600_000,
      durationMs: 60_000,
    });
    await call('accounts.verify', accountId);
    await expect.poll(async () => (await creditsOf())?.figures?.usedByType.products).toBe(400);
    expect(billOf(s).used.products).toBe(400);
  });
});
