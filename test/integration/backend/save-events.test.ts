// Save progress events of a save of many files, through the real core against the simulator:
// the window is sent each file's entry when it changes, not every entry with every event
// (issue 18 item 8: O(n²) before), and it still rebuilds exactly the job the core holds.
import { expect, it } from 'vitest';
import { mergeSaveUpdate } from '../../../preload/contract/save-progress.js';
import type { Account, DownloadsSnapshot, SaveJob, SaveJobUpdate } from '../../../preload/contract/index.js';
import { useBackendWorld } from './support.js';

const FILES = 240;

const world = useBackendWorld({ tempPrefix: 'save-events-', seed: 18 });
const { call } = world;

it(`a save of ${FILES} files sends each file's entry a few times, and the window's merge is the job`, async () => {
  const { sim, clock } = world;
  const simAccount = sim.addAccount({ version: 'v4' });
  sim.addDownload(simAccount.token, {
    numRecords: FILES * 5,
    recordsPerFile: 5,
    queuedMs: 0,
    durationMs: 1000,
    startedAt: clock.now() - 10 * 60_000,
  });
  await call<Account>('accounts.add', { label: 'Many files', version: 'v4', token: simAccount.token });
  let key: string | undefined;
  for (const started = Date.now(); !key;) {
    await clock.advance(1000);
    key = (await call<DownloadsSnapshot>('downloads.snapshot')).downloads.find(
      (d) => d.status === 'completed',
    )?.key;
    if (Date.now() - started > 20_000) throw new Error('the download did not show up');
  }
  const job = await call<SaveJob>('files.save', key);
  let done: SaveJob | undefined;
  for (const started = Date.now(); !done;) {
    done = (await call<SaveJob[]>('files.jobs')).find(
      (j) => j.jobId === job.jobId && j.state === 'completed',
    );
    if (Date.now() - started > 120_000) throw new Error('the save did not finish');
    await clock.advance(200);
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(done.files).toHaveLength(FILES);

  const mine = world.eventsOf<SaveJobUpdate>('saves').filter((e) => e.jobId === job.jobId);
  // Many events (progress as the files go), each with a few entries: linear in the files.
  // With every entry in every event, this was events × FILES (tens of thousands here).
  const entries = mine.reduce((n, e) => n + e.changedFiles.length, 0);
  expect(mine.length).toBeGreaterThan(FILES / 10);
  expect(entries).toBeLessThanOrEqual(6 * FILES);
  // What the window holds after merging every event is the job `files.jobs()` returns.
  let held: SaveJob | undefined;
  for (const e of mine) held = mergeSaveUpdate(held, e) ?? undefined;
  expect(held?.files).toEqual(done.files);
  expect(held?.state).toBe('completed');
});
