// A file transfer while this computer's clock is set back (NTP, the user): the check for a
// silent connection must still fire after its time-out, not after the size of the jump.
import path from 'node:path';
import { expect, it } from 'vitest';
import { createInlineDigests } from '../../../main/core/files/digest-worker.js';
import { transferFile } from '../../../main/core/files/file-download.js';
import { electronNetFetch } from '../../support/electron-net-fetch.js';
import { VirtualClock } from '../../support/virtual-clock.js';
import { addCompletedDownload, useSimWorld } from './support.js';

const world = useSimWorld(41);

it('gives up on a file host that sends nothing, even when the clock was set back meanwhile', async () => {
  const d = addCompletedDownload(world.sim, world.account, { numRecords: 100 });
  const file = d.files()[0]!;
  // The host holds the answer back for 3 real seconds; the time-out is 1 s of virtual time.
  world.sim.inject({ kind: 'slow', path: /^\/files\//, delayMs: 3000 });
  const clock = new VirtualClock();
  const transfer = transferFile({
    url: file.url,
    partPath: path.join(world.dir, `${file.name}.part`),
    folder: world.dir,
    format: 'csv',
    knownEtag: null,
    fetch: electronNetFetch,
    clock,
    digests: createInlineDigests(),
    signal: new AbortController().signal,
    stallTimeoutMs: 1000,
    onStart() {},
    onBytes() {},
  });
  const outcome = transfer.then(
    () => 'saved',
    (err: { code?: string }) => err.code,
  );
  clock.setWallClock(clock.now() - 24 * 3600_000);
  await clock.advance(2500, async () => {});
  expect(await Promise.race([outcome, new Promise((r) => setTimeout(() => r('still waiting'), 1000))])).toBe(
    'timeout',
  );
  await outcome;
});
