// The v4 client against the simulator in every dialect: what a user of the app would see.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../main/core/datafiniti/index.js';
import type { DatafinitiClient } from '../../../main/core/datafiniti/index.js';
import { startSimulator, type Dialect, type SimAccount, type Simulator } from '../../sim/index.js';
import { rejection } from '../../support/app-error.js';
import { electronNetFetch } from '../../support/electron-net-fetch.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(async () => {
  await sim.close();
});

function clientFor(account: SimAccount, accountId = 'acc-4'): DatafinitiClient {
  return createClient({
    accountId,
    version: 'v4',
    baseUrl: sim.v4,
    token: account.token,
    fetch: electronNetFetch,
    timeoutMs: 2000,
    random: () => 0,
  });
}

const DIALECTS: Dialect[] = ['official', 'spec', 'legacy'];

describe.each(DIALECTS)('v4 client, %s dialect', (dialect) => {
  let account: SimAccount;
  let client: DatafinitiClient;

  beforeEach(() => {
    sim.setDialect(dialect);
    sim.clearFaults();
    account = sim.addAccount({ version: 'v4' });
    client = clientFor(account);
  });

  it('lists every download of the account with its status, progress and files', async () => {
    const now = Date.now();
    const done = sim.addDownload(account.token, {
      dataType: 'products',
      format: 'csv',
      query: 'brand:Apple',
      numRecords: 2500,
      recordsPerFile: 1000,
      startedAt: now - 3600_000,
      queuedMs: 1000,
      durationMs: 60_000,
    });
    const running = sim.addDownload(account.token, {
      dataType: 'people',
      format: 'json',
      numRecords: 1000,
      startedAt: now - 31_000,
      queuedMs: 1000,
      durationMs: 60_000,
    });
    const queued = sim.addDownload(account.token, { numRecords: 10, startedAt: now, queuedMs: 600_000 });

    const downloads = await client.list();
    const byId = new Map(downloads.map((d) => [d.id, d]));
    expect(downloads).toHaveLength(3);

    const completed = byId.get(done.id);
    expect(completed).toMatchObject({
      key: `acc-4:v4:${done.id}`,
      status: 'completed',
      rawStatus: 'completed',
      numRecords: 2500,
      progress: 1,
    });
    expect(completed?.files.map((f) => f.name)).toEqual(['1', '2', '3'].map((n) => `${done.id}_${n}.csv`));
    for (const file of completed?.files ?? []) {
      expect(file.url.startsWith(sim.files)).toBe(true);
      // Signed at completion, valid for 7 days.
      const expiresIn = Date.parse(file.expiresAt ?? '') - now;
      expect(expiresIn).toBeGreaterThan(6.9 * 86400_000);
      expect(expiresIn).toBeLessThanOrEqual(7 * 86400_000);
    }

    expect(byId.get(running.id)?.status).toBe('running');
    expect(byId.get(running.id)?.rawStatus).toBe(dialect === 'spec' ? 'in_progress' : 'running');
    expect(byId.get(queued.id)?.status).toBe('queued');
    expect(byId.get(queued.id)?.files).toEqual([]);

    if (dialect === 'spec') {
      // The spec page sends no counts of downloaded records: progress is unknown, not 0.
      expect(byId.get(running.id)?.progress).toBeNull();
    } else {
      expect(byId.get(running.id)?.progress).toBeGreaterThan(0.4);
      expect(byId.get(running.id)?.progress).toBeLessThan(0.6);
      expect(completed).toMatchObject({ dataType: 'products', format: 'csv', query: 'brand:Apple' });
    }
    if (dialect === 'legacy') expect(completed?.cost).toBe(2500);
    if (dialect === 'official') expect(completed?.cost).toBe(2500);
    // Every dialect's date form (ISO, 2017-style, created_at) reads as the same instant.
    expect(Math.abs(Date.parse(completed?.startedAt ?? '') - (now - 3600_000))).toBeLessThan(1000);
  });

  it('gets one download and reports a failed one with its message', async () => {
    const d = sim.addDownload(account.token, {
      numRecords: 100,
      startedAt: Date.now() - 10_000,
      durationMs: 60_000,
    });
    sim.fail(d.id, 'Query exceeded the time limit.');
    const got = await client.get(d.id);
    expect(got).toMatchObject({ id: d.id, status: 'failed' });
    expect(got.error).toBe('Query exceeded the time limit.');
  });

  it('starts a download (202) and cancels it', async () => {
    const started = await client.start({
      dataType: 'businesses',
      query: 'city:Austin',
      format: 'csv',
      numRecords: 50,
    });
    expect(started.status).toBe('queued');
    expect(started.numRecords).toBe(50);
    expect(started.files).toEqual([]);
    const entry = sim.log.at(-1);
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/v4/businesses/search',
      status: 202,
      auth: 'bearer',
    });
    expect(entry?.query).not.toMatch(/api_key/);

    const cancelled = await client.cancel(started.id);
    expect(cancelled).toMatchObject({ id: started.id, status: 'cancelled' });
  });

  it('previews the count for one credit, whatever count the user asked for, without starting anything', async () => {
    const before = (await client.list()).length;
    const billed = () => sim.charges().accounts.find((a) => a.token === account.token)!;
    // 5000 is far above the preview limit: sent as is, it would be refused (or cost 10 credits).
    const preview = await client.preview({
      dataType: 'properties',
      query: 'state:TX',
      format: 'json',
      numRecords: 5000,
    });
    expect(preview).toEqual({ numFound: expect.any(Number), totalCost: null });
    expect(preview.numFound).toBeGreaterThan(999);
    expect(billed().used.properties).toBe(1);
    expect(billed().total).toBe(1);
    expect((await client.list()).length).toBe(before);
  });

  it('reads the account page for free, in the official shape', async () => {
    const page = await client.account();
    expect(page).toMatchObject({
      email: account.email,
      business_credits_used: 0,
      plan_ids: expect.any(Array),
    });
    expect(sim.charges().accounts.find((a) => a.token === account.token)!.total).toBe(0);
  });

  it("shows the API's own message for refused requests, in the dialect's error shape", async () => {
    const badQuery = await rejection(
      client.start({ dataType: 'products', query: 'brand:INVALID', format: 'csv' }),
    );
    expect(badQuery.code).toBe('rejected');
    expect(badQuery.message).toBe('Invalid query: unexpected token "INVALID" at position 6.');
    expect(badQuery.detail?.['status']).toBe(400);

    const notFound = await rejection(client.get('999999'));
    expect(notFound).toMatchObject({ code: 'not-found', message: 'Download not found.' });

    const badId = await rejection(client.get('abc'));
    expect(badId).toMatchObject({ code: 'rejected', message: 'ID must be a number.' });

    const badType = await rejection(
      client.start({ dataType: 'planets' as 'people', query: 'x:y', format: 'csv' }),
    );
    expect(badType).toMatchObject({ code: 'rejected', message: 'planets is not a valid data-type' });
  });

  it('says the payment information needs attention', async () => {
    const payer = sim.addAccount({ version: 'v4', paymentProblem: true });
    const err = await rejection(clientFor(payer).start({ dataType: 'people', query: 'a:b', format: 'json' }));
    expect(err).toMatchObject({
      code: 'payment',
      message: "There was a problem with this customer's payment information.",
      retryable: false,
    });
  });

  it('reads the account details and verifies the token', async () => {
    await expect(client.verify()).resolves.toBeUndefined();
    expect(await client.account()).toMatchObject({ email: account.email });
  });
});

