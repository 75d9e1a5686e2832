// The account rules with the network and the keychain replaced by doubles; the same rules
// against the simulator and a real Secret Service are in test/integration/accounts.
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.js';
import { rejection } from '../../support/app-error.js';
import { createAccountService } from '../../../main/core/accounts/account-service.js';
import type { AccountService, AccountServiceOptions } from '../../../main/core/accounts/account-service.js';
import type { ClientOptions, DatafinitiClient } from '../../../main/core/datafiniti/client-types.js';
import type { Account } from '../../../preload/contract/index.js';
import { MemoryStore, MemoryVault } from './support.js';

const GOOD = 'good-token-1';
const OTHER = 'good-token-2';

/** How the fake API answers `verify()` for each token; anything else is a wrong token. */
const verdicts = new Map<string, AppError | null>([
  [GOOD, null],
  [OTHER, null],
  ['session-token', null],
  ['inactive-token', new AppError('auth', 'An inactive user token was provided.', { status: 400 })],
  ['unpaid-token', new AppError('payment', "There was a problem with this customer's payment information.")],
  ['offline-token', new AppError('network', 'connect ECONNREFUSED 127.0.0.1:9')],
]);

/** Whose account each good token is, as `GET /v4/account` says: the portal token and the
 * session token from signing in as me@example.com are the same Datafiniti account. */
const owners = new Map<string, { id: number; email: string }>([
  [GOOD, { id: 1001, email: 'Me@example.com' }],
  ['session-token', { id: 1001, email: 'me@example.com' }],
  [OTHER, { id: 1002, email: 'other@example.com' }],
]);

function fakeClient(options: ClientOptions): DatafinitiClient {
  const unused = () => Promise.reject(new Error('not used here'));
  async function verify(): Promise<void> {
    const verdict = verdicts.has(options.token) ? verdicts.get(options.token) : undefined;
    if (verdict === undefined) throw new AppError('auth', 'Invalid token.', { status: 401 });
    if (verdict) throw verdict;
  }
  return {
    version: options.version,
    accountId: options.accountId,
    list: unused,
    get: unused,
    cancel: unused,
    preview: unused,
    start: unused,
    completeListed: unused,
    refreshLinks: unused,
    async account() {
      await verify();
      const owner = owners.get(options.token);
      return owner ? { ...owner, business_credits_used: 3 } : {};
    },
    verify,
  };
}

let store: MemoryStore;
let vault: MemoryVault;
let created: ClientOptions[];
let changes: Account[][];
let removed: string[];
let ids: number;

function service(extra: Partial<AccountServiceOptions> = {}): AccountService {
  return createAccountService({
    store,
    vault,
    fetch: () => Promise.reject(new Error('no network in unit tests')),
    clock: { now: () => Date.parse('2026-01-05T09:00:00Z'), setTimeout, clearTimeout },
    newId: () => `acct-${++ids}`,
    onChange: (list) => changes.push(list),
    onRemoved: (id) => void removed.push(id),
    createClient: (options) => (created.push(options), fakeClient(options)),
    authenticate: async ({ email, password }) => {
      if (email === 'me@example.com' && password === 'right') return 'session-token';
      throw new AppError('auth', 'Invalid email or password.', { status: 401 });
    },
    ...extra,
  });
}

beforeEach(() => {
  store = new MemoryStore();
  vault = new MemoryVault();
  created = [];
  changes = [];
  removed = [];
  ids = 0;
});

