// The backend through the contract, as a transport would call it, against the simulator on a
// virtual clock: what a user would see in the app after each action.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WATCHED } from '../../../preload/contract/method-schemas.js';
import { UNKNOWN_METHOD_ERROR } from '../../../preload/contract/errors.js';
import { EXTERNAL_URL_REFUSED } from '../../../preload/contract/external-url.js';
import type { Account, Download, DownloadsPatch, SaveJob } from '../../../preload/contract/index.js';
import { useBackendWorld } from './support.js';

const world = useBackendWorld({ tempPrefix: 'backend-' });
const { call, callError } = world;

/** Moves virtual time in steps so pollers, HTTP and saves interleave as they would live. */
async function passTime(ms: number, step = 1000): Promise<void> {
  for (let done = 0; done < ms; done += step) await world.clock.advance(Math.min(step, ms - done));
}

async function waitForSave(jobId: string, limitMs = 20_000): Promise<SaveJob> {
  const started = Date.now();
  for (;;) {
    const job = (await call<SaveJob[]>('files.jobs')).find((j) => j.jobId === jobId);
    if (job && job.state !== 'running' && job.state !== 'queued') return job;
    if (Date.now() - started > limitMs) throw new Error(`save still ${job?.state} after ${limitMs} ms`);
    await world.clock.advance(200);
  }
}

describe('untrusted calls', () => {
  it('sets a folder for saves only when the user chose it in the folder dialog', async () => {
    // The window naming "/" would make every program on the disk "inside a save's folder".
    const refused = await callError('settings.update', { saveFolder: '/' });
    expect(refused).toMatchObject({ code: 'invalid-input', detail: { field: 'saveFolder' } });
    expect(refused.message).toMatch(/Choose…/);
    expect((await call<{ saveFolder: string | null }>('settings.get')).saveFolder).toBeNull();
    const simAccount = world.sim.addAccount({ version: 'v4' });
    const d = world.sim.addDownload(simAccount.token, { numRecords: 10, durationMs: 1000 });
    await call<Account>('accounts.add', { label: 'Guard', version: 'v4', token: simAccount.token });
    await passTime(5_000);
    const key = (await call<{ downloads: Download[] }>('downloads.snapshot')).downloads.find((x) =>
      x.key.endsWith(`:v4:${d.id}`),
    )!.key;
    expect(await callError('files.save', key, { folder: '/' })).toMatchObject({ code: 'invalid-input' });
    expect(await call<SaveJob[]>('files.jobs')).toEqual([]);

    // Chosen in the dialog: accepted, and setting it again (unchanged) still is.
    const chosen = path.join(world.dir, 'chosen');
    world.node.setNextChosenFolder(chosen);
    expect(await call('files.chooseFolder')).toBe(chosen);
    await call('settings.update', { saveFolder: chosen });
    await call('settings.update', { saveFolder: chosen });
    expect((await call<{ saveFolder: string | null }>('settings.get')).saveFolder).toBe(chosen);
    const job = await call<SaveJob>('files.save', key, { folder: chosen });
    expect(job.folder).toBe(chosen);
    expect((await waitForSave(job.jobId)).state).toBe('completed');
  });

  it('refuses an unknown method and malformed arguments with a typed error', async () => {
    // The same words as the IPC transport's refusal (they differed: "Unknown request.").
    expect(await callError('accounts.destroyEverything')).toEqual(UNKNOWN_METHOD_ERROR);
    const missingToken = await callError('accounts.add', { label: 'x', version: 'v4' });
    expect(missingToken.code).toBe('invalid-input');
    const extraKey = await callError('files.reveal', '/tmp', 'extra');
    expect(extraKey.code).toBe('invalid-input');
    const wrongType = await callError('settings.update', { pollFastSeconds: 'fast' });
    expect(wrongType.code).toBe('invalid-input');
  });

  it('judges account fields by the accounts rules and names the field', async () => {
    const longLabel = await callError('accounts.add', { label: 'x'.repeat(150), version: 'v4', token: 't' });
    expect(longLabel).toMatchObject({ code: 'invalid-input', detail: { field: 'label' } });
    expect(longLabel.message).toMatch(/under 80 characters/);
    const spacedToken = await callError('accounts.add', { label: 'A', version: 'v4', token: 'ab cd' });
    expect(spacedToken).toMatchObject({ code: 'invalid-input', detail: { field: 'token' } });
    const rename = await callError('accounts.rename', 'some-id', 'y'.repeat(150));
    expect(rename).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/under 80 characters/),
    });
  });

  it('takes the list of watched downloads only as a bounded list of keys', async () => {
    expect(await world.backend.call('downloads.watch', [[]])).toEqual({ ok: true, value: null });
    expect(await world.backend.call('downloads.watch', [['a:v4:1', 'b:v3:2']])).toEqual({
      ok: true,
      value: null,
    });
    expect((await callError('downloads.watch', 'a:v4:1')).code).toBe('invalid-input');
    expect((await callError('downloads.watch', [42])).code).toBe('invalid-input');
    expect((await callError('downloads.watch', ['x'.repeat(401)])).code).toBe('invalid-input');
    const tooMany = Array.from({ length: MAX_WATCHED + 1 }, (_, i) => `a:v4:${i}`);
    expect((await callError('downloads.watch', tooMany)).code).toBe('invalid-input');
  });

  it('treats an optional argument left undefined as absent', async () => {
    const result = await world.backend.call('files.cancelSave', ['no-such-job', undefined]);
    // The arguments pass; it is the job that does not exist.
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', message: 'No such save.' } });
    expect(await world.backend.call('settings.get', [undefined])).toMatchObject({ ok: true });
  });

  it('only reveals or opens what the app saved, and only opens Datafiniti pages', async () => {
    expect((await callError('files.reveal', '/etc/passwd')).code).toBe('invalid-input');
    expect((await callError('files.open', '/bin/sh')).code).toBe('invalid-input');
    expect(await callError('app.openExternal', 'https://evil.example/')).toMatchObject({
      code: 'invalid-input',
      message: EXTERNAL_URL_REFUSED,
    });
    await call('app.openExternal', 'https://portal.datafiniti.co/settings');
    expect(world.node.recorded.reveals).toEqual([]);
    expect(world.node.recorded.opens).toEqual([]);
    expect(world.node.recorded.externals).toEqual(['https://portal.datafiniti.co/settings']);
  });
});