describe('v4 authentication failures', () => {
  beforeEach(() => {
    sim.setDialect('official');
    sim.clearFaults();
  });

  it.each([
    ['invalid-token-401', 'Invalid token.'],
    ['unauthorized-text-401', 'HTTP 401: Unauthorized'],
    ['invalid-user-token-400', 'An invalid user token was provided.'],
  ] as const)('a wrong token answered as %s is an auth error', async (variant, message) => {
    sim.setAuthFailure(variant);
    const client = clientFor({ token: 'not-a-token', email: '', password: '', version: 'v4' });
    const err = await rejection(client.list());
    expect(err).toMatchObject({ code: 'auth', message, retryable: false });
    // Auth failures are not retried.
    expect(
      sim.log.filter((e) => e.path === '/v4/downloads' && e.authorization === 'Bearer not-a-token'),
    ).toHaveLength(1);
    sim.clearLog();
  });

  it('an inactive token is an auth error', async () => {
    const inactive = sim.addAccount({ version: 'v4', inactive: true });
    const err = await rejection(clientFor(inactive).verify());
    expect(err).toMatchObject({ code: 'auth', message: 'An inactive user token was provided.' });
  });

  it('the spec dialect error shape is read too', async () => {
    sim.setDialect('spec');
    sim.setAuthFailure('invalid-user-token-400');
    const err = await rejection(clientFor({ token: 'nope', email: '', password: '', version: 'v4' }).list());
    expect(err).toMatchObject({ code: 'auth', message: 'An invalid user token was provided.' });
  });
});
