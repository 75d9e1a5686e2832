// Accounts as a hostile tester uses them: two adds at once, the keychain entry changed or
// removed behind the app's back, names that are no names. The simulator over real HTTP and a
// real Secret Service (gnome-keyring under test/with-keyring.sh); without it, skipped loudly.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import type { AccountService } from '../../../main/core/accounts/index.js';
import { TOKEN_MISSING_REASON, TOKEN_OTHER_ACCOUNT_REASON } from '../../../main/core/accounts/messages.js';
import { createConfStore } from '../../../main/core/settings/index.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { rejection } from '../../support/app-error.js';
import type { Logger } from '../../../main/core/ports.js';
import { filesContaining, HAS_KEYRING, removeDirs, tempDir, warnIfNoKeyring } from './support.js';

warnIfNoKeyring();

const SERVICE = `Datafiniti Downloads hostile test ${randomUUID()}`;

let sim: Simulator;
let dirs: string[] = [];
let accounts: AccountService;
/** Every line the core handed its logger, with its fields, as the log file would get them. */
let logged: string[] = [];

function newService(timeoutMs?: number): AccountService {
  const dir = dirs.at(-1);
  if (!dir) throw new Error('no temp dir');
  return createAccountService({
    store: createConfStore({ cwd: dir, name: 'datafiniti-downloads' }),
    vault: createKeytarVault({ service: SERVICE }),
    fetch: globalThis.fetch,
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
    logger: recordAll(),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

function recordAll(): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
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
  logged = [];
  sim.clearFaults();
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

  it("does not call an account fine when another app put a different account's token in its entry", async () => {
    const mine = sim.addAccount({ version: 'v4' });
    const someoneElse = sim.addAccount({ version: 'v4' });
    const account = await accounts.add({ label: 'Mine', version: 'v4', token: mine.token });
    await keytar.setPassword(SERVICE, account.id, someoneElse.token);
    const verified = await accounts.verify(account.id);
    expect(verified).toMatchObject({ state: 'needs-sign-in', stateReason: TOKEN_OTHER_ACCOUNT_REASON });
    // Its own token again, and all is well.
    expect((await accounts.reauthenticate(account.id, { token: mine.token })).state).toBe('ok');
    expect((await accounts.verify(account.id)).state).toBe('ok');
  });

  it('removes an account whose keychain entry another app already deleted', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const account = await accounts.add({ label: 'Mine', version: 'v4', token: user.token });
    await keytar.deletePassword(SERVICE, account.id);
    await accounts.remove(account.id);
    expect(accounts.list()).toEqual([]);
    expect(await keychainAccounts()).toEqual([]);
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

  it('refuses to sign an account in again with the token of another account already listed', async () => {
    const one = sim.addAccount({ version: 'v4' });
    const two = sim.addAccount({ version: 'v4' });
    const first = await accounts.add({ label: 'One', version: 'v4', token: one.token });
    const second = await accounts.add({ label: 'Two', version: 'v4', token: two.token });
    accounts.markNeedsSignIn(second.id);
    const err = await rejection(accounts.reauthenticate(second.id, { token: one.token }));
    expect(err.message).toMatch(/^This Datafiniti account .*is already added as "One"\. Use that one/);
    // Nothing changed: Two still waits for its own token, One is untouched.
    expect(accounts.get(second.id)?.state).toBe('needs-sign-in');
    expect(await keytar.getPassword(SERVICE, second.id)).toBe(two.token);
    expect(await keytar.getPassword(SERVICE, first.id)).toBe(one.token);
    // Its own token is welcome, of course.
    expect((await accounts.reauthenticate(second.id, { token: two.token })).state).toBe('ok');
  });

  describe('signing in with email and password', () => {
    async function refusedSignIn(password: string): Promise<{ message: string; code: string }> {
      const user = sim.addAccount({ version: 'v4' });
      sim.clearLog();
      const err = await rejection(accounts.add({ label: 'Me', version: 'v4', email: user.email, password }));
      // One attempt only: a login is never retried (lock-outs), whatever the answer.
      expect(sim.log.filter((e) => e.path === '/v4/auth')).toHaveLength(1);
      expect(accounts.list()).toEqual([]);
      expect(await keychainAccounts()).toEqual([]);
      return { message: err.message, code: err.code };
    }

    it('says Datafiniti is busy on a 429 and tries once', async () => {
      sim.inject({ kind: 'rate-limit-seconds', path: '/v4/auth', method: 'POST', retryAfterSeconds: 1 });
      expect(await refusedSignIn('any-password-1')).toEqual({
        code: 'rate-limited',
        message: 'Datafiniti is busy and asked us to wait. Try again in a minute.',
      });
    });

    it.each(['wrong-shape', 'malformed-json', 'portal-page'] as const)(
      'refuses a sign-in answer without a token (%s) and stores nothing',
      async (kind) => {
        sim.inject({ kind, path: '/v4/auth', method: 'POST' });
        const { code, message } = await refusedSignIn('any-password-2');
        expect(code).toBe('bad-response');
        expect(message).toMatch(/did not answer like the Datafiniti API/);
      },
    );

    it('gives up on a sign-in that does not answer in time, and says so', async () => {
      accounts = newService(300);
      sim.inject({ kind: 'slow', path: '/v4/auth', method: 'POST', delayMs: 1_500 });
      const { code, message } = await refusedSignIn('any-password-3');
      expect(code).toBe('timeout');
      expect(message).toMatch(/did not answer in time/);
    });

    it('refuses a sign-in answer whose token could not be sent in a header, without blaming the network', async () => {
      // A server (a proxy, a look-alike) that signs in with a token holding a line break: it
      // could never go into an Authorization header. The answer is the server's, not the network's.
      const server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v4/auth') res.end(JSON.stringify({ token: 'abc\ndef' }));
        else res.end(JSON.stringify({ id: 'x', email: 'a@example.com' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const err = await rejection(
          accounts.add({
            label: 'Odd',
            version: 'v4',
            baseUrl: `http://127.0.0.1:${port}/v4`,
            email: 'a@example.com',
            password: 'any-password-4',
          }),
        );
        expect(err.code).toBe('bad-response');
        expect(err.message).toMatch(/did not answer like the Datafiniti API/);
        expect(accounts.list()).toEqual([]);
        expect(await keychainAccounts()).toEqual([]);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('never stores or logs the password, whether the sign-in works or not', async () => {
      const user = sim.addAccount({ version: 'v4' });
      await rejection(
        accounts.add({ label: 'Typo', version: 'v4', email: user.email, password: 'Wrong-pa55word!' }),
      );
      const account = await accounts.add({
        label: 'Me',
        version: 'v4',
        email: user.email,
        password: user.password,
      });
      await accounts.verify(account.id);
      for (const secret of [user.password, 'Wrong-pa55word!']) {
        expect(logged.filter((line) => line.includes(secret))).toEqual([]);
        const { hits, scanned } = await filesContaining(dirs, secret);
        expect(scanned).toBeGreaterThan(0);
        expect(hits).toEqual([]);
        const stored = await keytar.findCredentials(SERVICE);
        expect(stored.filter((c) => c.password.includes(secret))).toEqual([]);
      }
      expect(logged.length).toBeGreaterThan(0);
    });
  });
});