describe('accounts', () => {
  it('refuses a wrong token and keeps nothing', async () => {
    const error = await callError('accounts.add', { label: 'Work', version: 'v4', token: 'not-a-token' });
    expect(error.code).toBe('auth');
    expect(await call<Account[]>('accounts.list')).toEqual([]);
  });

  it('adds an account, lists its downloads, and forgets them when it is removed', async () => {
    const simAccount = world.sim.addAccount({ version: 'v4' });
    world.sim.addDownload(simAccount.token, { numRecords: 300, durationMs: 60_000, query: 'city:Austin' });
    const account = await call<Account>('accounts.add', {
      label: 'Work',
      version: 'v4',
      token: simAccount.token,
    });
    expect(account).toMatchObject({ label: 'Work', state: 'ok', version: 'v4' });
    expect(JSON.stringify(account)).not.toContain(simAccount.token);
    await passTime(3000);
    const snap = await call<{ version: number; downloads: Download[] }>('downloads.snapshot');
    expect(snap.downloads.map((d) => d.query)).toEqual(['city:Austin']);
    expect(world.events.some((e) => e.event === 'accounts')).toBe(true);

    await call('accounts.remove', account.id);
    expect(await call<Account[]>('accounts.list')).toEqual([]);
    expect((await call<{ downloads: Download[] }>('downloads.snapshot')).downloads).toEqual([]);
  });
});

