// Accounts against the simulator over real HTTP and a real Secret Service (gnome-keyring on a
// private D-Bus session, started by test/with-keyring.sh). Without it these tests are skipped
// loudly, never faked.
import { createConfStore } from '../../../main/core/settings/index.js';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import type { AccountService } from '../../../main/core/accounts/index.js';
import { rejection } from '../../support/app-error.js';
import type { KeyValueStore } from '../../../main/core/ports.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { HAS_KEYRING, removeDirs, tempDir, warnIfNoKeyring } from './support.js';

warnIfNoKeyring();

// One keychain service per run, so entries from this file are easy to find and never mix with
// another suite's (or, run by hand, a developer's own).
const SERVICE = `Datafiniti Downloads test ${randomUUID()}`;

let sim: Simulator;
let dirs: string[] = [];
let store: KeyValueStore;
let accounts: AccountService;
let removed: string[];

/** A loopback port nothing listens on (bound, then released), so connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function keychainEntries(): Promise<{ account: string; password: string }[]> {
  return keytar.findCredentials(SERVICE);
}

async function storeFileText(): Promise<string> {
  return store.path ? readFile(store.path, 'utf8').catch(() => '') : '';
}

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  const dir = await tempDir('keychain');
  dirs.push(dir);
  store = createConfStore({ cwd: dir, name: 'datafiniti-downloads' });
  removed = [];
  accounts = createAccountService({
    store,
    vault: createKeytarVault({ service: SERVICE }),
    fetch: globalThis.fetch,
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
    onRemoved: (id) => void removed.push(id),
  });
});

afterEach(async () => {
  if (HAS_KEYRING) {
    for (const entry of await keychainEntries()) await keytar.deletePassword(SERVICE, entry.account);
  }
  await removeDirs(dirs);
  dirs = [];
});

describe.skipIf(!HAS_KEYRING)('accounts in the OS keychain', () => {
  it('adds a v4 and a v3 account: tokens in the keychain, the rest in the settings file', async () => {
    const v4 = sim.addAccount({ version: 'v4' });
    const v3 = sim.addAccount({ version: 'v3' });
    const a = await accounts.add({ label: 'Team v4', version: 'v4', token: v4.token });
    const b = await accounts.add({ label: 'Legacy v3', version: 'v3', token: v3.token });

    expect(accounts.list().map((x) => [x.label, x.version, x.baseUrl, x.state])).toEqual([
      ['Team v4', 'v4', sim.v4, 'ok'],
      ['Legacy v3', 'v3', sim.v3, 'ok'],
    ]);
    expect(await keytar.getPassword(SERVICE, a.id)).toBe(v4.token);
    expect(await keytar.getPassword(SERVICE, b.id)).toBe(v3.token);
    const file = await storeFileText();
    expect(file).toContain('Team v4');
    expect(file).not.toContain(v4.token);
    expect(file).not.toContain(v3.token);

    // The clients work with what the keychain holds.
    expect(await (await accounts.clientFor(a)).list()).toEqual([]);
    expect(await (await accounts.clientFor(b.id)).list()).toEqual([]);
  });

  it('signs in with email and password and keeps only the token it got, in the keychain', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const account = await accounts.add({
      label: 'Me',
      version: 'v4',
      email: user.email,
      password: user.password,
    });
    expect(account).toMatchObject({ authMethod: 'password', email: user.email, state: 'ok' });
    const token = await keytar.getPassword(SERVICE, account.id);
    expect(token).toBeTruthy();
    expect(token).not.toBe(user.password);
    expect(sim.log.some((e) => e.method === 'POST' && e.path === '/v4/auth' && e.status === 200)).toBe(true);
    const file = await storeFileText();
    expect(file).not.toContain(user.password);
    expect(file).not.toContain(token);
  });

  it.each([
    ['invalid-token-401', 401],
    ['unauthorized-text-401', 401],
    ['invalid-user-token-400', 400],
  ] as const)('saves nothing when the token is wrong (%s) and says so', async (variant, status) => {
    sim.setAuthFailure(variant);
    sim.clearLog();
    const err = await rejection(accounts.add({ label: 'Typo', version: 'v4', token: 'not-a-real-token' }));
    expect(sim.log.at(-1)?.status).toBe(status);
    expect(err.code).toBe('auth');
    expect(err.message).toBe(
      "Datafiniti did not accept this API token. Copy it again from the portal's settings page.",
    );
    expect(accounts.list()).toEqual([]);
    expect(await keychainEntries()).toEqual([]);
    expect(await storeFileText()).not.toContain('not-a-real-token');
    sim.setAuthFailure('rotate');
  });

  it('explains an inactive token and saves nothing', async () => {
    const inactive = sim.addAccount({ inactive: true });
    const err = await rejection(accounts.add({ label: 'A', version: 'v4', token: inactive.token }));
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/inactive/);
    expect(accounts.list()).toEqual([]);
    expect(await keychainEntries()).toEqual([]);
  });

  it('adds an account with a payment problem: its token works and its downloads can be watched', async () => {
    // Datafiniti refuses new searches for such an account, not the token; refusing it here would
    // stop the user from saving downloads they already paid for.
    const unpaid = sim.addAccount({ paymentProblem: true });
    const paidFor = sim.addDownload(unpaid.token, { numRecords: 50, startedAt: Date.now() - 60_000 });
    const account = await accounts.add({ label: 'Unpaid', version: 'v4', token: unpaid.token });
    expect(account.state).toBe('ok');
    // Watching is what the monitor does: list the account's downloads with the token from the
    // keychain, and read one of them again.
    const client = await accounts.clientFor(account.id);
    const listed = await client.list();
    expect(listed.map((d) => d.id)).toEqual([paidFor.id]);
    expect((await client.get(paidFor.id)).id).toBe(paidFor.id);
  });

  it('explains a wrong email or password', async () => {
    const user = sim.addAccount();
    const err = await rejection(
      accounts.add({ label: 'Me', version: 'v4', email: user.email, password: 'wrong-password' }),
    );
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/did not accept this email and password/);
    expect(await keychainEntries()).toEqual([]);
  });

  it('explains an unreachable server and saves nothing', async () => {
    const user = sim.addAccount();
    const port = await closedPort();
    const err = await rejection(
      accounts.add({ label: 'A', version: 'v4', baseUrl: `http://127.0.0.1:${port}/v4`, token: user.token }),
    );
    expect(err.code).toBe('network');
    expect(err.message).toBe(
      `Could not reach Datafiniti at 127.0.0.1:${port}. Check your internet connection, then try again.`,
    );
    expect(await keychainEntries()).toEqual([]);
    expect(accounts.list()).toEqual([]);
  });

  it('moves a rejected account to needs-sign-in and back, leaving the other alone', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const other = sim.addAccount({ version: 'v4' });
    const mine = await accounts.add({
      label: 'Me',
      version: 'v4',
      email: user.email,
      password: user.password,
    });
    const theirs = await accounts.add({ label: 'Other', version: 'v4', token: other.token });

    // The session token from /v4/auth expires; the monitor's next round is rejected.
    sim.expireSessionTokens();
    const err = await rejection((await accounts.clientFor(mine)).list());
    expect(err.code).toBe('auth');
    accounts.markNeedsSignIn(mine.id, 'Datafiniti signed this account out. Sign in again.');
    expect(accounts.get(mine.id)).toMatchObject({
      state: 'needs-sign-in',
      stateReason: 'Datafiniti signed this account out. Sign in again.',
    });

    // Verifying again confirms it; signing in again fixes it.
    expect((await accounts.verify(mine.id)).state).toBe('needs-sign-in');
    const back = await accounts.reauthenticate(mine.id, { email: user.email, password: user.password });
    expect(back).toMatchObject({ state: 'ok', stateReason: null });
    expect(await (await accounts.clientFor(mine.id)).list()).toEqual([]);

    expect(accounts.get(theirs.id)).toEqual(theirs);
    expect(await keytar.getPassword(SERVICE, theirs.id)).toBe(other.token);
  });

  it('switches an account to a portal token when signing in again', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const mine = await accounts.add({
      label: 'Me',
      version: 'v4',
      email: user.email,
      password: user.password,
    });
    accounts.markNeedsSignIn(mine.id, 'rejected');
    const back = await accounts.reauthenticate(mine.id, { token: user.token });
    expect(back).toMatchObject({ state: 'ok', authMethod: 'token', email: null });
    expect(await keytar.getPassword(SERVICE, mine.id)).toBe(user.token);
  });

  it('removes the keychain entry and the stored account, and tells the monitor', async () => {
    const one = sim.addAccount();
    const two = sim.addAccount();
    const a = await accounts.add({ label: 'One', version: 'v4', token: one.token });
    const b = await accounts.add({ label: 'Two', version: 'v4', token: two.token });
    await accounts.remove(a.id);
    expect(await keytar.getPassword(SERVICE, a.id)).toBeNull();
    expect(await keytar.getPassword(SERVICE, b.id)).toBe(two.token);
    expect(accounts.list()).toEqual([b]);
    expect(await storeFileText()).not.toContain(a.id);
    expect(removed).toEqual([a.id]);
  });

  it('reports the keychain as available', async () => {
    expect(await accounts.keychainStatus()).toEqual({ available: true, message: null });
  });
});
