// Issue 16: a token Datafiniti refuses while the app polls puts the account in "needs sign-in"
// with the app's own words, never the API's raw text. The real core against the simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createBackend } from '../../../main/core/backend/index.js';
import type { Account, CallResult } from '../../../preload/contract/index.js';
import { TOKEN_REJECTED_REASON } from '../../../main/core/accounts/messages.js';
import { startSimulator } from '../../sim/index.js';
import { createNodePorts } from '../../harness/node-ports.js';
import { VirtualClock } from '../../support/virtual-clock.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

it('shows TOKEN_REJECTED_REASON when the token stops working while polling', async () => {
  const clock = new VirtualClock();
  const sim = await startSimulator({ now: clock.now });
  const dir = mkdtempSync(path.join(tmpdir(), 'rejected-'));
  cleanup.push(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const node = createNodePorts({
    dataDir: path.join(dir, 'data'),
    downloadsDir: path.join(dir, 'Downloads'),
    clock,
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
  });
  const backend = createBackend({ ...node.ports, random: () => 0.5 });
  cleanup.push(() => backend.dispose());
  await backend.start();
  const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const result = (await backend.call(method, args)) as CallResult<T>;
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  const simAccount = sim.addAccount({ version: 'v4' });
  sim.addDownload(simAccount.token, { numRecords: 300, durationMs: 600_000 });
  await call('accounts.add', {
    label: 'Signed in',
    version: 'v4',
    email: simAccount.email,
    password: simAccount.password,
  });
  sim.expireSessionTokens();
  for (let i = 0; i < 60; i++) await clock.advance(1000);

  const [account] = await call<Account[]>('accounts.list');
  expect(account).toMatchObject({ state: 'needs-sign-in', stateReason: TOKEN_REJECTED_REASON });
});
