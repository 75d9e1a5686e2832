import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/index.js';
import { createHistoryFileStore } from '../../../main/core/stores/index.js';
import { WATCH_TTL_MS } from '../../../main/core/monitor/index.js';
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

async function started(options?: Parameters<typeof createHarness>[0]): Promise<Harness> {
  h = await createHarness(options);
  return h;
}

/** Virtual time from the download's natural end to its completion event. */
function completionDelay(harness: Harness, id: string, finishedAt: number): number {
  const [first] = harness.eventsOf('completed', id);
  expect(first, `completion of ${id}`).toBeDefined();
  return first!.at - finishedAt;
}

describe('monitor against the simulator', () => {
  it('reports a completion within seconds and polls a running download every 10 s, not every 5 s', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    const d = t.sim.addDownload(acc.token, {
      numRecords: 50_000,
      queuedMs: 2 * SECOND,
      durationMs: 40 * MINUTE,
    });
    t.monitor.start();
    await t.advance(60 * MINUTE);
    const finishedAt = Date.parse('2026-01-05T09:00:00Z') + 2 * SECOND + 40 * MINUTE;
    expect(completionDelay(t, d.id, finishedAt)).toBeLessThanOrEqual(5 * SECOND);
    expect(t.eventsOf('completed', d.id)).toHaveLength(1);
    const completed = t.notifications.filter((n) => n.kind === 'completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ downloadKey: `a:v4:${d.id}`, canSave: true });
    // Naive polling every 5 s makes 720 calls in that hour. Here: one look per 10 s while it
    // runs (a failure or cancel must be news within 15 s), then one per 5 minutes.
    expect(t.apiCalls()).toBeGreaterThan(40 * 6 - 10);
    expect(t.apiCalls()).toBeLessThanOrEqual(40 * 6 + 12);
  });

  it('reports a failure and cancels within 15 s, whenever in the schedule they happen', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    const failing = t.sim.addDownload(acc.token, {
      queuedMs: 2 * SECOND,
      durationMs: 30 * MINUTE,
      outcome: 'failed',
    });
    // Cancels at moments spread over a minute, so no lucky phase of the schedule hides a gap.
    const doomed = [0, 1, 2, 3].map(() =>
      t.sim.addDownload(acc.token, { queuedMs: 2 * SECOND, durationMs: 60 * MINUTE }),
    );
    t.monitor.start();
    await t.advance(7 * MINUTE);
    const cancelledAt: number[] = [];
    for (const d of doomed) {
      await t.advance(17 * SECOND);
      d.cancel();
      cancelledAt.push(t.clock.now());
    }
    await t.advance(60 * MINUTE);
    const failedAt = Date.parse('2026-01-05T09:00:00Z') + 2 * SECOND + 30 * MINUTE;
    const [failed] = t.eventsOf('failed', failing.id);
    expect(failed!.at - failedAt).toBeLessThanOrEqual(15 * SECOND);
    doomed.forEach((d, i) => {
      const [cancelled] = t.eventsOf('cancelled', d.id);
      expect(cancelled!.at - cancelledAt[i]!, `cancel ${i}`).toBeLessThanOrEqual(15 * SECOND);
    });
  });

  it('polls a download the window shows every 5 s, and falls back when hidden or not renewed', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    const d = t.sim.addDownload(acc.token, { queuedMs: 2 * SECOND, durationMs: 3 * HOUR });
    t.monitor.start();
    await t.advance(MINUTE);
    const key = `a:v4:${d.id}`;
    const callsIn = async (ms: number): Promise<number> => {
      const before = t.apiCalls();
      await t.advance(ms);
      return t.apiCalls() - before;
    };
    expect(await callsIn(MINUTE)).toBeLessThanOrEqual(6);
    t.monitor.watch([key]);
    expect(await callsIn(MINUTE)).toBeGreaterThanOrEqual(11);
    // Hidden: the window sends an empty list.
    t.monitor.watch([]);
    await t.advance(10 * SECOND);
    expect(await callsIn(MINUTE)).toBeLessThanOrEqual(6);
    // A window that stops renewing (crashed) does not keep the fast cadence.
    t.monitor.watch([key]);
    await t.advance(WATCH_TTL_MS);
    expect(await callsIn(MINUTE)).toBeLessThanOrEqual(6);
    // Keys it does not know are ignored.
    t.monitor.watch(['a:v4:nope', 'zz:v4:1']);
    expect(await callsIn(MINUTE)).toBeLessThanOrEqual(6);
  });

  it('discovers a download started in the portal on the idle cadence, and at once on refresh', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    t.monitor.start();
    await t.advance(30 * SECOND);
    const callsWhenIdle = t.apiCalls();
    await t.advance(HOUR);
    // Idle: one list every pollSlowSeconds (300 s), so 12 in an hour.
    expect(t.apiCalls() - callsWhenIdle).toBe(12);

    const d = t.sim.addDownload(acc.token, { startedAt: t.clock.now(), durationMs: 30 * MINUTE });
    const addedAt = t.clock.now();
    await t.advance(6 * MINUTE);
    const [found] = t.eventsOf('discovered', d.id);
    expect(found!.at - addedAt).toBeLessThanOrEqual(DEFAULT_SETTINGS.pollSlowSeconds * SECOND);

    const e = t.sim.addDownload(acc.token, { startedAt: t.clock.now(), durationMs: 30 * MINUTE });
    await t.monitor.refreshNow();
    expect(t.eventsOf('discovered', e.id)).toHaveLength(1);
  });

  it("keeps one account's faults and sign-in trouble from delaying another account", async () => {
    const t = await started();
    const good = t.addAccount('good', 'v4');
    const flaky = t.addAccount('flaky', 'v3');
    t.addAccount('locked', 'v4');
    t.simAccounts.get('locked')!.token = 'not-a-valid-token';
    t.sim.inject({ kind: 'server-html', path: /^\/v3\//, times: 1000 });
    const d = t.sim.addDownload(good.token, { queuedMs: 2 * SECOND, durationMs: 20 * MINUTE });
    t.sim.addDownload(flaky.token, { durationMs: 5 * MINUTE });
    t.monitor.start();
    await t.advance(30 * MINUTE);

    const finishedAt = Date.parse('2026-01-05T09:00:00Z') + 2 * SECOND + 20 * MINUTE;
    expect(completionDelay(t, d.id, finishedAt)).toBeLessThanOrEqual(5 * SECOND);
    expect(t.authFailures.map((f) => f.accountId)).toEqual(['locked']);
    expect(t.authFailures[0]!.error.code).toBe('auth');
    const statuses = new Map(t.monitor.statuses().map((s) => [s.accountId, s]));
    expect(statuses.get('locked')).toMatchObject({ state: 'needs-sign-in', polling: false });
    expect(statuses.get('flaky')).toMatchObject({ state: 'error', polling: true });
    expect(statuses.get('good')).toMatchObject({ state: 'ok' });
    // The locked account is asked once, then left alone until the user fixes it.
    const lockedCalls = t.sim.log.filter((e) => e.authorization?.includes('not-a-valid-token')).length;
    expect(lockedCalls).toBe(1);
    // The flaky account backs off instead of hammering: 30 min at 5 s would be 360 calls.
    const flakyCalls = t.sim.log.filter((e) => e.path.startsWith('/v3/')).length;
    expect(flakyCalls).toBeLessThanOrEqual(10);

    t.simAccounts.get('locked')!.token = t.sim.addAccount({ version: 'v4' }).token;
    t.monitor.accountsChanged();
    await t.advance(SECOND);
    expect(t.monitor.statuses().find((s) => s.accountId === 'locked')).toMatchObject({
      state: 'ok',
      polling: true,
    });
  });

  it('backs off exponentially up to a cap, then recovers', async () => {
    const t = await started();
    t.addAccount('a');
    t.sim.inject({ kind: 'unavailable', path: '/v4/downloads', times: 12 });
    t.monitor.start();
    await t.advance(3 * HOUR);
    const times = t.sim.log.filter((e) => e.path === '/v4/downloads').map((e) => e.time);
    const gaps = times.slice(1, 13).map((time, i) => time - times[i]!);
    for (let i = 1; i < 8; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15 * MINUTE);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(7 * MINUTE);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', lastError: null });
  });

  it('honours Retry-After and shows when polling resumes', async () => {
    const t = await started();
    t.addAccount('a');
    t.sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 600 });
    t.monitor.start();
    await t.advance(SECOND);
    const status = t.monitor.statuses()[0]!;
    expect(status.state).toBe('rate-limited');
    const retryAt = Date.parse(status.retryAt!);
    expect(retryAt - t.clock.now()).toBeGreaterThan(9 * MINUTE);
    t.monitor.focus();
    await t.monitor.refreshNow();
    await t.advance(9 * MINUTE);
    expect(t.sim.log).toHaveLength(1);
    await t.advance(2 * MINUTE);
    expect(t.sim.log.length).toBe(2);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', retryAt: null });
  });

  it('counts down a Retry-After wait inside a call instead of saying "ok"', async () => {
    const t = await started({ clientRetries: 3 });
    t.addAccount('a');
    t.sim.inject({ kind: 'rate-limit-seconds', path: '/v4/downloads', retryAfterSeconds: 30 });
    t.monitor.start();
    await t.advance(SECOND);
    // The client is still inside its call, waiting the 30 s before its retry.
    expect(t.sim.log.filter((e) => e.path === '/v4/downloads')).toHaveLength(1);
    const waiting = t.monitor.statuses()[0]!;
    expect(waiting.state).toBe('rate-limited');
    expect(Date.parse(waiting.retryAt!) - t.clock.now()).toBe(29 * SECOND);
    expect(waiting.lastError).toMatchObject({ code: 'rate-limited' });
    expect(t.statuses.some((s) => s[0]?.state === 'rate-limited')).toBe(true);
    await t.advance(30 * SECOND);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', retryAt: null, lastError: null });
  });

  it('shows a server error being retried inside a call as an error with the retry time', async () => {
    const t = await started({ clientRetries: 2 });
    t.addAccount('a');
    t.sim.inject({ kind: 'server-html', path: '/v4/downloads' });
    t.monitor.start();
    await t.advance(10);
    const waiting = t.monitor.statuses()[0]!;
    expect(waiting.state).toBe('error');
    expect(waiting.retryAt).not.toBeNull();
    expect(waiting.lastError).toMatchObject({ code: 'server' });
    await t.advance(MINUTE);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'ok', retryAt: null });
  });

  it('pauses while offline or asleep and looks once at once on coming back', async () => {
    const t = await started();
    t.addAccount('a');
    t.monitor.start();
    await t.advance(SECOND);
    t.monitor.setOnline(false);
    const before = t.apiCalls();
    await t.advance(2 * HOUR);
    expect(t.apiCalls()).toBe(before);
    expect(t.monitor.statuses()[0]).toMatchObject({ state: 'offline', polling: false });
    t.monitor.setOnline(true);
    await t.advance(SECOND);
    expect(t.apiCalls()).toBe(before + 1);

    t.monitor.sleep();
    expect(t.clock.pendingTimers).toBe(0);
    t.clock.jump(t.clock.now() + 8 * HOUR);
    t.monitor.wake();
    await t.advance(SECOND);
    expect(t.apiCalls()).toBe(before + 2);

    await t.advance(10 * SECOND);
    t.monitor.focus();
    await t.advance(SECOND);
    expect(t.apiCalls()).toBe(before + 3);
  });

  it('groups several completions of one round, and summarises what happened while asleep', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    t.monitor.start();
    await t.advance(SECOND);
    for (let i = 0; i < 3; i++)
      t.sim.addDownload(acc.token, { startedAt: t.clock.now(), durationMs: MINUTE });
    await t.monitor.refreshNow();
    t.monitor.sleep();
    t.clock.jump(t.clock.now() + HOUR);
    t.monitor.wake();
    await t.advance(SECOND);
    const summary = t.notifications.filter((n) => n.kind === 'summary');
    expect(summary).toHaveLength(1);
    expect(summary[0]!.body).toContain('3 completed');
    expect(t.notifications.filter((n) => n.kind === 'completed')).toHaveLength(0);

    for (let i = 0; i < 3; i++)
      t.sim.addDownload(acc.token, { startedAt: t.clock.now(), durationMs: 2 * MINUTE });
    await t.monitor.refreshNow();
    await t.advance(5 * MINUTE);
    const grouped = t.notifications.filter((n) => n.kind === 'completed');
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatchObject({ title: '3 downloads completed', downloadKey: null, canSave: false });
  });

  it('fetches the files of a completed v3 request once, and not again', async () => {
    const t = await started();
    const acc = t.addAccount('a', 'v3');
    const d = t.sim.addDownload(acc.token, {
      numRecords: 3000,
      recordsPerFile: 1000,
      durationMs: 10 * MINUTE,
    });
    t.monitor.start();
    await t.advance(HOUR);
    const download = t.monitor.downloads().find((x) => x.id === d.id)!;
    expect(download.status).toBe('completed');
    expect(download.files).toHaveLength(3);
    expect(download.files[0]!.expiresAt).not.toBeNull();
    expect(t.sim.log.filter((e) => e.path.startsWith('/v3/results/'))).toHaveLength(1);
  });

  it('on first import, fetches files only for v3 requests whose links can still work', async () => {
    const t = await started();
    const acc = t.addAccount('a', 'v3');
    const now = t.clock.now();
    const recent = t.sim.addDownload(acc.token, {
      numRecords: 2000,
      startedAt: now - 2 * DAY,
      queuedMs: 0,
      durationMs: HOUR,
    });
    const old = t.sim.addDownload(acc.token, {
      numRecords: 2000,
      startedAt: now - 30 * DAY,
      queuedMs: 0,
      durationMs: HOUR,
    });
    t.monitor.start();
    await t.advance(10 * SECOND);
    const byId = (id: string) => t.monitor.downloads().find((x) => x.id === id)!;
    expect(byId(recent.id).files).toHaveLength(2);
    expect(byId(old.id).status).toBe('completed');
    expect(byId(old.id).files).toEqual([]);
    expect(t.sim.log.filter((e) => e.path.startsWith('/v3/results/')).map((e) => e.path)).toEqual([
      `/v3/results/${recent.id}`,
    ]);
  });

  it('reminds 48 h, 24 h and 2 h before the links expire, then once when they have', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    t.monitor.start();
    await t.advance(SECOND);
    const d = t.sim.addDownload(acc.token, { startedAt: t.clock.now(), durationMs: MINUTE });
    await t.advance(10 * MINUTE);
    const callsAfterCompletion = t.apiCalls();
    await t.advance(7 * 24 * HOUR + HOUR);
    const reminders = t.eventsOf('links-expiring', d.id).map((e) => e.event.hoursLeft);
    expect(reminders).toEqual([48, 24, 2]);
    expect(t.eventsOf('links-expired', d.id)).toHaveLength(1);
    expect(t.notifications.filter((n) => n.kind === 'links-expiring').map((n) => n.title)).toEqual([
      'Links expire in 48 hours',
      'Links expire in 24 hours',
      'Links expire in 2 hours',
    ]);
    // Idle discovery lists plus one look for fresh links after expiry; nothing per download.
    const idleLists = Math.ceil((7 * 24 * HOUR + HOUR) / (300 * SECOND));
    expect(t.apiCalls() - callsAfterCompletion).toBeLessThanOrEqual(idleLists + 2);
  }, 60_000);

  it('reports a completion that happened while the app was closed exactly once', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    const d = t.sim.addDownload(acc.token, { durationMs: 10 * MINUTE });
    t.monitor.start();
    await t.advance(2 * MINUTE);
    t.monitor.stop();
    expect(t.clock.pendingTimers).toBe(0);
    t.clock.jump(t.clock.now() + 30 * MINUTE);

    t.restart().start();
    await t.advance(MINUTE);
    expect(
      t.notifications.filter((n) => n.kind === 'completed' && n.downloadKey === `a:v4:${d.id}`),
    ).toHaveLength(1);

    t.restart().start();
    await t.advance(HOUR);
    expect(t.notifications.filter((n) => n.kind === 'completed' || n.kind === 'summary')).toHaveLength(1);
    expect(t.eventsOf('completed', d.id)).toHaveLength(1);
    expect(t.monitor.downloads().find((x) => x.id === d.id)?.status).toBe('completed');
  });

  it('imports an existing account silently, and stops leaving no timer behind', async () => {
    const t = await started();
    const acc = t.addAccount('a');
    t.sim.addDownload(acc.token, { startedAt: t.clock.now() - 2 * HOUR, durationMs: MINUTE });
    t.sim.addDownload(acc.token, {
      startedAt: t.clock.now() - 3 * HOUR,
      durationMs: MINUTE,
      outcome: 'failed',
    });
    t.monitor.start();
    await t.advance(10 * MINUTE);
    expect(t.monitor.downloads()).toHaveLength(2);
    expect(t.notifications).toEqual([]);
    t.monitor.stop();
    await t.idle();
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('never writes a token to the history files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-canary-'));
    try {
      const store = createHistoryFileStore({ file: path.join(dir, 'history.json') });
      const t = await started({ store });
      const canary = 'CANARY-7f3c9a1e-token';
      const acc = t.addAccount('a', 'v4', { token: canary });
      t.addAccount('b', 'v3', { token: `${canary}-v3` });
      t.sim.addDownload(acc.token, { durationMs: 5 * MINUTE });
      t.monitor.start();
      await t.advance(20 * MINUTE);
      expect(t.monitor.downloads().length).toBe(1);
      t.monitor.stop();
      // The base and the journal of the rounds since: together, all the history holds.
      const text = [store.path, store.journalPath]
        .filter((file) => fs.existsSync(file))
        .map((file) => fs.readFileSync(file, 'utf8'))
        .join('\n');
      expect(text).toContain('monitorHistory');
      expect(text).toContain(`"a:v4:`);
      expect(text).not.toContain('CANARY');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
