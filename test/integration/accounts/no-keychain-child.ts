// Run as a child process with D-Bus pointing nowhere: tries to add an account the way the app
// would and prints the outcome as one JSON line on stdout.
import { createConfStore } from '../../../main/core/settings/index.js';
import { createAccountService, createKeytarVault } from '../../../main/core/accounts/index.js';
import { toErrorInfo } from '../../../main/core/errors.js';

const { STORE_DIR, SIM_V4, TOKEN } = process.env;
if (!STORE_DIR || !SIM_V4 || !TOKEN) throw new Error('STORE_DIR, SIM_V4 and TOKEN are required');

const store = createConfStore({ cwd: STORE_DIR, name: 'datafiniti-downloads' });
const vault = createKeytarVault({ service: 'Datafiniti Downloads no-keychain test' });
const accounts = createAccountService({
  store,
  vault,
  fetch: globalThis.fetch,
  defaultBaseUrls: { v4: SIM_V4 },
});

const probe = await vault.probe();
let outcome: unknown;
try {
  outcome = { ok: true, account: await accounts.add({ label: 'Work', version: 'v4', token: TOKEN }) };
} catch (err) {
  outcome = { ok: false, error: toErrorInfo(err) };
}
console.log(JSON.stringify({ probe, outcome, accounts: accounts.list() }));