describe('adding an account', () => {
  it('verifies the token, keeps it in the vault only, and saves the rest', async () => {
    const accounts = service();
    const account = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    expect(account).toEqual({
      id: 'acct-1',
      label: 'Work',
      version: 'v4',
      baseUrl: 'https://api.datafiniti.co/v4',
      authMethod: 'token',
      email: null,
      state: 'ok',
      stateReason: null,
      addedAt: '2026-01-05T09:00:00.000Z',
    });
    expect(vault.secrets.get('acct-1')).toBe(GOOD);
    expect(store.get('accounts')).toEqual([account]);
    expect(store.dump()).not.toContain(GOOD);
    expect(created[0]).toMatchObject({ accountId: 'acct-1', version: 'v4', token: GOOD, maxRetries: 0 });
    expect(changes).toEqual([[account]]);
  });

  it('uses the configured default base URL per version', async () => {
    const accounts = service({ defaultBaseUrls: { v3: 'http://127.0.0.1:1234/v3' } });
    expect((await accounts.add({ label: 'Old', version: 'v3', token: GOOD })).baseUrl).toBe(
      'http://127.0.0.1:1234/v3',
    );
    expect((await accounts.add({ label: 'New', version: 'v4', token: OTHER })).baseUrl).toBe(
      'https://api.datafiniti.co/v4',
    );
  });

  it('exchanges email and password for a token and keeps neither the password nor it in the store', async () => {
    const accounts = service();
    const account = await accounts.add({
      label: 'Me',
      version: 'v4',
      email: 'me@example.com',
      password: 'right',
    });
    expect(account).toMatchObject({ authMethod: 'password', email: 'me@example.com', state: 'ok' });
    expect(vault.secrets.get(account.id)).toBe('session-token');
    expect(store.dump()).not.toContain('right');
    expect(store.dump()).not.toContain('session-token');
  });

  it.each([
    [
      'bad-token',
      'auth',
      "Datafiniti did not accept this API token. Copy it again from the portal's settings page.",
    ],
    ['inactive-token', 'auth', 'inactive'],
    ['unpaid-token', 'payment', 'payment information'],
    ['offline-token', 'network', 'Could not reach Datafiniti at api.datafiniti.co'],
  ])('saves nothing when %s fails verification and says why', async (token, code, message) => {
    const accounts = service();
    const err = await rejection(accounts.add({ label: 'X', version: 'v3', token }));
    expect(err.code).toBe(code);
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(token);
    expect(accounts.list()).toEqual([]);
    expect(store.get('accounts')).toBeUndefined();
    expect(vault.secrets.size).toBe(0);
    expect(changes).toEqual([]);
  });

  it('tells a wrong password apart from a wrong token', async () => {
    const err = await rejection(
      service().add({ label: 'Me', version: 'v4', email: 'me@example.com', password: 'wrong' }),
    );
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/did not accept this email and password/);
    expect(vault.secrets.size).toBe(0);
  });

  it('refuses invalid input before any network call', async () => {
    const err = await rejection(service().add({ label: '', version: 'v4', token: GOOD }));
    expect(err.code).toBe('invalid-input');
    expect(created).toEqual([]);
  });

  it('refuses without a keychain, before verifying and without saving anything', async () => {
    vault.unavailable = true;
    const err = await rejection(service().add({ label: 'Work', version: 'v4', token: GOOD }));
    expect(err.code).toBe('keychain');
    expect(created).toEqual([]);
    expect(store.get('accounts')).toBeUndefined();
  });

  it('takes the token back out of the vault when the settings file cannot be written', async () => {
    store.failWrites = true;
    const err = await rejection(service().add({ label: 'Work', version: 'v4', token: GOOD }));
    expect(err.code).toBe('disk');
    expect(vault.secrets.size).toBe(0);
  });

  it.each(['accounts', 'accountIdentities'])(
    'leaves nothing half-stored when only the write of %s fails',
    async (key) => {
      store.failWritesTo = key;
      const accounts = service();
      const err = await rejection(accounts.add({ label: 'Work', version: 'v4', token: GOOD }));
      expect(err.code).toBe('disk');
      // Not listed without its token, nor a token without its account, nor a stray identity.
      expect(accounts.list()).toEqual([]);
      expect(service().list()).toEqual([]);
      expect(vault.secrets.size).toBe(0);
      expect(Object.keys(store.get<Record<string, unknown>>('accountIdentities') ?? {})).toEqual([]);
    },
  );

  it('refuses the same token twice for the same API', async () => {
    const accounts = service();
    await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    const err = await rejection(accounts.add({ label: 'Again', version: 'v4', token: ` ${GOOD} ` }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toBe(
      'This Datafiniti account (me@example.com) is already added as "Work". Use that one, or remove it first.',
    );
    expect(err.detail).toMatchObject({ duplicateOf: 'Work' });
    // The same token for the other API version is a different account in the app.
    await accounts.add({ label: 'Work v3', version: 'v3', token: GOOD });
    expect(accounts.list().map((a) => a.label)).toEqual(['Work', 'Work v3']);
    // v3 has no account page: the same token again is the duplicate.
    const v3 = await rejection(accounts.add({ label: 'Work v3 again', version: 'v3', token: GOOD }));
    expect(v3.message).toMatch(/already added as "Work v3"/);
  });

  it('refuses the same Datafiniti account added by token and then by email and password', async () => {
    const accounts = service();
    await accounts.add({ label: 'Portal token', version: 'v4', token: GOOD });
    const err = await rejection(
      accounts.add({ label: 'Signed in', version: 'v4', email: 'me@example.com', password: 'right' }),
    );
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/already added as "Portal token"/);
    expect(accounts.list().map((a) => a.label)).toEqual(['Portal token']);
    expect(vault.secrets.size).toBe(1);
  });

  it('refuses the same Datafiniti account added by email and password and then by token', async () => {
    const accounts = service();
    await accounts.add({ label: 'Signed in', version: 'v4', email: 'me@example.com', password: 'right' });
    const err = await rejection(accounts.add({ label: 'Portal token', version: 'v4', token: GOOD }));
    expect(err.message).toMatch(/already added as "Signed in"/);
    // Another Datafiniti account, or the same one on another API base, is welcome.
    await accounts.add({ label: 'Colleague', version: 'v4', token: OTHER });
    await accounts.add({
      label: 'Staging',
      version: 'v4',
      token: GOOD,
      baseUrl: 'https://staging.example.com/v4',
    });
    expect(accounts.list().map((a) => a.label)).toEqual(['Signed in', 'Colleague', 'Staging']);
  });

  it('can add an account again once it was removed', async () => {
    const accounts = service();
    const first = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    await accounts.remove(first.id);
    await accounts.add({ label: 'Work', version: 'v4', email: 'me@example.com', password: 'right' });
    expect(accounts.list().map((a) => a.label)).toEqual(['Work']);
  });

  it('keeps names unique, whatever their case, when adding and renaming', async () => {
    const accounts = service();
    await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    const other = await accounts.add({ label: 'Other', version: 'v4', token: OTHER });
    const taken = await rejection(accounts.add({ label: ' work ', version: 'v3', token: GOOD }));
    expect(taken.message).toBe('An account is already named "Work". Choose another name.');
    expect(taken.detail).toMatchObject({ field: 'label' });
    expect((await rejection(accounts.rename(other.id, 'WORK'))).message).toMatch(/already named "Work"/);
    // Its own name, in another case, is fine.
    expect((await accounts.rename(other.id, 'OTHER')).label).toBe('OTHER');
  });
});