describe('a download from start to saved files', () => {
  it('notifies on completion, saves files with a manifest, and patches arrive in order', async () => {
    const simAccount = world.sim.addAccount({ version: 'v4' });
    const account = await call<Account>('accounts.add', {
      label: 'Team',
      version: 'v4',
      token: simAccount.token,
    });
    const started = await call<Download>('downloads.start', {
      accountId: account.id,
      dataType: 'businesses',
      query: 'categories:restaurant AND city:Denver',
      format: 'csv',
      numRecords: 2500,
    });
    expect(started.status).toBe('queued');
    // It shows at once, before any poll.
    const first = await call<{ downloads: Download[] }>('downloads.snapshot');
    expect(first.downloads.map((d) => d.key)).toContain(started.key);

    await passTime(90_000);
    const done = (await call<{ downloads: Download[] }>('downloads.snapshot')).downloads.find(
      (d) => d.key === started.key,
    )!;
    expect(done.status).toBe('completed');
    expect(done.files.length).toBe(3);

    const completion = world.node.recorded.notifications.filter((n) => n.kind === 'completed');
    expect(completion).toHaveLength(1);
    expect(completion[0]).toMatchObject({ downloadKey: started.key, canSave: true });

    const patches = world.eventsOf<DownloadsPatch>('downloads');
    expect(patches.length).toBeGreaterThan(1);
    patches.forEach((p, i) => expect(p.version).toBe(patches[0]!.version + i));

    const job = await call<SaveJob>('files.save', started.key);
    const finished = await waitForSave(job.jobId);
    expect(finished.state).toBe('completed');
    expect(finished.folder.startsWith(path.join(world.dir, 'Downloads', 'Datafiniti'))).toBe(true);
    const names = readdirSync(finished.folder).sort();
    expect(names).toEqual([...done.files.map((f) => f.name), 'manifest.json'].sort());
    const manifest = JSON.parse(readFileSync(path.join(finished.folder, 'manifest.json'), 'utf8'));
    expect(finished.manifest).toMatchObject({ recordsFound: 2500, recordsReported: 2500, matches: true });
    expect(manifest.files).toHaveLength(3);

    await call('files.reveal', path.join(finished.folder, names[0]!));
    expect(world.node.recorded.reveals).toEqual([path.join(finished.folder, names[0]!)]);
    expect(world.node.recorded.notifications.some((n) => n.kind === 'save-finished')).toBe(true);
    // The file host never saw a credential.
    const fileRequests = world.sim.log.filter((e) => e.path.startsWith('/files/'));
    expect(fileRequests.length).toBeGreaterThan(0);
    expect(fileRequests.every((e) => e.auth === 'none' && !e.cookie)).toBe(true);
  });

  it('auto-saves on completion when the setting is on', async () => {
    await call('settings.update', { autoSave: true });
    const simAccount = world.sim.addAccount({ version: 'v4' });
    const d = world.sim.addDownload(simAccount.token, { numRecords: 500, durationMs: 20_000 });
    await call<Account>('accounts.add', { label: 'Auto', version: 'v4', token: simAccount.token });
    await passTime(40_000);
    const jobs = await call<SaveJob[]>('files.jobs');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.downloadKey.endsWith(`:v4:${d.id}`)).toBe(true);
    expect((await waitForSave(jobs[0]!.jobId)).state).toBe('completed');
  });

  it('auto-saves several completions one download at a time, combined when the setting says so', async () => {
    await call('settings.update', { autoSave: true, combineFiles: true });
    const simAccount = world.sim.addAccount({ version: 'v4' });
    const ids = [1, 2, 3].map(
      () =>
        world.sim.addDownload(simAccount.token, { numRecords: 300, recordsPerFile: 100, durationMs: 20_000 })
          .id,
    );
    await call<Account>('accounts.add', { label: 'Auto', version: 'v4', token: simAccount.token });
    await passTime(40_000);
    // Every save, as the window hears of them: never two downloads saving at once.
    const running = new Set<string>();
    let most = 0;
    const follow = (from: number) => {
      for (const { event, payload } of world.events.slice(from)) {
        if (event !== 'saves') continue;
        const job = payload as Pick<SaveJob, 'jobId' | 'state'>;
        if (job.state === 'running') running.add(job.jobId);
        else running.delete(job.jobId);
        most = Math.max(most, running.size);
      }
    };
    let seen = 0;
    for (let i = 0; i < 200; i++) {
      follow(seen);
      seen = world.events.length;
      const jobs = await call<SaveJob[]>('files.jobs');
      if (jobs.length === 3 && jobs.every((j) => j.state === 'completed' && j.combine?.state === 'done'))
        break;
      await world.clock.advance(200);
    }
    const jobs = await call<SaveJob[]>('files.jobs');
    expect(jobs.map((j) => j.downloadKey.split(':').at(-1)).sort()).toEqual([...ids].sort());
    for (const job of jobs) {
      expect(job.state).toBe('completed');
      expect(job.combine?.state).toBe('done');
    }
    expect(most).toBe(1);
  });

  describe('auto-save before the links expire', () => {
    const HOUR = 3_600_000;
    /** A download that completed long ago: its links expire `hoursLeft` hours from now. */
    function expiringIn(token: string, hoursLeft: number) {
      const completedAt = world.clock.now() - (7 * 24 - hoursLeft) * HOUR;
      return world.sim.addDownload(token, {
        numRecords: 50,
        startedAt: completedAt - 60_000,
        queuedMs: 0,
        durationMs: 60_000,
      });
    }
    const jobsFor = async (id: string) =>
      (await call<SaveJob[]>('files.jobs')).filter((j) => j.downloadKey.endsWith(`:v4:${id}`));

    it('saves when the links have the Save-before-expiry hours left, even below the 2-hour reminder', async () => {
      await call('settings.update', { autoSave: true, saveBeforeExpiryHours: 1 });
      const simAccount = world.sim.addAccount({ version: 'v4' });
      const d = expiringIn(simAccount.token, 3);
      await call<Account>('accounts.add', { label: 'Auto', version: 'v4', token: simAccount.token });
      await passTime(110 * 60_000, 60_000);
      // 70 minutes left: the 2-hour reminder came, which is not yet the setting's moment.
      expect(await jobsFor(d.id)).toHaveLength(0);
      await passTime(15 * 60_000, 60_000);
      const jobs = await jobsFor(d.id);
      expect(jobs).toHaveLength(1);
      expect((await waitForSave(jobs[0]!.jobId)).state).toBe('completed');
    });

    it('saves at once what is already inside the window when auto-save is turned on', async () => {
      await call('settings.update', { autoSave: false, saveBeforeExpiryHours: 24 });
      const simAccount = world.sim.addAccount({ version: 'v4' });
      const d = expiringIn(simAccount.token, 10);
      await call<Account>('accounts.add', { label: 'Later', version: 'v4', token: simAccount.token });
      await passTime(5_000);
      expect(await jobsFor(d.id)).toHaveLength(0);
      await call('settings.update', { autoSave: true });
      await passTime(2_000);
      const jobs = await jobsFor(d.id);
      expect(jobs).toHaveLength(1);
      expect((await waitForSave(jobs[0]!.jobId)).state).toBe('completed');
    });
  });

  it('cancels a running v4 download and keeps its partial files saveable', async () => {
    const simAccount = world.sim.addAccount({ version: 'v4' });
    world.sim.addDownload(simAccount.token, { numRecords: 5000, durationMs: 600_000, recordsPerFile: 500 });
    await call<Account>('accounts.add', { label: 'C', version: 'v4', token: simAccount.token });
    await passTime(120_000, 5000);
    const running = (await call<{ downloads: Download[] }>('downloads.snapshot')).downloads[0]!;
    expect(running.status).toBe('running');
    const cancelled = await call<Download>('downloads.cancel', running.key);
    expect(cancelled.status).toBe('cancelled');
    expect((await call<{ downloads: Download[] }>('downloads.snapshot')).downloads[0]!.status).toBe(
      'cancelled',
    );
    const job = await call<SaveJob>('files.save', running.key);
    expect((await waitForSave(job.jobId)).state).toBe('completed');
  });

  it('previews count and cost, and a failed start changes nothing', async () => {
    const simAccount = world.sim.addAccount({ version: 'v4', paymentProblem: true });
    const account = await call<Account>('accounts.add', {
      label: 'P',
      version: 'v4',
      token: simAccount.token,
    });
    const input = { accountId: account.id, dataType: 'people', query: 'country:US', format: 'json' };
    const bad = await callError('downloads.start', input);
    expect(bad.code).toBe('payment');
    expect((await call<{ downloads: Download[] }>('downloads.snapshot')).downloads).toEqual([]);

    const other = world.sim.addAccount({ version: 'v4' });
    const ok = await call<Account>('accounts.add', { label: 'OK', version: 'v4', token: other.token });
    const preview = await call<{ numFound: number }>('downloads.preview', { ...input, accountId: ok.id });
    expect(preview.numFound).toBeGreaterThan(0);
    const rejected = await callError('downloads.preview', {
      ...input,
      accountId: ok.id,
      query: 'INVALID query',
    });
    expect(rejected.code).toBe('rejected');
  });
});

