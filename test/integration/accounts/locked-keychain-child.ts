// Run as a child process inside a private keychain of its own (test/with-keyring.sh), because it
// locks that keychain and nothing here can unlock it again (unlocking asks for a password in a
// prompt, and a test machine has no display for one). Adds an account, locks the login
// collection as the desktop does when the session is locked, then tries what the user can do,
// and prints the outcomes as one JSON line on stdout.
import { createConfStore } from '../../../main/core/settings/index.js';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import { lockLoginKeyring, outcome, requireOwnKeyring } from '../../support/private-keyring.js';

const { STORE_DIR, SIM_V4, TOKEN, TOKEN2 } = process.env;
if (!STORE_DIR || !SIM_V4 || !TOKEN || !TOKEN2)
  throw new Error('STORE_DIR, SIM_V4, TOKEN and TOKEN2 are required');
requireOwnKeyring();

const SERVICE = 'Datafiniti Downloads locked-keychain test';
const accounts = createAccountService({
  store: createConfStore({ cwd: STORE_DIR, name: 'datafiniti-downloads' }),
  vault: createKeytarVault({ service: SERVICE }),
  fetch: globalThis.fetch,
  defaultBaseUrls: { v4: SIM_V4 },
});
const vault = createKeytarVault({ service: SERVICE });

const account = await accounts.add({ label: 'Work', version: 'v4', token: TOKEN });
// The Secret Service's own Lock call, as GNOME makes when the screen locks or a user clicks
// "Lock" in Seahorse.
lockLoginKeyring();
const probe = await vault.probe();
const verify = await outcome(() => accounts.verify(account.id));
const client = await outcome(() => accounts.clientFor(account.id).then(() => 'client'));
const remove = await outcome(() => accounts.remove(account.id));
const add = await outcome(() => accounts.add({ label: 'Second', version: 'v4', token: TOKEN2 }));
console.log(JSON.stringify({ account, probe, verify, client, remove, add, accounts: accounts.list() }));
