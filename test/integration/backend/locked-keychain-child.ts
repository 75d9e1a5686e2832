// Run as a child process inside a private keychain of its own (test/with-keyring.sh): the whole
// backend with the real keychain, which this script locks for good (unlocking needs a password
// prompt, and a test machine has no display for one). Prints, as one JSON line on stdout, what
// the window would show before and after the lock.
import path from 'node:path';
import { createKeytarVault } from '../../../main/core/accounts/index.js';
import { createBackend } from '../../../main/core/backend/index.js';
import { createNodePorts } from '../../harness/node-ports.js';
import { lockLoginKeyring, requireOwnKeyring } from '../../support/private-keyring.js';

const { DATA_DIR, SIM_V4, TOKEN } = process.env;
if (!DATA_DIR || !SIM_V4 || !TOKEN) throw new Error('DATA_DIR, SIM_V4 and TOKEN are required');
requireOwnKeyring();

const node = createNodePorts({
  dataDir: path.join(DATA_DIR, 'data'),
  downloadsDir: path.join(DATA_DIR, 'Downloads'),
  vault: createKeytarVault({ service: 'Datafiniti Downloads locked-keychain backend test' }),
  defaultBaseUrls: { v3: SIM_V4.replace(/v4$/, 'v3'), v4: SIM_V4 },
});
const backend = createBackend(node.ports);
await backend.start();
const call = (method: string, ...args: unknown[]) => backend.call(method, args);

const added = await call('accounts.add', { label: 'Work', version: 'v4', token: TOKEN });
const accountId = added.ok ? (added.value as { id: string }).id : '';
// Adding probes the keychain once more on the side: let that finish before the lock.
await new Promise((resolve) => setTimeout(resolve, 500));
const before = await call('app.status');
// The Secret Service's own Lock call, as GNOME makes when the screen locks.
lockLoginKeyring();
const verify = await call('accounts.verify', accountId);
// A moment for whatever the failure set off (a probe of the keychain) to finish.
await new Promise((resolve) => setTimeout(resolve, 500));
const after = await call('app.status');
const accounts = await call('accounts.list');
await backend.dispose();
console.log(JSON.stringify({ added, before, verify, after, accounts }));