describe('settings and status', () => {
  it('validates settings, keeps the old value on error, and tells listeners', async () => {
    const error = await callError('settings.update', { pollFastSeconds: 1 });
    expect(error.message).toMatch(/at least 2 seconds/);
    expect((await call<{ pollFastSeconds: number }>('settings.get')).pollFastSeconds).toBe(5);
    await call('settings.update', { startAtLogin: true, notificationsPaused: true });
    expect(world.node.recorded.startAtLogin).toEqual([true]);
    expect((await call<{ notificationsPaused: boolean }>('app.status')).notificationsPaused).toBe(true);
    expect(world.events.some((e) => e.event === 'settings')).toBe(true);
  });

  it('reports offline, and a revoked sign-in stops only that account', async () => {
    const viaPassword = world.sim.addAccount({ version: 'v4' });
    const byToken = world.sim.addAccount({ version: 'v4' });
    const a = await call<Account>('accounts.add', {
      label: 'Password',
      version: 'v4',
      email: viaPassword.email,
      password: viaPassword.password,
    });
    const b = await call<Account>('accounts.add', { label: 'Token', version: 'v4', token: byToken.token });
    world.backend.signals.online(false);
    expect((await call<{ online: boolean }>('app.status')).online).toBe(false);
    world.backend.signals.online(true);

    // The token from /v4/auth stops working; the portal token of the other account does not.
    world.sim.expireSessionTokens();
    world.sim.addDownload(byToken.token, { numRecords: 100, durationMs: 10_000, query: 'still watched' });
    await call('downloads.refresh');
    await passTime(30_000);
    const list = await call<Account[]>('accounts.list');
    expect(list.find((x) => x.id === a.id)).toMatchObject({ state: 'needs-sign-in' });
    expect(list.find((x) => x.id === b.id)).toMatchObject({ state: 'ok' });
    const status = await call<{ accounts: { accountId: string; state: string }[] }>('app.status');
    expect(status.accounts.find((s) => s.accountId === a.id)?.state).toBe('needs-sign-in');
    const downloads = (await call<{ downloads: Download[] }>('downloads.snapshot')).downloads;
    expect(downloads.find((d) => d.query === 'still watched')?.status).toBe('completed');

    // Signing in again brings it back.
    const fixed = await call<Account>('accounts.reauthenticate', a.id, {
      email: viaPassword.email,
      password: viaPassword.password,
    });
    expect(fixed.state).toBe('ok');
  });
});