describe('an account whose token stops working', () => {
  it('goes to needs-sign-in with the reason and back to ok after signing in again', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    const other = await accounts.add({ label: 'Other', version: 'v4', token: OTHER });

    const marked = accounts.markNeedsSignIn(work.id, 'Datafiniti rejected the token (401).');
    expect(marked).toMatchObject({
      state: 'needs-sign-in',
      stateReason: 'Datafiniti rejected the token (401).',
    });
    expect(accounts.get(other.id)).toEqual(other);

    const wrong = await rejection(accounts.reauthenticate(work.id, { token: 'still-wrong' }));
    expect(wrong.code).toBe('auth');
    expect(accounts.get(work.id)?.state).toBe('needs-sign-in');
    expect(vault.secrets.get(work.id)).toBe(GOOD);

    const fixed = await accounts.reauthenticate(work.id, { email: 'me@example.com', password: 'right' });
    expect(fixed).toMatchObject({
      state: 'ok',
      stateReason: null,
      authMethod: 'password',
      email: 'me@example.com',
    });
    expect(await accounts.tokenFor(work.id)).toBe('session-token');
    expect(accounts.get(other.id)).toEqual(other);
    expect(await accounts.tokenFor(other.id)).toBe(OTHER);
  });

  it('marks an account whose stored token is rejected on verify', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v3', token: GOOD });
    vault.secrets.set(work.id, 'revoked');
    const after = await accounts.verify(work.id);
    expect(after.state).toBe('needs-sign-in');
    expect(after.stateReason).toMatch(/Sign in again/);
    vault.secrets.set(work.id, GOOD);
    expect((await accounts.verify(work.id)).state).toBe('ok');
  });

  it('does not mark an account on a network failure during verify', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    vault.secrets.set(work.id, 'offline-token');
    expect((await rejection(accounts.verify(work.id))).code).toBe('network');
    expect(accounts.get(work.id)?.state).toBe('ok');
  });

  it('marks an account whose token vanished from the keychain', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    vault.secrets.delete(work.id);
    expect((await accounts.verify(work.id)).stateReason).toMatch(/no longer in the keychain/);
    expect((await rejection(accounts.tokenFor(work.id))).code).toBe('auth');
  });

  it('ignores a mark for an account that was removed meanwhile', async () => {
    expect(service().markNeedsSignIn('gone', 'x')).toBeUndefined();
  });
});

describe('renaming, removing, clients', () => {
  it('renames with validation', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    expect((await accounts.rename(work.id, ' Team ')).label).toBe('Team');
    expect((await rejection(accounts.rename(work.id, ''))).code).toBe('invalid-input');
    expect((await rejection(accounts.rename('nope', 'X'))).code).toBe('not-found');
  });

  it('removes the keychain entry and stored data, and tells the monitor', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    const other = await accounts.add({ label: 'Other', version: 'v4', token: OTHER });
    await accounts.remove(work.id);
    expect(accounts.list()).toEqual([other]);
    expect(vault.secrets.has(work.id)).toBe(false);
    expect(vault.secrets.get(other.id)).toBe(OTHER);
    expect(removed).toEqual([work.id]);
    await accounts.remove(work.id);
    expect(accounts.list()).toEqual([other]);
  });

  it('keeps the account listed when the keychain cannot delete its entry', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v4', token: GOOD });
    vault.unavailable = true;
    expect((await rejection(accounts.remove(work.id))).code).toBe('keychain');
    expect(accounts.list()).toEqual([work]);
    expect(removed).toEqual([]);
  });

  it('builds a client with the stored token and the caller’s options', async () => {
    const accounts = service();
    const work = await accounts.add({ label: 'Work', version: 'v3', token: GOOD });
    const client = await accounts.clientFor(work.id, { maxRetries: 5 });
    expect(client.accountId).toBe(work.id);
    expect(created.at(-1)).toMatchObject({
      accountId: work.id,
      version: 'v3',
      baseUrl: 'https://api.datafiniti.co/v3',
      token: GOOD,
      maxRetries: 5,
    });
  });
});
