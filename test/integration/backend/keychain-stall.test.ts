// The keychain service stops answering for a while and then answers again (a daemon stuck on a
// prompt, or frozen): the banner says it does not answer, a Verify meanwhile waits rather than
// calling the token gone, and once it answers the banner clears by itself and nothing is lost.
// The whole backend runs in a child process with a private gnome-keyring that it freezes with
// SIGSTOP and thaws with SIGCONT (see keychain-stall-child.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_TIMEOUT_MESSAGE } from '../../../main/core/accounts/messages.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { HAS_KEYRING, warnIfNoKeyring } from '../accounts/support.js';
import { runInOwnKeyring } from '../../support/private-keyring.js';

warnIfNoKeyring();

const CHILD = fileURLToPath(new URL('./keychain-stall-child.ts', import.meta.url));

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(path.join(tmpdir(), 'keychain-stall-'));
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_KEYRING)('a keychain that stops answering for a while', () => {
  it('shows it in the banner, then clears the banner by itself once it answers again', async () => {
    const user = sim.addAccount({ version: 'v4' });
    // A keyring of its own: this one is frozen for a while, the suite's shared one must not be.
    const result = await runInOwnKeyring(CHILD, { DATA_DIR: dir, SIM_V4: sim.v4, TOKEN: user.token });

    expect(result.added.ok).toBe(true);
    expect(result.during.value.keychain).toEqual({ available: false, message: KEYCHAIN_TIMEOUT_MESSAGE });
    expect(result.settledWhileFrozen).toBe(false);
    expect(result.verify).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect(result.after.value.keychain).toEqual({ available: true, message: null });
    expect(result.accounts.value[0]).toMatchObject({ state: 'ok' });
  });
});
