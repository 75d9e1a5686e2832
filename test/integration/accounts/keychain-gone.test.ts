// The keychain service stops while the app runs (a crash, a `killall gnome-keyring-daemon`):
// the app must say there is no keychain, keep the account signed in (its token is not known to
// be gone) and refuse to remove it rather than leave its token behind. Runs the core in a child
// process with a private gnome-keyring that it stops (see keychain-gone-child.ts).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KEYCHAIN_TIMEOUT_MESSAGE,
  keychainUnavailableMessage,
} from '../../../main/core/accounts/messages.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { HAS_KEYRING, removeDirs, tempDir, warnIfNoKeyring } from './support.js';
import { runInOwnKeyring } from '../../support/private-keyring.js';

warnIfNoKeyring();

const CHILD = fileURLToPath(new URL('./keychain-gone-child.ts', import.meta.url));

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
  await removeDirs(dirs);
});

describe.skipIf(!HAS_KEYRING)('a keychain service that stops while the app runs', () => {
  it('says no keychain is available, keeps the account signed in, and refuses to remove it', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const storeDir = await tempDir('gone-store');
    dirs.push(storeDir);
    // A keyring of its own: this one is stopped, the suite's shared one must keep running.
    const result = await runInOwnKeyring(CHILD, { STORE_DIR: storeDir, SIM_V4: sim.v4, TOKEN: user.token });
    // Which of the two depends on whether D-Bus starts a new, locked daemon in time.
    const said = [keychainUnavailableMessage('linux'), KEYCHAIN_TIMEOUT_MESSAGE];

    expect(result.probe.available).toBe(false);
    expect(said).toContain(result.probe.message);
    expect(result.verify).toMatchObject({ ok: false, error: { code: 'keychain' } });
    expect(result.remove).toMatchObject({ ok: false, error: { code: 'keychain' } });
    expect(result.accounts).toEqual([result.account]);
    expect(result.account.state).toBe('ok');
  });
});
