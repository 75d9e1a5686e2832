// With no keychain reachable the app must say what to install or start, and must not fall
// back to writing the token to a file. Runs keytar in a child process whose D-Bus session bus
// points nowhere, as on a Linux desktop without a Secret Service. Needs no keyring itself.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { filesContaining, removeDirs, tempDir } from './support.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./no-keychain-child.ts', import.meta.url));

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
  await removeDirs(dirs);
});

describe.skipIf(process.platform !== 'linux')('without a keychain', () => {
  it('refuses to add the account, says what to install, and writes the token nowhere', async () => {
    const token = `canary-nokeychain-${Date.now()}`;
    sim.addAccount({ token });
    const storeDir = await tempDir('nokeychain-store');
    const home = await tempDir('nokeychain-home');
    dirs.push(storeDir, home);

    // A clean environment: D-Bus unreachable, no keyring hints, and HOME/XDG dirs in a temp
    // folder so any file a library might write lands where the scan below looks.
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (/^(DBUS_|DATAFINITI_|GNOME_KEYRING|XDG_|SSH_AUTH_SOCK$)/.test(k)) continue;
      env[k] = v;
    }
    Object.assign(env, {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      HOME: home,
      XDG_CONFIG_HOME: `${home}/.config`,
      XDG_DATA_HOME: `${home}/.local/share`,
      XDG_CACHE_HOME: `${home}/.cache`,
      STORE_DIR: storeDir,
      SIM_V4: sim.v4,
      TOKEN: token,
    });
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CHILD], {
      env,
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

    expect(result.probe.available).toBe(false);
    expect(result.outcome.ok).toBe(false);
    expect(result.outcome.error.code).toBe('keychain');
    expect(result.outcome.error.message).toBe(
      'No keychain is available. On Linux install and start a Secret Service such as GNOME Keyring ' +
        '(gnome-keyring) or KWallet, then try again.',
    );
    expect(result.probe.message).toBe(result.outcome.error.message);
    expect(result.accounts).toEqual([]);
    expect(stdout).not.toContain(token);

    expect(stderr).not.toContain(token);
    const { hits } = await filesContaining([storeDir, home], token);
    expect(hits).toEqual([]);
  });
});
