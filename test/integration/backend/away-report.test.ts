// Issue 16: what finished while the app was closed comes back, after a restart on the same data,
// as one "While you were away" summary and as a report in the app's status that the window
// shows as a panel until the user closes it. The real core against the simulator over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackend } from '../../../main/core/backend/index.js';
import type { Backend } from '../../../main/core/backend/types.js';
import type { AppStatus, CallResult } from '../../../preload/contract/index.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { createMemoryVault, createNodePorts, type NodePorts } from '../../harness/node-ports.js';
import { VirtualClock } from '../../support/virtual-clock.js';

let sim: Simulator;
let clock: VirtualClock;
let dir: string;
const vault = createMemoryVault();

function open(): { backend: Backend; node: NodePorts } {
  const node = createNodePorts({
    dataDir: path.join(dir, 'data'),
    downloadsDir: path.join(dir, 'Downloads'),
    clock,
    vault,
    defaultBaseUrls: { v3: sim.v3, v4: sim.v4 },
  });
  return { backend: createBackend({ ...node.ports, random: () => 0.5 }), node };
}

async function call<T>(backend: Backend, method: string, ...args: unknown[]): Promise<T> {
  const result = (await backend.call(method, args)) as CallResult<T>;
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

async function passTime(ms: number, step = 1000): Promise<void> {
  for (let done = 0; done < ms; done += step) await clock.advance(Math.min(step, ms - done));
}

beforeEach(async () => {
  clock = new VirtualClock();
  sim = await startSimulator({ now: clock.now });
  dir = mkdtempSync(path.join(tmpdir(), 'away-'));
});

afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reports downloads that finished while the app was closed, once, until dismissed', async () => {
  const simAccount = sim.addAccount({ version: 'v4' });
  const slow = sim.addDownload(simAccount.token, {
    numRecords: 300,
    durationMs: 120_000,
    query: 'city:Austin',
  });
  const first = open();
  await first.backend.start();
  await call(first.backend, 'accounts.add', { label: 'Work', version: 'v4', token: simAccount.token });
  await passTime(5000);
  expect((await call<AppStatus>(first.backend, 'app.status')).away).toBeNull();
  await first.backend.dispose();

  await clock.advance(10 * 60_000); // closed while the download finishes

  const second = open();
  await second.backend.start();
  await passTime(15_000);
  const status = await call<AppStatus>(second.backend, 'app.status');
  expect(status.away?.items).toEqual([
    { downloadKey: expect.stringContaining(`:v4:${slow.id}`), kind: 'completed' },
  ]);

  await call(second.backend, 'app.dismissAway', status.away!.id);
  expect((await call<AppStatus>(second.backend, 'app.status')).away).toBeNull();
  await second.backend.dispose();
});
