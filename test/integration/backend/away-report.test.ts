// Issue 16: what finished while the app was closed comes back, after a restart on the same data,
// as one "While you were away" summary and as a report in the app's status that the window
// shows as a panel until the user closes it. The real core against the simulator over HTTP.
import { expect, it } from 'vitest';
import type { AppStatus } from '../../../preload/contract/index.js';
import { useBackendWorld } from './support.js';

const world = useBackendWorld({ tempPrefix: 'away-' });
const { call } = world;

async function passTime(ms: number, step = 1000): Promise<void> {
  for (let done = 0; done < ms; done += step) await world.clock.advance(Math.min(step, ms - done));
}

it('reports downloads that finished while the app was closed, once, until dismissed', async () => {
  const { sim, clock } = world;
  const simAccount = sim.addAccount({ version: 'v4' });
  const slow = sim.addDownload(simAccount.token, {
    numRecords: 300,
    durationMs: 120_000,
    query: 'city:Austin',
  });
  await call('accounts.add', { label: 'Work', version: 'v4', token: simAccount.token });
  await passTime(5000);
  expect((await call<AppStatus>('app.status')).away).toBeNull();

  // Closed while the download finishes, then launched again on the same data.
  await world.restart(() => clock.advance(10 * 60_000));

  await passTime(15_000);
  const status = await call<AppStatus>('app.status');
  expect(status.away?.items).toEqual([
    { downloadKey: expect.stringContaining(`:v4:${slow.id}`), kind: 'completed' },
  ]);

  await call('app.dismissAway', status.away!.id);
  expect((await call<AppStatus>('app.status')).away).toBeNull();
});
