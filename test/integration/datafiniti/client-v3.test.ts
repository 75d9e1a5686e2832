// The v3 client against the simulator: Basic auth, requests, the 303 start, results files.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type DatafinitiClient } from '../../../main/core/datafiniti/index.js';
import { startSimulator, type SimAccount, type Simulator } from '../../sim/index.js';
import { rejection } from '../../support/app-error.js';
import { electronNetFetch } from '../../support/electron-net-fetch.js';

let sim: Simulator;
let account: SimAccount;
let client: DatafinitiClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clearFaults();
  sim.clearLog();
  account = sim.addAccount({ version: 'v3' });
  client = createClient({
    accountId: 'acc-3',
    version: 'v3',
    baseUrl: sim.v3,
    token: account.token,
    fetch: electronNetFetch,
    timeoutMs: 2000,
    random: () => 0,
  });
});

describe('v3 client', () => {
  it('authenticates with Basic base64("token:"), never with api_key', async () => {
    await client.verify();
    const entry = sim.log.at(-1);
    expect(entry).toMatchObject({ path: '/v3/requests', auth: 'basic', status: 200 });
    expect(entry?.authorization).toBe(`Basic ${Buffer.from(`${account.token}:`).toString('base64')}`);
    expect(entry?.query).not.toMatch(/api_key/);
  });

  it('lists requests with v3 fields, 2017-style dates and progress from numDownloaded/numRequested', async () => {
    const startedAt = Date.parse('2026-01-05T08:00:00Z');
    const running = sim.addDownload(account.token, {
      dataType: 'properties',
      format: 'json',
      query: 'country:US',
      numRecords: 1000,
      startedAt: Date.now() - 31_000,
      queuedMs: 1000,
      durationMs: 60_000,
    });
    const old = sim.addDownload(account.token, { numRecords: 10, startedAt, durationMs: 1000, queuedMs: 0 });
    const list = await client.list();
    const byId = new Map(list.map((d) => [d.id, d]));
    expect(byId.get(running.id)).toMatchObject({
      key: `acc-3:v3:${running.id}`,
      status: 'running',
      rawStatus: 'STARTED',
      dataType: 'properties',
      format: 'json',
      query: 'country:US',
      numRecords: 1000,
      files: [],
    });
    expect(byId.get(running.id)?.progress).toBeGreaterThan(0.4);
    expect(byId.get(old.id)).toMatchObject({
      status: 'completed',
      startedAt: '2026-01-05T08:00:00.000Z',
      completedAt: '2026-01-05T08:00:01.000Z',
      progress: 1,
    });
  });

  it('gets a completed request with its result files, each expiring 7 days after creation', async () => {
    const d = sim.addDownload(account.token, {
      format: 'csv',
      numRecords: 2500,
      recordsPerFile: 1000,
      startedAt: Date.now() - 600_000,
      queuedMs: 0,
      durationMs: 60_000,
    });
    const got = await client.get(d.id);
    expect(got.status).toBe('completed');
    expect(got.files.map((f) => f.name)).toEqual([1, 2, 3].map((n) => `${d.id}_${n}.csv`));
    // Each file is published (and dated) when its records are gathered.
    const simFiles = sim.getDownload(d.id)?.files() ?? [];
    expect(simFiles).toHaveLength(3);
    got.files.forEach((f, i) => {
      const signedAt = simFiles[i]?.signedAt ?? NaN;
      expect(Math.abs(Date.parse(f.expiresAt ?? '') - (signedAt + 7 * 86400_000))).toBeLessThan(1000);
    });
    const listed = (await client.list()).find((l) => l.id === d.id)!;
    expect(listed.files).toEqual([]);
    sim.clearLog();
    expect((await client.completeListed(listed)).files).toEqual(got.files);
    // The list told the status: only the results are read.
    expect(sim.log.map((e) => e.path)).toEqual([`/v3/results/${d.id}`]);
  });

  it('reads expired links again without asking for a status the list already gave', async () => {
    const d = sim.addDownload(account.token, {
      numRecords: 20,
      startedAt: Date.now() - 600_000,
      queuedMs: 0,
      durationMs: 60_000,
    });
    const listed = (await client.list()).find((l) => l.id === d.id)!;
    sim.clearLog();
    expect((await client.refreshLinks(listed, listed)).files.length).toBeGreaterThan(0);
    expect(sim.log.map((e) => e.path)).toEqual([`/v3/results/${d.id}`]);
    sim.clearLog();
    await client.refreshLinks(listed);
    expect(sim.log.map((e) => e.path)).toEqual([`/v3/requests/${d.id}`, `/v3/results/${d.id}`]);
  });

  it('a running request has no files yet (results answers 404 until COMPLETED)', async () => {
    const d = sim.addDownload(account.token, { numRecords: 50, startedAt: Date.now(), queuedMs: 0 });
    sim.clearLog();
    expect((await client.get(d.id)).files).toEqual([]);
    expect(sim.log.map((e) => [e.path, e.status])).toEqual([[`/v3/requests/${d.id}`, 200]]);
  });

  it('reports a request with an error as failed', async () => {
    const d = sim.addDownload(account.token, { numRecords: 50, startedAt: Date.now() - 1000, queuedMs: 0 });
    sim.fail(d.id, 'Ran out of credits.');
    expect(await client.get(d.id)).toMatchObject({ status: 'failed', error: 'Ran out of credits.' });
  });

  it('starts a request under net.fetch: follows the 303 and reads the request it lands on', async () => {
    const started = await client.start({
      dataType: 'businesses',
      query: 'city:Austin',
      format: 'csv',
      numRecords: 20,
    });
    expect(started).toMatchObject({ status: 'running', rawStatus: 'STARTED', numRecords: 20, format: 'csv' });
    expect(sim.getDownload(started.id)).toBeDefined();
    const calls = sim.log.map((e) => `${e.method} ${e.path} ${e.status}`);
    expect(calls).toEqual([`GET /v3/data/businesses 303`, `GET /v3/requests/${started.id} 200`]);
    const query = new URLSearchParams(sim.log[0]?.query ?? '');
    expect(Object.fromEntries(query)).toEqual({
      q: 'city:Austin',
      format: 'csv',
      download: 'true',
      records: '20',
    });
  });

  it('a start whose answer is lost is not sent again, and says it may have started', async () => {
    sim.inject({ kind: 'slow', path: '/v3/data/products', delayMs: 300 });
    const impatient = createClient({
      accountId: 'acc-3',
      version: 'v3',
      baseUrl: sim.v3,
      token: account.token,
      fetch: electronNetFetch,
      timeoutMs: 100,
      random: () => 0,
    });
    const err = await rejection(
      impatient.start({ dataType: 'products', query: 'brand:Sony', format: 'json' }),
    );
    expect(err).toMatchObject({ code: 'timeout', retryable: false, detail: { mayHaveStarted: true } });
    expect(err.message).toMatch(/may have started.*not sent again.*download list/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sim.log.filter((e) => e.path === '/v3/data/products')).toHaveLength(1);
  });

  it('a start that was made but whose request cannot be read says it may have started', async () => {
    sim.inject({ kind: 'server-html', path: /^\/v3\/requests\/.+/ });
    const err = await rejection(client.start({ dataType: 'products', query: 'brand:Sony', format: 'json' }));
    expect(err).toMatchObject({ code: 'server', retryable: false, detail: { mayHaveStarted: true } });
    const starts = sim.log.filter((e) => e.path === '/v3/data/products');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.status).toBe(303);
  });

  it('a start Datafiniti refuses is an ordinary error: nothing started', async () => {
    const err = await rejection(
      client.start({ dataType: 'products', query: 'brand:INVALID', format: 'json' }),
    );
    expect(err.code).toBe('rejected');
    expect(err.detail?.['mayHaveStarted']).toBeUndefined();
  });

  it('refuses v4-only calls with a clear message', async () => {
    await expect(client.cancel('1')).rejects.toMatchObject({ code: 'rejected' });
    await expect(client.preview({ dataType: 'people', query: 'a:b', format: 'csv' })).rejects.toMatchObject({
      code: 'rejected',
    });
    expect(sim.log).toHaveLength(0);
  });

  it('a request of another account is not found', async () => {
    const other = sim.addAccount({ version: 'v3' });
    const d = sim.addDownload(other.token, { numRecords: 5 });
    expect(await rejection(client.get(d.id))).toMatchObject({
      code: 'not-found',
      message: 'Request not found.',
    });
  });
});
