// Issue 16: a token Datafiniti refuses while the app polls puts the account in "needs sign-in"
// with the app's own words, never the API's raw text. The real core against the simulator.
import { expect, it } from 'vitest';
import type { Account } from '../../../preload/contract/index.js';
import { TOKEN_REJECTED_REASON } from '../../../main/core/accounts/messages.js';
import { useBackendWorld } from './support.js';

const world = useBackendWorld({ tempPrefix: 'rejected-' });

it('shows TOKEN_REJECTED_REASON when the token stops working while polling', async () => {
  const { sim, clock, call } = world;

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
