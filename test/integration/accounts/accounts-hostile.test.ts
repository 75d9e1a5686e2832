// Accounts as a hostile tester uses them: two adds at once, the keychain entry changed or
// removed behind the app's back, names that are no names. The simulator over real HTTP and a
// real Secret Service (gnome-keyring under test/with-keyring.sh); without it, skipped loudly.
import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import type { AccountService } from '../../../main/core/accounts/index.js';
import { TOKEN_MISSING_REASON } from '../../../main/core/accounts/messages.js';
import { createConfStore } from '../../../main/core/settings/index.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { rejection } from '../../support/app-error.js';
import { HAS_KEYRING, removeDirs, tempDir, warnIfNoKeyring } from './support.js';

warnIfNoKeyring();

const SERVICE = `Datafiniti Downloads hostile test ${randomUUID()}`;

let sim: Simulator;
let dirs: string[] = [];
let accounts: AccountService;

function newService(): AccountService {
  const dir = dirs.at(-1);
  if (!dir) throw new Error('no temp dir');
  return createAccountService({
    store: createConfStore({ cwd: dir, name: 'datafiniti-downloads' }),
    vault: createKeytarVault({ service: SERVICE }),
    fetch: globalThis.fetch,
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
  });
}

async function keychainAccounts(): Promise<string[]> {
  return (await keytar.findCredentials(SERVICE)).map((c) => c.account).sort();
}

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  dirs.push(await tempDir('hostile'));
  accounts = newService();
});

afterEach(async () => {
  if (HAS_KEYRING) {
    for (const account of await keychainAccounts()) await keytar.deletePassword(SERVICE, account);
  }
  await removeDirs(dirs);
  dirs = [];
});

describe.skipIf(!HAS_KEYRING)('accounts against a hostile user and keychain', () => {
  it('adds the same Datafiniti account once when it is added twice at the same moment', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const results = await Promise.allSettled([
      accounts.add({ label: 'First', version: 'v4', token: user.token }),
      accounts.add({ label: 'Second', version: 'v4', token: user.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(String((refused as PromiseRejectedResult).reason.message)).toMatch(/is already added as/);
    expect(accounts.list()).toHaveLength(1);
    // Nothing half-stored: one keychain entry, the listed account's.
    expect(await keychainAccounts()).toEqual(accounts.list().map((a) => a.id));
  });

  it('gives one name to one account when two adds with that name race', async () => {
    const one = sim.addAccount({ version: 'v4' });
    const two = sim.addAccount({ version: 'v4' });
    const results = await Promise.allSettled([
      accounts.add({ label: 'Team', version: 'v4', token: one.token }),
      accounts.add({ label: 'team ', version: 'v4', token: two.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(accounts.list()).toHaveLength(1);
    expect(await keychainAccounts()).toEqual(accounts.list().map((a) => a.id));
  });

  it('refuses empty, blank and over-long names on rename and keeps the old one', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const account = await accounts.add({ label: 'Kept', version: 'v4', token: user.token });
    for (const bad of ['', '   \t ', 'x'.repeat(300)]) {
      const err = await rejection(accounts.rename(account.id, bad));
      expect(err.code).toBe('invalid-input');
    }
    expect((await accounts.rename(account.id, '  Kept  ')).label).toBe('Kept');
    expect(accounts.get(account.id)?.label).toBe('Kept');
  });

  it('says the token is gone from the keychain when another app deleted it, and takes a new one', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const account = await accounts.add({ label: 'Mine', version: 'v4', token: user.token });
    // What `secret-tool clear` or Seahorse does: the entry goes, the app is not told.
    await keytar.deletePassword(SERVICE, account.id);
    const verified = await accounts.verify(account.id);
    expect(verified).toMatchObject({ state: 'needs-sign-in', stateReason: TOKEN_MISSING_REASON });
    const back = await accounts.reauthenticate(account.id, { token: user.token });
    expect(back.state).toBe('ok');
    expect(await keytar.getPassword(SERVICE, account.id)).toBe(user.token);
  });

  it('ignores keychain entries of ids it does not know and keeps them out of its list', async () => {
    const stranger = randomUUID();
    await keytar.setPassword(SERVICE, stranger, 'someone-elses-secret');
    const user = sim.addAccount({ version: 'v4' });
    const account = await accounts.add({ label: 'Mine', version: 'v4', token: user.token });
    expect(accounts.list().map((a) => a.id)).toEqual([account.id]);
    await accounts.remove(account.id);
    // Removing ours leaves the stranger's entry alone.
    expect(await keychainAccounts()).toEqual([stranger]);
  });
});
