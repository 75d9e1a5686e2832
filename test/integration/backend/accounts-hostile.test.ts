// Accounts through the contract while other things are on their way: the token taken out of the
// keychain behind the app's back, an account removed while its download is being started or
// its poll is out, a token refused once. The real core, the simulator over real HTTP, and the
// real keychain (gnome-keyring under test/with-keyring.sh); without it, skipped loudly.
import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeytarVault } from '../../../main/core/accounts/index.js';
import { TOKEN_MISSING_REASON, TOKEN_REJECTED_REASON } from '../../../main/core/accounts/messages.js';
import type {
  Account,
  AccountCredits,
  AppStatus,
  Download,
  SaveJob,
} from '../../../preload/contract/index.js';
import { existsSync } from 'node:fs';
import { HAS_KEYRING, warnIfNoKeyring } from '../accounts/support.js';
import { useBackendWorld } from './support.js';

warnIfNoKeyring();

const SERVICE = `Datafiniti Downloads backend hostile test ${randomUUID()}`;
const world = useBackendWorld({
  tempPrefix: 'accounts-hostile-',
  vault: () => createKeytarVault({ service: SERVICE }),
});
const { call } = world;

afterEach(async () => {
  if (!HAS_KEYRING) return;
  for (const c of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, c.account);
});

async function addV4(label: string): Promise<{ account: Account; token: string }> {
  const user = world.sim.addAccount({ version: 'v4' });
  const account = await call<Account>('accounts.add', { label, version: 'v4', token: user.token });
  return { account, token: user.token };
}

async function settle(ms = 5_000): Promise<void> {
  for (let t = 0; t < ms; t += 500) await world.clock.advance(500);
}

describe.skipIf(!HAS_KEYRING)('accounts while things are in flight', () => {
  it('says the token is gone from the keychain, not refused by Datafiniti, when another app deleted it', async () => {
    const { account } = await addV4('Mine');
    await world.restart(async () => {
      // `secret-tool clear`, or Seahorse, while the app was closed.
      await keytar.deletePassword(SERVICE, account.id);
    });
    await settle();
    const [after] = await call<Account[]>('accounts.list');
    expect(after).toMatchObject({ state: 'needs-sign-in', stateReason: TOKEN_MISSING_REASON });
    // Nothing was sent without a token.
    expect(world.sim.log.filter((e) => e.auth === 'none')).toEqual([]);
  });

  it('keeps no download of an account removed while one of its downloads was being started', async () => {
    const { account } = await addV4('Leaving');
    await settle();
    world.sim.inject({ kind: 'slow', path: '/v4/businesses/search', method: 'POST', delayMs: 400 });
    const input = { accountId: account.id, dataType: 'businesses', query: 'city:Austin', format: 'csv' };
    const starting = world.backend.call('downloads.start', [input]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await call('accounts.remove', account.id);
    const answer = await starting;
    // It did start (and is billed): the answer says so and that nothing watches it now.
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/started.*removed/s);
    await settle();
    const downloads = await call<{ downloads: Download[] }>('downloads.snapshot');
    expect(downloads.downloads.filter((d) => d.accountId === account.id)).toEqual([]);
    await world.restart();
    const again = await call<{ downloads: Download[] }>('downloads.snapshot');
    expect(again.downloads.filter((d) => d.accountId === account.id)).toEqual([]);
  });

  it('keeps no download of an account removed while its poll was out', async () => {
    const user = world.sim.addAccount({ version: 'v4' });
    world.sim.addDownload(user.token, { numRecords: 50, durationMs: 600_000 });
    world.sim.inject({ kind: 'slow', path: '/v4/downloads', method: 'GET', delayMs: 400 });
    const account = await call<Account>('accounts.add', {
      label: 'Polled',
      version: 'v4',
      token: user.token,
    });
    await world.clock.advance(10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await call('accounts.remove', account.id);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await settle();
    const downloads = await call<{ downloads: Download[] }>('downloads.snapshot');
    expect(downloads.downloads.filter((d) => d.accountId === account.id)).toEqual([]);
  });

  it('takes a single 401 for a refused token, as the API reference says, and Verify brings it back', async () => {
    const user = world.sim.addAccount({ version: 'v4' });
    world.sim.addDownload(user.token, { numRecords: 50, durationMs: 600_000 });
    const account = await call<Account>('accounts.add', { label: 'Flaky', version: 'v4', token: user.token });
    await settle();
    world.sim.inject({ kind: 'echo-auth', path: '/v4/downloads', method: 'GET' });
    await call('downloads.refresh');
    expect((await call<Account[]>('accounts.list'))[0]).toMatchObject({
      state: 'needs-sign-in',
      stateReason: TOKEN_REJECTED_REASON,
    });
    // The token was fine after all: Verify says so and watching resumes, no token re-entered.
    expect(await call<Account>('accounts.verify', account.id)).toMatchObject({ state: 'ok' });
    world.sim.clearLog();
    await settle(15_000);
    expect(world.sim.log.some((e) => e.path === '/v4/downloads' && e.status === 200)).toBe(true);
    const status = await call<AppStatus>('app.status');
    expect(status.accounts.find((a) => a.accountId === account.id)?.state).not.toBe('needs-sign-in');
  });

  it("finishes a save that was running when its account was removed: the files are the user's", async () => {
    const user = world.sim.addAccount({ version: 'v4' });
    world.sim.addDownload(user.token, {
      numRecords: 10,
      recordsPerFile: 5,
      queuedMs: 0,
      durationMs: 1000,
      startedAt: world.clock.now() - 10 * 60_000,
    });
    const account = await call<Account>('accounts.add', {
      label: 'Saving',
      version: 'v4',
      token: user.token,
    });
    let key: string | undefined;
    for (let i = 0; i < 20 && !key; i++) {
      await world.clock.advance(1000);
      key = (await call<{ downloads: Download[] }>('downloads.snapshot')).downloads.find(
        (d) => d.status === 'completed',
      )?.key;
    }
    world.sim.inject({ kind: 'slow', path: /^\/files\//, delayMs: 400, times: 2 });
    const job = await call<SaveJob>('files.save', key);
    await new Promise((r) => setTimeout(r, 100));
    await call('accounts.remove', account.id);
    for (let i = 0; i < 40; i++) {
      await world.clock.advance(200);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The file host needs no credentials: the files already paid for are saved whole.
    const done = (await call<SaveJob[]>('files.jobs')).find((j) => j.jobId === job.jobId);
    expect(done).toMatchObject({ state: 'completed', error: null });
    expect(done?.files.map((f) => f.state)).toEqual(['done', 'done']);
    expect(existsSync(job.folder)).toBe(true);
    expect(world.node.recorded.notifications.map((n) => n.title)).toContain('Files saved');
  });

  it('shows no credits of an account removed while they were being read', async () => {
    const user = world.sim.addAccount({ version: 'v4' });
    world.sim.inject({ kind: 'slow', path: '/v4/account', method: 'GET', delayMs: 400, after: 1 });
    const account = await call<Account>('accounts.add', {
      label: 'Counted',
      version: 'v4',
      token: user.token,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await call('accounts.remove', account.id);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(world.sim.log.filter((e) => e.path === '/v4/account')).toHaveLength(2);
    const credits = await call<AccountCredits[]>('accounts.credits');
    expect(credits.filter((c) => c.accountId === account.id)).toEqual([]);
  });
});
