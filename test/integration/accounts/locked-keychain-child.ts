// Run as a child process inside a private keychain of its own (test/with-keyring.sh), because it
// locks that keychain and nothing here can unlock it again (unlocking asks for a password in a
// prompt, and a test machine has no display for one). Adds an account, locks the login
// collection as the desktop does when the session is locked, then tries what the user can do,
// and prints the outcomes as one JSON line on stdout.
import { execFileSync } from 'node:child_process';
import { createConfStore } from '../../../main/core/settings/index.js';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import { toErrorInfo } from '../../../main/core/errors.js';

const { STORE_DIR, SIM_V4, TOKEN, TOKEN2 } = process.env;
if (!STORE_DIR || !SIM_V4 || !TOKEN || !TOKEN2)
  throw new Error('STORE_DIR, SIM_V4, TOKEN and TOKEN2 are required');
if (process.env.DATAFINITI_KEYRING !== 'gnome-keyring') throw new Error('run me under test/with-keyring.sh');

const SERVICE = 'Datafiniti Downloads locked-keychain test';
const accounts = createAccountService({
  store: createConfStore({ cwd: STORE_DIR, name: 'datafiniti-downloads' }),
  vault: createKeytarVault({ service: SERVICE }),
  fetch: globalThis.fetch,
  defaultBaseUrls: { v4: SIM_V4 },
});
const vault = createKeytarVault({ service: SERVICE });

async function outcome(step: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: true, value: await step() };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

const account = await accounts.add({ label: 'Work', version: 'v4', token: TOKEN });
// The Secret Service's own Lock call, as GNOME makes when the screen locks or a user clicks
// "Lock" in Seahorse.
execFileSync('gdbus', [
  'call',
  '--session',
  '--dest',
  'org.freedesktop.secrets',
  '--object-path',
  '/org/freedesktop/secrets',
  '--method',
  'org.freedesktop.Secret.Service.Lock',
  "['/org/freedesktop/secrets/collection/login']",
]);
const probe = await vault.probe();
const verify = await outcome(() => accounts.verify(account.id));
const client = await outcome(() => accounts.clientFor(account.id).then(() => 'client'));
const remove = await outcome(() => accounts.remove(account.id));
const add = await outcome(() => accounts.add({ label: 'Second', version: 'v4', token: TOKEN2 }));
console.log(JSON.stringify({ account, probe, verify, client, remove, add, accounts: accounts.list() }));
