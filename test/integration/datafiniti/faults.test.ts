// Every injected fault, seen the way the app sees it: which error kind and message reaches the
// user, which wait is reported for the countdown, and that only idempotent calls are repeated.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import {
  createClient,
  type ClientOptions,
  type ClientTuning,
  type DatafinitiClient,
  type RetryWait,
} from '../../../main/core/datafiniti/index.js';
import { startSimulator, type SimAccount, type Simulator } from '../../sim/index.js';
import { VirtualClock } from '../../support/virtual-clock.js';
import { rejection } from '../../support/app-error.js';
import { settled, until } from './support.js';
import { electronNetFetch } from '../../support/electron-net-fetch.js';

let clock: VirtualClock;
let sim: Simulator;
let account: SimAccount;
let waits: RetryWait[];

beforeAll(async () => {
  clock = new VirtualClock();
  sim = await startSimulator({ now: () => clock.now(), seed: 11 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clearFaults();
  sim.clearLog();
  sim.setDialect('official');
  account = sim.addAccount({ version: 'v4' });
  sim.addDownload(account.token, { numRecords: 100, startedAt: clock.now() - 1000 });
  waits = [];
});

function client(overrides: Partial<ClientOptions & ClientTuning> = {}): DatafinitiClient {
  return createClient({
    accountId: 'acc',
    version: 'v4',
    baseUrl: sim.v4,
    token: account.token,
    fetch: electronNetFetch,
    clock,
    timeoutMs: 1000,
    maxRetries: 3,
    random: () => 0,
    onRetryWait: (wait) => waits.push(wait),
    ...overrides,
  });
}

const calls = (path: string) => sim.log.filter((e) => e.path === path).length;

describe('429 and 503: honour Retry-After and report the wait', () => {
  it('waits the seconds of Retry-After on the injected clock, then succeeds', async () => {
    sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 5 });
    const t0 = clock.now();
    const outcome = settled(client().list());
    await until(() => waits.length === 1);
    expect(waits[0]).toMatchObject({ retryAt: t0 + 5000, attempt: 1 });
    expect(waits[0]?.error).toBeInstanceOf(AppError);
    expect(waits[0]?.error).toMatchObject({ code: 'rate-limited', message: 'Too many requests.' });
    expect(waits[0]?.error.detail?.['retryAt']).toBe(new Date(t0 + 5000).toISOString());

    // Nothing is retried before the wait is over.
    await clock.advance(4999);
    expect(calls('/v4/downloads')).toBe(1);
    await clock.advance(1);
    const { value } = await outcome;
    expect(value).toHaveLength(1);
    expect(calls('/v4/downloads')).toBe(2);
  });

  it('reads Retry-After as an HTTP date', async () => {
    sim.inject({ kind: 'rate-limit-date', path: '/v4/account', retryAfterSeconds: 30 });
    const t0 = clock.now();
    const outcome = settled(client().account());
    await until(() => waits.length === 1);
    // HTTP dates have whole seconds.
    expect(Math.abs((waits[0]?.retryAt ?? 0) - (t0 + 30_000))).toBeLessThan(1000);
    await clock.advance(30_000);
    expect((await outcome).value).toMatchObject({ email: account.email });
  });

  it('after the last retry surfaces kind rate-limited with detail.retryAt for the monitor', async () => {
    sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 2, times: 10 });
    const outcome = settled(client({ maxRetries: 2 }).list());
    await until(() => waits.length === 1);
    await clock.advance(2000);
    await until(() => waits.length === 2);
    await clock.advance(2000);
    const { error } = await outcome;
    expect(error).toBeInstanceOf(AppError);
    const err = error as AppError;
    expect(err).toMatchObject({ code: 'rate-limited', retryable: true, message: 'Too many requests.' });
    expect(err.detail?.['retryAt']).toBe(new Date(clock.now() + 2000).toISOString());
    expect(err.detail?.['status']).toBe(429);
    expect(waits.map((w) => w.attempt)).toEqual([1, 2]);
    expect(calls('/v4/downloads')).toBe(3);
  });

  it('does not sit out a very long Retry-After inside the call: it reports when to come back', async () => {
    sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 3600 });
    const err = await rejection(client().list());
    expect(err.code).toBe('rate-limited');
    expect(err.detail?.['retryAt']).toBe(new Date(clock.now() + 3600_000).toISOString());
    expect(waits).toEqual([]);
    expect(calls('/v4/downloads')).toBe(1);
  });

  it('503 with Retry-After is a wait; 503 without it backs off and then reports a server error', async () => {
    sim.inject({ kind: 'unavailable', path: '/v4/downloads', retryAfterSeconds: 3 });
    const first = settled(client().list());
    await until(() => waits.length === 1);
    expect(waits[0]?.retryAt).toBe(clock.now() + 3000);
    expect(waits[0]?.error.code).toBe('rate-limited');
    await clock.advance(3000);
    expect((await first).value).toHaveLength(1);

    waits = [];
    sim.inject({ kind: 'unavailable', path: '/v4/downloads', times: 10 });
    const err = await rejection(client({ maxRetries: 2 }).list());
    expect(err).toMatchObject({ code: 'server', message: 'HTTP 503: Service Unavailable', retryable: true });
    // random() = 0: full jitter gives zero waits, reported all the same.
    expect(waits.map((w) => [w.attempt, w.retryAt - clock.now()])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('backs off exponentially with full jitter when the server gives no time', async () => {
    sim.inject({ kind: 'server-html', path: '/v4/downloads', times: 2 });
    const t0 = clock.now();
    const outcome = settled(client({ random: () => 0.5, backoffBaseMs: 1000 }).list());
    await until(() => waits.length === 1);
    expect(waits[0]?.retryAt).toBe(t0 + 500);
    await clock.advance(500);
    await until(() => waits.length === 2);
    expect(waits[1]?.retryAt).toBe(t0 + 500 + 1000);
    await clock.advance(1000);
    expect((await outcome).value).toHaveLength(1);
  });
});

describe('a server asking for no wait at all is not called back-to-back', () => {
  for (const [name, kind, seconds] of [
    ['Retry-After: 0', 'rate-limit-seconds', 0],
    ['a Retry-After date already past', 'rate-limit-date', -60],
  ] as const) {
    it(`${name} waits the normal back-off, never less than its first step`, async () => {
      sim.inject({ kind, path: '/v4/downloads', retryAfterSeconds: seconds, times: 10 });
      // random() = 0 would give a zero wait under full jitter; the floor holds all the same.
      const outcome = settled(client({ maxRetries: 2, backoffBaseMs: 1000 }).list());
      await until(() => waits.length === 1);
      expect(waits[0]!.retryAt - clock.now()).toBeGreaterThanOrEqual(1000);
      await clock.advance(999);
      expect(calls('/v4/downloads')).toBe(1);
      await clock.advance(1);
      await until(() => waits.length === 2);
      expect(calls('/v4/downloads')).toBe(2);
      expect(waits[1]!.retryAt - clock.now()).toBeGreaterThanOrEqual(1000);
      await clock.advance(1000);
      const err = (await outcome).error as AppError;
      expect(err).toMatchObject({ code: 'rate-limited' });
      // The monitor's next try is no sooner than the back-off either.
      expect(Date.parse(String(err.detail?.['retryAt'])) - clock.now()).toBeGreaterThanOrEqual(1000);
      expect(calls('/v4/downloads')).toBe(3);
    });
  }
});

describe('an answer too large to read', () => {
  for (const declareLength of [false, true]) {
    it(`is refused with a clear error, not read whole (${declareLength ? 'declared' : 'streamed'})`, async () => {
      sim.inject({ kind: 'huge-body', path: '/v4/downloads/7', bodyBytes: 200 << 20, declareLength });
      const err = await rejection(client().get('7'));
      expect(err).toMatchObject({ code: 'bad-response', retryable: false });
      expect(err.message).toMatch(/answer was too large \(over 32 MB\)/);
      expect(err.message).not.toMatch(/Could not reach/);
      expect(calls('/v4/downloads/7')).toBe(1);
    });
  }

  it('the download list may be far larger: every download ever started, 50,000 of them near 150 MB', async () => {
    // A 40 MB list is read (and found not to be JSON here); only past 256 MB is it refused.
    sim.inject({ kind: 'huge-body', path: '/v4/downloads', bodyBytes: 40 << 20, declareLength: true });
    const read = await rejection(client({ maxRetries: 0 }).list());
    expect(read.message).not.toMatch(/too large/);
    sim.inject({ kind: 'huge-body', path: '/v4/downloads', bodyBytes: 300 << 20, declareLength: true });
    const refused = await rejection(client({ maxRetries: 0 }).list());
    expect(refused.message).toMatch(/answer was too large \(over 256 MB\)/);
  });
});

describe('broken answers', () => {
  it('an HTML error page is a server error with readable words, retried and then reported', async () => {
    sim.inject({ kind: 'server-html', path: '/v4/downloads', times: 10 });
    const err = await rejection(client({ maxRetries: 1 }).list());
    expect(err.code).toBe('server');
    expect(err.message).toBe(
      'HTTP 500: 500 Internal Server Error Internal Server Error The server encountered an internal error. nginx',
    );
    expect(calls('/v4/downloads')).toBe(2);
  });

  it('recovers when the HTML page was a one-off', async () => {
    sim.inject({ kind: 'server-html', path: '/v4/downloads' });
    expect(await client().list()).toHaveLength(1);
    expect(waits.map((w) => w.error.code)).toEqual(['server']);
  });

  it('malformed JSON is a bad response', async () => {
    sim.inject({ kind: 'malformed-json', path: '/v4/downloads' });
    const err = await rejection(client().list());
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(
      /^The Datafiniti API sent an answer that is not valid JSON \(HTTP 200: \{"num_found"/,
    );
    expect(err.retryable).toBe(false);
  });

  it('a list of the wrong shape is a bad response, not an empty account', async () => {
    sim.inject({ kind: 'wrong-shape', path: '/v4/downloads' });
    const err = await rejection(client().list());
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(/not a list of downloads/);
  });

  it('a download of the wrong shape is a bad response', async () => {
    const d = sim.addDownload(account.token, { numRecords: 5 });
    sim.inject({ kind: 'wrong-shape', path: `/v4/downloads/${d.id}` });
    expect(await rejection(client().get(d.id))).toMatchObject({ code: 'bad-response' });
  });
});

describe('transport failures', () => {
  it('a slow answer times out (real timer) even while the injected clock stands still', async () => {
    sim.inject({ kind: 'slow', path: '/v4/downloads', delayMs: 800 });
    const err = await rejection(client({ timeoutMs: 100, maxRetries: 0 }).list());
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
    expect(err.message).toBe('The Datafiniti API did not answer within 1 s.');
  });

  it('a time-out is retried', async () => {
    sim.inject({ kind: 'slow', path: '/v4/downloads', delayMs: 800 });
    expect(await client({ timeoutMs: 100 }).list()).toHaveLength(1);
    expect(waits.map((w) => w.error.code)).toEqual(['timeout']);
  });

  it('a reset connection is a network error, retried', async () => {
    sim.inject({ kind: 'reset', path: '/v4/downloads', resetAfterBytes: 20, times: 10 });
    const err = await rejection(client({ maxRetries: 1 }).list());
    expect(err).toMatchObject({ code: 'network', retryable: true });
    expect(err.message).toMatch(/^Could not reach the Datafiniti API/);
    expect(calls('/v4/downloads')).toBe(2);

    sim.clearFaults();
    sim.inject({ kind: 'reset', path: '/v4/downloads', resetAfterBytes: 0 });
    expect(await client().list()).toHaveLength(1);
  });

  it('a refused connection is a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const err = await rejection(client({ baseUrl: `http://127.0.0.1:${port}/v4`, maxRetries: 0 }).list());
    expect(err).toMatchObject({
      code: 'network',
      message: 'Could not reach the Datafiniti API (net::ERR_CONNECTION_REFUSED).',
    });
  });
});

describe('POST and DELETE are never retried blindly', () => {
  it('a rate-limited start is reported at once, with the time to try again', async () => {
    sim.inject({ kind: 'rate-limit-seconds', path: '/v4/people/search', retryAfterSeconds: 7 });
    const err = await rejection(client().start({ dataType: 'people', query: 'a:b', format: 'csv' }));
    expect(err.code).toBe('rate-limited');
    expect(err.detail?.['retryAt']).toBe(new Date(clock.now() + 7000).toISOString());
    expect(calls('/v4/people/search')).toBe(1);
    expect(waits).toEqual([]);
  });

  it('a start that times out is not repeated (it may have started the download)', async () => {
    sim.inject({ kind: 'slow', path: '/v4/people/search', delayMs: 500 });
    const err = await rejection(
      client({ timeoutMs: 100 }).start({ dataType: 'people', query: 'a:b', format: 'csv' }),
    );
    expect(err).toMatchObject({ code: 'timeout', retryable: false, detail: { mayHaveStarted: true } });
    expect(err.message).toMatch(/may have started.*not sent again.*download list/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls('/v4/people/search')).toBe(1);
  });

  it('a cancel answered by a server error is not repeated', async () => {
    const d = sim.addDownload(account.token, { numRecords: 5 });
    sim.inject({ kind: 'server-html', path: `/v4/downloads/${d.id}`, method: 'DELETE' });
    expect(await rejection(client().cancel(d.id))).toMatchObject({ code: 'server' });
    expect(sim.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);
  });
});
