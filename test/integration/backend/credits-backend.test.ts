// Credits through the contract, against the simulator's own bill: a count is paid for once, a
// start is sent once however often it is asked for at the same time, and the estimate and the
// credits event say what Datafiniti reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../main/core/backend/index.js';
import type { Backend } from '../../../main/core/backend/types.js';
import type { AccountCredits, CallResult, StartEstimate } from '../../../preload/contract/index.js';
import { startSimulator, type SimAccount, type Simulator } from '../../sim/index.js';
import { createNodePorts } from '../../harness/node-ports.js';

let sim: Simulator;
let dir: string;
let backend: Backend;
let creditEvents: AccountCredits[][];

async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const result = (await backend.call(method, args)) as CallResult<T>;
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

beforeEach(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(path.join(tmpdir(), 'credits-backend-'));
  const node = createNodePorts({
    dataDir: path.join(dir, 'data'),
    downloadsDir: path.join(dir, 'Downloads'),
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
  });
  backend = createBackend({ ...node.ports, random: () => 0.5 });
  creditEvents = [];
  backend.subscribe((event, payload) => {
    if (event === 'credits') creditEvents.push(payload as AccountCredits[]);
  });
  await backend.start();
});

afterEach(async () => {
  await backend.dispose();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function added(s: SimAccount, label = 'Research'): Promise<string> {
  const account = await call<{ id: string }>('accounts.add', { label, version: 'v4', token: s.token });
  return account.id;
}

const billOf = (s: SimAccount) => sim.charges().accounts.find((a) => a.token === s.token)!;

describe('credits through the contract', () => {
  it('pays for a count once; asking again and the estimate are free', async () => {
    const s = sim.addAccount({ version: 'v4' });
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
    const s = sim.addAccount({ version: 'v4' });
    const accountId = await added(s);
    sim.inject({ kind: 'slow', path: '/v4/businesses/search', method: 'POST', delayMs: 300 });
    const input = { accountId, dataType: 'businesses', query: 'city:Austin', format: 'csv' };
    const [a, b] = await Promise.all([
      backend.call('downloads.start', [input]),
      backend.call('downloads.start', [input]),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = (a.ok ? b : a) as Extract<CallResult<unknown>, { ok: false }>;
    expect(refused.error.message).toMatch(/already being started/);
    expect(billOf(s).downloads).toHaveLength(1);
    // Once answered, the same input may be started again on purpose.
    expect((await backend.call('downloads.start', [input])).ok).toBe(true);
    expect(billOf(s).downloads).toHaveLength(2);
  });

  it('reads the account page when an account is added and after a start, and reports it', async () => {
    const s = sim.addAccount({ version: 'v4', creditsAllotted: 900 });
    const accountId = await added(s);
    await expect
      .poll(async () =>
        (await call<AccountCredits[]>('accounts.credits')).find((c) => c.accountId === accountId),
      )
      .toMatchObject({ figures: { allotted: 900, totalUsed: 0 }, error: null });
    const reads = () => sim.log.filter((e) => e.path === '/v4/account').length;
    const before = reads();
    await call('downloads.start', { accountId, dataType: 'people', query: 'city:Austin', format: 'csv' });
    await expect.poll(reads).toBe(before + 1);
    expect(creditEvents.at(-1)?.[0]?.accountId).toBe(accountId);
    // A removed account's figures go with it.
    await call('accounts.remove', accountId);
    expect(await call<AccountCredits[]>('accounts.credits')).toEqual([]);
  });
});
