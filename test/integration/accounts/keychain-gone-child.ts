// Run as a child process inside a private keychain of its own (test/with-keyring.sh): adds an
// account, then stops the keychain service (gnome-keyring-daemon, the one with-keyring.sh
// started for this process) as a crash or a `killall` would, and tries what the user can do.
// Prints the outcomes as one JSON line on stdout.
import { createConfStore } from '../../../main/core/settings/index.js';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import { keyringDaemonPid, outcome, requireOwnKeyring } from '../../support/private-keyring.js';

const { STORE_DIR, SIM_V4, TOKEN } = process.env;
if (!STORE_DIR || !SIM_V4 || !TOKEN) throw new Error('STORE_DIR, SIM_V4 and TOKEN are required');
requireOwnKeyring();

const SERVICE = 'Datafiniti Downloads keychain-gone test';
const vault = createKeytarVault({ service: SERVICE });
const accounts = createAccountService({
  store: createConfStore({ cwd: STORE_DIR, name: 'datafiniti-downloads' }),
  vault,
  fetch: globalThis.fetch,
  defaultBaseUrls: { v4: SIM_V4 },
});

const account = await accounts.add({ label: 'Work', version: 'v4', token: TOKEN });
// The process that owns the Secret Service name on this private bus: the daemon started for us.
const pid = keyringDaemonPid();
process.kill(pid, 'SIGTERM');
for (let i = 0; i < 100; i++) {
  try {
    process.kill(pid, 0);
  } catch {
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const probe = await vault.probe();
const verify = await outcome(() => accounts.verify(account.id));
const remove = await outcome(() => accounts.remove(account.id));
console.log(JSON.stringify({ account, probe, verify, remove, accounts: accounts.list() }));
