// The keychain locks while the app runs: the banner must say so as soon as something needs the
// keychain and meets the lock, not only after the next refresh. The whole backend runs in a child
// process with a private gnome-keyring that it locks (see locked-keychain-child.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_LOCKED_MESSAGE } from '../../../main/core/accounts/messages.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { HAS_KEYRING, warnIfNoKeyring } from '../accounts/support.js';
import { runInOwnKeyring } from '../../support/private-keyring.js';

warnIfNoKeyring();

const CHILD = fileURLToPath(new URL('./locked-keychain-child.ts', import.meta.url));

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(path.join(tmpdir(), 'locked-keychain-backend-'));
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_KEYRING)('the keychain banner when the keychain locks mid-session', () => {
  it('says the keychain is locked once Verify meets the lock, and keeps the account signed in', async () => {
    const user = sim.addAccount({ version: 'v4' });
    // A keyring of its own: this one is locked for good, the suite's shared one must not be.
    const result = await runInOwnKeyring(CHILD, { DATA_DIR: dir, SIM_V4: sim.v4, TOKEN: user.token });

    expect(result.added.ok).toBe(true);
    expect(result.before.value.keychain).toEqual({ available: true, message: null });
    expect(result.verify).toMatchObject({
      ok: false,
      error: { code: 'keychain', message: KEYCHAIN_LOCKED_MESSAGE },
    });
    expect(result.after.value.keychain).toEqual({ available: false, message: KEYCHAIN_LOCKED_MESSAGE });
    // The token is behind the lock, not gone: the account is not sent to sign in again.
    expect(result.accounts.value[0]).toMatchObject({ state: 'ok' });
  });
});
