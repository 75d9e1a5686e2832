// The machine's clock changes while the monitor runs (an NTP correction, a user setting the
// date, a restored VM) and time itself runs on: the simulator keeps the true time, timers keep
// their remaining waits (VirtualClock.setWallClock). Polling must neither stall nor hammer.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function callsIn(t: Harness, ms: number): Promise<number> {
  const before = t.apiCalls();
  await t.advance(ms);
  return t.apiCalls() - before;
}

describe('the wall clock is set back while downloads run', () => {
  it('keeps looking at a running download every 10 s and reports its cancel at once', async () => {
    const t = (h = await createHarness());
    const acc = t.addAccount('a');
    const d = t.sim.addDownload(acc.token, { queuedMs: 2 * SECOND, durationMs: 3 * HOUR });
    t.monitor.start();
    await t.advance(5 * MINUTE);
    t.clock.setWallClock(t.clock.now() - DAY);

    // One look per 10 s while it runs, as before the change: not one look a day later.
    expect(await callsIn(t, 5 * MINUTE)).toBeGreaterThanOrEqual(25);
    const next = Date.parse(t.monitor.statuses()[0]!.nextPollAt!);
    expect(next - t.clock.now()).toBeLessThanOrEqual(15 * SECOND);
    d.cancel();
    await t.advance(15 * SECOND);
    expect(t.eventsOf('cancelled', d.id)).toHaveLength(1);
  });

  it('resumes after a Retry-After wait that was pending, even when something reschedules it', async () => {
    const t = (h = await createHarness());
    t.addAccount('a');
    t.monitor.start();
    await t.advance(SECOND);
    t.sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 60 });
    await t.monitor.refreshNow();
    expect(t.monitor.statuses()[0]!.state).toBe('rate-limited');

    t.clock.setWallClock(t.clock.now() - 2 * DAY);
    // A network blip (or a settings change) recomputes the timer during the wait.
    t.monitor.setOnline(false);
    t.monitor.setOnline(true);
    const status = t.monitor.statuses()[0]!;
    if (status.retryAt !== null)
      expect(Date.parse(status.retryAt) - t.clock.now()).toBeLessThanOrEqual(MINUTE);
    await t.advance(2 * MINUTE);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', retryAt: null });
    // A download started now is found on the idle cadence, not two days later.
    const acc = t.simAccounts.get('a')!;
    const d = t.sim.addDownload(acc.token, { durationMs: HOUR });
    await t.advance(6 * MINUTE);
    expect(t.eventsOf('discovered', d.id)).toHaveLength(1);
  });

  it('resumes after an error back-off that was pending when something reschedules it', async () => {
    const t = (h = await createHarness());
    t.addAccount('a');
    t.monitor.start();
    await t.advance(SECOND);
    t.sim.inject({ kind: 'unavailable', path: '/v4/downloads', times: 3 });
    await t.monitor.refreshNow();
    expect(t.monitor.statuses()[0]!.state).toBe('error');

    t.clock.setWallClock(t.clock.now() - 3 * DAY);
    t.monitor.settingsChanged();
    await t.advance(30 * MINUTE);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', lastError: null });
    expect(await callsIn(t, HOUR)).toBeGreaterThanOrEqual(10);
  });
});

describe("this machine's clock is days off the server's", () => {
  for (const [label, offset] of [
    ['behind', -2 * DAY],
    ['ahead', 2 * DAY],
  ] as const) {
    it(`waits a Retry-After given as a date for what the server meant (clock ${label})`, async () => {
      const t = (h = await createHarness());
      t.addAccount('a');
      t.clock.setWallClock(t.clock.now() + offset);
      t.monitor.start();
      await t.advance(SECOND);
      t.sim.inject({ kind: 'rate-limit-date', path: '/v4/downloads', retryAfterSeconds: 30 });
      await t.monitor.refreshNow();

      const status = t.monitor.statuses()[0]!;
      expect(status.state).toBe('rate-limited');
      const wait = Date.parse(status.retryAt!) - t.clock.now();
      expect(wait).toBeGreaterThan(25 * SECOND);
      expect(wait).toBeLessThanOrEqual(30 * SECOND);
      // The user's refresh waits for the server's time too, and no longer than that.
      const before = t.apiCalls();
      await t.advance(25 * SECOND);
      await t.monitor.refreshNow();
      expect(t.apiCalls()).toBe(before);
      await t.advance(10 * SECOND);
      await t.monitor.refreshNow();
      expect(t.apiCalls()).toBe(before + 1);
      expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', retryAt: null });
    });
  }
});

describe('a reminder that comes late', () => {
  it('says how long the links have left, not the threshold it crossed while the app was closed', async () => {
    const t = (h = await createHarness());
    const acc = t.addAccount('a');
    t.monitor.start();
    await t.advance(SECOND);
    const d = t.sim.addDownload(acc.token, { startedAt: t.clock.now(), durationMs: MINUTE });
    await t.advance(10 * MINUTE);
    t.monitor.stop();
    // Closed for almost six days: 26 hours of the links' 7 days are left at the next start.
    const expiry = Date.parse(t.monitor.downloads().find((x) => x.id === d.id)!.files[0]!.expiresAt!);
    t.clock.jump(expiry - 26 * HOUR);
    t.restart().start();
    await t.advance(10 * SECOND);
    expect(t.notifications.filter((n) => n.kind === 'links-expiring').map((n) => n.title)).toEqual([
      'Links expire in 26 hours',
    ]);
  });
});
