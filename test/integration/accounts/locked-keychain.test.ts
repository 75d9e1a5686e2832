// A keychain that locks while the app runs (screen lock, Seahorse's "Lock"): on Linux keytar
// then answers reads with "nothing there" instead of an error. The app must not take that for
// a missing token, nor leave a secret behind when asked to remove the account. Runs the core in
// a child process with a private gnome-keyring (see locked-keychain-child.ts).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_LOCKED_MESSAGE } from '../../../main/core/accounts/messages.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { HAS_KEYRING, removeDirs, tempDir, warnIfNoKeyring } from './support.js';
import { runInOwnKeyring } from '../../support/private-keyring.js';

warnIfNoKeyring();

const CHILD = fileURLToPath(new URL('./locked-keychain-child.ts', import.meta.url));

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
  await removeDirs(dirs);
});

describe.skipIf(!HAS_KEYRING)('a keychain locked while the app runs', () => {
  it('says it is locked on probe, Verify, Remove and Add; keeps the account and stores nothing new', async () => {
    const user = sim.addAccount({ version: 'v4' });
    const second = sim.addAccount({ version: 'v4' });
    const storeDir = await tempDir('locked-store');
    dirs.push(storeDir);
    // A keyring of its own: this one is locked for good, the suite's shared one must not be.
    const result = await runInOwnKeyring(CHILD, {
      STORE_DIR: storeDir,
      SIM_V4: sim.v4,
      TOKEN: user.token,
      TOKEN2: second.token,
    });

    expect(result.probe).toEqual({ available: false, message: KEYCHAIN_LOCKED_MESSAGE });
    // Not "no longer in the keychain": the token is there, behind the lock.
    expect(result.verify).toMatchObject({
      ok: false,
      error: { code: 'keychain', message: KEYCHAIN_LOCKED_MESSAGE },
    });
    expect(result.client).toMatchObject({ ok: false, error: { code: 'keychain' } });
    // Removing cannot take the token out of a locked keychain: the account stays, to try again.
    expect(result.remove).toMatchObject({
      ok: false,
      error: { code: 'keychain', message: KEYCHAIN_LOCKED_MESSAGE },
    });
    // Adding is refused before the token is sent anywhere: the keychain could not keep it.
    expect(result.add).toMatchObject({
      ok: false,
      error: { code: 'keychain', message: KEYCHAIN_LOCKED_MESSAGE },
    });
    expect(sim.log.filter((e) => e.path === '/v4/account')).toHaveLength(1);
    expect(result.accounts).toEqual([result.account]);
  });
});
