// Run as a child process inside a private keychain of its own (test/with-keyring.sh): the whole
// backend with the real keychain, whose service this script freezes (SIGSTOP, as a daemon stuck
// on a prompt or swapped out) and then lets go on (SIGCONT). Prints, as one JSON line on stdout,
// what the window would show during and after.
import path from 'node:path';
import { createKeytarVault } from '../../../main/core/accounts/index.js';
import { createBackend } from '../../../main/core/backend/index.js';
import { createNodePorts } from '../../harness/node-ports.js';
import { keyringDaemonPid, requireOwnKeyring } from '../../support/private-keyring.js';

const { DATA_DIR, SIM_V4, TOKEN } = process.env;
if (!DATA_DIR || !SIM_V4 || !TOKEN) throw new Error('DATA_DIR, SIM_V4 and TOKEN are required');
requireOwnKeyring();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const node = createNodePorts({
  dataDir: path.join(DATA_DIR, 'data'),
  downloadsDir: path.join(DATA_DIR, 'Downloads'),
  // A short probe, so the test need not wait the app's 15 s.
  vault: createKeytarVault({ service: 'Datafiniti Downloads keychain-stall test', probeTimeoutMs: 500 }),
  defaultBaseUrls: { v3: SIM_V4.replace(/v4$/, 'v3'), v4: SIM_V4 },
});
const backend = createBackend(node.ports);
await backend.start();
const call = (method: string, ...args: unknown[]) => backend.call(method, args);

const added = await call('accounts.add', { label: 'Work', version: 'v4', token: TOKEN });
const accountId = added.ok ? (added.value as { id: string }).id : '';
await pause(500);
// The daemon started for this process: the owner of the Secret Service name on this private bus.
const pid = keyringDaemonPid();
process.kill(pid, 'SIGSTOP');
await call('downloads.refresh');
await pause(1_000);
const during = await call('app.status');
// Verify while it is frozen: it waits (the keychain may be showing an unlock prompt).
let verifySettled = false;
const verifying = call('accounts.verify', accountId).finally(() => (verifySettled = true));
await pause(300);
const settledWhileFrozen = verifySettled;
process.kill(pid, 'SIGCONT');
const verify = await verifying;
await pause(1_000);
const after = await call('app.status');
const accounts = await call('accounts.list');
await backend.dispose();
console.log(JSON.stringify({ added, during, settledWhileFrozen, verify, after, accounts }));
